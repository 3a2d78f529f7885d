"""The database's figures written as a data package (every reference table and one figure table per source), so that
importing the export into a database that ran `migrate` only gives the same records; and the package zipped, the
same bytes for the same data."""

import copy
import csv
import io
import json
import tempfile
import zipfile
from pathlib import Path

from django.db import models
from django.utils.text import slugify

from indicators.datapackage.format import (
    FLAG_COLUMNS,
    FLAGS_RESOURCE,
    FORMULA_ESCAPE,
    FORMULA_ESCAPE_PROPERTY,
    FORMULA_ESCAPE_RULE,
    LIST_SEPARATOR,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    SOURCE_PROPERTY,
    csv_write,
    string_field,
    table_resource,
    written_cell,
)
from indicators.datapackage.reference_tables import (
    BY_MODEL,
    TABLES,
    Table,
    column_field,
    column_value,
    model_fields,
    table_columns,
)
from indicators.models import (
    ComparisonBase,
    FlagAuthority,
    FlagKind,
    Frequency,
    Observation,
    ObservationFlag,
    ObservationStatus,
    ObservationValue,
    Qualifier,
    SizeClass,
    Source,
)
from regionapi.core.translation import translated_columns

PACKAGE_NAME = "regionapi"
SOURCES_RESOURCE, INDICATORS_RESOURCE = "regionapi-sources", "regionapi-indicators"
ZIP_FILENAME = "regionapi-datapackage.zip"
# A zip entry's timestamp is part of its bytes: a fixed one makes two exports of the same data identical.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def datapackage_export(*, directory: Path) -> Path:
    """Write every indicator and observation, with the reference records they need, as a Frictionless tabular data
    package in `directory` (new or empty): the reference tables (indicators.datapackage.reference_tables: regions, units,
    sectors, products, enterprises, their sources, indicators...) and one figure table per source, rows in key order,
    so that the same data always gives the same files. Returns the path of its datapackage.json."""
    if directory.exists() and any(directory.iterdir()):
        raise FileExistsError(f"{directory} is not empty: export into a new or empty folder")
    (directory / "data").mkdir(parents=True, exist_ok=True)
    observations = Observation.objects.select_related(
        "indicator__unit", "region", "enterprise", "product", "source"
    ).order_by("source__slug", "code")
    by_source: dict[str, list[Observation]] = {}
    for observation in observations:
        by_source.setdefault(observation.source.slug, []).append(observation)
    # Every other value of a figure (an earlier release, another source's) is a row of its own source's table, so
    # that an import of the export gives each figure the same current value and the same values beside it.
    for other in ObservationValue.objects.select_related(
        "observation__indicator__unit",
        "observation__region",
        "observation__enterprise",
        "observation__product",
        "source",
    ):
        by_source.setdefault(other.source.slug, []).append(_as_figure(other))
    for rows in by_source.values():
        rows.sort(key=lambda observation: observation.code)
    sources = {source.slug: source for source in Source.objects.filter(slug__in=by_source)}
    reference_tables = reference_tables_write(directory, sources=set(by_source))
    flags = ObservationFlag.objects.select_related("observation").order_by("observation__code", "flag")
    csv_write(
        directory / "flags.csv",
        FLAG_COLUMNS,
        ([flag.observation.code, "", "", "", "", flag.flag, flag.asserted_by, flag.note] for flag in flags),
    )
    figure_resources = []
    for slug, rows in by_source.items():
        path = f"data/{slug}.csv"
        csv_write(
            directory / path,
            [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS],
            (_figure_cells(observation) for observation in rows),
        )
        figure_resources.append(_figure_resource(sources[slug], path))
    descriptor = {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "regionapi: every indicator and observation, with their sources",
        "description": (
            "Every figure held by regionapi, one row each, in one table per source (`regionapi:source` names the "
            "source's row in sources.csv), with the indicators they measure (indicators.csv) and every reference "
            "record they need (regions.csv, units.csv, sectors.csv, products.csv, enterprises.csv, their "
            "localities and enterprise roles), each table keyed and linked by foreign keys. Regions are ISO "
            "3166-2:KZ codes (KZ for the republic) or regionapi's key of a former region without one; units, "
            "indicators, enterprises and products are regionapi's codes and slugs. An empty cell is unknown. "
            f"Spreadsheet formulas: {FORMULA_ESCAPE_RULE} Every table says so ({FORMULA_ESCAPE_PROPERTY}). "
            "Import it with `manage.py import_datapackage`, which does that."
        ),
        "resources": [
            *reference_tables,
            *figure_resources,
            table_resource(FLAGS_RESOURCE, "flags", "The sources' caveats on figures", _flag_fields(), ""),
        ],
    }
    descriptor_path = directory / "datapackage.json"
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return descriptor_path


