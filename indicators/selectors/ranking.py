"""Ranks: which end of a ranking is 1, the figure preferred where a region has several, and a value's rank."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _

from indicators.models import (
    Direction,
    Indicator,
    ObservationStatus,
)


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


# Where a region has several figures for one period (two statuses, two sources), the one compared: actual before
# preliminary before planned, target and forecast, then the first by code.
STATUS_PRECEDENCE = Case(
    *(When(status=status, then=Value(rank)) for rank, status in enumerate(ObservationStatus.values)),
    default=Value(len(ObservationStatus.values)),
    output_field=IntegerField(),
)


def rank_values(values: list[Decimal], value: Decimal, *, ascending: bool) -> int:
    """1 + how many values are better (higher, or lower where lower is better): equal values share a rank."""
    if ascending:
        return 1 + sum(1 for other in values if other < value)
    return 1 + sum(1 for other in values if other > value)
