"""The data version: one counter, and the time of the last change, that every write to the data raises.

HTTP validators (ETag, Last-Modified) and the shared response cache are derived from it (regionapi/core/caching.py),
so it must change whenever any answer of the API could change, by whatever path the write comes:

- ORM saves, deletes and many-to-many changes of every app send signals: `track_writes()` connects them (the API,
  the admin, imports and the seed loader all write this way);
- `bulk_create`, `QuerySet.update()` and raw SQL send none: code that writes that way calls `bump()` itself;
- `migrate` (a data migration, a deployment) bumps once when it finishes.

The bump is an `UPDATE ... SET version = version + 1` inside the writing transaction, so it commits or rolls back
with the data: a reader that sees the new version sees the new data. On PostgreSQL the row stays locked until the
writing transaction ends, so writers queue on it (SQLite has one writer at a time anyway). API writes
(`DataViewSet.initial`) and loads (`records_load`) bump before they lock any record, so that no two writers each
hold a lock the other waits for.

With a shared cache (Redis, `CACHE_URL=redis://...`) the committed version is published there on commit, and every
server process reads it from there without touching the database. Publishing only ever raises the published
version (a Lua compare-and-set), so two commits published out of order never put an older version back; the
published value expires after `PUBLISHED_TTL` seconds, which bounds how long a process that died between its
commit and its publication can leave the old version in place. The value published last is also kept under
`LAST_KNOWN_KEY`, without expiry: while the database is unreachable, the HTTP cache serves the answers it keeps for
that version (regionapi/core/caching.py) rather than refuse them when the published value has expired.

Without a shared cache (per-process memory, the default), a version cached in one process could be stale after
another process wrote, so the version is read from the database: one query of one row. Correctness never depends on
the cache: a cache error falls back to it.
"""

import logging
from dataclasses import dataclass
from datetime import datetime
from datetime import timezone as dt_timezone

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils import timezone

from regionapi.core.models import DataVersion

logger = logging.getLogger(__name__)

ROW = 1
PUBLISHED_KEY = "regionapi:data-version"
PUBLISHED_TTL = 300
# The value published last, kept without expiry: the version an outage serves kept answers for (never a label).
LAST_KNOWN_KEY = "regionapi:data-version:last-known"
# Writes that no answer of the API shows: sessions (saved on every signed-in admin page), the admin's own log, the
# record of applied migrations, and the version row itself.
IGNORED_MODELS = {
    "sessions.session",
    "admin.logentry",
    "migrations.migration",
    "regionapi_core.dataversion",
    # Sign-in attempts (django-axes): no answer shows them, and failed sign-ins must not empty every cache.
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "axes.accesslog",
    "axes.accessfailurelog",
}

# KEYS[1]: the published version, KEYS[2]: the last known one; ARGV: the version number, the value, the expiry.
# Sets only a higher number; the last known version follows whatever the published one then is.
_SET_IF_NEWER = """
local current = redis.call('GET', KEYS[1])
if current then
    local number = tonumber(string.match(current, '^%d+'))
    if number and number >= tonumber(ARGV[1]) then
        redis.call('SET', KEYS[2], current)
        return 0
    end
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
redis.call('SET', KEYS[2], ARGV[2])
return 1
"""


@dataclass(frozen=True)
class Version:
    """One state of the data: the counter and when it was reached."""

    number: int
    changed_at: datetime

    @property
    def token(self) -> str:
        """The version as text; the time is part of it, so a counter that restarts (an emptied table) never
        repeats an earlier token."""
        return f"{self.number}.{int(self.changed_at.timestamp() * 1_000_000)}"

    @classmethod
    def from_token(cls, token: str) -> "Version":
        number, micros = token.split(".")
        return cls(int(number), datetime.fromtimestamp(int(micros) / 1_000_000, tz=dt_timezone.utc))


class SharedCache:
    """The Redis behind the default cache, spoken to directly: one round trip for the version and a cached
    answer together, and the compare-and-set that publishing needs (Django's cache API has neither)."""

    def __init__(self, cache: RedisCache):
        self.cache = cache

    def key(self, name: str) -> str:
        return self.cache.make_and_validate_key(name)

    def get_many(self, *names: str) -> list[bytes | None]:
        keys = [self.key(name) for name in names]
        return self.cache._cache.get_client(keys[0]).mget(keys)

    def set(self, name: str, value: bytes, timeout: int) -> None:
        key = self.key(name)
        self.cache._cache.get_client(key, write=True).set(key, value, ex=timeout)

    def publish(self, version: Version) -> None:
        key, last_known = self.key(PUBLISHED_KEY), self.key(LAST_KNOWN_KEY)
        client = self.cache._cache.get_client(key, write=True)
        client.eval(_SET_IF_NEWER, 2, key, last_known, version.number, version.token, PUBLISHED_TTL)


def shared_cache() -> SharedCache | None:
    """The shared cache every server process sees (Redis), or None with a per-process one."""
    cache = caches["default"]
    return SharedCache(cache) if isinstance(cache, RedisCache) else None


