"""Every region's figure for one period of one indicator, ranked."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import ExtractYear, RowNumber
from django.utils.translation import gettext as _

from indicators.derived import Derived, PerCapita, per_capita_get
from indicators.models import (
    Indicator,
    Observation,
    Region,
    RegionKind,
)
from indicators.periods import FREQUENCY_ORDER, Period, default_frequency, period_text
from indicators.selectors.comparable import (
    Change,
    NoFigures,
    break_note,
    change_between,
    derived_change,
    no_base_note,
    no_shape_note,
    period_shape,
    region_territory_changes,
    territory_change_note,
)
from indicators.selectors.ranking import STATUS_PRECEDENCE, Ranking, rank_values
from indicators.territory import AS_PUBLISHED, Exclusion, territorial_units

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
    later = [change for change in region_territory_changes(region) if change["year"] >= start.year]
    if later:
        return _(
            "On the borders of the %(year)s reform: %(code)s, formed then from part of this region, is reported on "
            "its own for this period."
        ) % {"year": later[0]["year"], "code": later[0]["code"]}
    return ""


def _rank(rows: list[CompareRow], *, ascending: bool) -> None:
    values = [row.value for row in rows if row.value is not None]
    for row in rows:
        row.rank = rank_values(values, row.value, ascending=ascending) if row.value is not None else None


def _row_change(row: CompareRow, base: Observation | None, *, comparable: bool) -> None:
    """The row's change against the region's earlier figure (`base`), by the series' rules, or the note why none."""
    figure = row.observation
    if not comparable:
        row.change_note = no_shape_note()
    elif base is None:
        row.change_note = no_base_note()
    elif differ := set(base.includes_territory_of) ^ set(figure.includes_territory_of):
        row.change_note = territory_change_note(region_territory_changes(row.region), differ)
    else:
        row.change = change_between(base, figure)
        row.change_note = break_note(figure)


def _row_value(row: CompareRow, *, indicator: Indicator, per_capita, total: Observation | None) -> None:
    """What the row compares: the figure, or with `per=` its derived value (and the change of derived values); the
    share of the republic's total for an additive indicator's reported figures."""
    figure = row.observation
    row.value = figure.value
    if per_capita is not None:
        row.derived = per_capita.of(figure)
        base_value = per_capita.of(row.change.base).value if row.change else None
        row.change, row.change_note = derived_change(row, base_value, row.derived.value)
        row.value = row.derived.value
    elif indicator.additive and total is not None and total.value:
        row.share_of_total = (figure.value / total.value).quantize(SHARE_PLACES)


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
    rows = [CompareRow(region=region, observation=by_region.get(region.pk)) for region in listed]
    for row in rows:
        if row.observation is not None:
            row.territory = _territory_note(row.region, row.observation, start, stands_for.get(row.region.pk, []))
            _row_change(row, bases.get(row.region.pk), comparable=shape is not None)
            _row_value(row, indicator=indicator, per_capita=per_capita, total=total)
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
