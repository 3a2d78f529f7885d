"""Frictionless tabular data packages of figures in long format: read, check, import, and export.

A package holds one or more CSV resources with the columns `region_iso, indicator, period_start, period_end,
value, unit` (and optionally `region_name_as_in_source`, `status`, `note`, and the columns of FIGURE_COLUMNS that
carry a figure's public key, breakdown, qualifier, notes in every language and quote), one figure a row, described by
a `datapackage.json` (https://specs.frictionlessdata.io/). The `frictionless` library reads each resource and checks
it against its own schema before anything is written; then every row is checked against the reference data
(known region, unit, indicator, enterprise and product; the indicator's own unit; a period that ends after it
starts; no figure twice) and the whole package is refused with a report naming file, row, field and reason if
anything is wrong.

A valid package is imported in one transaction by the same loader as the seed (`records_load`): figures an
editor changed since the last import keep the editor's value unless `restore`, a second import changes nothing,
and a new version of a package updates the figures that changed and lists them. Each figure resource becomes one
`Source`: the record the package's sources table describes when the resource names one (`regionapi:source`), or
else one made from the package's own metadata (title, publisher, archived copy, licence as stated, checks and
doubts); every figure links to it. A package may also bring the reference records its figures need as tables
(regions, units, sectors, products, enterprises, indicators, sources: indicators.package_reference, which says how
they merge with the records the database holds); they are loaded before the figures, and a key that neither the
package nor the database knows is refused.

`datapackage_export` writes the whole database's figures in this format (every reference table and one figure table
per source), so that importing the export into a database that ran `migrate` only gives the same records. Its tables
are written like every CSV of the project (regionapi.core.export.CSVWriter): a text a spreadsheet would run as a
formula gets a leading `'`. Each resource declares that rule (`regionapi:formula_escape`), and the import takes
the `'` off again only in the resources that declare it, so the round trip is exact and any other package is read as
written.
"""

import copy
import csv
import io
import json
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.serializers.base import DeserializedObject
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.text import slugify

from indicators.figure_values import figure_accounts_count, figure_values_save, figures_merge
from indicators.models import (
    ComparisonBase,
    FlagAuthority,
    FlagKind,
    Frequency,
    Indicator,
    Observation,
    ObservationFlag,
    ObservationStatus,
    ObservationValue,
    Qualifier,
    SizeClass,
    Source,
    SourceKind,
    Unit,
)
from indicators.services import LoadReport, records_load
from regionapi.core.export import CSVWriter, spreadsheet_value
from regionapi.core.history.recording import Channel, change_channel
from regionapi.core.translation import translated_columns

if TYPE_CHECKING:  # the reference tables' module reads tables with this module's helpers: imported where used
    from indicators.package_reference import PackageReferences

# The package-level property naming the region that rows with an empty `region_iso` belong to (a former region
# without a code of its own). Without it such rows are refused like any unknown region.
BLANK_REGION_PROPERTY = "regionapi:blank_region"
# A resource property marking a table of reference records rather than figures: "sources", "regions", "units",
# "indicators", ... (indicators.package_reference.TABLES) or "flags".
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


