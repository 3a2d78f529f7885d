"""The reference tables of a data package: the sources, units, enterprise roles, regions, localities, sectors,
products, enterprises and indicators that a package brings with its figures, so that it imports into a database that
holds none of them (after `migrate` alone), and that the export carries every record its figures need.

A table is a resource marked `regionapi:table` (`regions`, `units`, ...: TABLES). The indicators table may also be
named by the figure tables themselves: the resource their foreign key on `indicator` points to is the indicators
table, so a package that describes its indicators for any reader (kz-regional-economy) needs no regionapi property.
Columns are the export's (`table_columns`): a record's key (`code` or `slug`), its texts per language (`name_kk`,
`name_ru`, `name_en`; a language a package leaves out stays empty, never filled from another) and its other fields,
a relation by the related record's key. The indicators table also takes the names a package gives them as delivered:
`indicator` for the code, snake_case (`gross_regional_product` is the indicator `gross-regional-product`, as in the
figure rows), and a unit as the package writes it (`million KZT` is the unit `million-kzt`). A unit a package names
that neither the database nor a units table knows is made from the package's own word: its code the slug of the
text, its English name and symbol the text as written (the source's word, not a translation), Kazakh and Russian
empty. An indicator without a source has the source of the first figure table that uses it.

Merging with what the database holds. A package's description of a reference record is written only if the record
is new or was last loaded by the same package (`LoadedRecord.origin`); it then goes through `records_load` like every
record, so an editor's change is kept. A record that another load wrote (the seed, another package), or that an
editor made, is the other load's: the package's description of it is compared column by column and each difference
is reported (outcome `kept-other-load`, naming the column, the database's value and the package's), never written.
So the economy package, which describes `gross_regional_product` with no Kazakh name and another English one, leaves
the seed's names as they are and says how it differs.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.serializers.base import DeserializedObject
from django.db import models
from django.utils.text import slugify

from indicators.datapackage import (
    LIST_SEPARATOR,
    TABLE_PROPERTY,
    RowProblem,
    _cell,
    _csv_write,
    _date,
    _decimal,
    _list,
    _rows,
    _table_resource,
    _text,
    _unit,
    indicator_columns,
    source_columns,
)
from indicators.models import (
    Enterprise,
    EnterpriseRole,
    Indicator,
    LoadedRecord,
    Locality,
    Product,
    Region,
    Sector,
    Source,
    Unit,
)
from indicators.services import FieldDifference, LoadReport, RecordOutcome, records_load
from regionapi.core.history.recording import Channel
from regionapi.core.translation import translated_columns

# The outcome of a record another load wrote, which the package describes differently: reported, not written.
KEPT_OTHER_LOAD = "kept-other-load"
FLAGS_TABLE = "flags"  # the figures' flags: read with the figures (indicators.datapackage)
BOOKKEEPING = {"id", "created_at", "updated_at", "search_text"}
# A unit made from a package's word has its English name and symbol only: the other languages are empty, not guessed.
NO_TRANSLATION = {"name_kk": "", "name_ru": "", "symbol_kk": "", "symbol_ru": ""}


@dataclass(frozen=True)
class Table:
    """One kind of reference table: the model its rows are, the column that keys them, and its file in the export."""

    name: str
    model: type
    key: str
    title: str

    @property
    def resource(self) -> str:
        return f"regionapi-{self.name}"

    def key_of(self, text) -> str:
        """A key as the table's records store it; indicators: `gross_regional_product` is `gross-regional-product`."""
        key = _text(text).strip()
        return key.replace("_", "-") if self.model is Indicator else key


# In load order: a table's rows refer only to tables above it (and to their own table: parents first).
TABLES = (
    Table("sources", Source, "slug", "Sources of the figures and the reference records"),
    Table("units", Unit, "code", "Units of measure"),
    Table("enterprise-roles", EnterpriseRole, "code", "Roles of enterprises"),
    Table("regions", Region, "code", "Regions, cities of republican significance, the republic and former regions"),
    Table("localities", Locality, "slug", "Localities"),
    Table("sectors", Sector, "code", "Economic activities (OKED / NACE Rev. 2)"),
    Table("products", Product, "slug", "Products the figures are broken down by"),
    Table("enterprises", Enterprise, "slug", "Enterprises the figures are broken down by"),
    Table("indicators", Indicator, "code", "Indicators"),
)
BY_NAME = {table.name: table for table in TABLES}
BY_MODEL = {table.model: table for table in TABLES}


