"""The format of a data package as regionapi reads and writes it: the properties and columns it knows, the problems
that refuse a package, and its cells read and written (a text neutralised against spreadsheet formulas, a list, a
date, a number) by one set of rules for both directions. See indicators.datapackage for the format itself."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.text import slugify

from indicators.models import Indicator, Source, Unit
from regionapi.core.export import CSVWriter, spreadsheet_value
from regionapi.core.translation import translated_columns

# The package-level property naming the region that rows with an empty `region_iso` belong to (a former region
# without a code of its own). Without it such rows are refused like any unknown region.
BLANK_REGION_PROPERTY = "regionapi:blank_region"
# A resource property marking a table of reference records rather than figures: "sources", "regions", "units",
# "indicators", ... (indicators.datapackage.reference_tables.TABLES) or "flags".
TABLE_PROPERTY = "regionapi:table"
# A figure resource property: the slug of its source, described by the sources table (or already in the database).
SOURCE_PROPERTY = "regionapi:source"
# A figure resource property: true when the source cumulates within the year from January, so that a figure of
# January-March (or January alone) is year-to-date, not a quarter (or a month). A `frequency` column, where given,
# says it figure by figure instead.
CUMULATIVE_PROPERTY = "regionapi:cumulative"
# A resource (or package) property: when the publisher released the resource's values, {"date": "YYYY-MM-DD",
# "basis": "how that is known"}: the release (vintage) of each value, which orders revisions (figure_values.py).
RELEASED_PROPERTY = "regionapi:released"
# A resource (or package) property naming the publisher of its values; by default the package's first source.
# Two values of one figure from the same publisher are releases of one series; from two, alternatives.
PUBLISHER_PROPERTY = "regionapi:publisher"
# The columns of a flags table (`regionapi:table: flags`): the figure, by its public key (`code`) or by what it is
# about (region_iso, indicator, period_start, period_end, as in the figure tables), and the flag.
FLAG_COLUMNS = ("code", "region_iso", "indicator", "period_start", "period_end", "flag", "asserted_by", "note")
FLAGS_RESOURCE = "figure-flags"
REQUIRED_COLUMNS = ("region_iso", "indicator", "period_start", "period_end", "value", "unit")
# Every column a figure table may have beyond the required ones, as the export writes them (empty = unknown).
OPTIONAL_COLUMNS = (
    "code",
    "frequency",
    "enterprise",
    "product",
    "size_class",
    "qualifier",
    "status",
    "comparison_base",
    "note_kk",
    "note_ru",
    "note_en",
    "quote",
    "inferred",
    "value_note",
)
# Yes-no columns of the indicators table; an empty or missing cell is "no".
BOOLEAN_INDICATOR_COLUMNS = ("headline", "additive")
LIST_SEPARATOR = ";"  # between the items of a list cell (`inferred`, `transliterated`): field names
# A resource property naming how its text cells were kept from being run as spreadsheet formulas, so that an import
# can give back the text as it was. The one rule: the export's (regionapi.core.export.spreadsheet_safe).
FORMULA_ESCAPE_PROPERTY = "regionapi:formula_escape"
FORMULA_ESCAPE = "leading-apostrophe"
FORMULA_ESCAPE_RULE = (
    "A text cell that a spreadsheet would run as a formula (one that starts with =, +, -, @, a tab, a carriage return "
    "or a line feed, after any apostrophes; a plain number such as -12.5 is not one) is written with one more "
    "leading apostrophe ('). Take exactly one leading apostrophe off such a cell to read the text as it was."
)


def _translated(model, name: str) -> list[str]:
    return translated_columns(model)[name]


def source_columns() -> list[str]:
    """The columns of the sources table: every field of a Source that a load writes."""
    return [
        "slug",
        *_translated(Source, "title"),
        "kind",
        "publisher",
        "url",
        "published_on",
        "published_on_basis",
        "trust_level",
        "language",
        "reference",
        "licence",
        *_translated(Source, "description"),
        "transliterated",
    ]


def indicator_columns() -> list[str]:
    """The columns of the indicators table: every field of an Indicator that a load writes."""
    return [
        "code",
        *_translated(Indicator, "name"),
        *_translated(Indicator, "description"),
        "unit",
        "headline",
        "additive",
        "direction",
        "per_capita_of",
        "source",
        "transliterated",
    ]


@dataclass(frozen=True)
class RowProblem:
    """Why one row (or a whole resource) cannot be imported."""

    file: str
    row: int | None
    field: str | None
    reason: str

    def __str__(self):
        where = (
            self.file
            + (f", row {self.row}" if self.row is not None else "")
            + (f", field {self.field}" if self.field else "")
        )
        return f"{where}: {self.reason}"


class PackageInvalid(Exception):
    """The package was refused; nothing was written. `problems` names each file, row, field and reason."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems[:50]))


# ---------------------------------------------------------------- cells read


def resource_rows(resource) -> Iterator[tuple[int, dict]]:
    """Each row's cells by column, typed by the resource's schema; a text neutralised by the resource's declared
    formula escape as it was before."""
    escaped = resource.custom.get(FORMULA_ESCAPE_PROPERTY) == FORMULA_ESCAPE
    with resource:
        for row in resource.row_stream:
            cells = row.to_dict()
            if escaped:
                cells = {name: spreadsheet_value(value) for name, value in cells.items()}
            yield row.row_number, cells


def unit_named(units: dict, text) -> Unit | None:
    """A unit by its code, or as a package spells it (`million KZT` is `million-kzt`)."""
    text = str(text or "")
    return units.get(text) or units.get(slugify(text))


def cell_text(value) -> str:
    """A cell as text, as written (a quote keeps its spaces); an empty or missing cell is the empty text that the
    models store for "unknown"."""
    return "" if value is None else str(value)


def cell_list(value) -> list[str]:
    return [item.strip() for item in cell_text(value).split(LIST_SEPARATOR) if item.strip()]


def cell_date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def cell_decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# ---------------------------------------------------------------- cells and tables written


def csv_write(path: Path, header: list[str], rows) -> None:
    """A table of the package, written by the project's CSV writer (texts that look like formulas neutralised, as
    FORMULA_ESCAPE_RULE says)."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = CSVWriter(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([written_cell(value) for value in row] for row in rows)


def written_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # never an exponent: 3000000000000, not 3E+12
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


def string_field(name: str, description: str = "", **constraints) -> dict:
    field = {"name": name, "type": "string"}
    if description:
        field["description"] = description
    if constraints:
        field["constraints"] = constraints
    return field


def table_resource(name: str, table: str, title: str, fields: list[dict], key: str, foreign_keys=()) -> dict:
    schema = {"fields": fields, **({"primaryKey": [key]} if key else {})}
    if foreign_keys:
        schema["foreignKeys"] = list(foreign_keys)
    return {
        "name": name,
        "path": f"{table}.csv",
        "profile": "tabular-data-resource",
        "title": title,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        FORMULA_ESCAPE_PROPERTY: FORMULA_ESCAPE,
        TABLE_PROPERTY: table,
        "schema": schema,
    }
