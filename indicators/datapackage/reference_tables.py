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

from dataclasses import dataclass
from decimal import Decimal

from indicators.datapackage.format import cell_text, indicator_columns, source_columns
from indicators.models import (
    Enterprise,
    EnterpriseRole,
    Indicator,
    Locality,
    Product,
    Region,
    Sector,
    Source,
    Unit,
)
from indicators.services import FieldDifference, RecordOutcome
from regionapi.core.translation import translated_columns

BOOKKEEPING = {"id", "created_at", "updated_at", "search_text"}


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
        key = cell_text(text).strip()
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
    for model_field in model_fields(table.model):
        if model_field.name in translated:
            columns += translated[model_field.name]
        elif model_field.name not in languages and model_field.name != table.key:
            columns.append(model_field.name)
    # Which of the texts are transliterations: last, after the texts, as in the sources and indicators tables.
    return sorted(columns, key=lambda column: column == "transliterated")


def model_fields(model) -> list:
    return [
        model_field
        for model_field in model._meta.get_fields()
        if (model_field.concrete or model_field.many_to_many)
        and not model_field.auto_created
        and model_field.name not in BOOKKEEPING
    ]


def column_field(model, column: str):
    """The model field a column is (`name_kk` is a field of its own, beside `name`)."""
    return model._meta.get_field(column)


def column_value(instance, column: str):
    """A column of a record as the table writes it: a relation by the related record's key, a list as a list."""
    model_field = column_field(type(instance), column)
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


# ---------------------------------------------------------------- compared with the database's

# The outcome of a record another load wrote, which the package describes differently: reported, not written.
KEPT_OTHER_LOAD = "kept-other-load"


def _comparable(value):
    if value in ("", [], None):
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def record_compared(table: Table, current, instance, columns: list[str], *, many: dict) -> RecordOutcome:
    """A record another load wrote, against the package's description of it: each of `columns` (those the package
    gives) that differs. `many`: the package's many-to-many values, by (table name, key) and column."""
    key = getattr(current, table.key)
    outcome = RecordOutcome(model=table.model._meta.label, key=[key], outcome="unchanged")
    described = many.get((table.name, key), {})
    for column in columns:
        model_field = column_field(table.model, column)
        if model_field.many_to_many:
            mine = sorted(
                getattr(record, BY_MODEL[model_field.related_model].key) for record in described.get(column, [])
            )
        else:
            mine = column_value(instance, column)
        database = column_value(current, column)
        if _comparable(database) != _comparable(mine):
            outcome.differences.append(FieldDifference(column, _comparable(database), _comparable(mine)))
    if outcome.differences:
        outcome.outcome = KEPT_OTHER_LOAD
    return outcome
