"""Reads that combine records: indicator series, regions compared, and region profiles."""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When, Window
from django.db.models.functions import Coalesce, ExtractYear, RowNumber
from django.utils.translation import gettext as _

from indicators.derived import Derived, PerCapita, per_capita_get
from indicators.models import (
    Direction,
    Enterprise,
    FlagKind,
    Indicator,
    Observation,
    ObservationStatus,
    Product,
    Qualifier,
    Region,
    RegionKind,
)
from indicators.periods import FREQUENCY_ORDER, Period, default_frequency, period_text
from indicators.profile_sections import SECTIONS
from indicators.territory import AS_PUBLISHED, Exclusion, overlapping_codes, territorial_units

# ---------------------------------------------------------------- series


@dataclass(frozen=True)
class Change:
    """Change of a figure against the latest earlier figure for a comparable period."""

    base: Observation
    absolute: Decimal
    percent: Decimal | None
    approximate: bool


@dataclass
class SeriesPoint:
    observation: Observation
    change: Change | None = None
    change_note: str = ""
    # Regions split off this one later whose territory the figure still covers (Ulytau in Karaganda's 2020 GRP).
    includes_territory_of: list[str] = field(default_factory=list)
    derived: Derived | None = None  # with `per=`: the figure divided, and its change


@dataclass
class Series:
    indicator: Indicator
    frequency: str  # the one kind of period the points hold
    frequencies: dict[str, int]  # every kind the series has, with its number of figures
    region: Region
    enterprise: Enterprise | None
    product: Product | None
    size_class: str
    points: list[SeriesPoint]
    territory_changes: list[dict] = field(default_factory=list)
    per_capita: PerCapita | None = None

    @property
    def derived(self) -> bool:
        return self.per_capita is not None

    @property
    def formula(self) -> str:
        return self.per_capita.formula if self.per_capita else ""

    @property
    def derived_unit(self):
        return self.per_capita.unit if self.per_capita else None


def period_shape(observation: Observation) -> tuple | None:
    """What must match for two periods to be comparable: same calendar span (start and end month-day, length in
    years), in different years. Open or missing periods have no shape."""
    start, end = observation.period_start, observation.period_end
    if start is None or end is None:
        return None
    return (start.month, start.day, end.month, end.day, end.year - start.year)


def _territory_changes(region: Region) -> list[dict]:
    """Years in which the region lost territory to a newly formed one (e.g. Ulytau from Karaganda, 2022). A former
    region's figures always cover its own whole territory: it has none (South Kazakhstan, split in 2018)."""
    if region.abolished_year:
        return []
    return [
        {"year": child.established_year, "code": child.code, "name": child.name}
        for child in region.split_off.all()
        if child.established_year
    ]


def _territory_covered(observations, territory_changes: list[dict]):
    """A function telling, for a figure of the series, which later split-off regions' territory it covers.

    A figure dated before a split, or in its year, covers the split-off region's territory unless the source already
    reports that region on its own for the same period (the new borders then apply: annual GRP 2021 of Karaganda
    excludes Ulytau, which has its own 2021 figure; GRP January-March 2022 still includes it). Read from the data,
    so each dataset's own break point is honoured.
    """
    periods: dict[str, set] = {change["code"]: set() for change in territory_changes}
    first = observations[0] if territory_changes and observations else None
    if first is not None:  # one query for every split-off region's own figures of the same series
        reported = Observation.objects.filter(
            region__code__in=periods,
            indicator_id=first.indicator_id,
            enterprise_id=first.enterprise_id,
            product_id=first.product_id,
            size_class=first.size_class,
        ).values_list("region__code", "period_start", "period_end")
        for code, start, end in reported:
            periods[code].add((start, end))

    def covers(observation: Observation) -> frozenset[str]:
        if observation.period_start is None:
            return frozenset()
        return frozenset(
            change["code"]
            for change in territory_changes
            if observation.period_start.year <= change["year"]
            and (observation.period_start, observation.period_end) not in periods[change["code"]]
        )

    return covers


