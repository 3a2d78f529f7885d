"""The change feed, `GET /api/v1/changes/`: every create, change and delete of every resource in commit order, paged
by an opaque cursor that never skips or repeats a change, whatever writes land between two pages.

**Where the changes come from.** django-simple-history writes a row to a historical table for every save, delete
and many-to-many change of every data model, bulk loads and the seed loader included (regionapi/core/history/recording.py). Each
row carries `data_version`: the number the data version (regionapi/core/dataversion.py) was raised to when the row
was written, in the row's own transaction. A record's part that has no URL of its own (a project's participants and
milestones, a deposit's estimates, an institution's specialties: a history-keeping model with a CASCADE foreign key
to a resource's model) is listed as a change (`~`) of the record it belongs to, naming the field that holds it.

**Why the order is commit order.** Raising the version is an UPDATE of one row, and that row stays locked until
the writing transaction ends (PostgreSQL; SQLite has one writer at a time, from its first write to its commit). A
historical row's number is drawn while its transaction holds that lock, and the lock is held until the transaction
commits (a savepoint rolled back releases it, but takes the rows it covered with it). So while one transaction goes
from a draw to its commit, no other draws: every transaction that committed before it drew smaller numbers, every
one that commits after it draws larger ones. At any moment, then, every row a reader cannot see yet (its transaction
has not committed) has a larger number than every row it can see.

**The cursor** is the position of the last change served: (data version, table, history id), the table being a
fixed number per historical table that orders the rows of one version (one transaction, or one batch of a bulk
load). The next page is what comes after it in that order. A change committed later always lands after every
visible row, so after the cursor: no change is skipped and none is served twice, with no clock involved
(`history_date` can tie, and processes' clocks disagree) and no settle window. A read replica replays commits in
order, so it shows a prefix of the same sequence. `next` is always given: the position of the page's last change,
or the cursor asked with when there is nothing after it, so a client polls the same URL until something changes (an
ETag and a 304 make that cheap, regionapi/core/caching.py). Rows written before the feed existed have data version
0 and come first, table by table.

**The cost of a page** does not grow with the page size: one query reads the page from every table at once (a UNION
of each table's first rows after the cursor, read from its (data_version, history_id) index), then, for the tables
whose changes (`~`) are on the page, one query of those rows and the versions before them, and one per
many-to-many field, to name the changed fields.
"""

import base64
import binascii
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from urllib.parse import quote

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models, router
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from regionapi.core.diffs import DERIVED_COLUMNS
from regionapi.core.errors import ErrorSerializer
from regionapi.core.language import LANGUAGE_PARAMETER
from regionapi.core.pagination import MAX_PAGE_SIZE, StandardPagination
from regionapi.core.schema import RegionapiAutoSchema
from regionapi.core.translation import translated_columns

SINCE = "since"
RESOURCE = "resource"
PAGE_SIZE = "page_size"
PARAMETERS = {SINCE, RESOURCE, PAGE_SIZE, "format", LANGUAGE_PARAMETER}
DEFAULT_PAGE_SIZE = 100


# ---------------------------------------------------------------- positions and cursors


@dataclass(frozen=True)
class Position:
    """A place in the feed: after the change at (version, table, history id). `table` None: after every change of
    `version`, whatever its table (where a download's file leaves off)."""

    version: int
    table: int | None
    history_id: int

    @property
    def cursor(self) -> str:
        """The opaque text a client sends back as `since`."""
        text = f"{self.version}.{'' if self.table is None else self.table}.{self.history_id}"
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


START = Position(-1, None, 0)  # before every change (their versions are 0 or more)
_CURSOR = re.compile(r"[A-Za-z0-9_-]{1,64}")
_POSITION = re.compile(rb"(-1|0|[1-9][0-9]{0,18})\.(|0|[1-9][0-9]{0,9})\.(0|[1-9][0-9]{0,18})")


def after_version(version: int) -> Position:
    """The position after every change the data held at `version`: where a client that has that data goes on."""
    return Position(version, None, 0)


def position_of(cursor: str) -> Position:
    """The position a cursor names; ValueError if it is not one this feed gave."""
    if not _CURSOR.fullmatch(cursor):
        raise ValueError(cursor)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError(cursor) from exc
    match = _POSITION.fullmatch(raw)
    if match is None:
        raise ValueError(cursor)
    version, table, history_id = match.groups()
    return Position(int(version), int(table) if table else None, int(history_id))


# ---------------------------------------------------------------- the tables


