"""Read replicas on a real PostgreSQL streaming replica: reads go to the replica, a write and the rest of its client's
reads go to the primary, and a replica that is down costs nothing but load on the primary.

The test makes its own throwaway clusters from the PostgreSQL binaries (never the machine's cluster on 5432): a
primary on 127.0.0.1:54410 and a replica of it made with `pg_basebackup -R` on 54411, both in a temporary folder,
run as the `postgres` OS user when the tests run as root; and an API server (gunicorn) on 127.0.0.1:8140 with
DATABASE_URL=primary and DATABASE_REPLICA_URLS=replica. A finalizer stops and removes all of it; every wait is
bounded. Replay paused on the replica (`pg_wal_replay_pause()`) makes the proof deterministic: what only the
primary has shows which database a read went to.

The primary's tables are made from the models (`migrate --run-syncdb` with migrations off, as pytest-django's
--no-migrations does; tests/test_project.py pins that the migrations make the same schema): the whole migration
history took 28 s on the 2-core CI machine, this takes about one.

Without the binaries the test is skipped, unless REGIONAPI_REAL_REPLICA=required (`.ci/run` sets it in the
SQLite pass, where the test runs; the PostgreSQL pass deselects it, as it would prove the same again).
"""

import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

pytestmark = [pytest.mark.real_replica, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path(os.environ.get("REGIONAPI_PG_BIN", "/usr/lib/postgresql/15/bin"))
PRIMARY_PORT, REPLICA_PORT, API_PORT = 54410, 54411, 8140
DATABASE = "regionapi"
SETUP = """
import os, sys
sys.path.insert(0, os.getcwd())
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
from django.conf import settings


class NoMigrations(dict):
    def __contains__(self, app_label):
        return True

    def __getitem__(self, app_label):
        return None


settings.MIGRATION_MODULES = NoMigrations()
import django

django.setup()
from django.contrib.auth.models import User
from django.core.management import call_command
from rest_framework.authtoken.models import Token

call_command("migrate", run_syncdb=True, verbosity=0)
user = User.objects.create_superuser("editor", "editor@example.kz", "a-long-test-password")
print(Token.objects.create(user=user).key)
"""


def _unavailable() -> str | None:
    """Why the clusters cannot be made here, or None."""
    if not (PG_BIN / "pg_basebackup").exists():
        return f"no PostgreSQL binaries in {PG_BIN} (set REGIONAPI_PG_BIN)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run the clusters"
    return None


def _as_postgres(*command: str) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


def _run(*command: str, timeout: int = 60) -> str:
    result = subprocess.run(_as_postgres(*command), capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _sql(port: int, query: str, *params, dbname: str = DATABASE):
    """The first row of a query, or None."""
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname=dbname, autocommit=True) as conn:
        cursor = conn.execute(query, params)
        return cursor.fetchone() if cursor.description else None


def _until(condition, what: str, seconds: float = 30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting ({seconds}s) for {what}"
        time.sleep(0.1)


@dataclass
class Clusters:
    folder: Path
    token: str
    server: subprocess.Popen
    base: str = f"http://127.0.0.1:{API_PORT}"

    def start_postgres(self, name: str, port: int, *settings: str):
        _run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.folder / name),
            "-l",
            str(self.folder / f"{name}.log"),
            "-w",
            "-t",
            "30",
            "-o",
            " ".join([f"-p {port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off", *settings]),
            "start",
        )

    def stop_postgres(self, name: str):
        if (self.folder / name / "postmaster.pid").exists():
            _run(str(PG_BIN / "pg_ctl"), "-D", str(self.folder / name), "-m", "immediate", "-w", "-t", "30", "stop")

    def primary_log(self) -> str:
        return (self.folder / "primary.log").read_text(errors="replace")

    def replica_caught_up(self) -> bool:
        (lsn,) = _sql(PRIMARY_PORT, "SELECT pg_current_wal_lsn()::text")
        return _sql(REPLICA_PORT, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", lsn)[0]


def _client(token: str | None = None, cookies: CookieJar | None = None):
    """A client of the API: `send(method, path, body)` -> (status, body); with `cookies`, it keeps them (a browser,
    or requests.Session), so it is the same client from one request to the next."""
    handlers = [urllib.request.HTTPCookieProcessor(cookies)] if cookies is not None else []
    opener = urllib.request.build_opener(*handlers)

    def send(method: str, path: str, body: dict | None = None) -> tuple[int, str, dict]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{API_PORT}{path}", data=data, method=method)
        if token:
            request.add_header("Authorization", f"Token {token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, response.read().decode("utf-8-sig"), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)

    return send


@pytest.fixture(scope="module")
def clusters():
    reason = _unavailable()
    if reason:
        if os.environ.get("REGIONAPI_REAL_REPLICA") == "required":
            pytest.fail(reason)
        pytest.skip(reason)
    busy = [port for port in (PRIMARY_PORT, REPLICA_PORT, API_PORT) if not _port_free(port)]
    assert not busy, f"ports {busy} are taken (a run that did not finish?)"
    folder = Path(tempfile.mkdtemp(prefix="regionapi-replica-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    processes: list[subprocess.Popen] = []
    clusters = Clusters(folder=folder, token="", server=None)
    try:
        _run(str(PG_BIN / "initdb"), "-D", str(folder / "primary"), "-U", "postgres", "-E", "UTF8", "--no-sync")
        # Local connections, and replication from 127.0.0.1 for pg_basebackup and the replica, without a password.
        (folder / "primary" / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n"
        )
        # Every statement and connection in the log: how the test sees what reached the primary. UTC, so Django
        # sets no time zone on connecting (its only statement of its own).
        clusters.start_postgres("primary", PRIMARY_PORT, "-c log_statement=all -c log_connections=on -c timezone=UTC")
        _sql(PRIMARY_PORT, f"CREATE DATABASE {DATABASE}", dbname="postgres")
        # Persistent connections, as docs/operating.md recommends in production with replicas.
        primary_url = f"postgres://postgres@127.0.0.1:{PRIMARY_PORT}/{DATABASE}?conn_max_age=600"
        replica_url = f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/{DATABASE}?conn_max_age=600"
        env = {
            **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))},
            "DATABASE_URL": primary_url,
            "DJANGO_ENV_FILE": "",
            "DJANGO_SECRET_KEY": "a-test-only-secret-key-for-the-replica-test-server",
            "CACHE_URL": "locmemcache://",
        }
        # The schema and an editor on the primary, and the API server starting, while the replica is copied from the
        # primary and streams the rest.
        setup = subprocess.Popen(
            [sys.executable, "-c", SETUP], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        processes.append(setup)
        clusters.server = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "config.wsgi"),
                *("--bind", f"127.0.0.1:{API_PORT}", "--workers", "1", "--log-level", "warning"),
            ],
            cwd=ROOT,
            env={
                **env,
                "DATABASE_REPLICA_URLS": replica_url,
                # Long enough that the test never races it: stickiness is proven, not timed.
                "DATABASE_REPLICA_STICKY_SECONDS": "300",
                # A short bound on each wait for the database, so that three requests queued on one worker all
                # answer within the frozen-database test's 5 s.
                "DATABASE_WAIT_SECONDS": "2",
            },
        )
        processes.append(clusters.server)
        _run(
            str(PG_BIN / "pg_basebackup"),
            *("-h", "127.0.0.1", "-p", str(PRIMARY_PORT), "-U", "postgres"),
            *("-D", str(folder / "replica"), "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"),
        )
        clusters.start_postgres("replica", REPLICA_PORT, "-c hot_standby=on")
        out, err = setup.communicate(timeout=180)
        assert setup.returncode == 0, err
        clusters.token = out.strip().splitlines()[-1]

        def serving() -> bool:
            assert clusters.server.poll() is None, "the API server exited"
            try:
                return urllib.request.urlopen(f"{clusters.base}/api/v1/", timeout=5).status == 200
            except OSError:
                return False

        _until(serving, "the API server", seconds=60)
        _until(clusters.replica_caught_up, "the replica to replay the schema")
        yield clusters
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        for name in ("replica", "primary"):
            try:
                clusters.stop_postgres(name)
            except (AssertionError, subprocess.TimeoutExpired):
                pass
        shutil.rmtree(folder, ignore_errors=True)


