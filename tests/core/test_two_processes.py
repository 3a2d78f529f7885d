"""Two server processes, one database, one Redis: a write through one is seen at once by a read through the other.

Process A answers anonymous reads (and keeps them in Redis); process B takes a staff write. The next read through A
must return the fresh data, and A's old ETag must no longer give a 304. Both are real gunicorn servers on ports
8110 and 8111 (TEST_SERVER_PORTS overrides them) over a temporary SQLite file with the migrations run (in the SQLite
pass, a copy of the worker's seeded database: tests/support/databases.py), sharing the
Redis at TEST_REDIS_URL under a key prefix of this run's own. Waits are bounded; the servers are always stopped.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.support import databases

# django_db: the server's database is a copy of the worker's (tests/support/databases.py), which must be made.
pytestmark = [pytest.mark.slow, pytest.mark.django_db]

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PORTS = [int(port) for port in os.environ.get("TEST_SERVER_PORTS", "8110,8111").split(",")]
UNITS = "/api/v1/indicators/units/"


def request(url: str, *, method: str = "GET", headers: dict | None = None, body: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(
        url, data=data, method=method, headers={"Accept": "application/json", **(headers or {})}
    )
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory):
    import redis

    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        connection.ping()
    except redis.RedisError as exc:
        pytest.fail(f"The two-process test needs a Redis at {REDIS_URL} (set TEST_REDIS_URL): {exc}")
    prefix = f"regionapi-two-processes-{uuid.uuid4().hex}"
    database = tmp_path_factory.mktemp("two-processes") / "db.sqlite3"
    env = {
        **{
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_URL", "CACHE_", "API_"))
        },
        "DATABASE_URL": f"sqlite:///{database}",
        "CACHE_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "DJANGO_DEBUG": "1",
        "DJANGO_ENV_FILE": "",  # the servers read no .env either, as every test (pyproject.toml)
    }
    python = sys.executable
    processes = []
    try:
        if databases.available():  # the SQLite pass: a copy of the worker's seeded database
            with django_db_blocker.unblock():
                token = databases.server_database(database)
        else:  # one process migrates and makes the token: two would start Django twice
            script = (
                "from django.core.management import call_command; call_command('migrate', verbosity=0); "
                "from django.contrib.auth.models import User; from rest_framework.authtoken.models import Token; "
                "user = User.objects.create_superuser('writer', 'writer@example.kz', 'a-long-test-password'); "
                "print(Token.objects.create(user=user).key)"
            )
            made = subprocess.run(
                [python, "manage.py", "shell", "-c", script],
                cwd=ROOT,
                env=env,
                check=True,
                timeout=600,
                capture_output=True,
                text=True,
            )
            token = made.stdout.strip().splitlines()[-1]
        for port in PORTS:
            command = [python, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"]
            processes.append(subprocess.Popen([*command, "--log-level", "warning"], cwd=ROOT, env=env))
        bases = [f"http://127.0.0.1:{port}" for port in PORTS]
        deadline = time.monotonic() + 60
        for base, process in zip(bases, processes, strict=True):
            while True:
                try:
                    if urllib.request.urlopen(f"{base}/api/v1/", timeout=5).status == 200:
                        break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise
                    time.sleep(0.3)
        yield bases, token, connection, prefix
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        for key in connection.scan_iter(match=f"{prefix}:*"):
            connection.delete(key)
        connection.close()


def codes(payload: bytes) -> list[str]:
    return [unit["code"] for unit in json.loads(payload)["results"]]


def test_a_write_through_one_process_is_read_fresh_through_the_other(servers):
    (a, b), token, redis, prefix = servers
    status, headers, first = request(a + UNITS)
    assert status == 200
    assert "two-process-unit" not in codes(first)
    etag = headers["ETag"]
    assert request(a + UNITS, headers={"If-None-Match": etag})[0] == 304
    again = request(a + UNITS)
    assert (again[0], again[2]) == (200, first)
    # A keeps that answer in Redis: without the version a write raises, the next read would be this stale copy.
    assert list(redis.scan_iter(match=f"{prefix}:*regionapi:response:*"))

    written = request(
        b + UNITS,
        method="POST",
        headers={"Authorization": f"Token {token}"},
        body={"code": "two-process-unit", "name": "Two-process unit", "symbol": "tpu"},
    )
    assert written[0] == 201, written[2]

    status, headers, fresh = request(a + UNITS, headers={"If-None-Match": etag})
    assert status == 200
    assert "two-process-unit" in codes(fresh)
    assert headers["ETag"] != etag
    assert request(a + UNITS, headers={"If-None-Match": headers["ETag"]})[0] == 304
    # B answers under its own host (the body's URLs differ), and agrees with A on the version.
    etag_b = request(b + UNITS)[1]["ETag"]
    assert request(b + UNITS, headers={"If-None-Match": etag_b})[0] == 304


@pytest.mark.parametrize("writers", [2, 10])
def test_simultaneous_writes_through_both_processes_all_land(servers, writers):
    """SQLite has one writer at a time: simultaneous PATCHes through the two processes wait their turn (each write
    request takes the write lock when its transaction begins) instead of failing with a 503 when two transactions
    that began by reading both try to write."""
    import threading

    bases, token, _redis, _prefix = servers
    auth = {"Authorization": f"Token {token}"}
    keys = [f"queue-{writers}-{number}" for number in range(writers)]
    for key in keys:
        status, _, body = request(
            bases[0] + UNITS, method="POST", headers=auth, body={"code": key, "symbol": "q", "name": key}
        )
        assert status == 201, body
    start = threading.Barrier(writers)
    answers = [None] * writers

    def patch(number: int) -> None:
        # Half through each process; every other one changes the name instead of the symbol, both of one record
        # when two writers share it.
        key = keys[number // 2 * 2] if writers == 2 else keys[number]
        change = {"symbol": f"s{number}"} if number % 2 == 0 else {"name": f"n{number}"}
        start.wait(timeout=30)
        answers[number] = request(f"{bases[number % 2]}{UNITS}{key}/", method="PATCH", headers=auth, body=change)

    threads = [threading.Thread(target=patch, args=(number,)) for number in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert [answer[0] for answer in answers] == [200] * writers, [answer[2][:300] for answer in answers]
    for number in range(writers):
        key = keys[number // 2 * 2] if writers == 2 else keys[number]
        stored = json.loads(request(f"{bases[1]}{UNITS}{key}/", headers=auth)[2])
        if number % 2 == 0:
            assert stored["symbol"] == f"s{number}"
        else:
            assert stored["name"] == f"n{number}"
