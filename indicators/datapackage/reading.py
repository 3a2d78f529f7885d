"""A data package read and checked: the package against its own schemas (frictionless), then every figure row and
flag against the reference data (the package's own reference tables and the database's), the figures of a resource
from one `Source`. Nothing is written here; anything wrong refuses the whole package with every problem named."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.text import slugify

from indicators.datapackage.format import (
    BLANK_REGION_PROPERTY,
    CUMULATIVE_PROPERTY,
    FORMULA_ESCAPE,
    FORMULA_ESCAPE_PROPERTY,
    PUBLISHER_PROPERTY,
    RELEASED_PROPERTY,
    REQUIRED_COLUMNS,
    SOURCE_PROPERTY,
    PackageInvalid,
    RowProblem,
    cell_date,
    cell_decimal,
    cell_list,
    cell_text,
    resource_rows,
    unit_named,
)
from indicators.datapackage.reference_reading import PackageReferences, references_read
from indicators.models import (
    ComparisonBase,
    FlagAuthority,
    FlagKind,
    Frequency,
    Observation,
    ObservationStatus,
    Qualifier,
    SizeClass,
    Source,
    SourceKind,
)


def package_open(path: Path):
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


def package_records(package) -> tuple[list[Source], PackageReferences, list[Observation], list[tuple]]:
    """The sources, reference records, figures and flags of the package, each checked against the reference data."""
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
        for number, row in resource_rows(resource):
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
    for number, row in resource_rows(resource):
        code = cell_text(row.get("code")).strip()
        if not code:
            region = cell_text(row.get("region_iso")).strip() or blank_region or ""
            indicator = cell_text(row.get("indicator")).strip().replace("_", "-")
            about = (region, indicator, cell_date(row.get("period_start")), cell_date(row.get("period_end")))
            code = by_about.get(about, "")
        if code not in by_code:
            problems.append(RowProblem(resource.path, number, "code", "names no figure of this package"))
            continue
        flag, asserted_by = cell_text(row.get("flag")).strip(), cell_text(row.get("asserted_by")).strip()
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
        flags.append((code, flag, asserted_by, cell_text(row.get("note")).strip()))
    return flags


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
        value = cell_text(row.get(field)).strip() or default
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
    unit = unit_named(units, unit_text)
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
        slug = cell_text(row.get(field)).strip()
        related[field] = known.get(slug) if slug else None
        if slug and related[field] is None:
            problem(field, f"unknown {field} {slug!r}")
    start, end = cell_date(row.get("period_start")), cell_date(row.get("period_end"))
    # A figure without a period (both empty) is one the source dates nowhere; an end needs a start.
    if start is None and (end is not None or row.get("period_start") not in (None, "")):
        problem("period_start", "not a date")
    if end is not None and start is not None and end < start:
        problem("period_end", "the period ends before it starts")
    value = cell_decimal(row.get("value"))
    if value is None:
        problem("value", "not a number")
    status = choice("status", ObservationStatus, ObservationStatus.ACTUAL)
    qualifier = choice("qualifier", Qualifier, Qualifier.EXACT)
    size_class = choice("size_class", SizeClass, "")
    comparison_base = choice("comparison_base", ComparisonBase, "")
    frequency = choice("frequency", Frequency, "")
    if frequency and start is None:
        problem("frequency", "a figure without a period has no frequency")
    inferred = cell_list(row.get("inferred"))
    unknown = sorted(set(inferred) - set(Observation.inferable_fields()))
    if unknown:
        problem("inferred", f"not a field of a figure: {', '.join(unknown)}")
    public_key = cell_text(row.get("code")).strip()
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
        quote=cell_text(row.get("quote")),
        inferred=inferred,
        note_kk=cell_text(row.get("note_kk")),
        note_ru=cell_text(row.get("note_ru")),
        # A package's plain `note` is in the language of its metadata (English), whatever language is active.
        note_en=cell_text(row.get("note_en")) or cell_text(row.get("note")).strip(),
        **related,
    )
    observation.value_note = cell_text(row.get("value_note"))  # kept with the value where it is not the current one
    # A row without a key gets the rule's (Observation.figure_key), as the seed and the API give it.
    observation.code = public_key or observation.figure_key()
    return observation, []


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
        published_on=cell_date(released.get("date")) if isinstance(released, dict) else None,
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