def database_version(using: str | None = None) -> Version:
    """The committed version, read from the database (one query)."""
    row = (
        DataVersion.objects.using(using or router.db_for_read(DataVersion))
        .filter(pk=ROW)
        .values_list("version", "changed_at")
        .first()
    )
    if row is None:  # an emptied table (manage.py flush): the first write puts the row back
        return Version(0, datetime.fromtimestamp(0, tz=dt_timezone.utc))
    return Version(*row)


def published_version(raw: bytes | None) -> Version | None:
    """The version a shared cache holds, from its stored value."""
    if raw is None:
        return None
    try:
        return Version.from_token(raw.decode())
    except ValueError:
        return None


def current_version(shared: SharedCache | None = None) -> Version:
    """The version answers are labelled with: from the shared cache when there is one, else from the database."""
    if shared is not None:
        try:
            version = published_version(shared.get_many(PUBLISHED_KEY)[0])
        except Exception:  # a cache that is down never fails a request: the database answers
            logger.warning("shared cache unreachable; data version read from the database", exc_info=True)
            return database_version()
        if version is not None:
            return version
    version = database_version()
    if shared is not None:
        publish(version, shared)
    return version


def publish(version: Version, shared: SharedCache) -> None:
    try:
        shared.publish(version)
    except Exception:
        logger.warning("shared cache unreachable; data version not published", exc_info=True)


class _PublishOnCommit:
    """The on_commit callback that publishes the version a transaction committed (one per transaction)."""

    def __init__(self, using: str):
        self.using = using
        self.done = False

    def __call__(self):
        self.done = True
        shared = shared_cache()
        if shared is not None:
            # Read after the commit: this transaction's version or a later one, never an earlier one.
            publish(database_version(self.using), shared)


def bump(using: str | None = None) -> int:
    """Raise the data version inside the current transaction (so it commits or rolls back with the data), publish
    it to the shared cache once the transaction commits, and return the new number.

    One statement (`UPDATE ... RETURNING`): the number a change feed row is stamped with (regionapi/core/history/recording.py)
    costs no query more than the bump itself."""
    using = using or router.db_for_write(DataVersion)
    number = _raise(using)
    if shared_cache() is None:
        return number  # nothing to publish: every process reads the version from the database
    connection = transaction.get_connection(using)
    # One publication per transaction: a pending one is enough (one registered in a savepoint that is rolled back
    # goes with it, as the savepoint's UPDATE does).
    pending = (item[1] for item in connection.run_on_commit)
    if not any(isinstance(callback, _PublishOnCommit) and not callback.done for callback in pending):
        transaction.on_commit(_PublishOnCommit(using), using=using, robust=True)
    return number


def _raise(using: str) -> int:
    """version = version + 1 on the one row (made if missing), returning the new number."""
    connection = connections[using]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    quote = connection.ops.quote_name
    meta = DataVersion._meta
    version, changed_at = (quote(meta.get_field(name).column) for name in ("version", "changed_at"))
    update = (
        f"UPDATE {quote(meta.db_table)} SET {version} = {version} + 1, {changed_at} = %s "
        f"WHERE {quote(meta.pk.column)} = %s"
    )
    returning = connection.features.can_return_columns_from_insert  # SQLite 3.35+, PostgreSQL
    with connection.cursor() as cursor:
        cursor.execute(f"{update} RETURNING {version}" if returning else update, [now, ROW])
        if returning:
            row = cursor.fetchone()
        else:
            row = (database_version(using).number,) if cursor.rowcount else None
    if row is not None:
        return row[0]
    row, created = DataVersion.objects.using(using).get_or_create(
        pk=ROW, defaults={"version": 1, "changed_at": timezone.now()}
    )
    return row.version if created else _raise(using)  # made by another writer meanwhile: raise it


def _ignored(model) -> bool:
    # A migration's historical models (module "__fake__") write before the version table may exist; `migrate` bumps
    # once when it is done instead.
    return model._meta.label_lower in IGNORED_MODELS or model.__module__ == "__fake__"


def _saved(sender, update_fields=None, using=DEFAULT_DB_ALIAS, **kwargs):
    if _ignored(sender):
        return
    if sender._meta.label_lower == settings.AUTH_USER_MODEL.lower() and update_fields == frozenset({"last_login"}):
        return  # a sign-in, which no answer shows
    bump(using)


def _deleted(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if not _ignored(sender):
        bump(using)


def _related(sender, action, using=DEFAULT_DB_ALIAS, **kwargs):
    if action.startswith("post_") and not _ignored(sender):
        bump(using)


def _migrated(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    """After `migrate`: a data migration may have changed anything (and a deployment changed the code)."""
    from django.db import connections

    if DataVersion._meta.db_table in connections[using].introspection.table_names():
        bump(using)


def track_writes(app_config) -> None:
    """Connect the signals that bump the version on every ORM write (from CoreConfig.ready())."""
    post_save.connect(_saved, dispatch_uid="regionapi.dataversion.saved")
    post_delete.connect(_deleted, dispatch_uid="regionapi.dataversion.deleted")
    m2m_changed.connect(_related, dispatch_uid="regionapi.dataversion.related")
    post_migrate.connect(_migrated, sender=app_config, dispatch_uid="regionapi.dataversion.migrated")
