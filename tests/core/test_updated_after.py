"""`updated_after=` and `ordering=updated_at` on every list: a time with its zone, strictly after,
a 400 naming the parameter otherwise, and the same number of queries at page size 1 and 1000."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.urls import API_ROUTERS
from indicators.models import Unit
from investments.models import IndustrialZone

pytestmark = pytest.mark.django_db

ZONES = "/api/v1/investments/zones/"
UNITS = "/api/v1/indicators/units/"
LISTS = [
    (f"/api/v1/{namespace.removesuffix('-api')}/{prefix}/", viewset)
    for namespace, router in API_ROUTERS
    for prefix, viewset, _basename in router.registry
]
MOMENT = datetime(2030, 1, 15, 12, 0, tzinfo=UTC)


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.fixture
def changed_zones():
    """Every zone last changed long ago, but two: one at MOMENT and one a second later."""
    IndustrialZone.objects.update(updated_at=MOMENT - timedelta(days=365))
    first, second = IndustrialZone.objects.order_by("slug")[:2]
    IndustrialZone.objects.filter(pk=first.pk).update(updated_at=MOMENT)
    IndustrialZone.objects.filter(pk=second.pk).update(updated_at=MOMENT + timedelta(seconds=1))
    return first.slug, second.slug


@pytest.mark.parametrize(
    "value",
    [
        "2030-01-15T12:00:00Z",
        "2030-01-15T17:00:00+05:00",
        "2030-01-15T17:00:00 05:00",  # a + left unencoded in a URL arrives as a space
        "2030-01-15T12:00:00.000000+00:00",
        "2030-01-15T12:00Z",
    ],
)
def test_updated_after_is_strictly_after_a_time_with_its_zone(api, changed_zones, value):
    first, second = changed_zones
    assert slugs(api(ZONES, {"updated_after": value})) == [second]
    assert slugs(api(ZONES, {"updated_after": "2030-01-15T11:59:59Z", "ordering": "updated_at"})) == [first, second]


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("2030-01-15T12:00:00", "time zone"),  # which instant? Almaty's or London's
        ("2030-01-15", "time zone"),
        ("yesterday", "ISO 8601"),
        ("2030-13-15T12:00:00Z", "ISO 8601"),
        ("٢٠٣٠-01-15T12:00:00Z", "0-9"),
        ("2030-01-15T12:00:00Z\x00", "NUL"),  # refused before any view (regionapi.core.errors)
    ],
)
def test_updated_after_without_a_zone_or_not_a_time_is_a_400_naming_it(api, value, says):
    response = api(ZONES, {"updated_after": value}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["detail"] == "Invalid input: updated_after."
    assert list(body["errors"]) == ["updated_after"] and says in body["errors"]["updated_after"][0]


def test_ordering_by_updated_at_both_ways_with_the_key_as_tie_breaker(api, changed_zones):
    first, second = changed_zones
    assert slugs(api(ZONES, {"ordering": "-updated_at", "page_size": 2})) == [second, first]
    ascending = slugs(api(ZONES, {"ordering": "updated_at", "page_size": 1000}))
    assert ascending[-2:] == [first, second]
    tied = list(IndustrialZone.objects.exclude(slug__in=changed_zones).order_by("pk").values_list("slug", flat=True))
    assert ascending[:-2] == tied  # equal times: by primary key, so pages never overlap


def test_lists_without_searchable_names_have_them_too(api):
    Unit.objects.update(updated_at=MOMENT - timedelta(days=1))
    Unit.objects.filter(code="kzt").update(updated_at=MOMENT)
    body = api(UNITS, {"updated_after": "2030-01-15T00:00:00Z", "ordering": "-updated_at"}).json()
    assert [row["code"] for row in body["results"]] == ["kzt"]


@pytest.mark.parametrize(("path", "viewset"), LISTS, ids=[path for path, _ in LISTS])
def test_every_list_has_both_documented(schema, path, viewset):
    parameters = {parameter["name"]: parameter for parameter in schema["paths"][path]["get"]["parameters"]}
    after = parameters["updated_after"]
    assert after["schema"] == {"type": "string", "format": "date-time"}
    assert "time zone" in after["description"] and "/api/v1/changes/" in after["description"]
    assert {"updated_at", "-updated_at"} <= set(parameters["ordering"]["schema"]["items"]["enum"])


@pytest.mark.parametrize(("path", "viewset"), LISTS, ids=[path for path, _ in LISTS])
def test_an_updated_after_list_costs_the_same_at_page_size_1_and_1000(api, more_rows, path, viewset):
    counts = []
    for page_size in (1, 1000):
        with CaptureQueriesContext(connection) as queries:
            response = api(
                path, {"updated_after": "2000-01-01T00:00:00Z", "ordering": "-updated_at", "page_size": page_size}
            )
        assert response.status_code == 200
        counts.append(len(queries))
    assert len(response.json()["results"]) > 1
    assert counts[0] == counts[1], f"{path}: {counts[0]} queries at page size 1, {counts[1]} at 1000"