def _change(base: Observation, current: Observation, *, values: tuple[Decimal, Decimal] | None = None) -> Change:
    """The change from `base` to `current`: of their values, or of `values` derived from them (e.g. per capita)."""
    before, after = values or (base.value, current.value)
    absolute = after - before
    percent = (absolute / before * 100).quantize(Decimal("0.01")) if before else None
    approximate = base.qualifier != Qualifier.EXACT or current.qualifier != Qualifier.EXACT
    return Change(base=base, absolute=absolute, percent=percent, approximate=approximate)


def _territory_change_note(territory_changes: list[dict], differ) -> str:
    """Why no change is computed between two figures that cover different territory (`differ`: the codes of the
    split-off regions that one covers and the other does not)."""
    change = next(change for change in territory_changes if change["code"] in differ)
    return _(
        "No change computed: the region's territory changed in %(year)s (%(code)s was formed from "
        "part of it), so the periods cover different areas."
    ) % {"year": change["year"], "code": change["code"]}


def _break_note(observation: Observation) -> str:
    """Where a change is measured across a break in series (the later figure carries the flag): what broke."""
    breaks = [flag for flag in observation.flags.all() if flag.flag == FlagKind.BREAK]
    if not breaks:
        return ""
    return _("Across a break in series: %(note)s") % {"note": breaks[0].note or FlagKind.BREAK.label}


@dataclass(frozen=True)
class Ranking:
    """Which end of a ranking is 1: the better one by the indicator's direction, the highest where neither is."""

    direction: str

    @classmethod
    def of(cls, indicator: Indicator) -> "Ranking":
        return cls(indicator.direction)

    @property
    def ascending(self) -> bool:
        return self.direction == Direction.LOWER_IS_BETTER

    @property
    def order(self) -> str:
        return "ascending" if self.ascending else "descending"

    @property
    def meaning(self) -> str:
        if self.direction == Direction.LOWER_IS_BETTER:
            return _("1 = the lowest value (lower is better)")
        if self.direction == Direction.HIGHER_IS_BETTER:
            return _("1 = the highest value (higher is better)")
        return _("1 = the highest value (neither higher nor lower is better)")


def _no_shape_note() -> str:
    return _("No change computed: the source gives no complete period for this figure.")


def _no_base_note() -> str:
    return _("No change computed: no earlier figure in this series covers a comparable period.")


def _derived_change(point, base_value: Decimal | None, value: Decimal | None) -> tuple[Change | None, str]:
    """The change of derived values beside the change of the reported ones (`point.change`, `point.change_note`):
    none where the reported figures are not compared, or where either derived value is missing."""
    if point.change is None:
        return None, point.change_note
    if base_value is None or value is None:
        return None, _("No change computed: the derived value of this figure or of %(base)s is missing.") % {
            "base": point.change.base.code
        }
    return _change(point.change.base, point.observation, values=(base_value, value)), ""