def datapackage_import(*, path: Path, dry_run: bool = False, restore: bool = False) -> LoadReport:
    """Check the package at `path` (a datapackage.json or its folder) and import its figures (see module doc)."""
    from indicators.package_reference import references_load

    package = _open(path)
    sources, references, observations, flags = _records(package)
    # Fetched in bulk so that an unchanged figure costs no query (a package holds thousands).
    existing = {
        (Observation, row.pk): row for row in Observation.objects.filter(pk__in=[o.pk for o in observations if o.pk])
    }

    def records():
        # Related records are saved by the time a record refers to them: re-assigning takes their new keys.
        for observation in merge.load:
            observation.source = observation.source
            observation.indicator = observation.indicator
            observation.region = observation.region  # as are the package's regions, enterprises and products
            observation.enterprise, observation.product = observation.enterprise, observation.product
            yield DeserializedObject(observation, m2m_data={})

    with transaction.atomic(), change_channel(Channel.IMPORT):  # the reference records, other values and flags too
        # Written for real even in a dry run, so that the figures can refer to them: the block rolls back below.
        described = references_load(references, sources, restore=restore, channel=Channel.IMPORT)
        # A figure the database holds from another source gets this package's value beside it (figure_values.py).
        merge = figures_merge(observations)
        report = records_load(
            records(),
            origin=f"datapackage:{package.name}",
            dry_run=dry_run,
            restore=restore,
            channel=Channel.IMPORT,
            existing=existing,
            checked_relations=True,
        )
        report.records[:0] = described.records
        outcomes = {
            record.key[0]: record.outcome for record in report.records if record.model == "indicators.Observation"
        }
        figure_accounts_count(merge, outcomes)
        figure_values_save(merge, outcomes, write=not dry_run)
        if not dry_run:
            _flags_load([flag for flag in flags if flag[0] not in merge.not_current])
        if dry_run:
            transaction.set_rollback(True)
    report.figure_accounts = dict(merge.accounts)
    return report


def _flags_load(flags: list[tuple[str, str, str, str]]) -> int:
    """Add the package's flags (figure code, flag, asserted_by, note) that the figures do not carry yet. A flag
    already there is left as it is (an editor may have reworded its note); none is removed. Returns how many were
    added."""
    if not flags:
        return 0
    figures = dict(Observation.objects.filter(code__in={code for code, *_rest in flags}).values_list("code", "pk"))
    present = set(
        ObservationFlag.objects.filter(observation_id__in=figures.values()).values_list("observation_id", "flag")
    )
    new = [
        ObservationFlag(observation_id=figures[code], flag=flag, asserted_by=asserted_by, note=note)
        for code, flag, asserted_by, note in flags
        if (figures[code], flag) not in present
    ]
    ObservationFlag.objects.bulk_create(new)
    return len(new)


def _open(path: Path):
    """The package, validated against its own schemas by frictionless; refused with every error it finds."""
    from frictionless import Package, system

    descriptor = path / "datapackage.json" if path.is_dir() else path
    if not descriptor.is_file():
        raise PackageInvalid([RowProblem(str(descriptor), None, None, "no datapackage.json here")])
    with system.use_context(trusted=False):
        try:
            package = Package(str(descriptor))
            report = package.validate()
        except Exception as exc:  # frictionless raises its own errors for a broken descriptor
            raise PackageInvalid([RowProblem(str(descriptor), None, None, f"not a valid data package: {exc}")]) from exc
    problems = []
    for task in report.tasks:
        for error in task.errors:
            problems.append(
                RowProblem(
                    getattr(task, "place", None) or task.name or str(descriptor),
                    getattr(error, "row_number", None),
                    getattr(error, "field_name", None),
                    error.message,
                )
            )
    if problems:
        raise PackageInvalid(problems)
    return package


