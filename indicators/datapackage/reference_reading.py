"""A package's reference tables read and checked (see indicators.datapackage.reference_tables): each record by the
model's own rules, its relations by key, merged with the records the database holds."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

from indicators.datapackage.format import (
    TABLE_PROPERTY,
    RowProblem,
    cell_date,
    cell_decimal,
    cell_list,
    cell_text,
    resource_rows,
    unit_named,
)
from indicators.datapackage.reference_tables import (
    BY_MODEL,
    BY_NAME,
    TABLES,
    Table,
    column_field,
    model_fields,
    record_compared,
    table_columns,
)
from indicators.models import Indicator, LoadedRecord, Source, Unit
from indicators.services import loaded_key

FLAGS_TABLE = "flags"  # the figures' flags: read with the figures (indicators.datapackage)
# A unit made from a package's word has its English name and symbol only: the other languages are empty, not guessed.
NO_TRANSLATION = {"name_kk": "", "name_ru": "", "symbol_kk": "", "symbol_ru": ""}


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
        related = [f.name for f in model_fields(table.model) if f.many_to_one and f.related_model is not table.model]
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
    present = set(resource.schema.field_names)
    # Every row is read before any relation is resolved: a record may refer to one further down its table.
    read = _rows_read(table, references, problems, database=database, loaded=loaded)
    written = []
    for number, instance, cells, mine in read:
        row_problems, resolved = _relations_resolve(table, references, instance, cells, mine=mine)
        row_problems = [RowProblem(resource.path, number, column, reason) for column, reason in row_problems]
        if mine:
            row_problems += _model_problems(
                instance, file=resource.path, number=number, exclude=list(cells), resolved=resolved
            )
            if not row_problems:
                written.append(instance)
        elif not row_problems:
            key = getattr(instance, table.key)
            compared = [column for column in table_columns(table) if column in present or column == table.key]
            references.outcomes.append(record_compared(table, database[key], instance, compared, many=references.many))
        problems.extend(row_problems)
    return written


def _rows_read(table: Table, references: PackageReferences, problems: list, *, database: dict, loaded: dict) -> list:
    """Each row of a table as (row number, the package's record, its relation cells, whether the package writes it):
    the records it writes stand in for the database's from here on."""
    resource = references.tables[table.name]
    model = table.model
    columns = [column for column in table_columns(table) if column != table.key]
    read, keys = [], set()
    for number, row in resource_rows(resource):
        instance, cells = _row_record(table, row, columns)
        key = getattr(instance, table.key)
        if key in keys:
            problems.append(RowProblem(resource.path, number, table.key, f"{table.key} {key!r} twice"))
            continue
        keys.add(key)
        current = database.get(key)
        instance.pk = current.pk if current is not None else None
        # The rule of the module doc: new, or last loaded by this package.
        mine = current is None or loaded.get((model._meta.label, loaded_key([key]))) == references.origin
        if mine:
            references.records[table.name][key] = instance
        if model is Source:
            references.described_sources[key] = references.records[table.name][key]
        read.append((number, instance, cells, mine))
    return read


def _row_record(table: Table, row: dict, columns: list[str]) -> tuple:
    """A row as a record of its table (its relations not yet set) and the cells that name its related records;
    `columns`: the table's, its key aside."""
    model = table.model
    key_cell = row.get(table.key)
    if key_cell in (None, "") and model is Indicator:
        key_cell = row.get("indicator")  # the delivered name of the key column
    values, cells = {table.key: table.key_of(key_cell)}, {}
    for column in columns:
        model_field = column_field(model, column)
        if model_field.is_relation:
            cells[column] = row.get(column)
        else:
            values[column] = _typed(model_field, row.get(column))
    if model is Indicator and not values.get("direction"):
        values["direction"] = model._meta.get_field("direction").default
    return model(**values), cells


def _relations_resolve(table: Table, references: PackageReferences, instance, cells: dict, *, mine: bool) -> tuple:
    """Set each relation a row names on its record; returns the problems as (column, reason) and the columns set."""
    problems, resolved = [], []
    for column, cell in cells.items():
        if column_field(table.model, column).many_to_many:
            reason = _many_resolve(table, references, instance, column, cell)
        else:
            target, reason = _related(table.model, column, cell, references, instance if mine else None)
            if not reason and target is instance:
                reason = "a record cannot refer to itself"
            elif not reason and target is not None:
                setattr(instance, column, target)
                resolved.append(column)
        if reason:
            problems.append((column, reason))
    return problems, resolved


def _many_resolve(table: Table, references: PackageReferences, instance, column: str, cell) -> str:
    """Keep the records a list cell names (loaded with the record); why not, where one is unknown."""
    target_table = BY_MODEL[column_field(table.model, column).related_model]
    items = cell_list(cell)
    found = [references.records[target_table.name].get(target_table.key_of(item)) for item in items]
    references.many.setdefault((table.name, getattr(instance, table.key)), {})[column] = [
        r for r in found if r is not None
    ]
    unknown = [item for item, record in zip(items, found, strict=True) if record is None]
    return f"unknown {target_table.name}: {', '.join(unknown)}" if unknown else ""


def _related(model, column: str, cell, references: PackageReferences, instance) -> tuple:
    """The record a relation cell names (this package's, or the database's), and why not when there is none."""
    model_field = column_field(model, column)
    target_table = BY_MODEL[model_field.related_model]
    text = cell_text(cell).strip()
    if not text:
        if model is Indicator and column == "source":
            if instance is not None:
                references.unsourced.append(instance)
            return None, ""
        return None, "" if model_field.null else f"no {column} given"
    known = references.records[target_table.name]
    if target_table.model is Unit:
        unit = unit_named(known, text)
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
        return cell is True or cell_text(cell).strip().lower() in {"true", "yes", "1"}
    if isinstance(model_field, models.IntegerField):
        text = cell_text(cell).strip()
        return int(Decimal(text)) if text else None
    if isinstance(model_field, models.DecimalField):
        return cell_decimal(cell)
    if isinstance(model_field, models.DateField):
        return cell_date(cell)
    if isinstance(model_field, models.JSONField):
        return cell_list(cell)
    return cell_text(cell)


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
    own = [f for f in model_fields(table.model) if f.many_to_one and f.related_model is table.model]
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