def indicator_series_get(
    *,
    indicator: Indicator,
    region: Region,
    enterprise: Enterprise | None = None,
    product: Product | None = None,
    size_class: str = "",
    statuses: list[str] | None = None,
    period_after: date | None = None,
    period_before: date | None = None,
    most_recent: int | None = None,
    frequency: str = "",
    per: str = "",
) -> Series:
    """One series (indicator x region x breakdown) in period order, each point with its change against the latest
    earlier point of a comparable period. Never compares different spans (7 months against 12) and never across a
    change of the region's territory; the point says why instead. With `per`, each point also carries its figure
    divided as asked (derived.py) and the change of that derived value."""
    # The territory each figure covers is worked out here for the whole series (_territory_covered: one query), not
    # by with_related()'s subquery per row, which was most of a long series' SQL (49 of 50 ms for 504 points).
    observations = Observation.objects.with_related_objects().filter(
        indicator=indicator, region=region, enterprise=enterprise, product=product, size_class=size_class
    )
    if statuses:
        observations = observations.filter(status__in=statuses)
    # The whole series is read, the window (period_after, period_before, mrv) cut from it afterwards: a change needs
    # the earlier figure it is measured against, which the window may leave out (2014's change is against 2013).
    ordered = list(
        observations.order_by(F("period_start").asc(nulls_first=True), F("period_end").asc(nulls_first=True), "code")
    )
    # One kind of period: asked for, or annual where there are annual figures, else the most numerous kind.
    kinds: dict[str, int] = defaultdict(int)
    for observation in ordered:
        kinds[observation.frequency] += 1
    if frequency and not kinds.get(frequency):
        available = {kind: [str(count)] for kind, count in kinds.items() if kind}
        raise NoFigures("frequency", _("No figures of this kind of period in the series. Figures by kind:"), available)
    chosen = frequency or default_frequency(kinds)
    if chosen:
        ordered = [observation for observation in ordered if observation.frequency == chosen]
    shown = [
        observation
        for observation in ordered
        if (period_after is None or (observation.period_start and observation.period_start >= period_after))
        and (period_before is None or (observation.period_start and observation.period_start <= period_before))
    ]
    if most_recent:
        shown = shown[-most_recent:]
    shown_ids = {observation.pk for observation in shown}
    territory_changes = _territory_changes(region)
    covers = _territory_covered(ordered, territory_changes)
    for observation in ordered:  # what with_territory() annotates: the first such region by code
        observation.covers_split_off = min(covers(observation), default=None)
    points = []
    # Per period shape, the figures seen so far and their years, both in period order: the base of a change is
    # found by bisection, so a series costs O(n log n), not a scan of every earlier point per point.
    by_shape: dict[tuple, tuple[list[Observation], list[int]]] = {}
    for current in ordered:
        point = SeriesPoint(observation=current, includes_territory_of=sorted(covers(current)))
        shape = period_shape(current)
        seen, years = by_shape.get(shape, ([], []))
        earlier = bisect_left(years, current.period_start.year) if shape is not None else 0
        if shape is None:
            point.change_note = _no_shape_note()
        elif not earlier:
            point.change_note = _no_base_note()
        else:
            base = seen[earlier - 1]  # the latest figure of the same span in an earlier year
            differ = covers(base) ^ covers(current)
            if differ:
                point.change_note = _territory_change_note(territory_changes, differ)
            else:
                point.change = _change(base, current)
                point.change_note = _break_note(current)
        if shape is not None:
            seen.append(current)
            years.append(current.period_start.year)
            by_shape[shape] = (seen, years)
        if current.pk in shown_ids:
            points.append(point)
    bases = [point.change.base for point in points if point.change is not None]
    per_capita = per_capita_get(indicator=indicator, per=per, observations=[*shown, *bases])
    if per_capita is not None:
        derived = {observation.pk: per_capita.of(observation) for observation in [*shown, *bases]}
        for point in points:
            point.derived = derived[point.observation.pk]
            base_value = derived[point.change.base.pk].value if point.change else None
            point.derived.change, point.derived.change_note = _derived_change(point, base_value, point.derived.value)
    return Series(
        indicator=indicator,
        frequency=chosen,
        frequencies={kind: kinds[kind] for kind in FREQUENCY_ORDER if kinds.get(kind)},
        region=region,
        enterprise=enterprise,
        product=product,
        size_class=size_class,
        points=points,
        territory_changes=territory_changes,
        per_capita=per_capita,
    )


# ---------------------------------------------------------------- compare regions

REGION_HISTORY = ("established_year", "established_month", "abolished_year", "abolished_month")
# Where a region has several figures for one period (two statuses, two sources), the one compared: actual before
# preliminary before planned, target and forecast, then the first by code.
STATUS_PRECEDENCE = Case(
    *(When(status=status, then=Value(rank)) for rank, status in enumerate(ObservationStatus.values)),
    default=Value(len(ObservationStatus.values)),
    output_field=IntegerField(),
)
SHARE_PLACES = Decimal("0.000001")