@dataclass(frozen=True)
class FeedTable:
    """One historical table and how its rows are listed: under which resource, by which key."""

    history: type[models.Model]
    resource: str
    namespace: str
    basename: str
    lookup_field: str  # the resource's public key, in its URL
    parent: models.ForeignKey | None = None  # for a record's part: its foreign key to the record
    tag: int = 0

    @property
    def part(self) -> str | None:
        """For a record's part, the record's field that holds it (`participants`)."""
        return self.parent.remote_field.get_accessor_name() if self.parent is not None else None

    @property
    def record_model(self) -> type[models.Model]:
        """The model of the records whose changes this table lists."""
        return self.parent.related_model if self.parent is not None else self.history.instance_type

    def compared(self) -> list[models.Field]:
        """The fields whose change a `~` names: the record's own, as the API shows them (one per language of a
        translated text; not the derived and bookkeeping columns)."""
        translated = set(translated_columns(self.history.instance_type))
        return [
            field
            for field in self.history.tracked_fields
            if not field.primary_key and field.attname not in DERIVED_COLUMNS and field.name not in translated
        ]

    def many_to_many(self) -> list[tuple[str, type[models.Model], str]]:
        """(field name, its historical through model, the column of the related record) of each many-to-many field
        the history keeps."""
        found = []
        for field in self.history._history_m2m_fields:
            through = field.remote_field.through
            history = apps.get_model(self.history._meta.app_label, f"Historical{through._meta.object_name}")
            found.append((field.name, history, field.m2m_reverse_name()))
        return found


def _history_of(model) -> type[models.Model] | None:
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, attribute).model if attribute else None


@cache
def feed_tables(routers: tuple) -> list[FeedTable]:
    """Every historical table, for the routers' resources and their parts; a table with history that is neither is
    a configuration error (its changes would be missing from the feed)."""
    resources = {}
    for namespace, router_ in routers:
        for prefix, viewset, basename in router_.registry:
            resources[viewset.queryset.model] = (prefix, namespace, basename, viewset.lookup_field)
    tables = []
    for model in apps.get_models():
        history = _history_of(model)
        if history is None:
            continue
        parent = None
        if model not in resources:
            parents = [
                field
                for field in model._meta.concrete_fields
                if field.many_to_one
                and field.related_model in resources
                and field.remote_field.on_delete is models.CASCADE
            ]
            if len(parents) != 1:
                raise ImproperlyConfigured(
                    f"{model._meta.label} keeps a history but is neither a resource nor the part of exactly one "
                    "(a CASCADE foreign key to a resource's model): the change feed could not list its changes."
                )
            parent = parents[0]
        prefix, namespace, basename, lookup_field = resources[parent.related_model if parent else model]
        # A fixed number per table, the same in every process and database: orders the rows of one data version.
        tag = zlib.crc32(history._meta.db_table.encode()) & 0x7FFFFFFF
        tables.append(FeedTable(history, prefix, namespace, basename, lookup_field, parent, tag))
    if len({table.tag for table in tables}) != len(tables):
        raise ImproperlyConfigured("Two historical tables have the same change feed number: rename one.")
    return sorted(tables, key=lambda table: table.tag)


# ---------------------------------------------------------------- reading a page


@dataclass
class Row:
    """One change as the page query reads it."""

    tag: int
    history_id: int
    data_version: int
    history_date: datetime
    history_type: str
    channel: str
    key: str | None
    previous_id: int | None
    user: str | None

    @property
    def position(self) -> Position:
        return Position(self.data_version, self.tag, self.history_id)


