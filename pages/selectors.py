"""Reads of the region pages: what one page shows, in a fixed number of queries whatever the number of regions,
figures or records (tests/pages/test_region_pages.py pins the counts). The pages sit on top of every app, as the project's
wiring does, so they may read from all of them."""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import get_language

from education.models import Institution, InstitutionKind
from indicators.models import Frequency, Indicator, Observation, ObservationValue, Region, RegionKind, ValueRole
from indicators.selectors import STATUS_PRECEDENCE, region_headline_get, region_ranks_get
from investments.models import GeologicalDeposit, IndustrialZone, InvestmentProject
from regionapi.core.collation import sort_key
from regionapi.core.translation import translated_columns

# The columns of the regions table: official statistics every region reports (the kz-regional-statistics package).
TABLE_INDICATORS = ("population-total", "gross-regional-product", "grp-per-capita-kzt", "unemployment-rate")
# The table's sort orders (`?sort=`): by the region's name, or by a column's figures; `-` first for descending.
SORT_REGION = "region"
TABLE_SORTS = tuple(order for name in (SORT_REGION, *TABLE_INDICATORS) for order in (name, f"-{name}"))
# A page lists this many records of each kind; the API's list, linked beside, has them all.
RECORDS_SHOWN = 20
# A headline indicator gets a chart on a region's page when the region's series has at least this many totals.
CHART_MIN_POINTS = 3
# The kinds of period a column may hold, in the order it prefers them: a calendar year, then a point in time (a
# stock on 1 January), then any other span (a quarter, January-September): a year's figures where they exist, as a
# series chooses annual figures.
YEAR, POINT, OTHER = range(3)


@dataclass
class RegionRow:
    region: Region
    figures: list[Observation | None]  # in the order of the table's columns


@dataclass
class Column:
    """One column of the regions table: an indicator's figures of one period, the same for every row."""

    indicator: Indicator
    period_start: date
    period_end: date
    period: str  # the period in words, as the heading shows it

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def query(self) -> str:
        """The query of compare/ that lists this period's figures (a year, a day), or empty for another span."""
        kind = _period_kind(self.period_start, self.period_end)
        period = {YEAR: str(self.period_start.year), POINT: self.period_start.isoformat()}.get(kind)
        return urlencode({"period": period}) if period else ""


@dataclass
class RegionsTable:
    columns: list[Column]
    rows: list[RegionRow]
    republic: RegionRow | None
    sort: str = ""  # the order the rows are in (`?sort=`): empty for the regions' codes

    @property
    def indicators(self) -> list[Indicator]:
        return [column.indicator for column in self.columns]


def _period_kind(start: date, end: date) -> int:
    if start == end:
        return POINT
    if start.year == end.year and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return YEAR
    return OTHER


def _column_periods(indicators: list[Indicator], regions: int) -> dict[int, tuple[date, date]]:
    """{indicator id: (start, end)} of the period each column shows: of the periods that at least half the current
    regions report, the latest of the kind the column prefers (YEAR, POINT, OTHER). One query."""
    reported = (
        Observation.objects.filter(
            indicator__in=indicators,
            region__abolished_year__isnull=True,
            period_start__isnull=False,
            period_end__isnull=False,
        )
        .totals()
        .order_by()
        .values("indicator_id", "period_start", "period_end")
        .annotate(regions=Count("region", distinct=True))
    )
    best: dict[int, tuple] = {}
    for row in reported:
        if row["regions"] * 2 < regions:
            continue
        start, end = row["period_start"], row["period_end"]
        rank = (-_period_kind(start, end), end, -start.toordinal())
        if row["indicator_id"] not in best or rank > best[row["indicator_id"]][0]:
            best[row["indicator_id"]] = (rank, (start, end))
    return {indicator: period for indicator, (_rank, period) in best.items()}


# What a table cell shows of a figure.
TABLE_CELL = ("code", "value", "qualifier", "status", "period_start", "period_end", "region_id", "indicator_id")


def _column_figures(periods: dict[int, tuple[date, date]]) -> dict[tuple[int, int], Observation]:
    """{(region id, indicator id): the region's figure of its column's period}: one query, one figure per region
    and column (by status, as compare/ prefers a figure), reading only what a table cell shows; with a vintage, one
    more for the earlier values the day shows (in bulk)."""
    if not periods:
        return {}
    chosen = Q()
    for indicator, (start, end) in periods.items():
        chosen |= Q(indicator_id=indicator, period_start=start, period_end=end)
    first = Window(
        RowNumber(),
        partition_by=[F("region_id"), F("indicator_id")],
        order_by=[STATUS_PRECEDENCE.asc(), F("code").asc()],
    )
    figures = (
        Observation.objects.filter(chosen)
        .totals()
        .annotate(first=first)
        .filter(first=1)
        .order_by()
        # With its release and the source's key: a figure shown as known on a past day keeps its current value beside
        # the earlier one it shows (Observation.show_vintage), which must not read a deferred field per figure.
        .select_related("source")
        .only(*TABLE_CELL, "released_on", "source__id")
    )
    return {(figure.region_id, figure.indicator_id): figure for figure in figures}


def _sorted(rows: list[RegionRow], sort: str, columns: list[Column]) -> list[RegionRow]:
    """The rows in the order `sort` names: by name in the language's alphabet, or by a column's value, regions
    without a figure last either way; by code when empty."""
    if not sort:
        return sorted(rows, key=lambda row: row.region.code)
    descending = sort.startswith("-")
    name = sort.removeprefix("-")
    if name == SORT_REGION:
        language = get_language() or "kk"
        return sorted(rows, key=lambda row: sort_key(row.region.name, language), reverse=descending)
    index = next((index for index, column in enumerate(columns) if column.code == name), None)
    if index is None:  # a table indicator with no figures yet has no column
        return sorted(rows, key=lambda row: row.region.code)
    present = [row for row in rows if row.figures[index] is not None]
    missing = [row for row in rows if row.figures[index] is None]
    present.sort(key=lambda row: row.region.code)  # equal values keep the codes' order
    present.sort(key=lambda row: row.figures[index].value, reverse=descending)
    return present + missing


