"""HTTP caching of API reads: the data version every write raises, ETag / Last-Modified / 304, Cache-Control and
Vary, and the shared response cache in Redis (regionapi/core/dataversion.py, regionapi/core/caching.py).

Tests marked by the `redis` fixture need the Redis at TEST_REDIS_URL (default redis://127.0.0.1:6379/0) and fail,
saying so, when it is unreachable: CI has one. Each uses a key prefix of its own and deletes only its own keys.
"""

import json
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django.utils.http import http_date
from rest_framework.authtoken.models import Token

from indicators.models import EnterpriseRole, Unit
from investments.models import IndustrialZone
from regionapi.core import caching, dataversion
from regionapi.core.models import DataVersion
from regionapi.core.preconditions import version_of_tag

pytestmark = pytest.mark.django_db
ZONES = "/api/v1/investments/zones/"
ZONE = "/api/v1/investments/zones/sez-saryarka/"
READS = [
    "/api/v1/",
    ZONES,
    ZONE,
    ZONES + "?format=csv",
    ZONE + "?format=csv",
    ZONES + "?format=geojson",
    ZONES + "summary/?group_by=kind",
    ZONES + "summary/?group_by=kind&format=csv",
    "/api/v1/indicators/indicators/industrial-output/series/?region=KZ-35",
    "/api/v1/indicators/regions/KZ-35/profile/",
    "/api/schema/",
]
VARY = {"accept", "accept-language", "authorization", "cookie"}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.fixture
def settled():
    """The data last changed a minute ago, so that Last-Modified is sent (it is not within the second of a change)."""
    DataVersion.objects.filter(pk=dataversion.ROW).update(changed_at=timezone.now() - timedelta(minutes=1))
    return dataversion.database_version()


@pytest.fixture
def staff_token(admin_user):
    return Token.objects.create(user=admin_user).key


