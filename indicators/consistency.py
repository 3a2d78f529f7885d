"""Consistency checks of the data, declared by each app in the YAML file its AppConfig names (`consistency_checks`,
e.g. indicators/consistency.yaml): each declaration names a kind of check (a function here) and what it applies to,
so a new check of a known kind is data, not code, and this module names no app that builds on this one.

Each check answers a status: `pass`, `fail`, `warn` (the flag-only kinds: a jump is suspicious, not wrong) or
`not-applicable` (none of the figures it needs is there), and its cases: the figures involved (with their public
keys, values and periods), what was expected, what was found, and the tolerance used. Sources round, so a sum may be
off by half a unit of the last reported digit of each figure in it; the tolerance follows from the figures' own
precision. Counts (units count, persons, piece) are exact: their sums must hold to the unit.

Every check loads its figures with one query and works on at most a few thousand rows: the whole report answers
well under a second on the seed and the official package (`make bench` has no say here; tests pin query counts).
"""

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml
from django.apps import apps

from indicators.models import Observation, Region

PASS, FAIL, WARN, NOT_APPLICABLE = "pass", "fail", "warn", "not-applicable"
OBSERVATION_COLUMNS = (
    "code",
    "indicator__code",
    "indicator__unit__code",
    "region__code",
    "size_class",
    "period_start",
    "period_end",
    "value",
)
# Units of things counted one by one: their figures are exact, so their sums must be too.
COUNTED_UNITS = frozenset({"count", "persons", "piece"})


@dataclass
class Figure:
    """One figure a case involves: an observation (`resource` observations, key its code) or a record's field."""

    resource: str
    key: str
    value: Decimal | int | None
    field: str = "value"
    exact: bool = False  # a count, not a rounded measurement
    region: str | None = None
    period: tuple | None = None

    @property
    def period_start(self):
        return self.period[0] if self.period else None

    @property
    def period_end(self):
        return self.period[1] if self.period else None


@dataclass
class Case:
    figures: list[Figure]
    passed: bool
    expected: Decimal | None = None
    found: Decimal | None = None
    tolerance: Decimal | None = None
    note: str = ""

    def describe(self) -> str:
        """One line: the verdict, the numbers, and every figure with its key."""
        figures = ", ".join(
            f"{figure.resource}/{figure.key}"
            + (f".{figure.field}" if figure.field != "value" else "")
            + f"={figure.value}"
            for figure in self.figures
        )
        numbers = [
            f"{label} {number}"
            for label, number in (("expected", self.expected), ("found", self.found), ("tolerance", self.tolerance))
            if number is not None
        ]
        verdict = "ok" if self.passed else "FAILS"
        return f"{verdict}: {'; '.join(numbers)} ({figures}){' - ' + self.note if self.note else ''}"


@dataclass
class Result:
    key: str
    kind: str
    description: str
    status: str
    cases: list[Case] = field(default_factory=list)

    @property
    def failures(self) -> list[Case]:
        return [case for case in self.cases if not case.passed]

    @property
    def cases_checked(self) -> int:
        return len(self.cases)

    @property
    def cases_failed(self) -> int:
        return len(self.failures)


def declaration_files() -> list[Path]:
    """Every app's file of checks (its AppConfig's `consistency_checks`), in the order of INSTALLED_APPS."""
    return [
        Path(config.path) / config.consistency_checks
        for config in apps.get_app_configs()
        if getattr(config, "consistency_checks", None)
    ]


@cache
def declarations() -> tuple[dict, ...]:
    """The checks every app declares, app by app in the order of INSTALLED_APPS, each file in its own order."""
    declared = []
    for path in declaration_files():
        with path.open(encoding="utf-8") as handle:
            entries = yaml.safe_load(handle) or []
        unknown = [entry["kind"] for entry in entries if entry["kind"] not in KINDS]
        if unknown:
            raise ValueError(f"{path}: unknown kinds of check {unknown}; known: {sorted(KINDS)}")
        declared.extend(entries)
    return tuple(declared)


