"""The change feed: creates, changes (with the fields) and deletes (with the last key) of every
resource in commit order, behind a cursor that never skips or repeats a change; bulk imports and the seed; user
names for staff only; a cost that does not grow with the page size. Concurrent writers on a real server:
tests/core/test_change_feed_live.py."""

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config.urls import API_ROUTERS
from indicators.models import Enterprise, Observation, Region
from indicators.services.inserts import Inserts
from investments.models import GeologicalDeposit, IndustrialZone, InvestmentProject, ProjectMilestone
from regionapi.core.dataversion import database_version
from regionapi.core.feed import START, Position, after_version, feed_tables, position_of

pytestmark = pytest.mark.django_db

CHANGES = "/api/v1/changes/"
ZONES = "/api/v1/investments/zones/"
ARTICLE = "baq-kz-2025-09-05-karaganda-industry"
NEW_ZONE = {
    "slug": "feed-zone",
    "name": "Feed zone",
    "kind": "industrial-park",
    "status": "proposed",
    "region": "KZ-35",
    "source": ARTICLE,
}


@pytest.fixture
def staff(django_user_model):
    user = django_user_model.objects.create_superuser("feed-editor", "feed@example.kz", "a-long-test-password")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def now() -> str:
    """The cursor after every change made so far."""
    return after_version(database_version().number).cursor


