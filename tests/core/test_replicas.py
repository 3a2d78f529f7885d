"""Read replicas, in process: where the router sends reads and writes, inside and outside a request, for a client
that has just written, in the admin, when a replica is down; and how DATABASE_REPLICA_URLS becomes aliases.

No replica runs here: the router's choices are observed from inside a view (its `reachable` check stubbed).
tests/core/test_real_replica.py proves the same on a real streaming replica.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DEFAULT_DB_ALIAS, router
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from indicators.models import Unit
from regionapi.core import replicas

ROOT = Path(__file__).resolve().parents[2]
REPLICAS = ["replica1", "replica2"]


@pytest.fixture
def with_replicas(monkeypatch):
    """Two replicas configured, both reachable unless a test says otherwise; none known to be down."""
    reachable = set(REPLICAS)
    monkeypatch.setattr(replicas, "_down_until", {})
    monkeypatch.setattr(replicas, "connections", _Connections(reachable))
    with override_settings(DATABASE_REPLICAS=REPLICAS, DATABASE_REPLICA_STICKY_SECONDS=5):
        yield reachable


class _Connections:
    """Stands in for django.db.connections: ensure_connection() fails for an alias not in `reachable`."""

    def __init__(self, reachable):
        self.reachable = reachable
        self.attempts = []

    def __getitem__(self, alias):
        from django.db import OperationalError

        outer = self

        class Connection:
            def close_if_health_check_failed(self):
                pass

            def ensure_connection(self):
                outer.attempts.append(alias)
                if alias not in outer.reachable:
                    raise OperationalError(f"connection to {alias} refused")

        return Connection()


def serve(request, view):
    """The response of ReplicaMiddleware around `view`."""
    return replicas.ReplicaMiddleware(view)(request)


def routing_view(seen: list, write: bool = False):
    """A view that records where its reads go, before and after an (optional) write."""

    def view(request):
        seen.append(router.db_for_read(Unit))
        if write:
            seen.append(router.db_for_write(Unit))
            seen.append(router.db_for_read(Unit))
        return HttpResponse("ok")

    return view


def test_without_replicas_everything_goes_to_the_primary_and_no_cookie_is_set():
    seen = []
    response = serve(RequestFactory().post("/api/v1/indicators/units/"), routing_view(seen, write=True))
    assert seen == [DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS]
    assert replicas.STICKY_COOKIE not in response.cookies
    seen.clear()
    serve(RequestFactory().get("/api/v1/indicators/units/"), routing_view(seen))
    assert seen == [DEFAULT_DB_ALIAS]


def test_outside_a_request_reads_and_writes_go_to_the_primary(with_replicas):
    # Management commands, imports and the shell: no request, so Django's default (the primary) for reads too.
    assert router.db_for_read(Unit) == DEFAULT_DB_ALIAS
    assert router.db_for_write(Unit) == DEFAULT_DB_ALIAS
    assert router.db_for_read(Unit) == DEFAULT_DB_ALIAS


def test_a_read_request_reads_one_replica_throughout(with_replicas):
    seen = []

    def view(request):
        seen.extend(router.db_for_read(Unit) for _ in range(5))
        return HttpResponse("ok")

    response = serve(RequestFactory().get("/api/v1/indicators/units/"), view)
    assert seen[0] in REPLICAS and seen == [seen[0]] * 5
    assert replicas.STICKY_COOKIE not in response.cookies
    # The choice ends with the request.
    assert router.db_for_read(Unit) == DEFAULT_DB_ALIAS


def test_reads_are_spread_over_the_replicas(with_replicas, monkeypatch):
    monkeypatch.setattr(replicas.random, "choice", lambda aliases: aliases[-1])
    seen = []
    serve(RequestFactory().get("/api/v1/indicators/units/"), routing_view(seen))
    assert seen == ["replica2"]


def test_after_a_write_the_rest_of_the_request_reads_the_primary_and_the_client_is_sticky(with_replicas):
    seen = []
    # A GET that writes (a read request normally does not: this is the router's own switch, not the method's).
    response = serve(RequestFactory().get("/api/v1/indicators/units/"), routing_view(seen, write=True))
    assert seen[0] in REPLICAS
    assert seen[1:] == [DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS]
    cookie = response.cookies[replicas.STICKY_COOKIE]
    assert cookie["max-age"] == 5 and cookie["httponly"] and cookie["samesite"] == "Lax"

    # The same client's next read goes to the primary; another client's to a replica.
    factory = RequestFactory()
    factory.cookies[replicas.STICKY_COOKIE] = cookie.value
    seen.clear()
    response = serve(factory.get("/api/v1/indicators/units/"), routing_view(seen))
    assert seen == [DEFAULT_DB_ALIAS]
    assert replicas.STICKY_COOKIE not in response.cookies  # reading does not extend it
    seen.clear()
    serve(RequestFactory().get("/api/v1/indicators/units/"), routing_view(seen))
    assert seen[0] in REPLICAS


def test_a_forged_or_expired_sticky_cookie_reads_a_replica(with_replicas):
    response = serve(RequestFactory().post("/api/v1/indicators/units/"), routing_view([], write=True))
    signed = response.cookies[replicas.STICKY_COOKIE].value
    for value in ("1", signed[:-1] + ("A" if signed[-1] != "A" else "B")):
        factory = RequestFactory()
        factory.cookies[replicas.STICKY_COOKIE] = value
        seen = []
        serve(factory.get("/api/v1/indicators/units/"), routing_view(seen))
        assert seen[0] in REPLICAS, value
    factory = RequestFactory()
    factory.cookies[replicas.STICKY_COOKIE] = signed
    seen = []
    with override_settings(DATABASE_REPLICA_STICKY_SECONDS=-1):  # the signature is older than that
        serve(factory.get("/api/v1/indicators/units/"), routing_view(seen))
    assert seen[0] in REPLICAS


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_an_unsafe_method_reads_the_primary_from_its_start(with_replicas, method):
    seen = []
    response = serve(getattr(RequestFactory(), method)("/api/v1/indicators/units/x/"), routing_view(seen))
    assert seen == [DEFAULT_DB_ALIAS]
    # Refused before it wrote (no permission, invalid body): its client is not sent to the primary.
    assert replicas.STICKY_COOKIE not in response.cookies


def test_the_admin_reads_the_primary(with_replicas):
    seen = []
    serve(RequestFactory().get("/admin/indicators/unit/"), routing_view(seen))
    assert seen == [DEFAULT_DB_ALIAS]


def test_a_replica_that_does_not_answer_is_skipped_and_its_reads_fall_back(with_replicas, monkeypatch):
    with_replicas.discard("replica1")
    monkeypatch.setattr(replicas.random, "choice", lambda aliases: aliases[0])
    seen = []
    serve(RequestFactory().get("/api/v1/indicators/units/"), routing_view(seen))
    assert seen == ["replica2"]
    assert replicas.connections.attempts == ["replica1", "replica2"]
    # replica1 is not tried again for a while: the next request goes straight to replica2.
    seen.clear()
    serve(RequestFactory().get("/api/v1/indicators/units/"), routing_view(seen))
    assert seen == ["replica2"]
    assert replicas.connections.attempts == ["replica1", "replica2", "replica2"]
    # Both down: the primary.
    with_replicas.clear()
    monkeypatch.setattr(replicas, "_down_until", {})
    seen.clear()
    serve(RequestFactory().get("/api/v1/indicators/units/"), routing_view(seen))
    assert seen == [DEFAULT_DB_ALIAS]


def test_a_skipped_replica_is_tried_again_after_a_while(with_replicas, monkeypatch):
    with_replicas.discard("replica1")
    monkeypatch.setattr(replicas.random, "choice", lambda aliases: aliases[0])
    serve(RequestFactory().get("/api/v1/indicators/units/"), routing_view([]))
    with_replicas.add("replica1")
    clock = replicas.time.monotonic() + replicas.RETRY_SECONDS + 1
    monkeypatch.setattr(replicas.time, "monotonic", lambda: clock)
    seen = []
    serve(RequestFactory().get("/api/v1/indicators/units/"), routing_view(seen))
    assert seen == ["replica1"]


def test_migrations_run_on_the_primary_only_and_relations_cross_aliases(with_replicas):
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "indicators", model_name="unit")
    assert not router.allow_migrate("replica1", "indicators", model_name="unit")
    assert router.allow_relation(Unit(), Unit())


def test_replica_urls_become_aliases_outside_transactions_that_mirror_default_in_tests():
    script = (
        "import runpy, json, sys; s = runpy.run_path(sys.argv[1]); "
        "print(json.dumps({'replicas': s['DATABASE_REPLICAS'], 'sticky': s['DATABASE_REPLICA_STICKY_SECONDS'], "
        "'databases': {k: [v['HOST'], v['PORT'], v['NAME'], v['ATOMIC_REQUESTS'], v.get('CONN_HEALTH_CHECKS'), v.get('TEST')] "
        "for k, v in s['DATABASES'].items()}}))"
    )
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith(("DATABASE_", "DJANGO_"))},
        "DJANGO_ENV_FILE": "",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": "postgres://api@db:5432/regionapi",
        "DATABASE_REPLICA_URLS": "postgres://api@db-r1:5432/regionapi, postgres://api@db-r2:6432/regionapi,",
        "DATABASE_REPLICA_STICKY_SECONDS": "9",
    }
    result = subprocess.run(
        [sys.executable, "-c", script, str(ROOT / "config" / "settings.py")],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "replicas": ["replica1", "replica2"],
        "sticky": 9,
        "databases": {
            "default": ["db", 5432, "regionapi", True, None, None],
            "replica1": ["db-r1", 5432, "regionapi", False, True, {"MIRROR": "default"}],
            "replica2": ["db-r2", 6432, "regionapi", False, True, {"MIRROR": "default"}],
        },
    }
