"""Frictionless tabular data packages of figures in long format: read, check, import.

A package holds one or more CSV resources with the columns `region_iso, indicator, period_start, period_end,
value, unit` (and optionally `region_name_as_in_source`, `status`, `note`), one figure a row, described by a
`datapackage.json` (https://specs.frictionlessdata.io/). The `frictionless` library reads each resource and checks
it against its own schema before anything is written; then every row is checked against the reference data
(known region, unit and indicator; the indicator's own unit; a period that ends after it starts; no figure twice)
and the whole package is refused with a report naming file, row, field and reason if anything is wrong.

A valid package is imported in one transaction by the same loader as the seed (`records_load`): figures an
editor changed since the last import keep the editor's value unless `restore`, a second import changes nothing,
and a new version of a package updates the figures that changed and lists them. Each resource becomes one
`Source`, described from the package's own metadata (title, publisher, archived copy, licence as stated, checks
and doubts), and every figure links to it.
"""
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.serializers.base import DeserializedObject
from django.utils.text import slugify

from indicators.history import Channel
from indicators.models import Indicator, Observation, ObservationStatus, Region, Source, SourceKind, Unit
from indicators.services import LoadReport, records_load

# The package-level property naming the region that rows with an empty `region_iso` belong to (a former region
# without a code of its own). Without it such rows are refused like any unknown region.
BLANK_REGION_PROPERTY = "regionapi:blank_region"
REQUIRED_COLUMNS = ("region_iso", "indicator", "period_start", "period_end", "value", "unit")


@dataclass(frozen=True)
class RowProblem:
    """Why one row (or a whole resource) cannot be imported."""

    file: str
    row: int | None
    field: str | None
    reason: str

    def __str__(self):
        where = self.file + (f", row {self.row}" if self.row is not None else "") + (f", field {self.field}" if self.field else "")
        return f"{where}: {self.reason}"


