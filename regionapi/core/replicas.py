"""Reads from PostgreSQL read replicas, writes to the primary, and reads from the primary wherever a reader must
see a write: for the rest of a request that wrote (or may write: every unsafe method), for the same client during
a few seconds after it wrote (a signed cookie), in the admin (an editor sees what they saved), and outside any
request (management commands, imports, the shell).

Settings: `DATABASE_REPLICAS`, the aliases in `DATABASES` that are streaming replicas of `default` (settings.py makes
them from `DATABASE_REPLICA_URLS`); `DATABASE_REPLICA_STICKY_SECONDS`, how long a client that wrote reads the
primary. With no replicas, every read and write goes to `default` and nothing here does anything.

A replica that cannot be reached is left alone for `RETRY_SECONDS` and its reads go to another replica or to the
primary: a replica down costs availability nothing, only load on the primary.
"""

import logging
import random
import time
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.urls import NoReverseMatch, reverse

logger = logging.getLogger(__name__)

# The signed cookie that sends a client that has just written to the primary (its value says nothing: its
# signature's timestamp is what counts).
STICKY_COOKIE = "primary_reads"
STICKY_SALT = "regionapi.core.replicas"
# How long a replica that refused a connection is skipped before it is tried again.
RETRY_SECONDS = 10.0
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@dataclass
class RequestReads:
    """Where the reads of the request being served go, and whether it wrote."""

    alias: str
    wrote: bool = False
    connected: bool = False  # the replica answered a connection in this request (checked at the first read)


# Set per request by ReplicaMiddleware; None outside a request, where reads go where Django would send them.
_request_reads: ContextVar[RequestReads | None] = ContextVar("regionapi_request_reads", default=None)
# alias -> time.monotonic() until which the replica is skipped.
_down_until: dict[str, float] = {}


def replica_aliases() -> list[str]:
    """The aliases of the read replicas, in settings order."""
    return list(getattr(settings, "DATABASE_REPLICAS", ()))


def replica_available(*, tried: frozenset[str] = frozenset()) -> str | None:
    """A replica not known to be down (nor `tried` already), chosen at random so that processes spread their
    reads, or None."""
    now = time.monotonic()
    up = [alias for alias in replica_aliases() if alias not in tried and _down_until.get(alias, 0.0) <= now]
    return random.choice(up) if up else None


def replica_reachable(alias: str) -> bool:
    """Connect to a replica (a no-op when the connection is open); False, and the replica skipped for a while, when
    it does not answer."""
    connection = connections[alias]
    try:
        # A persistent connection (conn_max_age) to a replica that has since gone is found out here, not by a
        # query of the view's: settings.py turns CONN_HEALTH_CHECKS on for replicas.
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as error:
        _down_until[alias] = time.monotonic() + RETRY_SECONDS
        logger.warning("Read replica %s unreachable, reading from the primary for %ss: %s", alias, RETRY_SECONDS, error)
        return False
    return True


class ReplicaRouter:
    """Writes and migrations on the primary; reads where the current request's ReplicaMiddleware sends them."""

    def db_for_read(self, model, **hints):
        reads = _request_reads.get()
        if reads is None:
            return None  # outside a request: Django's default (the instance's database, else the primary)
        tried = frozenset()
        while reads.alias != DEFAULT_DB_ALIAS and not reads.connected:
            if replica_reachable(reads.alias):
                reads.connected = True
            else:
                tried |= {reads.alias}
                reads.alias = replica_available(tried=tried) or DEFAULT_DB_ALIAS
        return reads.alias

    def db_for_write(self, model, **hints):
        reads = _request_reads.get()
        if reads is not None:
            # The rest of this request reads what it wrote, and so does the client's next few requests.
            reads.alias = DEFAULT_DB_ALIAS
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias is the same database

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # replicas replay the primary's schema


class ReplicaMiddleware:
    """Chooses where a request reads: a replica for a safe method, the primary for an unsafe one, in the admin and
    for a client that wrote in the last DATABASE_REPLICA_STICKY_SECONDS; after a request that wrote, sets the
    cookie that keeps its client on the primary for that long."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases():
            return self.get_response(request)
        reads = RequestReads(alias=self.reads_from(request))
        token = _request_reads.set(reads)
        try:
            response = self.get_response(request)
        finally:
            _request_reads.reset(token)
        if reads.wrote:
            response.set_signed_cookie(
                STICKY_COOKIE,
                "1",
                salt=STICKY_SALT,
                max_age=settings.DATABASE_REPLICA_STICKY_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response

    def reads_from(self, request) -> str:
        """The alias this request reads from until it writes."""
        if request.method not in SAFE_METHODS or self.in_admin(request) or self.sticky(request):
            return DEFAULT_DB_ALIAS
        return replica_available() or DEFAULT_DB_ALIAS

    @staticmethod
    def sticky(request) -> bool:
        """The client wrote less than DATABASE_REPLICA_STICKY_SECONDS ago (a forged or expired cookie does not
        count)."""
        return (
            request.get_signed_cookie(
                STICKY_COOKIE, default=None, salt=STICKY_SALT, max_age=settings.DATABASE_REPLICA_STICKY_SECONDS
            )
            is not None
        )

    @staticmethod
    def in_admin(request) -> bool:
        try:
            return request.path_info.startswith(reverse("admin:index"))
        except NoReverseMatch:
            return False