@dataclass
class CompareRow:
    """One region's figure for the compared period (or none), with its standing among the others."""

    region: Region
    observation: Observation | None = None
    value: Decimal | None = None  # the figure's value, or with `per=` its derived value
    rank: int | None = None
    share_of_total: Decimal | None = None
    change: Change | None = None
    change_note: str = ""
    territory: str = ""
    derived: Derived | None = None

    @property
    def includes_territory_of(self) -> list[str]:
        return self.observation.includes_territory_of if self.observation else []

    @property
    def inputs(self) -> list[Observation]:
        return self.derived.inputs if self.derived else []

    @property
    def note(self) -> str:
        if self.observation is None:
            return _("No figure for this period.")
        return self.derived.note if self.derived else ""


@dataclass
class Comparison:
    indicator: Indicator
    period_start: date | None
    period_end: date | None
    frequency: str
    borders: str
    rows: list[CompareRow]
    excluded: list[Exclusion] = field(default_factory=list)
    total: Observation | None = None
    per_capita: PerCapita | None = None
    highlight: Region | None = None  # the region a chart of the comparison highlights

    @property
    def period(self) -> str:
        return period_text(self.period_start, self.period_end, self.frequency)

    @property
    def ranking(self) -> Ranking:
        return Ranking.of(self.indicator)

    @property
    def unit(self):
        return self.per_capita.unit if self.per_capita else self.indicator.unit

    @property
    def derived(self) -> bool:
        return self.per_capita is not None

    @property
    def formula(self) -> str:
        return self.per_capita.formula if self.per_capita else ""


class NoFigures(Exception):
    """A period or kind of period asked for has no figures: the parameter, and the periods that have some."""

    def __init__(self, parameter: str, message: str, available: dict[str, list[str]]):
        super().__init__(message)
        self.parameter, self.message, self.available = parameter, message, available

    @property
    def messages(self) -> list[str]:
        listed = [f"{kind}: {', '.join(periods)}" for kind, periods in self.available.items()]
        return [self.message, *listed] if listed else [self.message, _("The indicator has no figures.")]


def _available(periods) -> dict[str, list[str]]:
    """{frequency: [period texts]} of (start, end, frequency) triples, in period order."""
    available: dict[str, list[str]] = defaultdict(list)
    for start, end, frequency in sorted(periods, key=lambda period: (period[0], period[1] or period[0])):
        available[frequency].append(period_text(start, end, frequency))
    return {kind: available[kind] for kind in FREQUENCY_ORDER if kind in available}


