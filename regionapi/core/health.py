"""Health and outage: `/healthz` (the process answers), `/readyz` (the database, and the shared cache if one is
configured, answer), how an outage is recognised (its 503 with `Retry-After` is an error answer:
regionapi/core/errors.py), and one log line per kind of failure per interval instead of a traceback per request.

Both endpoints are plain Django views: no throttling, no authentication, not in the API schema. A load balancer
polls them.
"""

import logging
import sys
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import InterfaceError, OperationalError
from django.http import JsonResponse

logger = logging.getLogger(__name__)

# Errors that mean "the database cannot be reached now", as opposed to a bug.
OUTAGE_ERRORS = (OperationalError, InterfaceError)


def outage_in_progress() -> bool:
    """Whether the exception being handled (in a 500 handler) is the database being unreachable."""
    return isinstance(sys.exc_info()[1], OUTAGE_ERRORS)


def healthz(request):
    """The process is alive and serving (no database, no cache)."""
    return JsonResponse({"status": "ok"})


def readyz(request):
    """Ready for traffic: the database answers and, if one is configured, the shared cache too; 503 otherwise."""
    checks = {"database": _database_ready()}
    cache = caches["default"]
    if not cache.__class__.__module__.startswith("django.core.cache.backends.locmem"):
        checks["cache"] = _cache_ready(cache)
    ready = all(state == "ok" for state in checks.values())
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
    if not ready:
        response["Retry-After"] = str(settings.API_RETRY_AFTER_SECONDS)
        # A load balancer polls every few seconds: one line per interval says it, not one per poll.
        response._has_been_logged = True  # Django's own "Service Unavailable: /readyz" line per request
        _log_not_ready(checks)
    return response


_not_ready_logged = {"at": None}
_not_ready_lock = threading.Lock()


def _log_not_ready(checks: dict) -> None:
    now = time.monotonic()
    interval = getattr(settings, "OUTAGE_LOG_INTERVAL_SECONDS", 60)
    with _not_ready_lock:
        last = _not_ready_logged["at"]
        if last is not None and now - last < interval:
            return
        _not_ready_logged["at"] = now
    failing = ", ".join(name for name, state in checks.items() if state != "ok")
    logger.warning("/readyz: not ready (%s unreachable); more muted for %s s", failing, interval)


def require_configured_cache() -> None:
    """At server start-up: a shared cache that is configured (CACHE_URL) but does not answer is a configuration
    error, reported at once in one clear line, rather than found request by request. (At run time a cache that goes
    away is tolerated: the database answers; see regionapi/core/dataversion.py.)"""
    from django.core.exceptions import ImproperlyConfigured

    cache = caches["default"]
    if cache.__class__.__module__.startswith(("django.core.cache.backends.locmem", "django.core.cache.backends.dummy")):
        return
    if _cache_ready(cache) != "ok":
        raise ImproperlyConfigured(
            f"CACHE_URL names a cache that does not answer ({cache.__class__.__name__}): start it, correct "
            "CACHE_URL, or unset it to use per-process memory."
        )


def _database_ready() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except OUTAGE_ERRORS:
        connection.close_if_unusable_or_obsolete()
        return "unreachable"


def _cache_ready(cache) -> str:
    try:
        cache.get("regionapi-readyz")
        return "ok"
    except Exception:
        return "unreachable"


class OutageLogFilter(logging.Filter):
    """Logs one line per kind of database outage per interval (settings.OUTAGE_LOG_INTERVAL_SECONDS), without the
    traceback; the other failures of that kind in the interval are dropped. Everything else passes untouched."""

    def __init__(self, name: str = ""):
        super().__init__(name)
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if not isinstance(error, OUTAGE_ERRORS):
            return True
        kind = type(error).__name__
        now = time.monotonic()
        interval = getattr(settings, "OUTAGE_LOG_INTERVAL_SECONDS", 60)
        with self._lock:
            if now - self._last.get(kind, -interval) < interval:
                return False
            self._last[kind] = now
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else kind
        record.msg = f"{record.getMessage()}: database unreachable ({kind}: {first_line}); more muted for {interval} s"
        record.args = ()
        record.exc_info = None
        record.exc_text = None
        return True
