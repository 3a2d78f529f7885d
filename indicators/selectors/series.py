"""One indicator's series for one region (and breakdown), each point with its change."""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F
from django.utils.translation import gettext as _

from indicators.derived import Derived, PerCapita, per_capita_get
from indicators.models import (
    Enterprise,
    Indicator,
    Observation,
    Product,
    Region,
)
from indicators.periods import FREQUENCY_ORDER, default_frequency
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
    ordered = _series_figures(
        indicator=indicator,
        region=region,
        enterprise=enterprise,
        product=product,
        size_class=size_class,
        statuses=statuses,
    )
    kinds = _kinds(ordered)
    chosen = _series_kind(kinds, frequency)
    if chosen:
        ordered = [observation for observation in ordered if observation.frequency == chosen]
    shown = _window(ordered, period_after=period_after, period_before=period_before, most_recent=most_recent)
    territory_changes = region_territory_changes(region)
    covers = _territory_covered(ordered, territory_changes)
    for observation in ordered:  # what with_territory() annotates: the first such region by code
        observation.covers_split_off = min(covers(observation), default=None)
    points = _points(ordered, {observation.pk for observation in shown}, covers, territory_changes)
    bases = [point.change.base for point in points if point.change is not None]
    per_capita = per_capita_get(indicator=indicator, per=per, observations=[*shown, *bases])
    if per_capita is not None:
        _derive(points, per_capita, [*shown, *bases])
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


def _series_figures(*, indicator, region, enterprise, product, size_class, statuses) -> list[Observation]:
    """Every figure of the series in period order (open periods first).

    The whole series is read, the window (period_after, period_before, mrv) cut from it afterwards: a change needs
    the earlier figure it is measured against, which the window may leave out (2014's change is against 2013). The
    territory each figure covers is worked out for the whole series (_territory_covered: one query), not by
    with_related()'s subquery per row, which was most of a long series' SQL (49 of 50 ms for 504 points)."""
    observations = Observation.objects.with_related_objects().filter(
        indicator=indicator, region=region, enterprise=enterprise, product=product, size_class=size_class
    )
    if statuses:
        observations = observations.filter(status__in=statuses)
    return list(
        observations.order_by(F("period_start").asc(nulls_first=True), F("period_end").asc(nulls_first=True), "code")
    )


def _kinds(ordered: list[Observation]) -> dict[str, int]:
    """{kind of period: number of figures} of the series."""
    kinds: dict[str, int] = defaultdict(int)
    for observation in ordered:
        kinds[observation.frequency] += 1
    return kinds


def _series_kind(kinds: dict[str, int], frequency: str) -> str:
    """One kind of period: asked for, or annual where there are annual figures, else the most numerous kind. A kind
    the series lacks raises NoFigures with the kinds it has."""
    if frequency and not kinds.get(frequency):
        available = {kind: [str(count)] for kind, count in kinds.items() if kind}
        raise NoFigures("frequency", _("No figures of this kind of period in the series. Figures by kind:"), available)
    return frequency or default_frequency(kinds)


def _window(
    ordered: list[Observation], *, period_after: date | None, period_before: date | None, most_recent: int | None
) -> list[Observation]:
    """The figures shown: those starting within the asked bounds, the last `most_recent` of them."""
    shown = [
        observation
        for observation in ordered
        if (period_after is None or (observation.period_start and observation.period_start >= period_after))
        and (period_before is None or (observation.period_start and observation.period_start <= period_before))
    ]
    return shown[-most_recent:] if most_recent else shown


def _points(ordered: list[Observation], shown_ids: set, covers, territory_changes: list[dict]) -> list[SeriesPoint]:
    """The shown figures as points, each with its change against the latest earlier figure of the same span.

    Per period shape, the figures seen so far and their years, both in period order: the base of a change is
    found by bisection, so a series costs O(n log n), not a scan of every earlier point per point."""
    points = []
    by_shape: dict[tuple, tuple[list[Observation], list[int]]] = {}
    for current in ordered:
        point = SeriesPoint(observation=current, includes_territory_of=sorted(covers(current)))
        shape = period_shape(current)
        if shape is None:
            point.change_note = no_shape_note()
        else:
            seen, years = by_shape.setdefault(shape, ([], []))
            earlier = bisect_left(years, current.period_start.year)
            base = seen[earlier - 1] if earlier else None  # the latest figure of the same span in an earlier year
            _point_change(point, base, covers, territory_changes)
            seen.append(current)
            years.append(current.period_start.year)
        if current.pk in shown_ids:
            points.append(point)
    return points


def _point_change(point: SeriesPoint, base: Observation | None, covers, territory_changes: list[dict]) -> None:
    """The point's change against `base`, or the note why there is none."""
    current = point.observation
    if base is None:
        point.change_note = no_base_note()
        return
    differ = covers(base) ^ covers(current)
    if differ:
        point.change_note = territory_change_note(territory_changes, differ)
    else:
        point.change = change_between(base, current)
        point.change_note = break_note(current)


def _derive(points: list[SeriesPoint], per_capita: PerCapita, observations: list[Observation]) -> None:
    """Each point's derived value (`per=`) and the change of derived values beside the reported one's."""
    derived = {observation.pk: per_capita.of(observation) for observation in observations}
    for point in points:
        point.derived = derived[point.observation.pk]
        base_value = derived[point.change.base.pk].value if point.change else None
        point.derived.change, point.derived.change_note = derived_change(point, base_value, point.derived.value)