def _primary_traffic_during(clusters: Clusters, action) -> tuple[list[str], int]:
    """The statements and the number of connections that reached the primary while `action` ran."""
    import psycopg

    with psycopg.connect(
        host="127.0.0.1", port=PRIMARY_PORT, user="postgres", dbname=DATABASE, autocommit=True
    ) as marker:
        marker.execute("SELECT 'traffic-from-here'")
        action()
        marker.execute("SELECT 'traffic-to-here'")
    _until(lambda: "traffic-to-here" in clusters.primary_log(), "the primary's log")
    log = clusters.primary_log()
    start, end = log.index("'traffic-from-here'"), log.index("'traffic-to-here'")
    window = log[log.index("\n", start) : log.rindex("\n", 0, end)].splitlines()
    statements = [line for line in window if re.search(r"LOG:\s+statement: ", line)]
    return statements, sum("connection authorized" in line for line in window)


def test_reads_go_to_the_replica_and_a_writer_reads_its_writes_from_the_primary(clusters):
    anonymous = _client()
    units = "/api/v1/indicators/units/"

    # A read request sends nothing to the primary: not a statement, not the BEGIN or COMMIT of ATOMIC_REQUESTS
    # (psycopg begins a transaction with its first statement, and there is none), and with persistent connections
    # not even a connection (ATOMIC_REQUESTS connects to ask for the autocommit state: once per process, here).
    assert anonymous("GET", f"{units}?format=json")[0] == 200
    answers = []
    statements, connections = _primary_traffic_during(
        clusters, lambda: answers.extend(anonymous("GET", f"{units}?format=json")[0] for _ in range(5))
    )
    assert answers == [200] * 5
    assert (statements, connections) == ([], 0)

    _sql(REPLICA_PORT, "SELECT pg_wal_replay_pause()")
    _until(lambda: _sql(REPLICA_PORT, "SELECT pg_get_wal_replay_pause_state()")[0] == "paused", "replay to pause")

    # The write answers from the primary, and its client is told to read the primary for a while.
    writer = _client(clusters.token, CookieJar())
    status, body, headers = writer("POST", units, {"code": "replica-probe", "name": "Replica probe", "symbol": "rp"})
    assert status == 201, body
    assert json.loads(body)["code"] == "replica-probe"
    assert "primary_reads=" in headers.get("Set-Cookie", "")

    # Another client reads the replica, which has not replayed the write yet: the record is not there, in a detail,
    # a list or a CSV (which streams after the request, still from the replica).
    probe = f"{units}replica-probe/?format=json"
    assert anonymous("GET", probe)[0] == 404
    status, body, _ = anonymous("GET", f"{units}?format=json&page_size=1000")
    assert status == 200 and "replica-probe" not in {unit["code"] for unit in json.loads(body)["results"]}
    status, body, _ = anonymous("GET", f"{units}?format=csv")
    assert status == 200 and body.startswith("code,") and "replica-probe" not in body
    # So does the editor without the cookie (another client); with it, the editor reads the primary.
    assert _client(clusters.token)("GET", probe)[0] == 404
    status, body, _ = writer("GET", probe)
    assert status == 200 and json.loads(body)["symbol"] == "rp"
    status, body, _ = writer("GET", f"{units}?format=csv")
    assert status == 200 and "replica-probe" in body

    # Replay resumes; the replica catches up, and every client sees the record.
    _sql(REPLICA_PORT, "SELECT pg_wal_replay_resume()")
    _until(lambda: anonymous("GET", probe)[0] == 200, "the replica to replay the write")

    # The replica goes down: reads fall back to the primary instead of failing.
    clusters.stop_postgres("replica")
    status, body, _ = anonymous("GET", probe)
    assert status == 200 and json.loads(body)["code"] == "replica-probe"
    assert anonymous("GET", f"{units}?format=csv")[0] == 200


