"""Derived figures: computed on request from reported ones, never stored as observations, always with their inputs.

`per=population` divides a total (an indicator whose regional figures add up to the republic's, `Indicator.additive`)
by the average population of the figure's calendar year, taken as the mean of the population on 1 January of that
year and on 1 January of the next: the usual approximation where only stocks on 1 January are published. (Dividing
the package's GRP this way gives the Bureau's own published GRP per capita within 0.1 % for every region in 2022.)
The answer names every input figure, so a reader can redo the sum; a missing or incompatible input gives no value
and a note saying which.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext as _

from indicators.models import FlagAuthority, FlagKind, Indicator, Observation, ObservationStatus, Unit

PER_POPULATION = "population"
POPULATION = "population-total"  # persons on 1 January (kz-regional-statistics, datasets 3 and 4)
# Population figures that may serve as a denominator: reported ones, never plans or forecasts; actual first.
POPULATION_STATUSES = (ObservationStatus.ACTUAL, ObservationStatus.PRELIMINARY)
VALUE_PLACES = Decimal("0.0001")

# How a unit reads once divided by population: (unit of the result, multiplier, per how many persons). Millions of
# tenge per person are thousands of tenge per person, the unit BNS publishes GRP per capita in; counts of people or
# things read per 1,000 inhabitants. Any other unit is divided as it is, per person.
PER_CAPITA_UNITS = {
    "million-kzt": ("thousand-kzt", Decimal(1000), 1),
    "persons": ("persons", Decimal(1000), 1000),
    "count": ("count", Decimal(1000), 1000),
    "piece": ("piece", Decimal(1000), 1000),
}


@dataclass(frozen=True)
class DerivedUnit:
    """The unit of a derived value: a unit of measure per person or per 1,000 persons, worded in the language."""

    code: str
    symbol: str
    name: str


@dataclass(frozen=True)
class DerivedFlag:
    """A flag on a derived value, worked out from its inputs (shaped like indicators.models.ObservationFlag)."""

    flag: str
    note: str
    asserted_by: str = FlagAuthority.DERIVED


@dataclass
class Derived:
    """One derived value with the reported figures it is computed from; no value when an input is missing. Where the
    publisher gives its own per-capita figure for the same region and period (`published`), it stands beside the
    derived one with the difference, percent of the published."""

    value: Decimal | None
    inputs: list[Observation] = field(default_factory=list)
    note: str = ""
    flags: list[DerivedFlag] = field(default_factory=list)
    published: Observation | None = None
    difference_percent: Decimal | None = None
    # Against the derived value of the figure the reported one is compared with (selectors.Change), or why not.
    change: object | None = None
    change_note: str = ""


def _population_dates(observation: Observation) -> tuple[date, date] | None:
    """1 January of the figure's year and of the next, when the figure's period lies within one calendar year."""
    start, end = observation.period_start, observation.period_end
    if start is None or end is None or start.year != end.year or start.year == date.max.year:
        return None  # (no 1 January after the year 9999)
    return date(start.year, 1, 1), date(start.year + 1, 1, 1)


class PerCapita:
    """Division of an indicator's figures by the average population of their year (see the module docstring)."""

    def __init__(self, *, indicator: Indicator, observations: list[Observation]):
        self.indicator = indicator
        target, self.multiplier, self.persons = PER_CAPITA_UNITS.get(indicator.unit.code, (None, Decimal(1), 1))
        unit = indicator.unit if target in (None, indicator.unit.code) else Unit.objects.get(code=target)
        per = _("%(unit)s per person") if self.persons == 1 else _("%(unit)s per 1,000 persons")
        suffix = "per-person" if self.persons == 1 else "per-1000-persons"
        self.unit = DerivedUnit(
            code=f"{unit.code}-{suffix}", symbol=per % {"unit": unit.symbol}, name=per % {"unit": unit.name}
        )
        self.populations = _populations_get(observations)
        self.published = _published_get(indicator, observations)

    @property
    def formula(self) -> str:
        scale = f"{self.multiplier} × " if self.multiplier != 1 else ""
        return _(
            "%(scale)s%(indicator)s ÷ ((%(population)s on 1 January of the year + %(population)s on 1 January of "
            "the next year) ÷ 2), in %(unit)s"
        ) % {"scale": scale, "indicator": self.indicator.code, "population": POPULATION, "unit": self.unit.symbol}

    def of(self, observation: Observation) -> Derived:
        """The derived value of one figure, or none with a note naming the missing or incompatible input."""
        dates = _population_dates(observation)
        if dates is None:
            return Derived(
                None,
                [observation],
                _(
                    "No value derived: the figure's period is not within one calendar year, which has one average "
                    "population."
                ),
            )
        found = [self.populations.get((observation.region_id, day)) for day in dates]
        inputs = [observation, *(population for population in found if population is not None)]
        missing = [day for day, population in zip(dates, found, strict=True) if population is None]
        if missing:
            return Derived(
                None,
                inputs,
                _("No value derived: no %(population)s figure of %(region)s on %(dates)s.")
                % {
                    "population": POPULATION,
                    "region": observation.region.code,
                    "dates": ", ".join(day.isoformat() for day in missing),
                },
            )
        territory = set(observation.includes_territory_of)
        different = [population for population in found if set(population.includes_territory_of) != territory]
        if different:
            return Derived(
                None,
                inputs,
                _(
                    "No value derived: the population figures %(codes)s do not cover the same territory as the "
                    "figure (a region was formed from part of this one in between)."
                )
                % {"codes": ", ".join(population.code for population in different)},
            )
        average = (found[0].value + found[1].value) / 2
        if not average:
            return Derived(None, inputs, _("No value derived: the population is 0."))
        value = (observation.value * self.multiplier / average).quantize(VALUE_PLACES)
        derived = Derived(value, inputs, flags=_denominator_breaks(found))
        published = self.published.get((observation.region_id, observation.period_start, observation.period_end))
        if published is not None:
            derived.published = published
            if published.value:
                derived.difference_percent = ((value - published.value) / published.value * 100).quantize(
                    Decimal("0.01")
                )
        return derived