def page(client, **params) -> dict:
    response = client.get(CHANGES, params, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def since_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["since"][0]


def drain(client, since: str | None = None, **params) -> tuple[list[dict], str]:
    """Every change after `since`, page by page, and the cursor to go on from."""
    found = []
    while True:
        body = page(client, **params, **({"since": since} if since else {}))
        assert body["next"]
        found += body["results"]
        if since_of(body["next"]) == since:  # nothing after it: the same position, to poll
            assert not body["results"]
            return found, since
        since = since_of(body["next"])


def brief(changes: list[dict]) -> list[tuple]:
    return [(change["resource"], change["key"], change["type"], change["changed_fields"]) for change in changes]


def test_every_history_table_is_in_the_feed_under_a_resource():
    from django.apps import apps

    tables = feed_tables(tuple(API_ROUTERS))
    histories = {model for model in apps.get_models() if hasattr(model._meta, "simple_history_manager_attribute")}
    assert {table.history.instance_type for table in tables} == histories
    resources = {prefix for _namespace, router in API_ROUTERS for prefix, _viewset, _basename in router.registry}
    assert {table.resource for table in tables} == resources
    parts = {table.history.instance_type.__name__: (table.resource, table.part) for table in tables if table.part}
    assert parts == {
        "ProjectParticipant": ("projects", "participants"),
        "ProjectMilestone": ("projects", "milestones"),
        "ResourceEstimate": ("deposits", "estimates"),
        "Specialty": ("institutions", "specialties"),
        "ObservationFlag": ("observations", "flags"),
        "ObservationValue": ("observations", "other_values"),
    }


def test_creates_changes_and_deletes_through_the_api_in_order(client, staff):
    since = now()
    assert staff.post(ZONES, NEW_ZONE, format="json").status_code == 201
    changed = {"participants": 12, "name": "Feed zone, renamed", "translations": {"name": {"en": "Feed zone EN"}}}
    assert staff.patch(ZONES + "feed-zone/", changed, format="json").status_code == 200
    assert staff.patch(ZONES + "feed-zone/", {"slug": "feed-zone-2"}, format="json").status_code == 200
    assert staff.delete(ZONES + "feed-zone-2/").status_code == 204

    changes, _ = drain(client, since)
    assert brief(changes) == [
        ("zones", "feed-zone", "+", None),
        ("zones", "feed-zone", "~", ["name_kk", "name_en", "participants"]),
        ("zones", "feed-zone-2", "~", ["slug"]),
        ("zones", "feed-zone-2", "-", None),
    ]
    created, renamed, rekeyed, deleted = changes
    assert created["url"] == "http://testserver/api/v1/investments/zones/feed-zone/"
    assert rekeyed["url"] == "http://testserver/api/v1/investments/zones/feed-zone-2/"
    assert rekeyed["previous_key"] == "feed-zone" and renamed["previous_key"] is None
    assert deleted["url"] is None  # gone: its last key says which record it was
    assert {change["channel"] for change in changes} == {"api"}
    versions = [change["data_version"] for change in changes]
    assert versions == sorted(versions) and len(set(versions)) == 4
    assert all(change["user"] is None for change in changes)  # anonymous: nobody's name


def test_staff_see_who_made_each_change(staff):
    since = now()
    assert staff.patch(ZONES + "sez-saryarka/", {"participants": 99}, format="json").status_code == 200
    changes, _ = drain(staff, since)
    assert [(change["key"], change["user"]) for change in changes] == [("sez-saryarka", "feed-editor")]


def test_links_and_a_records_parts_are_changes_of_the_record(client, staff):
    since = now()
    project = InvestmentProject.objects.get(slug="qarmet-modernisation")
    ProjectMilestone.objects.create(
        project=project, key="feed-step", name="Step", status="expected", source=project.source
    )
    assert (
        staff.patch(
            "/api/v1/investments/deposits/" + GeologicalDeposit.objects.first().slug + "/",
            {"explorers": ["ig-global"]},
            format="json",
        ).status_code
        == 200
    )
    enterprise = Enterprise.objects.get(slug="qarmet")
    enterprise.roles.clear()

    changes = brief(drain(client, since)[0])
    assert changes[0] == ("projects", "qarmet-modernisation", "~", ["milestones"])
    assert ("deposits", GeologicalDeposit.objects.first().slug, "~", ["explorers"]) in changes
    assert changes[-1] == ("enterprises", "qarmet", "~", ["roles"])


def test_a_deleted_record_and_its_parts(client, staff):
    project = InvestmentProject.objects.get(slug="tau-ken-temir-silicon-plant")
    project_parts = project.milestones.count() + project.participants.count()
    assert project.milestones.exists()
    since = now()
    assert staff.delete("/api/v1/investments/projects/tau-ken-temir-silicon-plant/").status_code == 204
    changes = brief(drain(client, since)[0])
    assert changes[-1] == ("projects", "tau-ken-temir-silicon-plant", "-", None)
    parts = changes[:-1]  # each milestone went with it: the record's key, though the record is gone
    assert len(parts) == project_parts and all(
        part[:3] == ("projects", "tau-ken-temir-silicon-plant", "~") and part[3] in (["milestones"], ["participants"])
        for part in parts
    )


def test_the_seed_and_bulk_imports_are_in_the_feed(client):
    first = page(client, page_size=1000)["results"]
    assert first and {change["channel"] for change in first} == {"seed"}
    assert ("regions", "KZ-35", "+") in {(change["resource"], change["key"], change["type"]) for change in first}

    since = now()
    indicator = Observation.objects.first().indicator
    region = Region.objects.get(code="KZ-62")
    inserts = Inserts("import")
    with transaction.atomic():
        for year in (2001, 2002, 2003):
            inserts.add(
                Observation(
                    indicator=indicator,
                    region=region,
                    period_start=datetime(year, 1, 1, tzinfo=UTC).date(),
                    period_end=datetime(year, 12, 31, tzinfo=UTC).date(),
                    value=year,
                    source=indicator.source,
                )
            )
        inserts.flush()
    changes = drain(client, since)[0]
    assert [(change["resource"], change["type"], change["channel"]) for change in changes] == [
        ("observations", "+", "import")
    ] * 3
    assert len({change["data_version"] for change in changes}) == 1  # one batch, one version
    assert len({change["key"] for change in changes}) == 3


def test_a_historical_row_written_in_bulk_without_its_version_is_refused():
    history = IndustrialZone.history.model
    zone = IndustrialZone.objects.first()
    row = history(**{field.attname: getattr(zone, field.attname) for field in history.tracked_fields})
    row.history_date, row.history_type = datetime.now(UTC), "~"
    with pytest.raises(IntegrityError), transaction.atomic():
        history.objects.bulk_create([row])  # would sit before every cursor, unseen: refused instead


def test_order_is_commit_order_not_the_clock(client):
    """A change stamped with an earlier time (a process with a slow clock) still comes after what committed
    before it: the order is the data version it was written under."""
    since = now()
    zone = IndustrialZone.objects.get(slug="sez-saryarka")
    zone.participants = 77
    zone.save()
    late = IndustrialZone.objects.get(slug="saran-industrial-park")
    late._history_date = datetime(2001, 1, 1, tzinfo=UTC)
    late.participants = 78
    late.save()
    changes = drain(client, since)[0]
    assert [change["key"] for change in changes] == ["sez-saryarka", "saran-industrial-park"]
    assert changes[1]["date"] < changes[0]["date"]


def test_pages_follow_on_without_gaps_or_repeats_while_writes_land_between_them(client, staff):
    since = now()
    for value in range(5):
        assert staff.patch(ZONES + "sez-saryarka/", {"participants": 200 + value}, format="json").status_code == 200
    seen = []
    body = page(client, since=since, page_size=2)
    seen += body["results"]
    # New changes land between two pages, in two tables.
    assert staff.post(ZONES, NEW_ZONE, format="json").status_code == 201
    assert (
        staff.patch("/api/v1/indicators/regions/KZ-35/", {"established_year": 1932}, format="json").status_code == 200
    )
    rest, _ = drain(client, since_of(body["next"]), page_size=2)
    seen += rest
    everything, _ = drain(client, since, page_size=1000)
    assert brief(seen) == brief(everything)
    assert [change["key"] for change in everything[-2:]] == ["feed-zone", "KZ-35"]
    assert len(everything) == 7


def test_next_is_always_given_and_polls_the_same_position(client, staff):
    since = now()
    body = page(client, since=since)
    assert body["results"] == [] and since_of(body["next"]) == since
    assert staff.patch(ZONES + "sez-saryarka/", {"participants": 31}, format="json").status_code == 200
    body = page(client, since=since)
    assert len(body["results"]) == 1 and since_of(body["next"]) != since
    position = position_of(since_of(body["next"]))
    assert isinstance(position, Position) and position.version > position_of(since).version


def test_a_poll_is_a_304_until_something_changes(client, staff):
    url = f"{CHANGES}?since={now()}"
    first = client.get(url, HTTP_ACCEPT="application/json")
    assert first.status_code == 200 and first["ETag"]
    assert client.get(url, HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert staff.patch(ZONES + "sez-saryarka/", {"participants": 32}, format="json").status_code == 200
    again = client.get(url, HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and len(again.json()["results"]) == 1


def test_resource_keeps_only_those_changes(client, staff):
    since = now()
    assert staff.patch(ZONES + "sez-saryarka/", {"participants": 33}, format="json").status_code == 200
    assert (
        staff.patch("/api/v1/indicators/regions/KZ-35/", {"established_year": 1933}, format="json").status_code == 200
    )
    assert [change["resource"] for change in drain(client, since, resource="regions")[0]] == ["regions"]
    both = drain(client, since, resource=["zones", "regions"])[0]
    assert [change["resource"] for change in both] == ["zones", "regions"]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"since": "not-a-cursor!"}, "since"),
        ({"since": "MTIz"}, "since"),  # base64 of "123": not a position
        ({"since": "٣"}, "since"),
        ({"since": "abc\x00"}, "since"),
        ({"resource": "nope"}, "resource"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "1001"}, "page_size"),
        ({"page_size": "²"}, "page_size"),
        ({"cursor": "x"}, "cursor"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, params, name):
    response = client.get(CHANGES, params, HTTP_ACCEPT="application/json")
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [name]