class PackageInvalid(Exception):
    """The package was refused; nothing was written. `problems` names each file, row, field and reason."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems[:50]))


def datapackage_import(*, path: Path, dry_run: bool = False, restore: bool = False) -> LoadReport:
    """Check the package at `path` (a datapackage.json or its folder) and import its figures (see module doc)."""
    package = _open(path)
    sources, observations = _records(package)
    # Fetched in bulk so that an unchanged figure costs no query (a package holds thousands).
    existing = {(Observation, row.pk): row for row in Observation.objects.filter(pk__in=[o.pk for o in observations if o.pk])}
    existing |= {(Source, row.pk): row for row in Source.objects.filter(pk__in=[s.pk for s in sources if s.pk])}

    def records():
        for source in sources:
            yield DeserializedObject(source, m2m_data={})
        for observation in observations:
            observation.source = observation.source  # the source is saved by now: take its key
            yield DeserializedObject(observation, m2m_data={})

    return records_load(
        records(), origin=f"datapackage:{package.name}", dry_run=dry_run, restore=restore, channel=Channel.IMPORT,
        existing=existing, checked_relations=True,
    )


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


def _records(package) -> tuple[list[Source], list[Observation]]:
    """The Source of each resource and the Observation of each row, checked against the reference data."""
    regions = {region.code: region for region in Region.objects.all()}
    units = {unit.code: unit for unit in Unit.objects.all()}
    indicators = {indicator.code: indicator for indicator in Indicator.objects.select_related("unit")}
    blank_region = package.custom.get(BLANK_REGION_PROPERTY)
    existing_sources = dict(Source.objects.values_list("slug", "pk"))
    existing = dict(Observation.objects.values_list("code", "pk"))
    problems: list[RowProblem] = []
    sources, observations = [], []
    seen: dict[tuple, tuple[str, int]] = {}
    for resource in package.resources:
        source = _source(package, resource)
        source.pk = existing_sources.get(source.slug)
        sources.append(source)
        missing = [name for name in REQUIRED_COLUMNS if name not in resource.schema.field_names]
        if missing:
            problems.append(RowProblem(resource.path, None, ", ".join(missing), "required column missing"))
            continue
        for number, row in _rows(resource):
            observation, row_problems = _observation(
                row, number=number, file=resource.path, source=source, regions=regions, units=units,
                indicators=indicators, blank_region=blank_region,
            )
            problems.extend(row_problems)
            if observation is None:
                continue
            identity = (observation.indicator.code, observation.region.code, observation.period_start, observation.period_end)
            if identity in seen:
                file, first = seen[identity]
                problems.append(RowProblem(resource.path, number, "period_start", f"the same figure as {file}, row {first}"))
                continue
            seen[identity] = (resource.path, number)
            observation.pk = existing.get(observation.code)
            observations.append(observation)
    if problems:
        raise PackageInvalid(problems)
    return sources, observations


def _rows(resource) -> Iterator[tuple[int, dict]]:
    with resource:
        for row in resource.row_stream:
            yield row.row_number, row.to_dict()


def _observation(row: dict, *, number, file, source, regions, units, indicators, blank_region) -> tuple[Observation | None, list[RowProblem]]:
    problems = []

    def problem(field: str, reason: str):
        problems.append(RowProblem(file, number, field, reason))

    code = (row.get("region_iso") or "").strip() or blank_region
    region = regions.get(code) if code else None
    if region is None:
        problem("region_iso", f"unknown region {row.get('region_iso') or '(empty)'!r}" + ("" if code else f"; the package names no {BLANK_REGION_PROPERTY}"))
    unit_text = str(row.get("unit") or "")
    unit = units.get(slugify(unit_text))
    if unit is None:
        problem("unit", f"unknown unit {unit_text!r}")
    indicator_code = str(row.get("indicator") or "").replace("_", "-")
    indicator = indicators.get(indicator_code)
    if indicator is None:
        problem("indicator", f"unknown indicator {row.get('indicator')!r}")
    elif unit is not None and indicator.unit_id != unit.pk:
        problem("unit", f"{unit_text!r}, but indicator {indicator.code} is in {indicator.unit.code}")
    start, end = _date(row.get("period_start")), _date(row.get("period_end"))
    if start is None:
        problem("period_start", "not a date")
    if end is not None and start is not None and end < start:
        problem("period_end", "the period ends before it starts")
    value = _decimal(row.get("value"))
    if value is None:
        problem("value", "not a number")
    status = (row.get("status") or "").strip() or ObservationStatus.ACTUAL
    if status not in ObservationStatus.values:
        problem("status", f"unknown status {status!r}; one of {', '.join(ObservationStatus.values)}")
    if problems:
        return None, problems
    observation = Observation(
        indicator=indicator, region=region, period_start=start, period_end=end, value=value, status=status, source=source,
        # A package's note is in the language of its metadata (English), whatever language is active.
        note_en=(row.get("note") or "").strip() or None,
    )
    observation.code = slugify(f"{indicator.code}--{region.code}--{start.isoformat()}--{end.isoformat() if end else 'open'}")
    return observation, []


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
    licences = [item.get("title") or item.get("name") or item.get("path") for item in map(dict, resource.licenses or package.licenses or [])]
    publisher = (package_sources[0].get("title") if package_sources else None) or package.title or package.name
    web = next((item["path"] for item in origins if str(item.get("path", "")).startswith("http")), "")
    return Source(
        slug=slugify(f"{package.name}--{resource.name}")[:100],
        title_en=(resource.title or resource.name)[:300],
        kind=SourceKind.STATISTICAL_RELEASE,
        publisher=publisher[:200],
        url=web[:500],
        language="en",  # the language of the metadata this record is made of
        reference="; ".join(filter(None, (" ".join(filter(None, (item.get("title"), item.get("path")))) for item in origins)))[:300]
        or f"{package.name}/{resource.path}",
        licence="; ".join(filter(None, licences))[:300] or "unstated",
        description_en=resource.description or "",
    )