def _populations_get(observations: list[Observation]) -> dict[tuple[int, date], Observation]:
    """The population on 1 January of each year the figures need, by (region id, date): one query, the preferred
    figure where several are given (actual before preliminary, then by code)."""
    wanted = {(obs.region_id, day) for obs in observations for day in (_population_dates(obs) or ())}
    if not wanted:
        return {}
    figures = Observation.objects.with_related().filter(
        indicator__code=POPULATION,
        enterprise=None,
        product=None,
        size_class="",
        region_id__in={region for region, _day in wanted},
        period_start__in={day for _region, day in wanted},
        period_end=F("period_start"),
        status__in=POPULATION_STATUSES,
    )
    order = {status: rank for rank, status in enumerate(POPULATION_STATUSES)}
    populations: dict[tuple[int, date], Observation] = {}
    for figure in sorted(figures, key=lambda figure: (order[figure.status], figure.code)):
        populations.setdefault((figure.region_id, figure.period_start), figure)
    return populations


def _denominator_breaks(populations: list[Observation]) -> list[DerivedFlag]:
    """A break flag where the year's average population straddles a break in the population series: the figure of 1
    January of the next year is the first after it (a census step, a change of territory), that of the year not."""
    first, last = populations
    broken = [flag for flag in last.flags.all() if flag.flag == FlagKind.BREAK]
    if not broken or any(flag.flag == FlagKind.BREAK for flag in first.flags.all()):
        return []
    note = _(
        "The average population mixes figures from either side of a break in the population series: %(code)s "
        "(%(date)s) is the first after it (%(note)s). This per-capita value may differ from the publisher's own."
    ) % {"code": last.code, "date": last.period_start.isoformat(), "note": broken[0].note or FlagKind.BREAK.label}
    return [DerivedFlag(FlagKind.BREAK, note)]


def _published_get(indicator: Indicator, observations: list[Observation]) -> dict[tuple, Observation]:
    """The publisher's own per-capita figures of these figures' regions and periods (the indicator whose
    `per_capita_of` is this one, in the unit the division gives), by (region id, start, end): one query, none without
    such an indicator."""
    periods = {(obs.region_id, obs.period_start, obs.period_end) for obs in observations if obs.period_start}
    if not periods:
        return {}
    figures = (
        Observation.objects.select_related("indicator__unit", "region", "source")
        .filter(
            indicator__per_capita_of=indicator,
            region_id__in={region for region, _start, _end in periods},
            period_start__in={start for _region, start, _end in periods},
            enterprise=None,
            product=None,
            size_class="",
            status__in=POPULATION_STATUSES,
        )
        .order_by("indicator__code", "code")
    )
    published: dict[tuple, Observation] = {}
    for figure in figures:
        key = (figure.region_id, figure.period_start, figure.period_end)
        if key in periods and figure.indicator.unit.code == PER_CAPITA_UNITS.get(indicator.unit.code, ("",))[0]:
            published.setdefault(key, figure)
    return published


def per_capita_get(*, indicator: Indicator, per: str, observations: list[Observation]) -> PerCapita | None:
    """The division asked for by `per` (only `population` exists), or None without one."""
    return PerCapita(indicator=indicator, observations=observations) if per == PER_POPULATION else None