def _compare_period(
    *, indicator: Indicator, statuses, period: Period | None, frequency: str
) -> tuple[date, date | None, str]:
    """The period compared (see `indicator_compare_get`), read from one grouped query of the indicator's periods."""
    reported = (
        Observation.objects.filter(indicator=indicator, period_start__isnull=False)
        .totals()
        .exclude(region__kind=RegionKind.COUNTRY)
    )
    if statuses:
        reported = reported.filter(status__in=statuses)
    counts = {
        (row["period_start"], row["period_end"], row["frequency"]): row["regions"]
        for row in reported.values("period_start", "period_end", "frequency").annotate(
            regions=Count("region", distinct=True)
        )
    }
    available = _available(counts)
    if period is None:
        kinds: dict[str, int] = defaultdict(int)
        for (_start, _end, kind), regions in counts.items():
            kinds[kind] += regions
        kind = frequency or default_frequency(kinds)
        candidates = {key: regions for key, regions in counts.items() if key[2] == kind}
        if not candidates:
            raise NoFigures("frequency", _("No figures of this kind of period."), available)
        most = max(candidates.values())
        return max(
            (key for key, regions in candidates.items() if regions == most),
            key=lambda key: (key[1] or key[0], -key[0].toordinal()),
        )
    if frequency and period.frequency and frequency != period.frequency:
        raise NoFigures(
            "frequency",
            _("The period names another kind of period (%(kind)s).") % {"kind": period.frequency},
            available,
        )
    kind = period.frequency or frequency
    matches = [key for key in counts if key[:2] == (period.start, period.end) and (not kind or key[2] == kind)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise NoFigures(
            "frequency",
            _("Figures of several kinds of period have these dates: give frequency= (%(kinds)s).")
            % {"kinds": ", ".join(sorted(key[2] for key in matches))},
            available,
        )
    raise NoFigures("period", _("No figures for this period. Periods with figures, by kind:"), available)


def _period_figures(*, indicator: Indicator, start: date | None, end: date | None, frequency: str, statuses):
    """The indicator's totals for exactly this period, one per region (STATUS_PRECEDENCE picks it), in SQL."""
    figures = Observation.objects.filter(indicator=indicator, frequency=frequency).totals().in_period(start, end)
    if statuses:
        figures = figures.filter(status__in=statuses)
    figures = figures.annotate(precedence=STATUS_PRECEDENCE)
    preferred = figures.filter(region=OuterRef("region")).filter(
        Q(precedence__lt=OuterRef("precedence")) | Q(precedence=OuterRef("precedence"), code__lt=OuterRef("code"))
    )
    return figures.exclude(Exists(preferred)).with_related()


def _earlier_comparable(
    *, indicator: Indicator, start: date, end: date, frequency: str, regions, statuses
) -> dict[int, Observation]:
    """Per region, the latest figure of an earlier year over the same calendar span (`period_shape`), as a series
    takes the base of a change: one query, the latest picked in SQL by a window function."""
    earlier = (
        Observation.objects.filter(
            indicator=indicator,
            frequency=frequency,
            region__in=regions,
            period_start__year__lt=start.year,
            period_start__month=start.month,
            period_start__day=start.day,
            period_end__month=end.month,
            period_end__day=end.day,
        )
        .totals()
        .annotate(span=ExtractYear("period_end") - ExtractYear("period_start"))
        .filter(span=end.year - start.year)
    )
    if statuses:
        earlier = earlier.filter(status__in=statuses)
    latest = Window(
        RowNumber(),
        partition_by=[F("region_id")],
        order_by=[F("period_start").desc(), F("period_end").desc(), F("code").desc()],
    )
    return {figure.region_id: figure for figure in earlier.with_related().annotate(latest=latest).filter(latest=1)}


def _territory_note(region: Region, observation: Observation, start: date | None, stands_for: list[Region]) -> str:
    """Where the figure's borders differ from today's: it covers units formed later, or its unit was formed later."""
    if start is None:
        return ""
    if stands_for:
        return _(
            "A former unit, counted for today's %(codes)s, which have no figures of their own covering it all for "
            "this period."
        ) % {"codes": ", ".join(unit.code for unit in stands_for)}
    if observation.includes_territory_of:
        return _(
            "The figure still covers the territory of %(codes)s, formed from part of this region later: it is not "
            "comparable with figures on the later borders."
        ) % {"codes": ", ".join(observation.includes_territory_of)}
    parent = region.formed_from
    if region.established_year and region.formed_on > (start.year, start.month) and parent is not None:
        if parent.abolished_year:
            return _(
                "Formed in %(year)s from %(parent)s, abolished then: the publisher recalculated this figure onto its "
                "territory for a period before it existed."
            ) % {"year": region.established_year, "parent": parent.code}
        return _(
            "Formed in %(year)s from part of %(parent)s; the source reports it on its own for this period, and "
            "%(parent)s's figure excludes it."
        ) % {"year": region.established_year, "parent": parent.code}
    later = [change for change in _territory_changes(region) if change["year"] >= start.year]
    if later:
        return _(
            "On the borders of the %(year)s reform: %(code)s, formed then from part of this region, is reported on "
            "its own for this period."
        ) % {"year": later[0]["year"], "code": later[0]["code"]}
    return ""


def rank_values(values: list[Decimal], value: Decimal, *, ascending: bool) -> int:
    """1 + how many values are better (higher, or lower where lower is better): equal values share a rank."""
    if ascending:
        return 1 + sum(1 for other in values if other < value)
    return 1 + sum(1 for other in values if other > value)


def _rank(rows: list[CompareRow], *, ascending: bool) -> None:
    values = [row.value for row in rows if row.value is not None]
    for row in rows:
        row.rank = rank_values(values, row.value, ascending=ascending) if row.value is not None else None


def indicator_compare_get(
    *,
    indicator: Indicator,
    period: Period | None = None,
    frequency: str = "",
    borders: str = AS_PUBLISHED,
    statuses: list[str] | None = None,
    per: str = "",
    highlight: Region | None = None,
) -> Comparison:
    """Every territorial unit's total for one period of one kind, ranked from the better end (the indicator's
    `direction`; 1 = highest where neither is better; ties share a rank), with its share of the republic total
    (additive indicators only), its change against the latest earlier figure of the same kind and span (the series'
    rules) and a note where its borders differ from today's.

    The period: as asked (`Period`: a year is the annual figure, 2023-Q1 a quarter, 2023-01..2023-09 a cumulation, a
    date a point in time, a date with an end exactly that span); none asked, the period most units report among the
    figures of `frequency` (default: annual where any), the latest of equals. A period without figures raises
    NoFigures with the periods that have some: never another period instead.

    Units: territory.territorial_units by `borders`: no territory counted twice, every unit left out named with the
    reason (`excluded`). Query count does not depend on the number of regions."""
    start, end, kind = _compare_period(indicator=indicator, statuses=statuses, period=period, frequency=frequency)
    regions = list(
        Region.objects.exclude(kind=RegionKind.COUNTRY).select_related("formed_from").prefetch_related("split_off")
    )
    figures = _period_figures(indicator=indicator, start=start, end=end, frequency=kind, statuses=statuses)
    by_region = {figure.region_id: figure for figure in figures}  # the republic's too: one query, and its flags
    country = [figure for figure in by_region.values() if figure.region.kind == RegionKind.COUNTRY]
    total = min(country, key=lambda figure: figure.region.code, default=None)
    for figure in country:
        del by_region[figure.region_id]
    listed, excluded, stands_for = territorial_units(regions, set(by_region), start, end, borders)

    shape = period_shape(Observation(period_start=start, period_end=end))
    counted = [region for region in listed if region.pk in by_region]
    bases = (
        _earlier_comparable(
            indicator=indicator, start=start, end=end, frequency=kind, regions=counted, statuses=statuses
        )
        if shape is not None and counted
        else {}
    )
    current = [by_region[region.pk] for region in counted]
    per_capita = per_capita_get(indicator=indicator, per=per, observations=[*current, *bases.values()])
    rows = []
    for region in listed:
        figure = by_region.get(region.pk)
        row = CompareRow(region=region, observation=figure)
        rows.append(row)
        if figure is None:
            continue
        row.value = figure.value
        row.territory = _territory_note(region, figure, start, stands_for.get(region.pk, []))
        base = bases.get(region.pk)
        if shape is None:
            row.change_note = _no_shape_note()
        elif base is None:
            row.change_note = _no_base_note()
        elif differ := set(base.includes_territory_of) ^ set(figure.includes_territory_of):
            row.change_note = _territory_change_note(_territory_changes(region), differ)
        else:
            row.change = _change(base, figure)
            row.change_note = _break_note(figure)
        if per_capita is not None:
            row.derived = per_capita.of(figure)
            base_value = per_capita.of(row.change.base).value if row.change else None
            row.change, row.change_note = _derived_change(row, base_value, row.derived.value)
            row.value = row.derived.value
        elif indicator.additive and total is not None and total.value:
            row.share_of_total = (figure.value / total.value).quantize(SHARE_PLACES)
    _rank(rows, ascending=indicator.ranks_ascending)
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.region.code))
    return Comparison(
        indicator=indicator,
        period_start=start,
        period_end=end,
        frequency=kind,
        borders=borders,
        rows=rows,
        excluded=excluded,
        total=total,
        per_capita=per_capita,
        highlight=highlight,
    )