def detail_routes() -> dict[str, str]:
    """{resource: its API detail route} of every resource whose figures a check involves: observations, and the
    records each app's fields-sum-to-total checks declare (`resource`, `route`)."""
    routes = {"observations": "indicators-api:observation-detail"}
    routes.update({entry["resource"]: entry["route"] for entry in declarations() if "route" in entry})
    return routes


def run_checks(keys: set[str] | None = None) -> list[Result]:
    """Every declared check (or those of `keys`), run on the data as it is now."""
    return [run(entry) for entry in declarations() if keys is None or entry["key"] in keys]


def run(entry: dict) -> Result:
    cases = KINDS[entry["kind"]](entry)
    if not cases:
        status = NOT_APPLICABLE
    elif all(case.passed for case in cases):
        status = PASS
    else:
        status = WARN if entry["kind"] in FLAG_ONLY else FAIL
    return Result(entry["key"], entry["kind"], entry.get("description", ""), status, cases)


def failures_involving(resource: str, key: str) -> list[tuple[Result, Case]]:
    """The failing (or flagged) cases whose figures include the record `key` of `resource`: for the warnings an
    editor sees after saving it. Only the checks that can involve that resource are run."""
    relevant = [entry for entry in declarations() if _resource_of(entry) == resource]
    found = []
    for result in (run(entry) for entry in relevant):
        for case in result.failures:
            if any(figure.resource == resource and figure.key == key for figure in case.figures):
                found.append((result, case))
    return found


def warnings_for(resource: str, key: str) -> list[str]:
    """What an editor who just saved the record is told: each check it now breaks (or a jump it makes)."""
    return [
        f"{result.key}: {result.description} {case.describe()}" for result, case in failures_involving(resource, key)
    ]


def _resource_of(entry: dict) -> str:
    return _model_resource(entry) if entry["kind"] == "fields-sum-to-total" else "observations"


def _model_resource(entry: dict) -> str:
    """The API resource of a fields-sum-to-total check's records: as its declaration names it, else the model's name."""
    return entry.get("resource") or apps.get_model(entry["model"])._meta.model_name


# ---------------------------------------------------------------- figures


def _observations(specs: list[dict]) -> dict[int, list[dict]]:
    """The figures matching each spec ({indicator, size_class?, region?}; no enterprise or product breakdown unless
    asked), by spec index, in one query."""
    indicators = {spec["indicator"] for spec in specs}
    rows = list(
        Observation.objects.filter(indicator__code__in=indicators, enterprise=None, product=None)
        .order_by("period_start", "period_end", "region__code", "code")
        .values(*OBSERVATION_COLUMNS)
    )
    matched = {}
    for index, spec in enumerate(specs):
        size_class = spec.get("size_class", "")
        matched[index] = [
            row
            for row in rows
            if row["indicator__code"] == spec["indicator"]
            and row["size_class"] == size_class
            and ("region" not in spec or row["region__code"] == spec["region"])
        ]
    return matched


def _figure(row: dict) -> Figure:
    return Figure(
        "observations",
        row["code"],
        row["value"],
        region=row["region__code"],
        period=(row["period_start"], row["period_end"]),
        exact=row["indicator__unit__code"] in COUNTED_UNITS,
    )


def _decimals(value) -> int:
    """Digits after the point as reported: trailing zeros of the stored scale (4 places) are not reported digits."""
    if not isinstance(value, Decimal):
        return 0
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _sum_tolerance(figures: list[Figure]) -> Decimal:
    """Half a unit of the last reported digit of each figure of the sum, the total included; none for counts."""
    if all(figure.exact for figure in figures):
        return Decimal(0)
    places = max((_decimals(figure.value) for figure in figures), default=0)
    return Decimal(5) * Decimal(10) ** -(places + 1) * len(figures)