def _branch(table: FeedTable, after: Position, limit: int, connection, *, staff: bool) -> tuple[str, list]:
    """SELECT of one table's first `limit` changes after `after`, in feed order."""
    q = connection.ops.quote_name
    meta = table.history._meta
    history = q(meta.db_table)
    column = lambda name: q(meta.get_field(name).column)  # noqa: E731
    version, history_id, record_id = column("data_version"), column("history_id"), column("id")
    if after.table is None or table.tag < after.table:
        where, params = f"h.{version} > %s", [after.version]
    elif table.tag > after.table:
        where, params = f"h.{version} >= %s", [after.version]
    else:
        where = f"h.{version} >= %s AND (h.{version} > %s OR h.{history_id} > %s)"
        params = [after.version, after.version, after.history_id]
    joins = []
    if table.parent is None:
        key = f"h.{column(table.lookup_field)}"
        # The record's version before a change, to name what changed (only for changes).
        previous = (
            f"CASE WHEN h.{column('history_type')} = '~' THEN (SELECT MAX(o.{history_id}) FROM {history} o "
            f"WHERE o.{record_id} = h.{record_id} AND o.{history_id} < h.{history_id}) END"
        )
    else:
        record = table.parent.related_model
        record_history = _history_of(record)._meta
        record_key = q(record._meta.get_field(table.lookup_field).column)
        link = q(table.parent.column)
        joins.append(f"LEFT JOIN {q(record._meta.db_table)} r ON r.{q(record._meta.pk.column)} = h.{link}")
        # The record's key now, or its last key if it is gone (its own deletion is in the feed too).
        key = (
            f"COALESCE(r.{record_key}, (SELECT rh.{record_key} FROM {q(record_history.db_table)} rh WHERE "
            f"rh.{q(record_history.get_field('id').column)} = h.{link} "
            f"ORDER BY rh.{q(record_history.get_field('history_id').column)} DESC LIMIT 1))"
        )
        previous = "CAST(NULL AS BIGINT)"  # typed: PostgreSQL reads an untyped NULL in a subquery as text
    user = "CAST(NULL AS TEXT)"
    if staff:  # anonymous clients and other users never see who made a change
        user_model = get_user_model()
        user_table = q(user_model._meta.db_table)
        joins.append(f"LEFT JOIN {user_table} u ON u.{q(user_model._meta.pk.column)} = h.{column('history_user')}")
        user = f"u.{q(user_model._meta.get_field(user_model.USERNAME_FIELD).column)}"
    sql = (
        f"SELECT {table.tag} AS tag, h.{history_id} AS history_id, h.{version} AS data_version, "
        f"h.{column('history_date')} AS history_date, h.{column('history_type')} AS history_type, "
        f"h.{column('channel')} AS channel, {key} AS record_key, {previous} AS previous_id, {user} AS username "
        f"FROM {history} h {' '.join(joins)} WHERE {where} ORDER BY h.{version}, h.{history_id} LIMIT %s"
    )
    return sql, [*params, limit]


def _aware(value) -> datetime:
    """A raw datetime as the database gave it (SQLite: text in UTC) as an aware datetime."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return timezone.make_aware(value, UTC) if timezone.is_naive(value) else value


def page_rows(tables: list[FeedTable], after: Position, limit: int, *, staff: bool, using: str) -> list[Row]:
    """The first `limit` changes after `after` across `tables`, in feed order: one query."""
    connection = connections[using]
    parts, params = [], []
    for number, table in enumerate(tables):
        sql, branch_params = _branch(table, after, limit, connection, staff=staff)
        parts.append(f"SELECT * FROM ({sql}) AS b{number}")
        params.extend(branch_params)
    sql = " UNION ALL ".join(parts) + " ORDER BY data_version, tag, history_id LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        found = cursor.fetchall()
    return [
        Row(tag, history_id, version, _aware(date), kind, channel, key, previous, user)
        for tag, history_id, version, date, kind, channel, key, previous, user in found
    ]


@dataclass(frozen=True)
class Changed:
    """What one change (`~`) changed: the fields (None when the record's earlier version is unknown: its history
    starts with this change), and the record's key before it when the change gave it a new one."""

    fields: list[str] | None
    previous_key: str | None = None
    revision: dict | None = None  # {field: {"was": ..., "now": ...}} of the model's `feed_revision_fields`


def changed_fields(table: FeedTable, rows: list[Row], *, using: str) -> dict[int, Changed]:
    """{history id: what the change changed}, for changes (`~`) of one table (ids are this table's own), each against the version before it.
    One query, and one per many-to-many field."""
    ids = {row.history_id for row in rows} | {row.previous_id for row in rows if row.previous_id is not None}
    fields = table.compared()
    key = table.history._meta.get_field(table.lookup_field).attname
    values = {
        row["history_id"]: row
        for row in table.history._base_manager.using(using)
        .filter(history_id__in=ids)
        .values("history_id", key, *(field.attname for field in fields))
    }
    links = {}
    for name, through_history, column in table.many_to_many():
        linked = defaultdict(set)
        for history_id, target in (
            through_history._base_manager.using(using).filter(history_id__in=ids).values_list("history_id", column)
        ):
            linked[history_id].add(target)
        links[name] = linked
    found = {}
    for row in rows:
        new, old = values.get(row.history_id), values.get(row.previous_id)
        if new is None or old is None:
            found[row.history_id] = Changed(None)
            continue
        names = [field.name for field in fields if new[field.attname] != old[field.attname]]
        names += [name for name, linked in links.items() if linked[row.history_id] != linked[row.previous_id]]
        found[row.history_id] = Changed(
            names, old[key] if old[key] != new[key] else None, _revision(table, fields, old, new, names)
        )
    return found


