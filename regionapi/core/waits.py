"""Bounded waits on the database: a request never waits on it for long, whatever state the server is in.

**PostgreSQL that hangs.** A server that refuses connections is noticed at once (regionapi/core/health.py turns
that into a 503). A server that hangs is not: frozen, overloaded, or behind a network that drops packets, its
kernel still accepts connections and acknowledges TCP, so keepalives succeed; it cannot enforce its own
`statement_timeout`; and with kept connections (`conn_max_age`, the production recipe) `connect_timeout` never
runs. The deadline must therefore be the client's own, on each wait for the server, independent of its answering.
During a request (`BoundedWaitsMiddleware`), each wait of psycopg for the server (a query's round trip, a
connection's start-up) ends after `DATABASE_WAIT_SECONDS`; the connection, in an unknown state, is closed, and
the request gets the outage's 503 with `Retry-After`. The query is cancelled: a server that is alive stops it (it
was only slow); one that does not answer the cancel within a second hangs, and for the next
`DATABASE_WAIT_SECONDS` this process does not ask it again (it answers 503 at once rather than tying up another
worker for the whole wait); then the next request tries it again. A streaming answer (a CSV export reads its rows
while it is sent) is bounded the same way. Django's connection `pool` option is not bounded (psycopg_pool makes its
own connections): the production recipe keeps connections with `conn_max_age` instead. Management commands (imports, migrations) run no request and wait as long as their
statements take.

**SQLite, two writers.** The embedded database has one writer at a time. Every request runs in a transaction
(ATOMIC_REQUESTS); a write request takes the write lock when its transaction begins (`BEGIN IMMEDIATE`), waiting
its turn up to the busy timeout, instead of reading first and failing at once when it tries to write after
another writer (SQLite's deadlock rule for two deferred transactions). Reads begin deferred and, in WAL mode,
never wait for a writer. See regionapi/core/backends/.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import FileResponse

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@dataclass
class Bounds:
    """A request's bounds on its database waits."""

    limit: float | None  # seconds one wait may take; None: no bound
    writing: bool  # the request writes: its SQLite transaction takes the write lock at once
    gave_up: bool = False  # a wait of this request ran out: it ends in a 503, so it waits for nothing more


# The current request's bounds; None outside requests (commands wait as long as their statements take).
bounds: ContextVar[Bounds | None] = ContextVar("regionapi_database_bounds", default=None)

# (host, port) -> monotonic time until which a server that hung is not asked again by this process.
_resting: dict[tuple[str, str], float] = {}


def limit() -> float | None:
    """Seconds the next wait may take: None without a bound, 0 when this request already gave up on a wait or the
    server hung a moment ago (the caller fails at once)."""
    current = bounds.get()
    if current is None or not current.limit:
        return None
    return 0.0 if current.gave_up else current.limit


def hung(server: tuple[str, str]) -> None:
    """A wait on `server` ran out: this request waits for nothing more, and this process leaves the server alone
    for as long as one wait may take."""
    current = bounds.get()
    if current is not None and current.limit:
        current.gave_up = True
        _resting[server] = time.monotonic() + current.limit


def resting(server: tuple[str, str]) -> bool:
    """Whether `server` hung a moment ago and is not to be asked yet."""
    until = _resting.get(server)
    if until is None:
        return False
    if time.monotonic() >= until:
        _resting.pop(server, None)
        return False
    return True


def writing() -> bool | None:
    """Whether the current request writes; None outside requests."""
    current = bounds.get()
    return None if current is None else current.writing


def gave_up() -> None:
    """A wait of this request ran out on a server that is alive (it stopped the query when asked): this request ends
    in a 503 and waits for nothing more, and the server is not left alone."""
    current = bounds.get()
    if current is not None:
        current.gave_up = True


@contextmanager
def under(current: Bounds):
    token = bounds.set(current)
    try:
        yield current
    finally:
        bounds.reset(token)


def _streamed_under(current: Bounds, content):
    """A streaming answer's chunks, each made under the request's bounds: a CSV export reads its rows while it is
    sent, after the middleware has returned."""
    chunks = iter(content)
    while True:
        with under(current):
            try:
                chunk = next(chunks)
            except StopIteration:
                return
        yield chunk


class BoundedWaitsMiddleware:
    """Sets the request's bounds on its database waits (and whether it writes) for everything after it, the
    streaming of its answer included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        current = Bounds(limit=settings.DATABASE_WAIT_SECONDS or None, writing=request.method not in SAFE_METHODS)
        with under(current):
            response = self.get_response(request)
        if response.streaming and not isinstance(response, FileResponse):  # a file's bytes need no database
            response.streaming_content = _streamed_under(current, response.streaming_content)
        return response
