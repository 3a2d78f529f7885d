"""The SQL behind lists: no DISTINCT over whole rows. A to-many filter keeps each record once through
`pk IN (subquery)`; a list without one runs plain SELECT and COUNT."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from investments.models import ProjectParticipant

pytestmark = pytest.mark.django_db


def list_sql(client, path, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    return response.json(), [query["sql"].upper() for query in queries.captured_queries]


def test_list_without_to_many_filter_runs_no_distinct(client):
    _body, sql = list_sql(client, "/api/v1/investments/projects/", {"status": "operating", "ordering": "name"})
    assert sql and not any("DISTINCT" in statement for statement in sql)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/investments/projects/", {"enterprise": "__participant__"}),
        ("/api/v1/investments/deposits/", {"mineral": "gold"}),
        ("/api/v1/education/institutions/", {"specialty_opened_year__gte": "2000"}),
    ],
)
def test_to_many_filter_keeps_each_record_once_without_distinct(client, path, params):
    if params.get("enterprise") == "__participant__":
        participant = ProjectParticipant.objects.values_list("enterprise__slug", flat=True).first()
        params = {"enterprise": participant}
    body, sql = list_sql(client, path, {**params, "page_size": 1000})
    keys = [row.get("slug") for row in body["results"]]
    assert len(keys) == len(set(keys)) == body["count"]
    assert not any("DISTINCT" in statement for statement in sql)
    assert any(" IN (SELECT" in statement for statement in sql)


@pytest.mark.parametrize(
    ("path", "group_by", "distinct_pairs"),
    [
        ("/api/v1/investments/projects/summary/", "status", False),
        ("/api/v1/investments/projects/summary/", "investor_country", True),
        ("/api/v1/investments/deposits/summary/", "mineral", True),
        ("/api/v1/education/institutions/summary/", "dual_training", False),
    ],
)
def test_summary_is_one_group_by_in_the_database(client, path, group_by, distinct_pairs):
    body, sql = list_sql(client, path, {"group_by": group_by})
    grouped = [statement for statement in sql if "GROUP BY" in statement]
    assert len(grouped) == 1 and body["rows"]
    # A to-many dimension groups distinct (group, record) pairs; a to-one dimension needs no DISTINCT at all.
    assert ("SELECT DISTINCT" in grouped[0]) is distinct_pairs
    assert sum(row["records"] for row in body["rows"]) >= 1


def test_value_filters_run_no_distinct(client):
    from indicators.models import Enterprise, Region

    country = Enterprise.objects.exclude(country="").values_list("country", flat=True).first()
    for path, params in (
        ("/api/v1/indicators/enterprises/", {"country": country}),
        ("/api/v1/indicators/regions/", {"code": "KZ-35"}),
    ):
        body, sql = list_sql(client, path, params)
        assert body["count"] >= 1
        # The filter's choices are read with DISTINCT over one column; the rows themselves never are.
        assert not any("DISTINCT" in statement for statement in sql if "COUNT(" in statement or "LIMIT" in statement)
    assert Region.objects.filter(code="KZ-35").exists()


def test_summary_groups_every_value_of_the_records_that_match(client):
    """Filtering by a to-many relation selects records; grouping then counts each selected record under each of its
    values, not only under the value filtered on (the filter says which records, the dimension how to group them)."""
    from investments.models import GeologicalDeposit

    deposit = GeologicalDeposit.objects.filter(minerals__isnull=False).first()
    minerals = sorted(deposit.minerals.values_list("slug", flat=True))
    first = minerals[0]
    body, _sql = list_sql(client, "/api/v1/investments/deposits/summary/", {"group_by": "mineral", "mineral": first})
    matching = GeologicalDeposit.objects.filter(
        pk__in=GeologicalDeposit.objects.filter(minerals__slug=first).values("pk")
    )
    expected = sorted(set(matching.values_list("minerals__slug", flat=True)))
    assert len(expected) > 1 or deposit.minerals.count() == 1
    assert sorted(row["key"] for row in body["rows"]) == expected
