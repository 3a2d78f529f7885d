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