# ---------------------------------------------------------------- coverage of an indicator


@dataclass(frozen=True)
class Coverage:
    """What an indicator's figures cover for one kind of period: the first and last periods, how many periods and
    figures, and the regions."""

    frequency: str
    first: str
    last: str
    periods: int
    figures: int
    regions: list[Region]


def indicator_coverage_get(*, indicator: Indicator) -> list[Coverage]:
    """Per kind of period (Frequency order): the indicator's totals' first and last periods, counts and regions (the
    republic included). Two grouped queries, whatever the number of figures."""
    totals = Observation.objects.filter(indicator=indicator, period_start__isnull=False).totals()
    periods: dict[str, list[tuple[date, date | None, int]]] = defaultdict(list)
    for row in totals.values("frequency", "period_start", "period_end").annotate(figures=Count("pk")).order_by():
        periods[row["frequency"]].append((row["period_start"], row["period_end"], row["figures"]))
    by_kind: dict[str, set[int]] = defaultdict(set)
    for kind, region_id in totals.values_list("frequency", "region_id").distinct().order_by():
        by_kind[kind].add(region_id)
    regions = {region.pk: region for region in Region.objects.filter(pk__in=set().union(*by_kind.values()))}
    coverage = []
    for kind in FREQUENCY_ORDER:
        if kind not in periods:
            continue
        ordered = sorted(periods[kind], key=lambda period: (period[0], period[1] or period[0]))
        first, last = ordered[0], ordered[-1]
        coverage.append(
            Coverage(
                frequency=kind,
                first=period_text(first[0], first[1], kind),
                last=period_text(last[0], last[1], kind),
                periods=len(ordered),
                figures=sum(period[2] for period in ordered),
                regions=sorted((regions[pk] for pk in by_kind[kind]), key=lambda region: region.code),
            )
        )
    return coverage