def _records(package) -> tuple[list[Source], "PackageReferences", list[Observation], list[tuple]]:
    """The sources, reference records, figures and flags of the package, each checked against the reference data."""
    from indicators.package_reference import references_read

    problems: list[RowProblem] = []
    for resource in package.resources:
        escape = resource.custom.get(FORMULA_ESCAPE_PROPERTY)
        if escape not in (None, FORMULA_ESCAPE):
            reason = f"{FORMULA_ESCAPE_PROPERTY} {escape!r}: not a rule this importer knows ({FORMULA_ESCAPE!r})"
            problems.append(RowProblem(resource.path, None, None, reason))
    reference_data = references_read(package, problems)
    tables, figure_resources = reference_data.tables, reference_data.figure_resources
    database_sources, described = reference_data.database_sources, reference_data.described_sources
    references = reference_data.lookups()
    blank_region = package.custom.get(BLANK_REGION_PROPERTY)
    existing = dict(Observation.objects.values_list("code", "pk"))
    sources, observations = list(reference_data.written["sources"]), []
    seen: dict[tuple, tuple[str, int]] = {}
    for resource in figure_resources:
        slug = resource.custom.get(SOURCE_PROPERTY)
        if slug is None:
            source = _source(package, resource)
            source.pk = database_sources[source.slug].pk if source.slug in database_sources else None
            sources.append(source)
        else:
            source = described.get(slug) or database_sources.get(slug)
            if source is None:
                reason = f"{SOURCE_PROPERTY} {slug!r}: no such source in the sources table or the database"
                problems.append(RowProblem(resource.path, None, None, reason))
                continue
        missing = [name for name in REQUIRED_COLUMNS if name not in resource.schema.field_names]
        if missing:
            problems.append(RowProblem(resource.path, None, ", ".join(missing), "required column missing"))
            continue
        cumulative = resource.custom.get(CUMULATIVE_PROPERTY) is True
        for number, row in _rows(resource):
            observation, row_problems = _observation(
                row,
                number=number,
                file=resource.path,
                source=source,
                blank_region=blank_region,
                cumulative=cumulative,
                **references,
            )
            problems.extend(row_problems)
            if observation is None:
                continue
            # A figure is its public key: the package's or else the rule's, which tells a plan from the actual figure
            # and a quarter from a year-to-date. Two sources may each give it once (indicators/figure_values.py).
            identity = (observation.code, source.slug)
            if identity in seen:
                file, first = seen[identity]
                field = "code" if row.get("code") else "period_start"
                problems.append(RowProblem(resource.path, number, field, f"the same figure as {file}, row {first}"))
                continue
            seen[identity] = (resource.path, number)
            observation.pk = existing.get(observation.code)
            observations.append(observation)
    flags = _flags_table(tables["flags"], problems, observations, blank_region) if "flags" in tables else []
    reference_data.sources_from_figures(observations, problems)
    if problems:
        raise PackageInvalid(problems)
    return sources, reference_data, observations, flags


def _flags_table(resource, problems: list[RowProblem], observations: list[Observation], blank_region) -> list[tuple]:
    """The flags table's rows as (figure code, flag, asserted_by, note), each naming a figure of this package."""
    by_code = {observation.code: observation for observation in observations}
    by_about = {
        (o.region.code, o.indicator.code, o.period_start, o.period_end): o.code
        for o in observations
        if o.enterprise_id is None and o.product_id is None and not o.size_class
    }
    flags, seen = [], set()
    for number, row in _rows(resource):
        code = _text(row.get("code")).strip()
        if not code:
            region = _text(row.get("region_iso")).strip() or blank_region or ""
            indicator = _text(row.get("indicator")).strip().replace("_", "-")
            about = (region, indicator, _date(row.get("period_start")), _date(row.get("period_end")))
            code = by_about.get(about, "")
        if code not in by_code:
            problems.append(RowProblem(resource.path, number, "code", "names no figure of this package"))
            continue
        flag, asserted_by = _text(row.get("flag")).strip(), _text(row.get("asserted_by")).strip()
        if flag not in FlagKind.values:
            problems.append(RowProblem(resource.path, number, "flag", f"unknown flag {flag!r}"))
            continue
        if asserted_by not in (FlagAuthority.PUBLISHER, FlagAuthority.PACKAGE_EDITORS):
            reason = f"unknown asserted_by {asserted_by!r}; one of publisher, package-editors"
            problems.append(RowProblem(resource.path, number, "asserted_by", reason))
            continue
        if (code, flag) in seen:
            problems.append(RowProblem(resource.path, number, "flag", "the figure carries this flag twice"))
            continue
        seen.add((code, flag))
        flags.append((code, flag, asserted_by, _text(row.get("note")).strip()))
    return flags


def _about(observation: Observation) -> tuple:
    """What a figure is about: two rows of a package about the same are one figure given twice."""
    return (
        observation.indicator.code,
        observation.region.code,
        observation.enterprise.slug if observation.enterprise else None,
        observation.product.slug if observation.product else None,
        observation.size_class,
        observation.period_start,
        observation.period_end,
    )


