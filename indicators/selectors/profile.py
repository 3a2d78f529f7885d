"""A region's profile (headline figures and their ranks, territory changes, the registered sections), and every
region's latest figures."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, F, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber

from indicators.models import (
    Indicator,
    Observation,
    Region,
    RegionKind,
)
from indicators.periods import period_text
from indicators.profile_sections import SECTIONS
from indicators.selectors.comparable import region_territory_changes
from indicators.selectors.ranking import STATUS_PRECEDENCE, Ranking, rank_values
from indicators.territory import overlapping_codes

REGION_HISTORY = ("established_year", "established_month", "abolished_year", "abolished_month")


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
        "territory_changes": region_territory_changes(region),
        "headline": headline,
        "ranks": region_ranks_get(region=region, headline=headline),
        "sections": {name: section.build(region) for name, section in sorted(SECTIONS.items())},
    }


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
