"""A real server for tests that need one: gunicorn on 127.0.0.1 (a free port) over a database of its own, made and
dropped here, of the vendor the test run uses (a SQLite file, or a PostgreSQL database beside the test database).
It can be stopped and started again over the same database, as a deployment restarts. Waits are bounded."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection

from tests.support import databases

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "baq-kz-2025-09-05-karaganda-industry"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(method: str, url: str, *, token: str | None = None, body: dict | None = None):
    """(status, body bytes, headers) of one request; JSON in and out."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Accept": "application/json"})
    if token:
        request.add_header("Authorization", f"Token {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers


class LiveServer:
    """gunicorn over a migrated and seeded database of its own, with a staff token (`token`): on SQLite a copy of the
    worker's seeded database (tests/support/databases.py), elsewhere one made by `migrate` and `load_seed_data`."""

    def __init__(self, name: str, folder: Path, *, workers: int = 2, threads: int = 4):
        self.folder, self.workers, self.threads = folder, workers, threads
        self.vendor = connection.vendor
        self.process = None
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.api = f"{self.base}/api/v1"
        if self.vendor == "postgresql":
            settings = connection.settings_dict
            self.credentials = {
                "host": settings["HOST"] or "127.0.0.1",
                "port": settings["PORT"] or 5432,
                "user": settings["USER"],
                "password": settings["PASSWORD"] or None,
            }
            self.database = f"regionapi_{name}_{os.getpid()}"
            password = f":{self.credentials['password']}" if self.credentials["password"] else ""
            url = (
                f"postgres://{self.credentials['user']}{password}@{self.credentials['host']}:"
                f"{self.credentials['port']}/{self.database}"
            )
        else:
            url = f"sqlite:///{folder / 'db.sqlite3'}"
        self.env = {
            **{
                key: value
                for key, value in os.environ.items()
                if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "API_"))
            },
            "DATABASE_URL": url,
            "DJANGO_DEBUG": "1",
            "DJANGO_ENV_FILE": "",  # no .env, as every test (pyproject.toml)
            "API_THROTTLE_ANON": "1000000/hour",
            "API_THROTTLE_USER": "1000000/hour",
            "API_DOWNLOAD_DIR": str(folder / "downloads"),
        }

    def manage(self, *command: str, capture: bool = False) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=600,
            capture_output=capture,
            text=True,
        )
        return result.stdout if capture else ""

    def make(self) -> "LiveServer":
        if databases.available():  # a copy of the worker's seeded database (tests/support/databases.py)
            self.token = databases.server_database(self.folder / "db.sqlite3")
            return self
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(dbname="postgres", autocommit=True, **self.credentials) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{self.database}"')
        # One process migrates, seeds and makes the token: three would start Django three times.
        script = (
            "from django.core.management import call_command; "
            "call_command('migrate', verbosity=0); call_command('load_seed_data', verbosity=0); "
            "from django.contrib.auth.models import User; from rest_framework.authtoken.models import Token; "
            "user = User.objects.create_superuser('writer', 'writer@example.kz', 'a-long-test-password'); "
            "print(Token.objects.create(user=user).key)"
        )
        self.token = self.manage("shell", "-c", script, capture=True).strip().splitlines()[-1]
        return self

    def start(self, *, ready: str = "/api/v1/") -> None:
        """Start gunicorn as the production recipe of docs/operating.md does (its configuration: config/gunicorn.py) and wait
        until `ready` answers 200 (`/healthz` needs no database: a server that was never made)."""
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--config", "python:config.gunicorn"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers), "--threads", str(self.threads)]
        command += ["--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)
        deadline = time.monotonic() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{self.base}{ready}", timeout=5).status == 200:
                    return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise
                time.sleep(0.3)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
            self.process = None

    def drop(self) -> None:
        self.stop()
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(dbname="postgres", autocommit=True, **self.credentials) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def write(self, method: str, path: str, body: dict | None = None):
        """(status, JSON body or None) of a staff write under /api/v1."""
        status, payload, _headers = call(method, f"{self.api}{path}", token=self.token, body=body)
        return status, (json.loads(payload) if payload else None)