def _rows(resource) -> Iterator[tuple[int, dict]]:
    """Each row's cells by column, typed by the resource's schema; a text neutralised by the resource's declared
    formula escape as it was before."""
    escaped = resource.custom.get(FORMULA_ESCAPE_PROPERTY) == FORMULA_ESCAPE
    with resource:
        for row in resource.row_stream:
            cells = row.to_dict()
            if escaped:
                cells = {name: spreadsheet_value(value) for name, value in cells.items()}
            yield row.row_number, cells


def _unit(units: dict, text) -> Unit | None:
    """A unit by its code, or as a package spells it (`million KZT` is `million-kzt`)."""
    text = str(text or "")
    return units.get(text) or units.get(slugify(text))


def _observation(
    row: dict,
    *,
    number,
    file,
    source,
    regions,
    units,
    indicators,
    enterprises,
    products,
    blank_region,
    cumulative=False,
) -> tuple[Observation | None, list[RowProblem]]:
    problems = []

    def problem(field: str, reason: str):
        problems.append(RowProblem(file, number, field, reason))

    def choice(field: str, choices, default: str) -> str:
        value = _text(row.get(field)).strip() or default
        if value and value not in choices.values:
            problem(field, f"unknown {field.replace('_', ' ')} {value!r}; one of {', '.join(choices.values)}")
        return value

    code = (row.get("region_iso") or "").strip() or blank_region
    region = regions.get(code) if code else None
    if region is None:
        problem(
            "region_iso",
            f"unknown region {row.get('region_iso') or '(empty)'!r}"
            + ("" if code else f"; the package names no {BLANK_REGION_PROPERTY}"),
        )
    unit_text = str(row.get("unit") or "")
    unit = _unit(units, unit_text)
    if unit is None:
        problem("unit", f"unknown unit {unit_text!r}")
    indicator_text = str(row.get("indicator") or "")
    indicator = indicators.get(indicator_text) or indicators.get(indicator_text.replace("_", "-"))
    if indicator is None:
        problem("indicator", f"unknown indicator {row.get('indicator')!r}")
    elif unit is not None and indicator.unit.code != unit.code:
        problem("unit", f"{unit_text!r}, but indicator {indicator.code} is in {indicator.unit.code}")
    related = {}
    for field, known in (("enterprise", enterprises), ("product", products)):
        slug = _text(row.get(field)).strip()
        related[field] = known.get(slug) if slug else None
        if slug and related[field] is None:
            problem(field, f"unknown {field} {slug!r}")
    start, end = _date(row.get("period_start")), _date(row.get("period_end"))
    # A figure without a period (both empty) is one the source dates nowhere; an end needs a start.
    if start is None and (end is not None or row.get("period_start") not in (None, "")):
        problem("period_start", "not a date")
    if end is not None and start is not None and end < start:
        problem("period_end", "the period ends before it starts")
    value = _decimal(row.get("value"))
    if value is None:
        problem("value", "not a number")
    status = choice("status", ObservationStatus, ObservationStatus.ACTUAL)
    qualifier = choice("qualifier", Qualifier, Qualifier.EXACT)
    size_class = choice("size_class", SizeClass, "")
    comparison_base = choice("comparison_base", ComparisonBase, "")
    frequency = choice("frequency", Frequency, "")
    if frequency and start is None:
        problem("frequency", "a figure without a period has no frequency")
    inferred = _list(row.get("inferred"))
    unknown = sorted(set(inferred) - set(Observation.inferable_fields()))
    if unknown:
        problem("inferred", f"not a field of a figure: {', '.join(unknown)}")
    public_key = _text(row.get("code")).strip()
    if public_key:
        try:
            validate_slug(public_key)
        except ValidationError:
            problem("code", f"{public_key!r} is not a slug (letters, digits, hyphens, underscores)")
    if problems:
        return None, problems
    observation = Observation(
        indicator=indicator,
        region=region,
        period_start=start,
        period_end=end,
        value=value,
        status=status,
        source=source,
        qualifier=qualifier,
        size_class=size_class,
        comparison_base=comparison_base,
        frequency=frequency or Frequency.of_dates(start, end, cumulative=cumulative),
        released_on=source.published_on,  # the release of this value: its source's (regionapi:released)
        quote=_text(row.get("quote")),
        inferred=inferred,
        note_kk=_text(row.get("note_kk")),
        note_ru=_text(row.get("note_ru")),
        # A package's plain `note` is in the language of its metadata (English), whatever language is active.
        note_en=_text(row.get("note_en")) or _text(row.get("note")).strip(),
        **related,
    )
    observation.value_note = _text(row.get("value_note"))  # kept with the value where it is not the current one
    # A row without a key gets the rule's (Observation.figure_key), as the seed and the API give it.
    observation.code = public_key or observation.figure_key()
    return observation, []


