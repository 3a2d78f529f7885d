"""What an indicator's figures cover, per kind of period."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from indicators.models import (
    Indicator,
    Observation,
    Region,
)
from indicators.periods import FREQUENCY_ORDER, period_text


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