def patch_zone(client, token, participants: int):
    return client.patch(
        ZONE,
        json.dumps({"participants": participants}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )


# The data version


def test_a_write_raises_the_version_in_its_transaction_and_a_rollback_takes_it_back():
    before = dataversion.database_version()
    with transaction.atomic():
        Unit.objects.create(code="test-unit", name="Test unit")
        inside = dataversion.database_version()
        transaction.set_rollback(True)
    assert inside.number > before.number
    assert dataversion.database_version() == before
    zone = IndustrialZone.objects.get(slug="sez-saryarka")
    zone.save()
    assert dataversion.database_version().number > before.number


def test_a_refused_write_leaves_the_version(client, staff_token):
    before = dataversion.database_version()
    assert patch_zone(client, staff_token, -5).status_code == 400  # the bump taken first is rolled back with it
    assert dataversion.database_version() == before


def test_deletes_and_many_to_many_changes_raise_the_version(article):
    from indicators.models import Enterprise

    enterprise = Enterprise.objects.create(slug="test-enterprise", name="Test", source=article)
    before = dataversion.database_version().number
    enterprise.roles.add(EnterpriseRole.objects.get(code="brand"))
    after_add = dataversion.database_version().number
    enterprise.delete()
    assert before < after_add < dataversion.database_version().number


def test_sessions_and_sign_ins_leave_the_version_alone(client, superuser):
    before = dataversion.database_version()
    client.force_login(superuser)  # saves a session and the user's last_login
    assert dataversion.database_version() == before


def test_migrate_raises_the_version():
    before = dataversion.database_version().number
    call_command("migrate", verbosity=0)
    assert dataversion.database_version().number == before + 1


def test_the_published_version_never_goes_back(redis):
    shared = dataversion.shared_cache()
    newer = dataversion.Version(10, timezone.now())
    older = dataversion.Version(9, timezone.now())
    shared.publish(newer)
    shared.publish(older)  # a commit published late, after a later one
    assert dataversion.current_version(shared) == newer


def test_the_last_known_version_follows_the_published_one_and_outlives_it(redis):
    shared = dataversion.shared_cache()
    newer, older = dataversion.Version(10, timezone.now()), dataversion.Version(9, timezone.now())
    shared.publish(newer)
    shared.publish(older)
    last_known = shared.key(dataversion.LAST_KNOWN_KEY)
    assert redis.get(last_known).decode() == newer.token and redis.ttl(last_known) == -1  # no expiry
    redis.delete(shared.key(dataversion.PUBLISHED_KEY))  # expired; then the counter restarted (an emptied table)
    shared.publish(older)
    assert redis.get(last_known).decode() == older.token


def test_a_seed_load_that_changes_nothing_leaves_the_version_and_a_real_change_raises_it():
    out = StringIO()
    before = dataversion.database_version()
    call_command("load_seed_data", stdout=out)  # the session loaded the seed already: this is a second run
    assert "0 created, 0 updated" in out.getvalue()
    assert dataversion.database_version() == before  # every client's ETag stays valid

    IndustrialZone.objects.filter(slug="sez-saryarka").update(participants=25)  # an editor's change (no signal)
    call_command("load_seed_data", stdout=StringIO())  # the editor's value is kept: nothing written
    assert dataversion.database_version() == before
    call_command("load_seed_data", "--restore", stdout=StringIO())  # the seed's value is written back
    assert IndustrialZone.objects.get(slug="sez-saryarka").participants == 24
    assert dataversion.database_version().number > before.number


# ETag, Last-Modified, Cache-Control, Vary


@pytest.mark.parametrize("path", READS)
def test_every_read_is_labelled_for_caches(client, settled, path):
    response = client.get(path)
    assert response.status_code == 200
    # Weak, but a record's own answer is strong and names the record's version (tests/core/test_preconditions.py).
    record = "/zones/sez-saryarka/" in path
    assert response["ETag"].startswith('W/"') != record and (version_of_tag(response["ETag"]) is not None) == record
    assert response["Cache-Control"] == "public, max-age=60"
    assert VARY <= vary(response)
    assert response["Last-Modified"] == http_date(int(settled.changed_at.timestamp()) + 1)

    again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert (again.status_code, again.content) == (304, b"")
    assert (again["ETag"], again["Cache-Control"]) == (response["ETag"], response["Cache-Control"])
    assert VARY <= vary(again)


def test_head_is_labelled_like_get(client):
    assert client.head(ZONE)["ETag"] == client.get(ZONE)["ETag"]


def test_the_etag_differs_by_what_the_body_differs_by(client, staff_token):
    etags = {
        "plain": client.get(ZONE)["ETag"],
        "query": client.get(ZONE + "?translations=true")["ETag"],
        "lang": client.get(ZONE + "?lang=ru")["ETag"],
        "accept-language": client.get(ZONE, HTTP_ACCEPT_LANGUAGE="en")["ETag"],
        "accept": client.get(ZONE, HTTP_ACCEPT="text/csv")["ETag"],
        "format": client.get(ZONE + "?format=csv")["ETag"],
        "host": client.get(ZONE, HTTP_HOST="localhost")["ETag"],
        "token": client.get(ZONE, HTTP_AUTHORIZATION=f"Token {staff_token}")["ETag"],
    }
    assert len(set(etags.values())) == len(etags)
    # The language served, not the header's wording, and ?format= over Accept.
    assert client.get(ZONE, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9,de;q=0.8")["ETag"] == etags["accept-language"]
    assert client.get(ZONE + "?format=csv", HTTP_ACCEPT="application/json")["ETag"] == etags["format"]
    assert client.get(ZONE)["ETag"] == etags["plain"]


def test_authenticated_reads_are_private(client, staff_token):
    response = client.get(ZONE, HTTP_AUTHORIZATION=f"Token {staff_token}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    assert VARY <= vary(response)
    history = client.get(ZONE + "history/", HTTP_AUTHORIZATION=f"Token {staff_token}")
    assert (history.status_code, history["Cache-Control"]) == (200, "private, no-cache")


@override_settings(API_CACHE_MAX_AGE=300)
def test_max_age_is_a_setting(client):
    assert client.get(ZONE)["Cache-Control"] == "public, max-age=300"


def test_errors_and_browsable_pages_carry_no_validators(client):
    for response in (
        client.get(ZONES + "no-such-zone/"),
        client.get(ZONES + "?kind=nonsense"),
        client.get("/api/v1/nothing-here/"),
        client.get(ZONE, HTTP_ACCEPT="text/html"),
    ):
        assert "ETag" not in response and "Last-Modified" not in response, response.status_code
        assert not response.get("Cache-Control", "").startswith("public")


def test_last_modified_waits_for_the_second_of_the_change_to_pass():
    version = dataversion.Version(5, datetime(2025, 1, 1, 12, 0, 0, 400_000, tzinfo=dt_timezone.utc))
    second = int(version.changed_at.timestamp())
    assert caching.last_modified(version, now=second + 0.9) is None
    assert caching.last_modified(version, now=second + 1) == second + 1


# 304


@pytest.mark.parametrize("write", ["api", "admin", "import"])
def test_a_write_changes_the_etag_and_a_stale_if_none_match_gets_the_fresh_data(
    client, admin_client, staff_token, tmp_path, write
):
    first = client.get(ZONE)
    etag = first["ETag"]
    assert client.get(ZONE, HTTP_IF_NONE_MATCH=etag).status_code == 304
    if write == "api":
        assert patch_zone(client, staff_token, 4242).status_code == 200
    elif write == "admin":
        role = EnterpriseRole.objects.get(code="brand")
        # The form as the admin shows it (a translation that exists cannot be blanked), with the Kazakh name changed.
        names = {
            f"{field}_{code}": getattr(role, f"{field}_{code}") or ""
            for field in ("name", "description")
            for code in ("kk", "ru", "en")
        }
        answer = admin_client.post(
            f"/admin/indicators/enterpriserole/{role.pk}/change/", {"code": "brand", **names, "name_kk": "бренд"}
        )
        assert answer.status_code == 302
    else:
        path = tmp_path / "zones.csv"
        path.write_text(
            "slug,name_kk,kind,status,region,source\n"
            "imported-zone,Imported zone,industrial-zone,operating,KZ-35,baq-kz-2025-09-05-karaganda-industry\n",
            encoding="utf-8",
        )
        call_command("import_data", str(path), stdout=StringIO())
    fresh = client.get(ZONE, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag
    if write == "api":
        assert fresh.json()["participants"] == 4242


def test_if_none_match_compares_weakly_and_takes_a_list(client):
    etag = client.get(ZONE)["ETag"]
    strong_form = etag.removeprefix("W/")
    assert client.get(ZONE, HTTP_IF_NONE_MATCH=strong_form).status_code == 304
    assert client.get(ZONE, HTTP_IF_NONE_MATCH=f'"other", {etag}').status_code == 304
    assert client.get(ZONE, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert client.get(ZONE, HTTP_IF_NONE_MATCH="*").status_code == 200


def test_if_modified_since(client, staff_token, settled):
    stamp = client.get(ZONE)["Last-Modified"]
    assert client.get(ZONE, HTTP_IF_MODIFIED_SINCE=stamp).status_code == 304
    assert patch_zone(client, staff_token, 4343).status_code == 200
    DataVersion.objects.filter(pk=dataversion.ROW).update(changed_at=timezone.now() - timedelta(seconds=30))
    assert client.get(ZONE, HTTP_IF_MODIFIED_SINCE=stamp).status_code == 200


def test_a_304_costs_one_query_without_a_shared_cache(client, django_assert_num_queries):
    etag = client.get(ZONES)["ETag"]
    with django_assert_num_queries(1):  # the version, from the database: another process may have written
        assert client.get(ZONES, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_304_runs_no_sql_with_redis(client, redis, django_assert_num_queries):
    for path in (ZONES, ZONES + "?format=csv", ZONES + "summary/?group_by=kind"):
        etag = client.get(path)["ETag"]
        with django_assert_num_queries(0):
            response = client.get(path, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304
        assert response["ETag"] == etag


def test_a_redis_that_is_down_costs_a_query_not_an_answer(client, settings, monkeypatch):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    # Throttling counts in the cache and cannot do without it; the caching of answers can.
    monkeypatch.setattr("rest_framework.throttling.SimpleRateThrottle.allow_request", lambda *args: True)
    first = client.get(ZONE)
    assert first.status_code == 200
    assert client.get(ZONE, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


# The shared response cache


def test_a_repeated_anonymous_read_is_served_from_redis_and_a_write_refreshes_it(
    client, staff_token, redis, django_assert_num_queries, django_capture_on_commit_callbacks
):
    # (The token is made before Redis is the cache: a write of the test's own set-up is never committed, so its
    # publication would stay pending.)
    for path in (ZONE, ZONES + "?format=csv", ZONES + "?format=geojson", ZONES + "summary/?group_by=status"):
        first = client.get(path)
        sent = body(first)  # a streamed answer is kept once it has been sent whole
        with django_assert_num_queries(0):
            again = client.get(path)
        assert (again.status_code, body(again), again["Content-Type"]) == (200, sent, first["Content-Type"])
        assert again["ETag"] == first["ETag"]
        assert again.get("Content-Disposition") == first.get("Content-Disposition")

    with django_capture_on_commit_callbacks(execute=True):
        assert patch_zone(client, staff_token, 5151).status_code == 200
    fresh = client.get(ZONE)
    assert fresh.json()["participants"] == 5151
    assert fresh["ETag"] != first["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        assert patch_zone(client, staff_token, 5252).status_code == 200
    assert client.get(ZONE).json()["participants"] == 5252


def test_authenticated_reads_and_errors_are_never_kept(client, staff_token, redis):
    token = f"Token {staff_token}"
    client.get(ZONE, HTTP_AUTHORIZATION=token)
    client.get(ZONES + "no-such-zone/")
    keys = [key for key in redis.scan_iter(match=f"{redis.prefix}:*") if b":regionapi:response:" in key]
    assert keys == []
    response = client.get(ZONE, HTTP_AUTHORIZATION=token)
    assert response["Cache-Control"] == "private, no-cache"


@override_settings(API_RESPONSE_CACHE=False)
def test_the_response_cache_can_be_turned_off(client, redis, django_assert_num_queries):
    client.get(ZONE)
    assert not [key for key in redis.scan_iter(match=f"{redis.prefix}:*") if b":regionapi:response:" in key]
    etag = client.get(ZONE)["ETag"]
    with django_assert_num_queries(0):  # the version still comes from Redis
        assert client.get(ZONE, HTTP_IF_NONE_MATCH=etag).status_code == 304


@override_settings(API_RESPONSE_CACHE_MAX_BYTES=100)
def test_answers_over_the_size_limit_are_not_kept(client, redis):
    assert len(body(client.get(ZONES + "?format=csv"))) > 100
    assert not [key for key in redis.scan_iter(match=f"{redis.prefix}:*") if b":regionapi:response:" in key]


def test_with_read_replicas_the_version_comes_from_the_database_the_data_comes_from(client, redis, settings):
    """A version the primary published may be ahead of a lagging replica: with replicas, an answer is labelled with
    the version of the database it was read from, never with one from the cache (in tests replicas mirror default)."""
    settings.DATABASE_REPLICAS = ["default"]  # the router picks it as "the replica"; its data is the test's
    ahead = dataversion.Version(dataversion.database_version().number + 100, timezone.now())
    dataversion.shared_cache().publish(ahead)
    etag = client.get("/api/v1/investments/zones/")["ETag"]
    assert etag == client.get("/api/v1/investments/zones/")["ETag"]
    settings.DATABASE_REPLICAS = []
    assert client.get("/api/v1/investments/zones/")["ETag"] != etag  # from the cache: the (ahead) published one


# During a database outage


def database_down():
    """Every connection to the database fails, as when its server is unreachable."""
    from contextlib import ExitStack
    from unittest import mock

    from django.db.utils import OperationalError

    stack = ExitStack()
    for name in ("cursor", "ensure_connection"):
        stack.enter_context(
            mock.patch(f"django.db.backends.base.base.BaseDatabaseWrapper.{name}", side_effect=OperationalError("gone"))
        )
    return stack


def test_during_an_outage_answers_kept_in_redis_are_served_as_usual(redis):
    from django.test import Client

    client = Client(raise_request_exception=False)
    kept = {}
    for path in (ZONE, ZONES + "?format=csv", "/regions/KZ-35/"):
        first = client.get(path)
        kept[path] = (first, body(first))  # a streamed answer is kept once it has been sent whole
    shared = dataversion.shared_cache()
    redis.delete(shared.key(dataversion.PUBLISHED_KEY))  # the outage outlasts the published version's expiry
    with database_down():
        for path, (first, sent) in kept.items():
            again = client.get(path)
            assert (again.status_code, body(again), again["ETag"]) == (200, sent, first["ETag"]), path
            assert again["Cache-Control"] == first["Cache-Control"]
            assert client.get(path, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304, path
        never_kept = client.get(ZONES + "?page_size=7")
        assert never_kept.status_code == 503 and never_kept.json()["code"] == "unavailable"
        signed_in = client.get(ZONE, HTTP_AUTHORIZATION="Token any")  # kept answers are anonymous ones only
        assert signed_in.status_code == 503