def _revision(table: FeedTable, fields: list[models.Field], old: dict, new: dict, names: list[str]) -> dict | None:
    """The old and new values of the fields a model names in `feed_revision_fields` (a figure's value, status and
    release), when the change changed one of them: a revision read from the feed alone."""
    shown = [field for field in fields if field.name in getattr(table.record_model, "feed_revision_fields", ())]
    if not any(field.name in names for field in shown):
        return None
    return {
        field.name: {"was": _plain(field, old[field.attname]), "now": _plain(field, new[field.attname])}
        for field in shown
    }


def _plain(field: models.Field, value):
    """A value as the API writes it: a decimal as a string with the field's places, a date in ISO 8601."""
    if value is None:
        return None
    if isinstance(field, models.DecimalField):
        return f"{value:.{field.decimal_places}f}"
    return value.isoformat() if hasattr(value, "isoformat") else value


# ---------------------------------------------------------------- the answer


class FeedChangeSerializer(serializers.Serializer):
    """One change of one record."""

    resource = serializers.CharField(help_text="The resource, as named in its URL (`zones`, `observations`).")
    key = serializers.CharField(
        allow_null=True,
        help_text="The record's public key (slug or code) as of this change; for a deletion, its last key. For a "
        "change of a record's part (a project's participant), the record's key.",
    )
    type = serializers.ChoiceField(
        choices=[("+", "created"), ("~", "changed"), ("-", "deleted")],
        help_text="+ created, ~ changed, - deleted. A change of a record's part (a project's participant or "
        "milestone, a deposit's estimate, an institution's specialty), made, changed or deleted, is a ~ of the record.",
    )
    date = serializers.DateTimeField(help_text="When the change was made (not an order: changes come in commit order).")
    channel = serializers.CharField(help_text="Through what: admin, api, import, seed or system.")
    data_version = serializers.IntegerField(
        help_text="The data version the change was written under; a download's `data_version` holds every change up "
        "to its own."
    )
    changed_fields = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="For ~: the fields that changed (a translated text per language, `name_en`; a record's part by the "
        "field that holds it, `participants`). Null for + and -, and when the record's earlier version is unknown.",
    )
    previous_key = serializers.CharField(
        allow_null=True,
        help_text="For a ~ that gave the record a new key (`changed_fields` names its slug or code): the key it had "
        "before, so a copy can drop the record under its old key. Null otherwise.",
    )
    revision = serializers.DictField(
        allow_null=True,
        help_text="For a ~ that changed a figure's value, status or release (a revision, or an editor's correction): "
        'each of them before and after, `{"value": {"was": "8449346.4000", "now": "7711828.2000"}, '
        '"status": {...}, "released_on": {...}}`. Null otherwise.',
    )
    url = serializers.URLField(
        allow_null=True,
        help_text="The record's URL as of this change (a later change may have moved or deleted it); null for a "
        "deletion.",
    )
    user = serializers.CharField(
        allow_null=True, help_text="Who made the change: staff only (a staff user's token or session); null otherwise."
    )


class FeedPageSerializer(serializers.Serializer):
    next = serializers.URLField(
        help_text="Always given: the URL of the changes after this page. With nothing after it, the same position: "
        "poll it (`If-None-Match` gets a 304 while nothing changed)."
    )
    results = FeedChangeSerializer(many=True)


def _detail_urls(request, tables: list[FeedTable]) -> dict[str, tuple[str, str]]:
    """{resource: (URL before the key, URL after it)}: each resource's detail URL reversed once per page."""
    marker = "regionapi-feed-key"
    templates = {}
    for table in tables:
        if table.resource not in templates:
            path = reverse(f"{table.namespace}:{table.basename}-detail", kwargs={table.lookup_field: marker})
            before, after = request.build_absolute_uri(path).split(marker)
            templates[table.resource] = (before, after)
    return templates