def table_columns(table: Table) -> list[str]:
    """The columns of a reference table: its key, then every field a load writes, a text once per language."""
    if table.model is Source:
        return source_columns()
    if table.model is Indicator:
        return indicator_columns()
    translated = translated_columns(table.model)
    languages = {column for columns in translated.values() for column in columns}
    columns = [table.key]
    for model_field in _fields(table.model):
        if model_field.name in translated:
            columns += translated[model_field.name]
        elif model_field.name not in languages and model_field.name != table.key:
            columns.append(model_field.name)
    # Which of the texts are transliterations: last, after the texts, as in the sources and indicators tables.
    return sorted(columns, key=lambda column: column == "transliterated")


def _fields(model) -> list:
    return [
        model_field
        for model_field in model._meta.get_fields()
        if (model_field.concrete or model_field.many_to_many)
        and not model_field.auto_created
        and model_field.name not in BOOKKEEPING
    ]


def _column_field(model, column: str):
    """The model field a column is (`name_kk` is a field of its own, beside `name`)."""
    return model._meta.get_field(column)


# ---------------------------------------------------------------- read


@dataclass
class PackageReferences:
    """What a package says about reference records, merged with the database (see the module doc)."""

    origin: str
    tables: dict = field(default_factory=dict)  # table name -> resource (the flags table too)
    figure_resources: list = field(default_factory=list)
    # table name -> {key: record}: the package's record where it is written, else the database's
    records: dict = field(default_factory=dict)
    written: dict = field(default_factory=dict)  # table name -> the package's records to load, parents first
    described_sources: dict = field(default_factory=dict)  # the sources table's records by slug
    database_sources: dict = field(default_factory=dict)
    outcomes: list = field(default_factory=list)  # the records another load wrote, compared
    many: dict = field(default_factory=dict)  # (table, key) -> {many-to-many field: [related records]}
    unsourced: list = field(default_factory=list)  # indicators whose source is their first figure table's

    def lookups(self) -> dict:
        """The records figure rows refer to, by key, as `_observation` takes them."""
        return {
            "regions": self.records["regions"],
            "units": self.records["units"],
            "indicators": self.records["indicators"],
            "enterprises": self.records["enterprises"],
            "products": self.records["products"],
        }

    def sources_from_figures(self, observations, problems: list[RowProblem]) -> None:
        """Give each indicator the package left without a source the source of the first figure that uses it."""
        first = {}
        for observation in observations:
            first.setdefault(observation.indicator.code, observation.source)
        for indicator in self.unsourced:
            indicator.source = first.get(indicator.code)
            if indicator.source is None:
                reason = f"indicator {indicator.code!r} names no source and no figure of the package uses it"
                problems.append(RowProblem(self.tables["indicators"].path, None, "source", reason))


def references_read(package, problems: list[RowProblem]) -> PackageReferences:
    """The package's reference tables read and checked (problems appended), and its figure resources."""
    references = PackageReferences(origin=f"datapackage:{package.name}")
    by_indicator_key = _indicator_tables(package)
    for resource in package.resources:
        table = resource.custom.get(TABLE_PROPERTY)
        if table is None and resource.name in by_indicator_key:
            table = "indicators"
        if table is None:
            references.figure_resources.append(resource)
        elif (table in BY_NAME or table == FLAGS_TABLE) and table not in references.tables:
            references.tables[table] = resource
        else:
            names = ", ".join(repr(name) for name in (*BY_NAME, FLAGS_TABLE))
            reason = f"{TABLE_PROPERTY} {table!r}: not one of {names}, or twice"
            problems.append(RowProblem(resource.path, None, None, reason))

    labels = [table.model._meta.label for table in TABLES]
    loaded = dict(
        ((model, key), origin)
        for model, key, origin in LoadedRecord.objects.filter(model__in=labels).values_list("model", "key", "origin")
    )
    for table in TABLES:
        related = [f.name for f in _fields(table.model) if f.many_to_one and f.related_model is not table.model]
        records = table.model._base_manager.select_related(*related)  # a figure row reads its indicator's unit
        database = {getattr(record, table.key): record for record in records}
        references.records[table.name] = dict(database)
        references.written.setdefault(table.name, [])
        if table.model is Source:
            references.database_sources = dict(database)
        if table.name not in references.tables:
            continue
        written = _table_read(table, references, problems, database=database, loaded=loaded)
        references.written[table.name] = _parents_first(table, [*references.written[table.name], *written])
    return references