def test_an_outage_of_the_database_is_a_503_and_service_comes_back(clusters):
    """The primary (and the replica) stop under requests: data requests get a JSON 503 with Retry-After, the API root
    and /healthz still answer, /readyz says 503; the primary starts again and every request answers 200."""
    anonymous = _client()
    units = "/api/v1/indicators/units/?format=json"
    clusters.stop_postgres("replica")
    clusters.stop_postgres("primary")
    try:
        for _ in range(3):  # persistent connections too: each request finds the database gone
            status, body, headers = anonymous("GET", units)
            assert status == 503, body
            assert json.loads(body)["code"] == "unavailable" and int(headers["Retry-After"]) > 0
        assert anonymous("GET", "/api/v1/")[0] == 200
        assert anonymous("GET", "/healthz")[0] == 200
        status, body, headers = anonymous("GET", "/readyz")
        assert status == 503 and json.loads(body)["checks"]["database"] == "unreachable" and "Retry-After" in headers
    finally:
        clusters.start_postgres("primary", PRIMARY_PORT, "-c timezone=UTC")
    _until(lambda: anonymous("GET", units)[0] == 200, "the API to serve again after the primary restarted")
    assert anonymous("GET", "/readyz")[0] == 200


def _cluster_processes(clusters: Clusters, name: str) -> list[int]:
    """The postmaster of a running cluster and its children (its backends and helpers)."""
    pid_file = clusters.folder / name / "postmaster.pid"
    if not pid_file.exists():
        return []
    postmaster = int(pid_file.read_text().splitlines()[0])
    children = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True, text=True).stdout.split()
    return [postmaster, *map(int, children)]