def _sum_case(total: Figure, parts: list[Figure]) -> Case:
    found = sum((part.value for part in parts), Decimal(0))
    tolerance = _sum_tolerance([total, *parts])
    return Case(
        [total, *parts],
        abs(Decimal(total.value) - found) <= tolerance,
        expected=Decimal(total.value),
        found=found,
        tolerance=tolerance,
    )


def _key(row: dict, match: list[str]) -> tuple:
    parts = []
    for name in match:
        parts.extend((row["period_start"], row["period_end"]) if name == "period" else (row[f"{name}__code"],))
    return tuple(parts)


# ---------------------------------------------------------------- kinds


def parts_sum_to_total(entry: dict) -> list[Case]:
    match = entry.get("match", ["region", "period"])
    specs = [entry["total"], *entry["parts"]]
    matched = _observations(specs)
    by_key = [{_key(row, match): row for row in matched[index]} for index in range(len(specs))]
    cases = []
    for key, total in by_key[0].items():
        parts = [found.get(key) for found in by_key[1:]]
        if all(part is not None for part in parts):
            cases.append(_sum_case(_figure(total), [_figure(part) for part in parts]))
    return cases


def regions_sum_to_total(entry: dict) -> list[Case]:
    spec = {"indicator": entry["indicator"]}
    rows = _observations([spec])[0]
    overlaps = entry.get("overlaps", [])
    by_period: dict[tuple, dict[str, dict]] = defaultdict(dict)
    for row in rows:
        by_period[(row["period_start"], row["period_end"])][row["region__code"]] = row
    cases = []
    for regions in by_period.values():
        total = regions.get(entry["total_region"])
        if total is None:
            continue
        left_out = {part for overlap in overlaps if overlap["whole"] in regions for part in overlap["parts"]}
        parts = [row for code, row in regions.items() if code != entry["total_region"] and code not in left_out]
        if parts:
            case = _sum_case(_figure(total), [_figure(row) for row in parts])
            if left_out & set(regions):
                case.note = f"left out, as parts of a former region reported too: {', '.join(sorted(left_out))}"
            cases.append(case)
    return cases


def fields_sum_to_total(entry: dict) -> list[Case]:
    model = apps.get_model(entry["model"])
    names = [entry["total"], *entry["parts"]]
    resource = _model_resource(entry)
    key = model.natural_key_fields[0]
    cases = []
    for row in model.objects.order_by(key).values(key, *names):
        if any(row[name] is None for name in names):
            continue
        figures = [Figure(resource, row[key], Decimal(row[name]), field=name, exact=True) for name in names]
        cases.append(_sum_case(figures[0], figures[1:]))
    return cases


def part_not_greater(entry: dict) -> list[Case]:
    match = entry.get("match", ["region", "period"])
    matched = _observations([entry["part"], entry["whole"]])
    wholes = {_key(row, match): row for row in matched[1]}
    cases = []
    for part in matched[0]:
        whole = wholes.get(_key(part, match))
        if whole is not None:
            cases.append(
                Case(
                    [_figure(part), _figure(whole)],
                    part["value"] <= whole["value"],
                    expected=whole["value"],
                    found=part["value"],
                    tolerance=Decimal(0),
                    note="the part must not be greater than the whole",
                )
            )
    return cases


def within_bounds(entry: dict) -> list[Case]:
    low, high = Decimal(str(entry["low"])), Decimal(str(entry["high"]))
    matched = _observations([{"indicator": code} for code in entry["indicators"]])
    return [
        Case([_figure(row)], low <= row["value"] <= high, found=row["value"], note=f"within [{low}, {high}]")
        for rows in matched.values()
        for row in rows
    ]