def _text(value) -> str:
    """A cell as text, as written (a quote keeps its spaces); an empty or missing cell is the empty text that the
    models store for "unknown"."""
    return "" if value is None else str(value)


def _list(value) -> list[str]:
    return [item.strip() for item in _text(value).split(LIST_SEPARATOR) if item.strip()]


def _date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _source(package, resource) -> Source:
    """The Source of one resource, from the package's metadata: nothing it does not state."""
    package_sources = [dict(item) for item in (package.sources or [])]
    origins = [dict(item) for item in (resource.sources or [])]
    licences = [
        item.get("title") or item.get("name") or item.get("path")
        for item in map(dict, resource.licenses or package.licenses or [])
    ]
    publisher = (
        resource.custom.get(PUBLISHER_PROPERTY)
        or package.custom.get(PUBLISHER_PROPERTY)
        or (package_sources[0].get("title") if package_sources else None)
        or package.title
        or package.name
    )
    released = resource.custom.get(RELEASED_PROPERTY) or {}
    web = next((item["path"] for item in origins if str(item.get("path", "")).startswith("http")), "")
    return Source(
        slug=slugify(f"{package.name}--{resource.name}")[:100],
        title_en=(resource.title or resource.name)[:300],
        kind=SourceKind.STATISTICAL_RELEASE,
        publisher=publisher[:200],
        url=web[:500],
        trust_level=str(resource.custom.get("trust_level") or "")[:20],
        published_on=_date(released.get("date")) if isinstance(released, dict) else None,
        published_on_basis=str(released.get("basis") or "")[:500] if isinstance(released, dict) else "",
        language="en",  # the language of the metadata this record is made of
        reference="; ".join(
            filter(None, (" ".join(filter(None, (item.get("title"), item.get("path")))) for item in origins))
        )[:300]
        or f"{package.name}/{resource.path}",
        licence="; ".join(filter(None, licences))[:300] or "unstated",
        description_en="\n\n".join(filter(None, (resource.description, _readme_section(package, resource)))),
    )


def _readme_section(package, resource) -> str:
    """The section of the package's README.md about this resource (a heading naming its path), where the
    package says what was checked and what is in doubt: the source's notes. Empty when there is none."""
    readme = Path(package.basepath or ".") / "README.md"
    if not resource.path or not readme.is_file():
        return ""
    lines = readme.read_text(encoding="utf-8").splitlines()
    for start, line in enumerate(lines):
        if line.startswith("#") and f"`{resource.path}`" in line:
            level = len(line) - len(line.lstrip("#"))
            end = next(
                (
                    index
                    for index in range(start + 1, len(lines))
                    if lines[index].startswith("#") and len(lines[index]) - len(lines[index].lstrip("#")) <= level
                ),
                len(lines),
            )
            return "From the package's README:\n" + "\n".join(lines[start:end]).strip()
    return ""


# ---------------------------------------------------------------- export