def _workers(server: subprocess.Popen) -> set[int]:
    return set(subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split())


def test_a_database_that_hangs_is_a_503_within_seconds_and_no_worker_is_killed(clusters):
    """Every process of the clusters stopped with SIGSTOP: the kernel still accepts connections and acknowledges
    TCP, the server answers nothing, and the API server's kept connection (conn_max_age) is in the middle of it.
    Each data request gets a 503 with Retry-After within 5 s (the client's own deadline on each wait), /healthz
    answers, the worker is the same one afterwards, and service comes back when the database does."""
    import os as os_module
    import signal
    from concurrent.futures import ThreadPoolExecutor

    anonymous = _client()
    units = "/api/v1/indicators/units/?format=json"
    for name, port in (("primary", PRIMARY_PORT), ("replica", REPLICA_PORT)):
        if not (clusters.folder / name / "postmaster.pid").exists():
            clusters.start_postgres(name, port, "-c timezone=UTC")
    _until(lambda: anonymous("GET", units)[0] == 200, "the API to serve before the freeze")
    workers = _workers(clusters.server)
    frozen = [pid for name in ("primary", "replica") for pid in _cluster_processes(clusters, name)]
    assert frozen
    for pid in frozen:
        os_module.kill(pid, signal.SIGSTOP)
    try:

        def timed(path: str) -> tuple[int, float, str, dict]:
            started = time.monotonic()
            status, body, headers = anonymous("GET", path)
            return status, time.monotonic() - started, body, headers

        with ThreadPoolExecutor(max_workers=3) as pool:  # requests in flight together, as in service
            answers = list(pool.map(timed, [units, units, "/api/v1/indicators/regions/?format=json"]))
        for status, seconds, body, headers in answers:
            assert status == 503, body
            assert json.loads(body)["code"] == "unavailable" and int(headers["Retry-After"]) > 0
            # Three requests on one sync worker queue behind each other: the first waits out its bound (2 s here)
            # and the cancel (1 s), the others then find the server resting and answer at once.
            assert seconds < 5, seconds
        status, seconds, _, _ = timed("/healthz")
        assert status == 200 and seconds < 5
        status, seconds, body, _ = timed(units)
        assert status == 503 and seconds < 5, body
    finally:
        for pid in frozen:
            os_module.kill(pid, signal.SIGCONT)
    _until(lambda: anonymous("GET", units)[0] == 200, "the API to serve again after the database woke up")
    assert _workers(clusters.server) == workers, "a worker was killed and replaced"