def datapackage_zip() -> bytes:
    """The export (see `datapackage_export`) as one zip, datapackage.json at its root, identical for the same data."""
    buffer = io.BytesIO()
    datapackage_zip_write(buffer)
    return buffer.getvalue()


def datapackage_zip_write(target) -> int:
    """The zip of `datapackage_zip` written to `target` (a path or a binary file), without holding it in memory (the
    bulk download keeps it on disk); returns how many figures (rows of its figure tables) it holds."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "package"
        datapackage_export(directory=root)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(path for path in root.rglob("*") if path.is_file()):
                entry = zipfile.ZipInfo(path.relative_to(root).as_posix(), date_time=ZIP_TIMESTAMP)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                archive.writestr(entry, path.read_bytes())
        figures = 0
        for table in (root / "data").glob("*.csv"):
            with table.open(encoding="utf-8", newline="") as stream:
                figures += sum(1 for _row in csv.reader(stream)) - 1  # the header
        return figures


def _as_figure(other: ObservationValue) -> Observation:
    """A figure as its other value's source gives it: the figure with that value, status, source and release."""
    figure = copy.copy(other.observation)
    figure._state = copy.copy(figure._state)
    figure._state.fields_cache = dict(figure._state.fields_cache)
    figure.value, figure.status, figure.released_on, figure.source = (
        other.value,
        other.status,
        other.released_on,
        other.source,
    )
    figure.value_note = other.note
    return figure


def _figure_cells(observation: Observation) -> list:
    related = {
        "region_iso": observation.region.code,
        "indicator": observation.indicator.code,
        "unit": observation.indicator.unit.code,
        "enterprise": observation.enterprise.slug if observation.enterprise else None,
        "product": observation.product.slug if observation.product else None,
        "value_note": getattr(observation, "value_note", ""),  # only a value kept beside the figure has one
    }
    return [
        related[name] if name in related else getattr(observation, name)
        for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
    ]


def _figure_fields() -> list[dict]:
    required = {"required": True}
    return [
        string_field(
            "region_iso", "ISO 3166-2:KZ code (KZ for the republic), or regionapi's key of a former region.", **required
        ),
        string_field("indicator", "regionapi's indicator code.", **required),
        {
            "name": "period_start",
            "type": "date",
            "description": "First day covered; empty when the source gives no period.",
        },
        {
            "name": "period_end",
            "type": "date",
            "description": "Last day covered; empty when the source leaves it open.",
        },
        {"name": "value", "type": "number", "constraints": required},
        string_field("unit", "The unit code of the indicator.", **required),
        string_field("code", "The figure's public key in regionapi.", **required),
        string_field("frequency", "The kind of period (annual, quarterly, year-to-date...).", enum=Frequency.values),
        string_field("enterprise", "Breakdown: the enterprise's slug."),
        string_field("product", "Breakdown: the product's slug."),
        string_field("size_class", "Breakdown: enterprise size class.", enum=SizeClass.values),
        string_field("qualifier", "How exactly the source states the figure.", enum=Qualifier.values),
        string_field("status", enum=ObservationStatus.values),
        string_field("comparison_base", "For growth figures: what they compare with.", enum=ComparisonBase.values),
        *(string_field(name) for name in translated_columns(Observation)["note"]),
        string_field("quote", "The sentence(s) of the source, verbatim."),
        string_field(
            "inferred", f"Fields that are the editors' reading of the source, separated by '{LIST_SEPARATOR}'."
        ),
        string_field(
            "value_note",
            "For a value that is not the figure's current one (an earlier release, another source's): what became "
            "of it, e.g. the flags it carried when it was current. Empty for current values.",
        ),
    ]


