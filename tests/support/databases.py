"""The worker's test database as it stood at known points, kept and put back whole (SQLite only).

On SQLite each test worker's database lives in memory, and SQLite's online backup copies a whole database in
milliseconds. So what took seconds is made once per worker and copied after that:
- `migrate` and `load_seed_data` (about 12 s): a server's own database file is a copy of the worker's seeded one
  (`server_database`), with a staff token, instead of a process that migrates and seeds again;
- the shipped package's import (5-8 s): imported once per worker and put back for each module that asks for it
  (`shipped_state`, the `shipped` fixture in tests/conftest.py).

On PostgreSQL there is none of this (`available()` is false): a server's database is made by `migrate` and
`load_seed_data` and the package is imported in a transaction rolled back at the module's end, as before.
"""

import secrets
import sqlite3
from contextlib import closing
from pathlib import Path

from django.db import connection

SEEDED, SHIPPED, SERVED = "seeded", "shipped", "served"
WRITER = "writer"

_kept: dict[str, sqlite3.Connection] = {}
_shipped_report = None
_served_token: str | None = None


def available() -> bool:
    return connection.vendor == "sqlite"


def keep(name: str) -> None:
    """Copy the worker's database as it is now, under `name`."""
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    connection.ensure_connection()
    connection.connection.backup(copy)
    _kept.setdefault(name, copy)


def put_back(name: str) -> None:
    """Make the worker's database what it was when `name` was kept: every table, row and sequence. Only between
    transactions (a module-scoped fixture's setup or teardown), never inside a test's."""
    if connection.in_atomic_block:
        raise RuntimeError(f"the database cannot be put back to {name!r} inside a transaction")
    connection.ensure_connection()
    _kept[name].backup(connection.connection)


def write_file(name: str, path: Path) -> Path:
    with closing(sqlite3.connect(path)) as target:
        _kept[name].backup(target)
    return path


def seeded_file(path: Path) -> Path:
    """A database file as `migrate` and `load_seed_data` leave it (`make run` before its imports)."""
    return write_file(SEEDED, path)


def server_database(path: Path) -> str:
    """A database file for a server, as `seeded_file` plus a superuser `writer` with a token; the token's key.

    The user has no usable password: the servers' tests write with the token. Made once per worker (the user and
    token are made in the worker's database, kept, and the seeded state put back) and copied after that."""
    global _served_token
    if _served_token is None:
        from django.contrib.auth.models import User
        from rest_framework.authtoken.models import Token

        user = User.objects.create_superuser(WRITER, "writer@example.kz", None)
        _served_token = Token.objects.create(user=user, key=secrets.token_hex(20)).key
        keep(SERVED)
        put_back(SEEDED)
    write_file(SERVED, path)
    return _served_token


def shipped_state(import_package):
    """Put the worker's database in the state after `import_package()` (the shipped package's import, committed on
    the seed) and return that import's report: imported the first time, put back from the kept copy after that.
    `put_back(SEEDED)` ends it."""
    global _shipped_report
    if _shipped_report is None:
        _shipped_report = import_package()
        keep(SHIPPED)
    else:
        put_back(SHIPPED)
    return _shipped_report