def no_jump(entry: dict) -> list[Case]:
    """Yearly figures only (a period of one calendar year, or a date of 1 January), per region; a change is flagged
    when its log ratio lies beyond `sigma` standard deviations of the series' own changes. Changes into or out of a
    year in which the region gained or lost territory are not judged."""
    sigma = Decimal(str(entry["sigma"]))
    border_years = _border_years()
    matched = _observations([{"indicator": code} for code in entry["indicators"]])
    cases = []
    for rows in matched.values():
        series: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            if _yearly(row) and row["value"] > 0:
                series[row["region__code"]].append(row)
        for region, points in series.items():
            steps = [
                (before, after, math.log(after["value"] / before["value"]))
                for before, after in zip(points, points[1:], strict=False)
                if after["period_start"].year == before["period_start"].year + 1
                and not ({before["period_start"].year, after["period_start"].year} & border_years.get(region, set()))
            ]
            if len(steps) < 5:
                continue
            mean = statistics.fmean(change for _, _, change in steps)
            spread = statistics.pstdev(change for _, _, change in steps)
            for before, after, change in steps:
                score = Decimal(str(abs(change - mean) / spread)) if spread else Decimal(0)
                cases.append(
                    Case(
                        [_figure(before), _figure(after)],
                        score <= sigma,
                        found=score.quantize(Decimal("0.01")),
                        tolerance=sigma,
                        note="standard deviations of the series' yearly changes",
                    )
                )
    return cases


def _yearly(row: dict) -> bool:
    start, end = row["period_start"], row["period_end"]
    if start is None or end is None:
        return False
    whole_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year
    return whole_year or (start == end and (start.month, start.day) == (1, 1))


def _border_years() -> dict[str, set[int]]:
    """Per region code, the years its territory changed: a region formed from it, or it formed from another."""
    years: dict[str, set[int]] = defaultdict(set)
    for code, established, parent in Region.objects.exclude(established_year=None).values_list(
        "code", "established_year", "formed_from__code"
    ):
        for year in (established - 1, established):
            years[code].add(year)
            if parent:
                years[parent].add(year)
    return years


def sources_agree(entry: dict) -> list[Case]:
    """Every figure that two sources give (its current value and each value kept beside it, ObservationValue): a
    case per other value, passing where the two agree within rounding. A difference is a revision where one value
    is a later release of the same publisher (the earlier is kept as superseded), a conflict otherwise."""
    from indicators.models import ObservationValue, ValueRole
    from indicators.vintages import later, publisher_key

    rows = (
        ObservationValue.objects.filter(observation__enterprise=None, observation__product=None)
        .select_related("observation__indicator__unit", "observation__region", "observation__source", "source")
        .order_by("observation__indicator__code", "observation__region__code", "observation__period_start", "pk")
    )
    cases = []
    for other in rows:
        figure = other.observation
        current = Figure(
            "observations",
            figure.code,
            figure.value,
            region=figure.region.code,
            period=(figure.period_start, figure.period_end),
            exact=figure.indicator.unit.code in COUNTED_UNITS,
        )
        kept = Figure(
            "observations", figure.code, other.value, field=f"value from {other.source.slug}", exact=current.exact
        )
        tolerance = _sum_tolerance([current, kept]) / 2  # half a unit of the last digit of either
        difference = Decimal(figure.value) - Decimal(other.value)
        same_publisher = publisher_key(figure.source.publisher) == publisher_key(other.source.publisher)
        if same_publisher and (later(figure.released_on, other.released_on) or other.role == ValueRole.SUPERSEDED):
            note = f"revision: {other.released_on or 'undated'} -> {figure.released_on or 'undated'}"
        else:
            note = "conflict: two sources give different values" if same_publisher else "conflict: another publisher"
        passed = abs(difference) <= tolerance
        cases.append(
            Case(
                [current, kept],
                passed,
                expected=Decimal(figure.value),
                found=Decimal(other.value),
                tolerance=tolerance,
                note="" if passed else note,
            )
        )
    return cases


KINDS = {
    "sources-agree": sources_agree,
    "parts-sum-to-total": parts_sum_to_total,
    "regions-sum-to-total": regions_sum_to_total,
    "fields-sum-to-total": fields_sum_to_total,
    "part-not-greater": part_not_greater,
    "within-bounds": within_bounds,
    "no-jump": no_jump,
}
FLAG_ONLY = {"no-jump", "sources-agree"}  # a jump, a revision or a conflict is a flag, not an error