def _flag_fields() -> list[dict]:
    about = "Empty when `code` names the figure."
    return [
        string_field("code", "The flagged figure's public key."),
        string_field("region_iso", about),
        string_field("indicator", about),
        {"name": "period_start", "type": "date", "description": about},
        {"name": "period_end", "type": "date", "description": about},
        string_field("flag", "estimated, preliminary, back-calculated, break or confidential.", enum=FlagKind.values),
        string_field(
            "asserted_by",
            "publisher (a footnote of the source) or package-editors (the editors' reading).",
            enum=[FlagAuthority.PUBLISHER, FlagAuthority.PACKAGE_EDITORS],
        ),
        string_field("note", "What the flag means for this figure."),
    ]


def _figure_resource(source: Source, path: str) -> dict:
    """A source's figure table, described for any reader (title, description, licence, origin) and naming the
    source's own record in the sources table for regionapi."""
    resource = {
        "name": slugify(source.slug) or "source",
        "path": path,
        "profile": "tabular-data-resource",
        "title": source.title_en or source.title_kk or source.title_ru or source.slug,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        FORMULA_ESCAPE_PROPERTY: FORMULA_ESCAPE,
        SOURCE_PROPERTY: source.slug,
    }
    description = source.description_en or source.description_kk or source.description_ru
    if description:
        resource["description"] = description
    if source.licence:
        resource["licenses"] = [{"name": slugify(source.licence)[:100] or "stated", "title": source.licence}]
    origin = {"title": " ".join(filter(None, (source.publisher, source.reference))) or source.slug}
    resource["sources"] = [origin | ({"path": source.url} if source.url else {})]
    resource["schema"] = {
        "fields": _figure_fields(),
        "primaryKey": ["code"],
        "foreignKeys": [
            {"fields": column, "reference": {"resource": f"regionapi-{table}", "fields": key}}
            for column, table, key in (
                ("indicator", "indicators", "code"),
                ("region_iso", "regions", "code"),
                ("unit", "units", "code"),
                ("enterprise", "enterprises", "slug"),
                ("product", "products", "slug"),
            )
        ],
    }
    return resource


# ---------------------------------------------------------------- the reference tables


def reference_tables_write(directory: Path, *, sources: set[str]) -> list[dict]:
    """Write every reference table of the database into `directory` (the sources those records and the figures'
    `sources` cite); returns their resources, with Table Schemas, primary and foreign keys."""
    rows = {table.name: list(table.model._base_manager.order_by(table.key)) for table in TABLES}
    cited = set(sources)
    for table in TABLES:
        for instance in rows[table.name]:
            for model_field in model_fields(table.model):
                if model_field.many_to_one and model_field.related_model is Source:
                    slug = column_value(instance, model_field.name)
                    if slug:
                        cited.add(slug)
    rows["sources"] = [source for source in rows["sources"] if source.slug in cited]
    resources = []
    for table in TABLES:
        columns = table_columns(table)
        csv_write(
            directory / f"{table.name}.csv",
            columns,
            ([written_cell(column_value(instance, column)) for column in columns] for instance in rows[table.name]),
        )
        resource = table_resource(
            table.resource, table.name, table.title, _table_fields(table), table.key, foreign_keys=_foreign_keys(table)
        )
        resources.append(resource)
    return resources


def _table_fields(table: Table) -> list[dict]:
    """The Table Schema of a reference table's columns: types, the choices a column takes, the key required."""
    fields = []
    for column in table_columns(table):
        model_field = column_field(table.model, column)
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
        model_field = column_field(table.model, column)
        if not model_field.many_to_one:
            continue
        target = BY_MODEL[model_field.related_model]
        resource = "" if target is table else target.resource  # "" is the table itself (Table Schema)
        keys.append({"fields": column, "reference": {"resource": resource, "fields": target.key}})
    return keys