def entries(request, tables: list[FeedTable], rows: list[Row], *, using: str) -> list[dict]:
    """The page's changes as the API shows them."""
    by_tag = {table.tag: table for table in tables}
    # History ids are numbered per table, so the same id is a different change in each table: keyed by both.
    changes: dict[tuple[int, int], Changed] = {}
    grouped = defaultdict(list)
    for row in rows:
        if by_tag[row.tag].parent is None and row.history_type == "~":
            grouped[row.tag].append(row)
    for tag, table_rows in grouped.items():
        for history_id, changed in changed_fields(by_tag[tag], table_rows, using=using).items():
            changes[tag, history_id] = changed
    urls = _detail_urls(request, tables)
    found = []
    for row in rows:
        table = by_tag[row.tag]
        kind, changed = row.history_type, Changed(None)
        if table.parent is not None:
            kind, changed = "~", Changed([table.part])
        elif kind == "~":
            changed = changes[row.tag, row.history_id]
        url = None
        if kind != "-" and row.key is not None:
            before, after = urls[table.resource]
            url = before + quote(str(row.key), safe=RFC3986_SUBDELIMS + "/~:@") + after
        found.append(
            {
                "resource": table.resource,
                "key": row.key,
                "type": kind,
                "date": row.history_date,
                "channel": row.channel,
                "data_version": row.data_version,
                "changed_fields": changed.fields,
                "previous_key": changed.previous_key,
                "revision": changed.revision,
                "url": url,
                "user": row.user,
            }
        )
    return found


class ChangesSchema(RegionapiAutoSchema):
    """The feed's operation, with the resources its `resource=` takes, which the URL configuration decides."""

    def get_override_parameters(self):
        resource = OpenApiParameter(
            RESOURCE,
            str,
            many=True,
            enum=self.view.resources(),
            description="Only the changes of this resource (its name in URLs: `zones`, `observations`), its parts "
            "included; repeat the parameter for several. Unknown names are a 400.",
        )
        return [*super().get_override_parameters(), resource]


class ChangesView(APIView):
    """Every create, change and delete of every resource, in commit order: the way to keep a copy of the data up to
    date. Start from a download (`/api/v1/download/`, whose files name the feed URL to go on from) or from the
    beginning (no `since`), then follow `next`, which is always given: with nothing new it is the same URL, to poll.

    The cursor (`since`) is opaque. No change is skipped or served twice, whatever writes land between two pages:
    changes are ordered by the data version each was written under, which is commit order (a change committed later
    always comes after every change already visible). Bulk imports and seed loads are listed too, with their
    channel. Public: who made a change is shown to staff only."""

    routers = ()  # given by the URL configuration: ((namespace, router), ...) of every app
    permission_classes = [permissions.AllowAny]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    http_method_names = ["get", "head", "options"]
    schema = ChangesSchema()

    def tables(self) -> list[FeedTable]:
        return feed_tables(tuple(self.routers))

    def resources(self) -> list[str]:
        return sorted({table.resource for table in self.tables()})

    @extend_schema(
        operation_id="changes_list",
        summary="Changes of every resource, in commit order",
        parameters=[
            OpenApiParameter(
                SINCE,
                str,
                description="Where to go on from: the cursor of a `next` link, or of a download's `changes` link. "
                "Opaque; without it, the feed starts from the first change. A text that is not a cursor is a 400.",
            ),
            OpenApiParameter(
                PAGE_SIZE,
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
                description=f"Changes per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
            ),
        ],
        responses={200: FeedPageSerializer, 400: ErrorSerializer},
    )
    def get(self, request, format=None):
        unknown = sorted(set(request.query_params) - PARAMETERS)
        if unknown:
            message = _("Unknown query parameter. Allowed: %(allowed)s.") % {"allowed": ", ".join(sorted(PARAMETERS))}
            raise exceptions.ValidationError({name: [message] for name in unknown})
        after = START
        if SINCE in request.query_params:
            try:
                after = position_of(request.query_params[SINCE])
            except ValueError:
                raise exceptions.ValidationError(
                    {
                        SINCE: [
                            _(
                                "Not a cursor of this feed: start without it, or use a `next` link or a download's "
                                "`changes` link."
                            )
                        ]
                    }
                ) from None
        wanted = request.query_params.getlist(RESOURCE)
        known = self.resources()
        strange = [name for name in wanted if name not in known]
        if strange:
            message = _("Unknown resource: %(names)s. Give one of: %(allowed)s.") % {
                "names": ", ".join(strange),
                "allowed": ", ".join(known),
            }
            raise exceptions.ValidationError({RESOURCE: [message]})
        pagination = StandardPagination()
        pagination.page_size = DEFAULT_PAGE_SIZE
        limit = pagination.get_page_size(request)
        tables = [table for table in self.tables() if not wanted or table.resource in wanted]
        using = router.db_for_read(tables[0].history)
        rows = page_rows(tables, after, limit, staff=request.user.is_staff, using=using)
        results = entries(request, tables, rows, using=using)
        last = rows[-1].position if rows else after
        next_url = replace_query_param(request.build_absolute_uri(), SINCE, last.cursor)
        return Response(FeedPageSerializer({"next": next_url, "results": results}).data)
