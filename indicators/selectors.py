"""Reads that combine records: indicator series and region profiles."""

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext as _

from indicators.models import Enterprise, Indicator, Observation, Product, Qualifier, Region
from indicators.profile_sections import SECTIONS

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


@dataclass
class Series:
    indicator: Indicator
    region: Region
    enterprise: Enterprise | None
    product: Product | None
    size_class: str
    points: list[SeriesPoint]
    territory_changes: list[dict] = field(default_factory=list)


def period_shape(observation: Observation) -> tuple | None:
    """What must match for two periods to be comparable: same calendar span (start and end month-day, length in
    years), in different years. Open or missing periods have no shape."""
    start, end = observation.period_start, observation.period_end
    if start is None or end is None:
        return None
    return (start.month, start.day, end.month, end.day, end.year - start.year)


def _territory_changes(region: Region) -> list[dict]:
    """Years in which the region lost territory to a newly formed one (e.g. Ulytau from Karaganda, 2022)."""
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


def _change(base: Observation, current: Observation) -> Change:
    absolute = current.value - base.value
    percent = (absolute / base.value * 100).quantize(Decimal("0.01")) if base.value else None
    approximate = base.qualifier != Qualifier.EXACT or current.qualifier != Qualifier.EXACT
    return Change(base=base, absolute=absolute, percent=percent, approximate=approximate)


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
) -> Series:
    """One series (indicator x region x breakdown) in period order, each point with its change against the latest
    earlier point of a comparable period. Never compares different spans (7 months against 12) and never across a
    change of the region's territory; the point says why instead."""
    observations = Observation.objects.with_related().filter(
        indicator=indicator, region=region, enterprise=enterprise, product=product, size_class=size_class
    )
    if statuses:
        observations = observations.filter(status__in=statuses)
    if period_after:
        observations = observations.filter(period_start__gte=period_after)
    if period_before:
        observations = observations.filter(period_start__lte=period_before)
    ordered = list(
        observations.order_by(F("period_start").asc(nulls_first=True), F("period_end").asc(nulls_first=True), "code")
    )
    if most_recent:
        ordered = ordered[-most_recent:]
    territory_changes = _territory_changes(region)
    covers = _territory_covered(ordered, territory_changes)
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
            point.change_note = _("No change computed: the source gives no complete period for this figure.")
        elif not earlier:
            point.change_note = _("No change computed: no earlier figure in this series covers a comparable period.")
        else:
            base = seen[earlier - 1]  # the latest figure of the same span in an earlier year
            differ = covers(base) ^ covers(current)
            if differ:
                change = next(change for change in territory_changes if change["code"] in differ)
                point.change_note = _(
                    "No change computed: the region's territory changed in %(year)s (%(code)s was formed from "
                    "part of it), so the periods cover different areas."
                ) % {"year": change["year"], "code": change["code"]}
            else:
                point.change = _change(base, current)
        if shape is not None:
            seen.append(current)
            years.append(current.period_start.year)
            by_shape[shape] = (seen, years)
        points.append(point)
    return Series(
        indicator=indicator,
        region=region,
        enterprise=enterprise,
        product=product,
        size_class=size_class,
        points=points,
        territory_changes=territory_changes,
    )


# ---------------------------------------------------------------- region profile


def _latest_key(observation: Observation):
    """Latest first: by period end (or start), periods given before figures without one."""
    return (
        observation.period_start is not None,
        observation.period_end or observation.period_start or date.min,
        observation.period_start or date.min,
    )


def region_headline_get(*, region: Region) -> list[Observation]:
    """The latest observation of each headline indicator for the region: the total and each size class."""
    latest: dict[tuple, Observation] = {}
    observations = Observation.objects.with_related().filter(
        region=region, indicator__headline=True, enterprise=None, product=None
    )
    for observation in observations:
        key = (observation.indicator.code, observation.size_class)
        if key not in latest or _latest_key(observation) > _latest_key(latest[key]):
            latest[key] = observation
    return sorted(latest.values(), key=lambda obs: (obs.indicator.code, obs.size_class != "", obs.size_class))


def region_profile_get(*, region: Region) -> dict:
    """Headline figures, territory changes and every registered section for one region."""
    return {
        "region": region,
        "territory_changes": _territory_changes(region),
        "headline": region_headline_get(region=region),
        "sections": {name: section.build(region) for name, section in sorted(SECTIONS.items())},
    }