def _indicator_tables(package) -> set[str]:
    """The resources the figure tables' foreign key on `indicator` points to: indicators tables as delivered."""
    names = set()
    for resource in package.resources:
        for key in resource.schema.foreign_keys if resource.schema else []:
            fields = key.get("fields")
            fields = [fields] if isinstance(fields, str) else list(fields or [])
            target = (key.get("reference") or {}).get("resource")
            if fields == ["indicator"] and target and target != resource.name:
                names.add(target)
    return names


def _table_read(table: Table, references: PackageReferences, problems: list, *, database: dict, loaded: dict) -> list:
    """The records of one table the package writes, each checked by the model's own rules, relations resolved by key
    (to the package's record where it writes one, else the database's); the others are compared."""
    resource = references.tables[table.name]
    model = table.model
    present = set(resource.schema.field_names)
    columns = [column for column in table_columns(table) if column != table.key]
    read = []  # (row number, the package's record, its relation cells, whether the package writes it)
    keys = set()
    for number, row in _rows(resource):
        key_cell = row.get(table.key)
        if key_cell in (None, "") and model is Indicator:
            key_cell = row.get("indicator")  # the delivered name of the key column
        key = table.key_of(key_cell)
        values, cells = {table.key: key}, {}
        for column in columns:
            model_field = _column_field(model, column)
            if model_field.is_relation:
                cells[column] = row.get(column)
            else:
                values[column] = _typed(model_field, row.get(column))
        if model is Indicator and not values.get("direction"):
            values["direction"] = model._meta.get_field("direction").default
        if key in keys:
            problems.append(RowProblem(resource.path, number, table.key, f"{table.key} {key!r} twice"))
            continue
        keys.add(key)
        instance = model(**values)
        current = database.get(key)
        instance.pk = current.pk if current is not None else None
        # The rule of the module doc: new, or last loaded by this package.
        mine = current is None or loaded.get((model._meta.label, _key_text(key))) == references.origin
        if mine:
            references.records[table.name][key] = instance
        if model is Source:
            references.described_sources[key] = references.records[table.name][key]
        read.append((number, instance, cells, mine))

    written = []
    for number, instance, cells, mine in read:
        row_problems, resolved = [], []
        key = getattr(instance, table.key)
        for column, cell in cells.items():
            model_field = _column_field(model, column)
            if model_field.many_to_many:
                target_table = BY_MODEL[model_field.related_model]
                items = _list(cell)
                found = [references.records[target_table.name].get(target_table.key_of(item)) for item in items]
                unknown = [item for item, record in zip(items, found, strict=True) if record is None]
                if unknown:
                    reason = f"unknown {target_table.name}: {', '.join(unknown)}"
                    row_problems.append(RowProblem(resource.path, number, column, reason))
                references.many.setdefault((table.name, key), {})[column] = [r for r in found if r is not None]
                continue
            target, reason = _related(model, column, cell, references, instance if mine else None)
            if reason:
                row_problems.append(RowProblem(resource.path, number, column, reason))
            elif target is instance:
                row_problems.append(RowProblem(resource.path, number, column, "a record cannot refer to itself"))
            elif target is not None:
                setattr(instance, column, target)
                resolved.append(column)
        if mine:
            row_problems += _model_problems(
                instance, file=resource.path, number=number, exclude=list(cells), resolved=resolved
            )
            if not row_problems:
                written.append(instance)
        elif not row_problems:
            compared = [column for column in table_columns(table) if column in present or column == table.key]
            references.outcomes.append(_compared(table, database[key], instance, references, compared))
        problems.extend(row_problems)
    return written


