"""A data package read and checked: the package against its own schemas (frictionless), then every figure row and
flag against the reference data (the package's own reference tables and the database's), the figures of a resource
from one `Source`. Nothing is written here; anything wrong refuses the whole package with every problem named."""

from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
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
    cell_list,
    cell_text,
    resource_rows,
    unit_named,
)
from indicators.datapackage.reference_reading import PackageReferences, references_read
from indicators.models import (
    Frequency,
    Observation,
    ObservationFlag,
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
                references=references,
                blank_region=blank_region,
                cumulative=cumulative,
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
        flag = ObservationFlag(
            flag=cell_text(row.get("flag")).strip(),
            asserted_by=cell_text(row.get("asserted_by")).strip(),
            note=cell_text(row.get("note")).strip(),
        )
        broken = _model_problems(flag, exclude=["observation"])
        if not broken and (code, flag.flag) in seen:
            broken = {"flag": [_constraint_message(ObservationFlag, "observation_flag_once")]}
        if broken:
            problems += [
                RowProblem(resource.path, number, field, " ".join(reasons)) for field, reasons in broken.items()
            ]
            continue
        seen.add((code, flag.flag))
        flags.append((code, flag.flag, flag.asserted_by, flag.note))
    return flags


# A figure row names these records by key; the reader finds them (the model would look each up again, row by row).
RELATIONS = ("indicator", "region", "enterprise", "product", "source")
# The columns a figure row may leave empty for the model's default (an actual, exact figure, not broken down).
CHOICE_COLUMNS = ("status", "qualifier", "size_class", "comparison_base", "frequency")


def _observation(
    row: dict, *, number, file, source, references: dict, blank_region, cumulative=False
) -> tuple[Observation | None, list[RowProblem]]:
    """One figure row as a figure of `source`, or None with the row's problems. The records it names are found by
    their keys (the package's reference data, or the database's); every other rule is the model's own, reported with
    the row and the field: a rule is written once, on Observation, and holds for the admin, the API and every import.
    """
    problems = []

    def problem(field: str, reason: str):
        problems.append(RowProblem(file, number, field, reason))

    related = _records_named(row, references, blank_region, problem)
    observation = Observation(
        source=source,
        period_start=_cell_given(row.get("period_start")),
        period_end=_cell_given(row.get("period_end")),
        value=_number_given(row.get("value")),
        released_on=source.published_on,  # the release of this value: its source's (regionapi:released)
        quote=cell_text(row.get("quote")),
        inferred=cell_list(row.get("inferred")),
        note_kk=cell_text(row.get("note_kk")),
        note_ru=cell_text(row.get("note_ru")),
        # A package's plain `note` is in the language of its metadata (English), whatever language is active.
        note_en=cell_text(row.get("note_en")) or cell_text(row.get("note")).strip(),
        code=cell_text(row.get("code")).strip(),
        **{name: text for name in CHOICE_COLUMNS if (text := cell_text(row.get(name)).strip())},
        **related,
    )
    with translation.override("en"):  # the language of the report's other reasons and of a package's metadata
        broken = _model_rules(observation, cumulative=cumulative)
    for field, messages in broken.items():
        problem(field, " ".join(messages))
    if problems:
        return None, problems
    observation.value_note = cell_text(row.get("value_note"))  # kept with the value where it is not the current one
    # A row without a key gets the rule's (Observation.figure_key), as the seed and the API give it.
    observation.code = observation.code or observation.figure_key()
    return observation, []


def _cell_given(value):
    """A cell as the model reads it: an empty one is no value."""
    return None if value in (None, "") else value


def _number_given(value):
    """A number cell as the model reads it: a float as written (0.1, not its binary neighbour), an empty cell none."""
    return str(value) if isinstance(value, float) else _cell_given(value)


def _records_named(row: dict, references: dict, blank_region, problem) -> dict:
    """The records a figure row names by key, each known to the package or the database (`problem` names each that
    is not): its region, indicator (in the unit the row states), enterprise and product."""
    related = {}
    code = cell_text(row.get("region_iso")).strip() or blank_region
    related["region"] = references["regions"].get(code) if code else None
    if related["region"] is None:
        problem(
            "region_iso",
            f"unknown region {row.get('region_iso') or '(empty)'!r}"
            + ("" if code else f"; the package names no {BLANK_REGION_PROPERTY}"),
        )
    related["indicator"] = _indicator_named(row, references, problem)
    for field, known in (("enterprise", references["enterprises"]), ("product", references["products"])):
        slug = cell_text(row.get(field)).strip()
        related[field] = known.get(slug) if slug else None
        if slug and related[field] is None:
            problem(field, f"unknown {field} {slug!r}")
    return {name: record for name, record in related.items() if record is not None}


def _indicator_named(row: dict, references: dict, problem):
    """The indicator a row names (`gross_regional_product` is `gross-regional-product`), in the unit the row states."""
    unit_text = str(row.get("unit") or "")
    unit = unit_named(references["units"], unit_text)
    if unit is None:
        problem("unit", f"unknown unit {unit_text!r}")
    indicators, text = references["indicators"], str(row.get("indicator") or "")
    indicator = indicators.get(text) or indicators.get(text.replace("_", "-"))
    if indicator is None:
        problem("indicator", f"unknown indicator {row.get('indicator')!r}")
    elif unit is not None and indicator.unit.code != unit.code:
        problem("unit", f"{unit_text!r}, but indicator {indicator.code} is in {indicator.unit.code}")
    return indicator


def _model_rules(observation: Observation, *, cumulative: bool) -> dict[str, list[str]]:
    """The model's rules a figure read from a row breaks, by field: its fields' (a date, a number, a choice, a key
    that is a slug, the fields `inferred` may name), then clean()'s (the period's order). A kind of period the row
    leaves out is read from the dates, knowing whether the source cumulates from January (Frequency.of_dates)."""
    try:
        observation.clean_fields(exclude=RELATIONS)
    except ValidationError as exc:
        return exc.message_dict
    if observation.frequency and observation.period_start is None:
        # The model's constraint, in its words: the database would check it with a query per row.
        return {"frequency": [_constraint_message(Observation, "observation_frequency_valid")]}
    observation.frequency = observation.frequency or Frequency.of_dates(
        observation.period_start, observation.period_end, cumulative=cumulative
    )
    try:
        observation.clean()
    except ValidationError as exc:
        return exc.message_dict
    return {}


def _model_problems(record, *, exclude: list[str]) -> dict[str, list[str]]:
    """The model's rules a record read from a row breaks (its fields', clean()'s, its constraints'), by field (None:
    the record's), in English; `exclude`: the fields the reader resolved by key."""
    with translation.override("en"):
        try:
            record.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as exc:
            return {None if name == NON_FIELD_ERRORS else name: reasons for name, reasons in exc.message_dict.items()}
    return {}


def _constraint_message(model, name: str) -> str:
    """A constraint's message, for a rule of the model the reader checks itself (in a whole package, or where the
    database would take a query per row)."""
    constraint = next(constraint for constraint in model._meta.constraints if constraint.name == name)
    with translation.override("en"):
        return str(constraint.get_violation_error_message())


def _source(package, resource) -> Source:
    """The Source of one resource, from the package's metadata: nothing it does not state."""
    origins = [dict(item) for item in (resource.sources or [])]
    released = resource.custom.get(RELEASED_PROPERTY)
    released = released if isinstance(released, dict) else {}
    return Source(
        slug=slugify(f"{package.name}--{resource.name}")[:100],
        title_en=(resource.title or resource.name)[:300],
        kind=SourceKind.STATISTICAL_RELEASE,
        publisher=_publisher(package, resource)[:200],
        url=next((item["path"] for item in origins if str(item.get("path", "")).startswith("http")), "")[:500],
        trust_level=str(resource.custom.get("trust_level") or "")[:20],
        published_on=cell_date(released.get("date")),
        published_on_basis=str(released.get("basis") or "")[:500],
        language="en",  # the language of the metadata this record is made of
        reference=_reference(origins)[:300] or f"{package.name}/{resource.path}",
        licence="; ".join(filter(None, _licences(package, resource)))[:300] or "unstated",
        description_en="\n\n".join(filter(None, (resource.description, _readme_section(package, resource)))),
    )


def _publisher(package, resource) -> str:
    """Who publishes a resource's values: as the resource or the package says, else the package's first source."""
    package_sources = [dict(item) for item in (package.sources or [])]
    return (
        resource.custom.get(PUBLISHER_PROPERTY)
        or package.custom.get(PUBLISHER_PROPERTY)
        or (package_sources[0].get("title") if package_sources else None)
        or package.title
        or package.name
    )


def _reference(origins: list[dict]) -> str:
    """Where a resource's values come from: each of its sources' title and path."""
    return "; ".join(filter(None, (" ".join(filter(None, (item.get("title"), item.get("path")))) for item in origins)))


def _licences(package, resource) -> list[str]:
    return [
        item.get("title") or item.get("name") or item.get("path")
        for item in map(dict, resource.licenses or package.licenses or [])
    ]


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
