"""What makes two figures comparable, and the change between them: the rules a series and a comparison of regions
share (same calendar span, same territory, a break in series named), and the answer when a period has no figures."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import (
    FlagKind,
    Observation,
    Qualifier,
    Region,
)


@dataclass(frozen=True)
class Change:
    """Change of a figure against the latest earlier figure for a comparable period."""

    base: Observation
    absolute: Decimal
    percent: Decimal | None
    approximate: bool


def period_shape(observation: Observation) -> tuple | None:
    """What must match for two periods to be comparable: same calendar span (start and end month-day, length in
    years), in different years. Open or missing periods have no shape."""
    start, end = observation.period_start, observation.period_end
    if start is None or end is None:
        return None
    return (start.month, start.day, end.month, end.day, end.year - start.year)


def region_territory_changes(region: Region) -> list[dict]:
    """Years in which the region lost territory to a newly formed one (e.g. Ulytau from Karaganda, 2022). A former
    region's figures always cover its own whole territory: it has none (South Kazakhstan, split in 2018)."""
    if region.abolished_year:
        return []
    return [
        {"year": child.established_year, "code": child.code, "name": child.name}
        for child in region.split_off.all()
        if child.established_year
    ]


def change_between(base: Observation, current: Observation, *, values: tuple[Decimal, Decimal] | None = None) -> Change:
    """The change from `base` to `current`: of their values, or of `values` derived from them (e.g. per capita)."""
    before, after = values or (base.value, current.value)
    absolute = after - before
    percent = (absolute / before * 100).quantize(Decimal("0.01")) if before else None
    approximate = base.qualifier != Qualifier.EXACT or current.qualifier != Qualifier.EXACT
    return Change(base=base, absolute=absolute, percent=percent, approximate=approximate)


def territory_change_note(territory_changes: list[dict], differ) -> str:
    """Why no change is computed between two figures that cover different territory (`differ`: the codes of the
    split-off regions that one covers and the other does not)."""
    change = next(change for change in territory_changes if change["code"] in differ)
    return _(
        "No change computed: the region's territory changed in %(year)s (%(code)s was formed from "
        "part of it), so the periods cover different areas."
    ) % {"year": change["year"], "code": change["code"]}


def break_note(observation: Observation) -> str:
    """Where a change is measured across a break in series (the later figure carries the flag): what broke."""
    breaks = [flag for flag in observation.flags.all() if flag.flag == FlagKind.BREAK]
    if not breaks:
        return ""
    return _("Across a break in series: %(note)s") % {"note": breaks[0].note or FlagKind.BREAK.label}


def no_shape_note() -> str:
    return _("No change computed: the source gives no complete period for this figure.")


def no_base_note() -> str:
    return _("No change computed: no earlier figure in this series covers a comparable period.")


def derived_change(point, base_value: Decimal | None, value: Decimal | None) -> tuple[Change | None, str]:
    """The change of derived values beside the change of the reported ones (`point.change`, `point.change_note`):
    none where the reported figures are not compared, or where either derived value is missing."""
    if point.change is None:
        return None, point.change_note
    if base_value is None or value is None:
        return None, _("No change computed: the derived value of this figure or of %(base)s is missing.") % {
            "base": point.change.base.code
        }
    return change_between(point.change.base, point.observation, values=(base_value, value)), ""


class NoFigures(Exception):
    """A period or kind of period asked for has no figures: the parameter, and the periods that have some."""

    def __init__(self, parameter: str, message: str, available: dict[str, list[str]]):
        super().__init__(message)
        self.parameter, self.message, self.available = parameter, message, available

    @property
    def messages(self) -> list[str]:
        listed = [f"{kind}: {', '.join(periods)}" for kind, periods in self.available.items()]
        return [self.message, *listed] if listed else [self.message, _("The indicator has no figures.")]