def _related(model, column: str, cell, references: PackageReferences, instance) -> tuple:
    """The record a relation cell names (this package's, or the database's), and why not when there is none."""
    model_field = _column_field(model, column)
    target_table = BY_MODEL[model_field.related_model]
    text = _text(cell).strip()
    if not text:
        if model is Indicator and column == "source":
            if instance is not None:
                references.unsourced.append(instance)
            return None, ""
        return None, "" if model_field.null else f"no {column} given"
    known = references.records[target_table.name]
    if target_table.model is Unit:
        unit = _unit(known, text)
        if unit is None:  # the package's own word for a unit nobody describes: made from it (see module doc)
            unit = Unit(code=slugify(text)[:30], name_en=text, symbol_en=text, **NO_TRANSLATION)
            if not unit.code:
                return None, f"unknown unit {text!r}"
            known[unit.code] = unit
            references.written["units"].append(unit)
        return unit, ""
    target = known.get(target_table.key_of(text))
    return target, "" if target is not None else f"unknown {target_table.name} key {text!r}"


def _typed(model_field, cell):
    """A cell as the model field stores it (a package may type its columns or leave every one a string)."""
    if isinstance(model_field, models.BooleanField):
        return cell is True or _text(cell).strip().lower() in {"true", "yes", "1"}
    if isinstance(model_field, models.IntegerField):
        text = _text(cell).strip()
        return int(Decimal(text)) if text else None
    if isinstance(model_field, models.DecimalField):
        return _decimal(cell)
    if isinstance(model_field, models.DateField):
        return _date(cell)
    if isinstance(model_field, models.JSONField):
        return _list(cell)
    return _text(cell)


def _model_problems(instance, *, file: str, number: int, exclude: list[str], resolved: list[str]) -> list[RowProblem]:
    """The model's own rules for a record of a reference table. Its relations are checked by key: a rule of clean()
    about a relation the row gives (a division's parent section) reads the related record's database key, which a
    record of the package has only once it is written, so it is the load's to check."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        return [
            RowProblem(file, number, name, " ".join(messages))
            for name, messages in exc.message_dict.items()
            if name not in resolved
        ]
    return []


def _parents_first(table: Table, instances: list) -> list:
    """The records in an order where one that refers to another of its table (formed_from, parent, per_capita_of)
    comes after it."""
    own = [f for f in _fields(table.model) if f.many_to_one and f.related_model is table.model]
    if not own:
        return instances
    ordered, rest = [], list(instances)
    while rest:
        ready = [
            instance
            for instance in rest
            if not any(f.is_cached(instance) and f.get_cached_value(instance) in rest for f in own)
        ] or rest[:1]  # a cycle: the database's constraints refuse it when it is written
        for instance in ready:
            ordered.append(instance)
            rest.remove(instance)
    return ordered


# ---------------------------------------------------------------- merge and load


def _key_text(key) -> str:
    return json.dumps([key], ensure_ascii=False, default=str)


def _value(instance, column: str):
    """A column of a record as the table writes it: a relation by the related record's key, a list as a list."""
    model_field = _column_field(type(instance), column)
    if model_field.many_to_many:
        if instance.pk is None:
            return []
        target = BY_MODEL[model_field.related_model]
        return sorted(getattr(related, target.key) for related in getattr(instance, column).all())
    if model_field.is_relation:
        if model_field.is_cached(instance):
            related = model_field.get_cached_value(instance)
        else:
            related = getattr(instance, column) if getattr(instance, model_field.attname) is not None else None
        return getattr(related, BY_MODEL[model_field.related_model].key) if related is not None else None
    return getattr(instance, column)


def _comparable(value):
    if value in ("", [], None):
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _compared(table: Table, current, instance, references: PackageReferences, columns: list[str]) -> RecordOutcome:
    """A record another load wrote, against the package's description of it: each of `columns` (those the package
    gives) that differs."""
    key = getattr(current, table.key)
    outcome = RecordOutcome(model=table.model._meta.label, key=[key], outcome="unchanged")
    described = references.many.get((table.name, key), {})
    for column in columns:
        model_field = _column_field(table.model, column)
        if model_field.many_to_many:
            mine = sorted(
                getattr(record, BY_MODEL[model_field.related_model].key) for record in described.get(column, [])
            )
        else:
            mine = _value(instance, column)
        database = _value(current, column)
        if _comparable(database) != _comparable(mine):
            outcome.differences.append(FieldDifference(column, _comparable(database), _comparable(mine)))
    if outcome.differences:
        outcome.outcome = KEPT_OTHER_LOAD
    return outcome