def regions_table_get(*, sort: str = "") -> RegionsTable:
    """Every current region (and the republic) with its figure of each column's period, sorted as `sort` says (one
    of TABLE_SORTS, or empty: by code): four queries."""
    indicators = {
        indicator.code: indicator for indicator in Indicator.objects.with_related().filter(code__in=TABLE_INDICATORS)
    }
    ordered = [indicators[code] for code in TABLE_INDICATORS if code in indicators]
    regions = list(Region.objects.filter(abolished_year__isnull=True).order_by("code"))
    periods = _column_periods(ordered, len(regions))
    figures = _column_figures(periods)
    columns = []
    for indicator in ordered:
        if indicator.pk not in periods:
            continue
        start, end = periods[indicator.pk]
        period = Observation(period_start=start, period_end=end).period_label
        columns.append(Column(indicator=indicator, period_start=start, period_end=end, period=period))
    rows, republic = [], None
    for region in regions:
        row = RegionRow(region=region, figures=[figures.get((region.pk, column.indicator.pk)) for column in columns])
        if region.kind == RegionKind.COUNTRY:
            republic = row
        else:
            rows.append(row)
    return RegionsTable(columns=columns, rows=_sorted(rows, sort, columns), republic=republic, sort=sort)


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
    # The latest figure of every other indicator with figures for the region, by the indicator's name.
    others: list[Observation] = field(default_factory=list)
    # The region's figures whose value revised an earlier release, latest periods first (at most REVISIONS_SHOWN).
    revisions: list[Observation] = field(default_factory=list)

    @property
    def trust_levels(self) -> list[str]:
        """The trust levels of the sources of the figures shown, for the page's legend: only grades in use."""
        return sorted({obs.source.trust_level for obs in [*self.headline, *self.others] if obs.source.trust_level})


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


def region_others_get(*, region: Region) -> list[Observation]:
    """The latest figure of every indicator with figures for the region that is not a headline indicator (those have
    their own table), sorted by the indicator's name in the language's alphabet. Kinds of period are not mixed: of
    the indicator's annual figures where it has any, else of its most common kind of period (the figure's
    `frequency`; among kinds as common, the first in Frequency's order), the latest by the day the period ends, then
    the longer period (as the regions table's columns), then by status as compare/ prefers a figure, then by code; a
    figure without a period only where the indicator has no other. Picked in SQL by a window per indicator and read
    whole with the values it revised (`other_values`, for the "revised: was" note): two queries whatever the number
    of indicators or figures."""
    same_kind = (
        Observation.objects.filter(
            region=OuterRef("region"), indicator=OuterRef("indicator"), frequency=OuterRef("frequency")
        )
        .totals()
        .order_by()
        .values("indicator")
        .annotate(figures=Count("pk"))
        .values("figures")
    )
    kinds = list(Frequency.values)
    shown = Window(
        RowNumber(),
        partition_by=[F("indicator_id")],
        order_by=[
            Case(When(period_start__isnull=True, then=Value(1)), default=Value(0)).asc(),
            Case(When(frequency=Frequency.ANNUAL, then=Value(0)), default=Value(1)).asc(),
            F("kind_figures").desc(),
            Case(
                *(When(frequency=kind, then=Value(rank)) for rank, kind in enumerate(kinds)), default=len(kinds)
            ).asc(),
            Coalesce("period_end", "period_start").desc(),
            F("period_start").asc(),
            STATUS_PRECEDENCE.asc(),
            F("code").asc(),
        ],
    )
    figures = (
        Observation.objects.filter(region=region, indicator__headline=False)
        .totals()
        .annotate(kind_figures=Subquery(same_kind), shown=shown)
        .filter(shown=1)
        .order_by()
        .select_related("indicator__unit", "source")
        .prefetch_related("other_values")
    )
    language = get_language() or "kk"
    return sorted(figures, key=lambda obs: (sort_key(obs.indicator.name, language), obs.indicator.code))


def region_page_get(*, region: Region) -> RegionPage:
    """What a region's page shows: headline figures, their ranks, which series to draw, the latest figure of every
    other indicator, the region's zones, projects, deposits and colleges (the first RECORDS_SHOWN of each, with their
    count), and the quoted figures."""
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
        others=region_others_get(region=region),
        revisions=region_revisions_get(region=region),
    )


REVISIONS_SHOWN = 12


def region_revisions_get(*, region: Region) -> list[Observation]:
    """The region's totals whose shown value revised an earlier release of the same publisher (BNS's GRP 2023), latest
    periods first: where a reader sees "revised: was ..." whatever the headline shows. One query for the figures,
    whatever their number (with their flags and other values prefetched)."""
    revised = ObservationValue.objects.filter(observation=OuterRef("pk"), role=ValueRole.SUPERSEDED)
    figures = (
        Observation.objects.with_related_objects()
        .filter(region=region, period_start__isnull=False)
        .totals()
        .filter(Exists(revised))
        .order_by("-period_end", "indicator__code", "code")[:REVISIONS_SHOWN]
    )
    # As known on a past day (vintage=), a figure shows an earlier release, which may have revised nothing yet.
    return [figure for figure in figures if figure.revised_release is not None]