# ---------------------------------------------------------------- region profile


def region_headline_get(*, region: Region, territory: bool = True) -> list[Observation]:
    """The latest observation of each headline indicator for the region: the total and each size class. Two queries
    whatever the length of the series: the latest is picked in SQL by a window per indicator and size class (a
    figure with a period before one without, then by the day its period ends, then starts; the first by code among
    equals), and only the picked rows are read whole, with the territory each covers (`covers_split_off`) unless
    `territory` is false (a region's page does not show it)."""
    latest = Window(
        RowNumber(),
        partition_by=[F("indicator_id"), F("size_class")],
        order_by=[
            Case(When(period_start__isnull=True, then=Value(0)), default=Value(1)).desc(),
            Coalesce("period_end", "period_start").desc(),
            F("period_start").desc(),
            F("code").asc(),  # among equals, the first by code (one region, one indicator per partition)
        ],
    )
    picked = (
        Observation.objects.filter(region=region, indicator__headline=True, enterprise=None, product=None)
        .annotate(latest=latest)
        .filter(latest=1)
        .order_by()
        .values_list("pk", flat=True)
    )
    related = Observation.objects.with_related() if territory else Observation.objects.with_related_objects()
    observations = related.filter(pk__in=list(picked))
    return sorted(observations, key=lambda obs: (obs.indicator.code, obs.size_class != "", obs.size_class))


@dataclass(frozen=True)
class RegionRank:
    """Where a region's figure stands among every region's figure of the same indicator and period."""

    observation: Observation
    rank: int  # 1 = the better end by the indicator's direction (the highest where neither); ties share a rank
    regions: int  # territorial units with a figure for the period, none counted twice (as published)

    @property
    def ranking(self) -> Ranking:
        return Ranking.of(self.observation.indicator)

    @property
    def indicator(self) -> Indicator:
        return self.observation.indicator

    @property
    def period(self) -> str:
        return self.observation.period_label

    @property
    def source(self):
        return self.observation.source

    @property
    def code(self) -> str:
        return self.observation.code

    @property
    def compare_query(self) -> str:
        """The query of compare/ that lists this period's figures: `period=2023-Q1`, `period=2023-01..2023-09`."""
        observation = self.observation
        return f"period={period_text(observation.period_start, observation.period_end, observation.frequency)}"


