"""Two writers at once: PATCHes of different fields of one record, sent together to a real server on PostgreSQL,
both keep their change (they used to lose one of the two, 30 rounds out of 30).

The server is gunicorn with several workers and threads on 127.0.0.1, on a database of its own made and dropped
here; rounds are bounded. On SQLite (one writer at a time) this test is skipped.
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 30


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(
    method: str, url: str, token: str, body: dict | None = None, headers: dict | None = None
) -> tuple[int, dict]:
    status, answer, _headers = _exchange(method, url, token, body, headers)
    return status, answer


def _exchange(method: str, url: str, token: str, body: dict | None = None, headers: dict | None = None):
    """(status, JSON body, headers) of one request."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    request.add_header("Authorization", f"Token {token}")
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read()), response.headers
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}"), error.headers


@pytest.fixture(scope="module")
def server():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers are tested on PostgreSQL")
    import psycopg

    db = connection.settings_dict
    name = f"regionapi_concurrency_{os.getpid()}"
    credentials = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **credentials) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{credentials['password']}" if credentials["password"] else ""
    env = {
        **{
            key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_URL"))
        },
        "DATABASE_URL": f"postgres://{credentials['user']}{password}@{credentials['host']}:{credentials['port']}/{name}",
        "DJANGO_DEBUG": "1",
        "DJANGO_ENV_FILE": "",  # the server reads no .env either, as every test (pyproject.toml)
        "API_THROTTLE_USER": "100000/hour",
    }
    python = sys.executable
    process = None
    try:
        for command in (["migrate", "-v0"], ["load_seed_data", "-v0"]):
            subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300)
        token = (
            subprocess.run(
                [
                    python,
                    "manage.py",
                    "shell",
                    "-c",
                    "from django.contrib.auth.models import User; from rest_framework.authtoken.models import Token; "
                    "user = User.objects.create_superuser('writer', 'writer@example.kz', 'a-long-test-password'); "
                    "print(Token.objects.create(user=user).key)",
                ],
                cwd=ROOT,
                env=env,
                check=True,
                timeout=120,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        port = _free_port()
        process = subprocess.Popen(
            [
                python,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{base}/api/v1/", timeout=5).status == 200:
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        yield base, token
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        with psycopg.connect(dbname="postgres", autocommit=True, **credentials) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_concurrent_patches_of_different_fields_both_survive(server):
    base, token = server
    url = f"{base}/api/v1/investments/zones/sez-saryarka/"
    lost = []
    for round_ in range(ROUNDS):
        barrier = threading.Barrier(2)
        answers = {}

        def patch(field, value):
            barrier.wait(timeout=30)
            answers[field] = _request("PATCH", f"{url}?lang=ru", token, {field: value})[0]

        changes = {"participants": 100 + round_, "output_kzt": f"{1000 + round_}.00"}
        threads = [threading.Thread(target=patch, args=item) for item in changes.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert answers == {"participants": 200, "output_kzt": 200}
        status, zone = _request("GET", url, token)
        assert status == 200
        if (zone["participants"], zone["output_kzt"]) != (changes["participants"], changes["output_kzt"]):
            lost.append(round_)
    assert not lost, f"a change was lost in {len(lost)} of {ROUNDS} rounds"

    # The history lists each write's own field only, never the other writer's as a revert.
    status, history = _request("GET", f"{url}history/?page_size={2 * ROUNDS}", token)
    assert status == 200
    rows = [row for row in history["results"] if row["channel"] == "api"]
    assert len(rows) == 2 * ROUNDS
    assert all(
        {change["field"] for change in row["changes"]} - {"updated_at"} in ({"participants"}, {"output_kzt"})
        for row in rows
    )


def test_concurrent_creates_of_one_key_give_one_201_and_409s_naming_it(server):
    """Creates of the same slug at once: the unique check passes for each before any commits; one wins, the others
    get a 409 naming the key (they were IntegrityErrors: 500)."""
    base, token = server
    url = f"{base}/api/v1/investments/zones/"
    for round_ in range(5):
        slug = f"race-zone-{round_}"
        body = {
            "slug": slug,
            "name": f"Race zone {round_}",
            "kind": "industrial-park",
            "status": "proposed",
            "region": "KZ-35",
            "source": "baq-kz-2025-09-05-karaganda-industry",
        }
        barrier = threading.Barrier(4)
        answers = []

        def create():
            barrier.wait(timeout=30)
            answers.append(_request("POST", url, token, body))

        threads = [threading.Thread(target=create) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        statuses = sorted(status for status, _ in answers)
        assert statuses.count(201) == 1 and all(status in (400, 409) for status in statuses if status != 201), answers
        for status, answer in answers:
            if status == 409:
                assert slug in answer["detail"] and answer["code"] == "conflict"


def test_two_writers_holding_one_etag_one_wins_the_other_gets_412(server):
    """Both read the zone, then both PATCH it at once with the ETag they read: the record's version is checked
    under the write's lock, so exactly one goes through and the other gets 412 and changes nothing."""
    base, token = server
    url = f"{base}/api/v1/investments/zones/sez-saryarka/"
    for round_ in range(10):
        _status, _zone, headers = _exchange("GET", url, token)
        tag = headers["ETag"]
        barrier = threading.Barrier(2)
        answers = {}

        def patch(value):
            barrier.wait(timeout=30)
            answers[value] = _exchange("PATCH", url, token, {"participants": value}, {"If-Match": tag})

        values = (1000 + 2 * round_, 1001 + 2 * round_)
        threads = [threading.Thread(target=patch, args=(value,)) for value in values]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        statuses = sorted(answer[0] for answer in answers.values())
        assert statuses == [200, 412], answers
        winner = next(value for value, answer in answers.items() if answer[0] == 200)
        loser = next(answer for answer in answers.values() if answer[0] == 412)
        status, zone, headers = _exchange("GET", url, token)
        assert zone["participants"] == winner
        assert loser[2]["ETag"].rsplit(".", 1)[1] == headers["ETag"].rsplit(".", 1)[1]  # the 412 named the new version