PACKAGE_NAME = "regionapi"
SOURCES_RESOURCE, INDICATORS_RESOURCE = "regionapi-sources", "regionapi-indicators"
ZIP_FILENAME = "regionapi-datapackage.zip"
# A zip entry's timestamp is part of its bytes: a fixed one makes two exports of the same data identical.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def datapackage_export(*, directory: Path) -> Path:
    """Write every indicator and observation, with the reference records they need, as a Frictionless tabular data
    package in `directory` (new or empty): the reference tables (indicators.package_reference: regions, units,
    sectors, products, enterprises, their sources, indicators...) and one figure table per source, rows in key order,
    so that the same data always gives the same files. Returns the path of its datapackage.json."""
    from indicators.package_reference import reference_tables_write

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
    _csv_write(
        directory / "flags.csv",
        FLAG_COLUMNS,
        ([flag.observation.code, "", "", "", "", flag.flag, flag.asserted_by, flag.note] for flag in flags),
    )
    figure_resources = []
    for slug, rows in by_source.items():
        path = f"data/{slug}.csv"
        _csv_write(
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
            _table_resource(FLAGS_RESOURCE, "flags", "The sources' caveats on figures", _flag_fields(), ""),
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


def _csv_write(path: Path, header: list[str], rows) -> None:
    """A table of the package, written by the project's CSV writer (texts that look like formulas neutralised, as
    FORMULA_ESCAPE_RULE says)."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = CSVWriter(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([_cell(value) for value in row] for row in rows)


def _cell(value) -> str:
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


def _string(name: str, description: str = "", **constraints) -> dict:
    field = {"name": name, "type": "string"}
    if description:
        field["description"] = description
    if constraints:
        field["constraints"] = constraints
    return field


def _figure_fields() -> list[dict]:
    required = {"required": True}
    return [
        _string(
            "region_iso", "ISO 3166-2:KZ code (KZ for the republic), or regionapi's key of a former region.", **required
        ),
        _string("indicator", "regionapi's indicator code.", **required),
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
        _string("unit", "The unit code of the indicator.", **required),
        _string("code", "The figure's public key in regionapi.", **required),
        _string("frequency", "The kind of period (annual, quarterly, year-to-date...).", enum=Frequency.values),
        _string("enterprise", "Breakdown: the enterprise's slug."),
        _string("product", "Breakdown: the product's slug."),
        _string("size_class", "Breakdown: enterprise size class.", enum=SizeClass.values),
        _string("qualifier", "How exactly the source states the figure.", enum=Qualifier.values),
        _string("status", enum=ObservationStatus.values),
        _string("comparison_base", "For growth figures: what they compare with.", enum=ComparisonBase.values),
        *(_string(name) for name in _translated(Observation, "note")),
        _string("quote", "The sentence(s) of the source, verbatim."),
        _string("inferred", f"Fields that are the editors' reading of the source, separated by '{LIST_SEPARATOR}'."),
        _string(
            "value_note",
            "For a value that is not the figure's current one (an earlier release, another source's): what became "
            "of it, e.g. the flags it carried when it was current. Empty for current values.",
        ),
    ]


def _flag_fields() -> list[dict]:
    about = "Empty when `code` names the figure."
    return [
        _string("code", "The flagged figure's public key."),
        _string("region_iso", about),
        _string("indicator", about),
        {"name": "period_start", "type": "date", "description": about},
        {"name": "period_end", "type": "date", "description": about},
        _string("flag", "estimated, preliminary, back-calculated, break or confidential.", enum=FlagKind.values),
        _string(
            "asserted_by",
            "publisher (a footnote of the source) or package-editors (the editors' reading).",
            enum=[FlagAuthority.PUBLISHER, FlagAuthority.PACKAGE_EDITORS],
        ),
        _string("note", "What the flag means for this figure."),
    ]


def _table_resource(name: str, table: str, title: str, fields: list[dict], key: str, foreign_keys=()) -> dict:
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