def test_a_cursor_is_opaque_but_round_trips():
    for position in (START, Position(0, 123, 4), after_version(99), Position(10**15, 2**31 - 1, 10**12)):
        assert position_of(position.cursor) == position


@pytest.mark.parametrize("resource", [["zones"], ["deposits"], []], ids=["zones", "deposits (many-to-many)", "all"])
def test_a_page_costs_the_same_at_page_size_2_and_1000(client, staff, resource):
    """Page size 2 already holds a change (~) of each table the page of 1000 holds; the count may grow with the
    tables whose changes are on a page (one query each, one more per many-to-many field), never with the changes."""
    since = now()
    deposit = "/api/v1/investments/deposits/" + GeologicalDeposit.objects.first().slug + "/"
    for value in range(3):
        assert staff.patch(ZONES + "sez-saryarka/", {"participants": 300 + value}, format="json").status_code == 200
        explorers = ["ig-global"] if value % 2 else ["yildirim-holding"]
        assert staff.patch(deposit, {"explorers": explorers}, format="json").status_code == 200
    counts = []
    for page_size in (2, 1000):
        with CaptureQueriesContext(connection) as queries:
            body = page(staff, since=since, resource=resource, page_size=page_size)
        counts.append(len(queries))
        assert {change["type"] for change in body["results"]} == {"~"}
    assert len(body["results"]) >= 3
    assert counts[0] == counts[1], counts