def region_ranks_get(*, region: Region, headline: list[Observation]) -> list[RegionRank]:
    """The region's rank on each of its headline totals that other regions report for the same period, among one
    figure per region (the first by STATUS_PRECEDENCE, then code, as compare/ picks it), the republic aside. Headline
    figures no other region reports (the article's) have no rank.

    One narrow query, ranked here: its rows are at most one per region, status and period of the headline's few
    indicators (a few hundred whatever the size of the tables), and ranking them in Python costs less than the ORM's
    compiling a window over an anti-join (which was two thirds of this function's time)."""
    figures = [obs for obs in headline if not obs.size_class and obs.period_start is not None]
    if not figures:
        return []
    # A superset of the figures' periods, simple to filter on: rows of other periods only fill partitions of their own.
    candidates = (
        Observation.objects.filter(
            indicator_id__in={obs.indicator_id for obs in figures},
            period_start__in={obs.period_start for obs in figures},
            period_end__in={obs.period_end for obs in figures},
        )
        .totals()
        .exclude(region__kind=RegionKind.COUNTRY)
        .with_known_value()  # the value the request's vintage shows
        .annotate(precedence=STATUS_PRECEDENCE)
        # Each region's preferred figure first, ordered by the database (its collation orders codes, as compare/'s).
        .order_by("indicator_id", "period_start", "period_end", "region_id", "precedence", "code")
        .values_list("indicator_id", "period_start", "period_end", "region_id", "code", "known_value")
    )
    preferred: dict[tuple, tuple[str, Decimal]] = {}  # (indicator, start, end, region) -> (code, value)
    for indicator_id, start, end, region_id, code, value in candidates:
        preferred.setdefault((indicator_id, start, end, region_id), (code, value))
    partitions: dict[tuple, dict[int, Decimal]] = defaultdict(dict)  # (indicator, start, end) -> {region: value}
    for (indicator_id, start, end, region_id), (_code, value) in preferred.items():
        partitions[indicator_id, start, end][region_id] = value
    regions = list(Region.objects.exclude(kind=RegionKind.COUNTRY).only("pk", "code", "formed_from", *REGION_HISTORY))
    ranks = []
    for observation in figures:
        values = dict(partitions.get((observation.indicator_id, observation.period_start, observation.period_end), {}))
        # No territory counted twice: South Kazakhstan's 2017 figure and its back-calculated parts are not ranked
        # together (territory.py, as published).
        codes = {region.code: region.pk for region in regions if region.pk in values}
        for code in overlapping_codes(set(codes), observation.period_start, regions):
            if codes[code] != observation.region_id:
                del values[codes[code]]
        if observation.region_id in values and len(values) > 1:
            rank = rank_values(
                list(values.values()), values[observation.region_id], ascending=observation.indicator.ranks_ascending
            )
            ranks.append(RegionRank(observation=observation, rank=rank, regions=len(values)))
    return ranks


def region_profile_get(*, region: Region) -> dict:
    """Headline figures, their ranks among the regions, territory changes and every registered section."""
    headline = region_headline_get(region=region)
    return {
        "region": region,
        "territory_changes": _territory_changes(region),
        "headline": headline,
        "ranks": region_ranks_get(region=region, headline=headline),
        "sections": {name: section.build(region) for name, section in sorted(SECTIONS.items())},
    }


# ---------------------------------------------------------------- every region's latest figures


def regions_latest_get(*, indicator_codes: list[str]) -> dict[tuple[int, str], Observation]:
    """{(region id, indicator code): the region's latest total} of each of these indicators, for every region and the
    republic: one query. The latest is picked in SQL by a window per region and indicator (by the day the period
    ends, then the longer period, then STATUS_PRECEDENCE and code, as compare/ prefers a figure); only what a table
    of figures shows is read (key, value, qualifier, period, status, the indicator's code), not the wide rows."""
    latest = Window(
        RowNumber(),
        partition_by=[F("region_id"), F("indicator_id")],
        order_by=[
            Coalesce("period_end", "period_start").desc(),
            F("period_start").asc(),
            STATUS_PRECEDENCE.asc(),
            F("code").asc(),
        ],
    )
    figures = (
        Observation.objects.filter(indicator__code__in=indicator_codes, period_start__isnull=False)
        .totals()
        .annotate(latest=latest)
        .filter(latest=1)
        .order_by()
        .select_related("indicator")
        .only("code", "value", "qualifier", "status", "period_start", "period_end", "region_id", "indicator__code")
    )
    return {(figure.region_id, figure.indicator.code): figure for figure in figures}
