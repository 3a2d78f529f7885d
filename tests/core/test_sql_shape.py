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


# Tables a project list joins only to show related records (select_related): a count or the page's keys need none.
SHOWN_ONLY = (
    "INDICATORS_SOURCE",
    "INDICATORS_REGION",
    "INDICATORS_LOCALITY",
    "INVESTMENTS_INDUSTRIALZONE",
    "INDICATORS_UNIT",
)


@pytest.mark.parametrize(
    "params",
    [
        {"ordering": "name"},  # a collated, translated sort: nothing for a count
        {"status": "operating", "ordering": "-planned_investment_kzt"},
        {"enterprise": "__participant__", "ordering": "name"},  # to-many: pk IN (subquery)
        {"participant_role": "operator", "ordering": "target_year"},
    ],
)
def test_count_and_page_keys_skip_what_only_the_rows_show(client, params):
    """The count is COUNT(*) over the filter alone: no ORDER BY, no DISTINCT, no join that only fetches what the rows
    show. The page's keys are read the same way, ordered and limited; the rows themselves come by primary key."""
    if params.get("enterprise") == "__participant__":
        params = {**params, "enterprise": ProjectParticipant.objects.values_list("enterprise__slug", flat=True).first()}
    body, sql = list_sql(client, "/api/v1/investments/projects/", {**params, "page_size": 2})
    [count] = [statement for statement in sql if statement.startswith("SELECT COUNT(")]
    assert "ORDER BY" not in count and "DISTINCT" not in count and "COLLATE" not in count
    assert not any(table in count for table in SHOWN_ONLY), count
    assert body["count"] >= 1, "the seed has rows for each of these filters"
    key_only = 'SELECT "INVESTMENTS_INVESTMENTPROJECT"."ID" AS "PK" FROM'
    [keys] = [statement for statement in sql if statement.startswith(key_only) and " LIMIT " in statement]
    assert "ORDER BY" in keys and not any(table in keys for table in SHOWN_ONLY), keys
    rows = [
        statement
        for statement in sql
        if "INDICATORS_SOURCE" in statement and "INVESTMENTS_INVESTMENTPROJECT" in statement
    ]
    assert rows and all("LIMIT" not in statement and "ORDER BY" not in statement for statement in rows[:1]), rows


def test_observation_count_carries_no_annotation(client):
    """The list annotates each figure (its territory note, a correlated subquery); the count does not compute it."""
    body, sql = list_sql(client, "/api/v1/indicators/observations/", {"region": "KZ-35", "ordering": "-period_start"})
    [count] = [statement for statement in sql if statement.startswith("SELECT COUNT(")]
    assert "ORDER BY" not in count and "JOIN" not in count and count.count("SELECT") == 1, count
    assert body["count"] >= 1


def test_pages_read_by_keys_keep_the_order_and_cover_every_row(client):
    """Walking the pages gives the rows in the requested order, each once, as one unpaginated query would."""
    from investments.models import InvestmentProject

    expected = list(InvestmentProject.objects.order_by("-planned_investment_kzt", "pk").values_list("slug", flat=True))
    seen, page = [], 1
    while True:
        response = client.get(
            "/api/v1/investments/projects/",
            {"ordering": "-planned_investment_kzt", "page_size": 3, "page": page},
            HTTP_ACCEPT="application/json",
        )
        body = response.json()
        seen += [row["slug"] for row in body["results"]]
        if not body["next"]:
            break
        page += 1
    assert seen == expected and body["count"] == len(expected)
