"""Reads of the region pages: what one page shows, in a fixed number of queries whatever the number of regions,
figures or records (tests/test_pages.py pins the counts). The pages sit on top of every app, as the project's
wiring does, so they may read from all of them."""

from dataclasses import dataclass, field

from django.db.models import Count

from education.models import Institution, InstitutionKind
from indicators.models import Indicator, Observation, Region, RegionKind
from indicators.selectors import region_headline_get, region_ranks_get, regions_latest_get
from investments.models import GeologicalDeposit, IndustrialZone, InvestmentProject
from regionapi.core.translation import translated_columns

# The columns of the regions table: official statistics every region reports (the kz-regional-statistics package).
TABLE_INDICATORS = ("population-total", "gross-regional-product", "grp-per-capita-kzt", "unemployment-rate")
# A page lists this many records of each kind; the API's list, linked beside, has them all.
RECORDS_SHOWN = 20
# A headline indicator gets a chart on a region's page when the region's series has at least this many totals.
CHART_MIN_POINTS = 3


@dataclass
class RegionRow:
    region: Region
    figures: list[Observation | None]  # in the order of the table's indicators


@dataclass
class RegionsTable:
    indicators: list[Indicator]
    rows: list[RegionRow]
    republic: RegionRow | None


def regions_table_get() -> RegionsTable:
    """Every current region (and the republic) with its latest figure of each table indicator: three queries."""
    indicators = {
        indicator.code: indicator for indicator in Indicator.objects.with_related().filter(code__in=TABLE_INDICATORS)
    }
    columns = [indicators[code] for code in TABLE_INDICATORS if code in indicators]
    latest = regions_latest_get(indicator_codes=[indicator.code for indicator in columns])
    rows, republic = [], None
    for region in Region.objects.filter(abolished_year__isnull=True).order_by("code"):
        row = RegionRow(region=region, figures=[latest.get((region.pk, indicator.code)) for indicator in columns])
        if region.kind == RegionKind.COUNTRY:
            republic = row
        else:
            rows.append(row)
    return RegionsTable(indicators=columns, rows=rows, republic=republic)


@dataclass
class RecordList:
    """Some of the region's records of one kind, and how many there are."""

    records: list
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.records)


@dataclass
class RegionPage:
    region: Region
    headline: list[Observation]
    ranks: dict[int, object]  # observation id -> RegionRank
    charts: list[Indicator]  # headline indicators drawn as a series
    zones: RecordList
    projects: RecordList
    deposits: RecordList
    colleges: RecordList
    quotes: list["Quote"] = field(default_factory=list)  # the sentences behind the headline figures


@dataclass
class Quote:
    """A sentence of a source, verbatim, and the headline figures it states."""

    text: str
    source: object
    observations: list[Observation]


def _quotes(observations: list[Observation]) -> list[Quote]:
    """The headline figures grouped by the sentence they come from, in the order the figures are listed."""
    quotes: dict[tuple, Quote] = {}
    for observation in observations:
        if observation.quote:
            key = (observation.source_id, observation.quote)
            quotes.setdefault(key, Quote(observation.quote, observation.source, [])).observations.append(observation)
    return list(quotes.values())


def _named(model, *paths: str) -> list[str]:
    """The columns a record list shows: the key and the name in every language (the fallback reads them), at each
    path; the rest of a wide row is not read."""
    names = ["slug", "name", *translated_columns(model).get("name", [])]
    return [f"{path}__{name}" if path else name for path in ("", *paths) for name in names]


def _records(queryset) -> RecordList:
    shown = queryset.select_related("locality").only(*_named(queryset.model, "locality"))
    return RecordList(records=list(shown[:RECORDS_SHOWN]), count=queryset.count())


def region_page_get(*, region: Region) -> RegionPage:
    """What a region's page shows: headline figures, their ranks, which series to draw, the region's zones,
    projects, deposits and colleges (the first RECORDS_SHOWN of each, with their count), and the quoted figures."""
    headline = region_headline_get(region=region, territory=False)
    ranks = {rank.observation.pk: rank for rank in region_ranks_get(region=region, headline=headline)}
    headline_indicators = {obs.indicator_id: obs.indicator for obs in headline}
    points = (
        Observation.objects.filter(region=region, indicator_id__in=headline_indicators, period_start__isnull=False)
        .totals()
        .order_by()  # grouped by indicator alone, not by the table's default order too
        .values("indicator_id")
        .annotate(points=Count("id"))
    )
    drawn = {row["indicator_id"] for row in points if row["points"] >= CHART_MIN_POINTS}
    charts = [indicator for pk, indicator in headline_indicators.items() if pk in drawn]
    return RegionPage(
        region=region,
        headline=headline,
        ranks=ranks,
        charts=charts,
        zones=_records(IndustrialZone.objects.filter(region=region)),
        projects=_records(InvestmentProject.objects.filter(region=region)),
        deposits=_records(GeologicalDeposit.objects.filter(region=region)),
        colleges=_records(Institution.objects.filter(region=region, kind=InstitutionKind.COLLEGE)),
        quotes=_quotes(headline),
    )