def sources_split(references: PackageReferences, sources: list[Source]) -> list[Source]:
    """Of the package's sources (its sources table's and those made for its figure tables), the ones it writes; the
    others are compared (see the module doc)."""
    table = BY_NAME["sources"]
    loaded = dict(
        LoadedRecord.objects.filter(model=Source._meta.label, key__in=[_key_text(s.slug) for s in sources]).values_list(
            "key", "origin"
        )
    )
    database = references.database_sources
    written, seen = [], set()
    for source in sources:
        if source.slug in seen:
            continue
        seen.add(source.slug)
        current = database.get(source.slug)
        if current is None or loaded.get(_key_text(source.slug)) == references.origin:
            written.append(source)
        else:
            current = Source._base_manager.get(pk=current.pk)
            references.outcomes.append(_compared(table, current, source, references, source_columns()))
    return written


def references_load(
    references: PackageReferences, sources: list[Source], *, restore: bool, channel: str = Channel.IMPORT
) -> LoadReport:
    """Write the package's reference records that it may write (`records_load`: an editor's change is kept), parents
    before the records that refer to them; the report lists the others, compared."""
    written = {**references.written, "sources": sources_split(references, sources)}

    def records():
        for table in TABLES:
            for instance in written.get(table.name, []):
                for model_field in _fields(table.model):
                    if model_field.many_to_one and model_field.is_cached(instance):
                        # the related record is saved by now: re-assigning takes its key
                        setattr(instance, model_field.name, model_field.get_cached_value(instance))
                many = references.many.get((table.name, getattr(instance, table.key)), {})
                yield DeserializedObject(
                    instance, m2m_data={name: [record.pk for record in related] for name, related in many.items()}
                )

    report = records_load(records(), origin=references.origin, restore=restore, channel=channel)
    report.records += references.outcomes
    return report


# ---------------------------------------------------------------- export


def reference_tables_write(directory: Path, *, sources: set[str]) -> list[dict]:
    """Write every reference table of the database into `directory` (the sources those records and the figures'
    `sources` cite); returns their resources, with Table Schemas, primary and foreign keys."""
    rows = {table.name: list(table.model._base_manager.order_by(table.key)) for table in TABLES}
    cited = set(sources)
    for table in TABLES:
        for instance in rows[table.name]:
            for model_field in _fields(table.model):
                if model_field.many_to_one and model_field.related_model is Source:
                    slug = _value(instance, model_field.name)
                    if slug:
                        cited.add(slug)
    rows["sources"] = [source for source in rows["sources"] if source.slug in cited]
    resources = []
    for table in TABLES:
        columns = table_columns(table)
        _csv_write(
            directory / f"{table.name}.csv",
            columns,
            ([_cell(_value(instance, column)) for column in columns] for instance in rows[table.name]),
        )
        resource = _table_resource(
            table.resource, table.name, table.title, _table_fields(table), table.key, foreign_keys=_foreign_keys(table)
        )
        resources.append(resource)
    return resources


def _table_fields(table: Table) -> list[dict]:
    """The Table Schema of a reference table's columns: types, the choices a column takes, the key required."""
    fields = []
    for column in table_columns(table):
        model_field = _column_field(table.model, column)
        kind = "string"
        if isinstance(model_field, models.BooleanField):
            kind = "boolean"
        elif isinstance(model_field, models.IntegerField):
            kind = "integer"
        elif isinstance(model_field, models.DecimalField):
            kind = "number"
        elif isinstance(model_field, models.DateField):
            kind = "date"
        described = {"name": column, "type": kind}
        constraints = {}
        if model_field.choices and not model_field.is_relation:
            constraints["enum"] = [value for value, _label in model_field.choices]
        if column == table.key or (model_field.many_to_one and not model_field.null):
            constraints["required"] = True
        if constraints:
            described["constraints"] = constraints
        if isinstance(model_field, models.JSONField) or model_field.many_to_many:
            described["description"] = f"A list, its items separated by '{LIST_SEPARATOR}'."
        fields.append(described)
    return fields


def _foreign_keys(table: Table) -> list[dict]:
    keys = []
    for column in table_columns(table):
        model_field = _column_field(table.model, column)
        if not model_field.many_to_one:
            continue
        target = BY_MODEL[model_field.related_model]
        resource = "" if target is table else target.resource  # "" is the table itself (Table Schema)
        keys.append({"fields": column, "reference": {"resource": resource, "fields": target.key}})
    return keys
