"""The feed's tables (every historical table, under its resource) and the SQL that reads a page of changes after a
position, with the fields each change touched."""

import zlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from regionapi.core.diffs import DERIVED_COLUMNS
from regionapi.core.feed.cursor import Position
from regionapi.core.translation import translated_columns

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
