"""Which territorial units an aggregate of one period counts, so that none is counted twice.

Regions carry their history (`Region.formed_from`, `established_*`, `abolished_*`): South Kazakhstan was abolished in
June 2018 and split into Turkistan and Shymkent; Ulytau, Abai and Jetisu were formed in 2022 from regions that go
on. A publisher may report both a former unit and the units formed from it for the same period (BNS's GRP table
gives South Kazakhstan and, back-calculated, Turkistan and Shymkent for 2011-2017: they sum to it exactly), so a
comparison, rank or share picks one side, by `borders`:

- `as_published` (the default): the units that existed in the period. Where a former unit and units formed from it
  both have figures, the former unit is counted if it existed when the period starts, else its successors.
- `current`: today's units, each successor's own figure where every successor of the former unit has one, else the
  former unit's figure (it then covers today's units, and says so).

A region that goes on after losing territory (Karaganda after Ulytau) never overlaps: its figure covers the new
region only for periods the source does not report that region on its own (`ObservationQuerySet.with_territory`).
Every unit left out is named with the reason.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from indicators.models import Region

AS_PUBLISHED, CURRENT = "as_published", "current"
BORDERS = (AS_PUBLISHED, CURRENT)


@dataclass(frozen=True)
class Exclusion:
    region: Region
    reason: str


def _codes(regions) -> str:
    return ", ".join(region.code for region in regions)


def _when(region: Region) -> str:
    year, month = region.formed_on
    return f"{year}-{month:02d}" if region.established_month else str(year)


def territorial_units(
    regions: list[Region], reported: set[int], start: date | None, end: date | None, borders: str = AS_PUBLISHED
) -> tuple[list[Region], list[Exclusion], dict[int, list[Region]]]:
    """The regions an aggregate of the period lists (`reported`: ids of the regions with a figure), those left out
    with the reason, and, under `current` borders, the today's units a listed former unit's figure stands for."""
    listed = [region for region in regions if region.pk in reported or region.exists_in(start, end)]
    dropped: dict[int, str] = {}
    stands_for: dict[int, list[Region]] = {}
    for former in regions:
        successors = [region for region in regions if region.formed_from_id == former.pk]
        if former.abolished_year is None or not successors:
            continue
        if borders == CURRENT:
            dropped |= _current_borders(former, successors, reported, stands_for)
        else:
            dropped |= _as_published(former, successors, reported, start)
    kept = [region for region in listed if region.pk not in dropped]
    excluded = [Exclusion(region, dropped[region.pk]) for region in listed if region.pk in dropped]
    if borders == CURRENT:  # today's units a former unit's figure stands for are named too, though not listed
        named = {region.pk for region in listed}
        excluded += [
            Exclusion(
                region,
                _("No figure of its own for this period: its territory is in %(former)s's figure.")
                % {"former": region.formed_from.code},
            )
            for successors in stands_for.values()
            for region in successors
            if region.pk not in named
        ]
    return kept, excluded, stands_for


def _current_borders(
    former: Region, successors: list[Region], reported: set[int], stands_for: dict[int, list[Region]]
) -> dict[int, str]:
    """Under today's borders: the successors' own figures where each has one, else the former unit's figure for all
    of them (noted in `stands_for`). Returns the regions left out, with the reason."""
    published = [region for region in successors if region.pk in reported]
    if published and len(published) == len(successors):
        return {
            former.pk: _("Counted in the figures of today's units formed from it (%(codes)s): borders=current.")
            % {"codes": _codes(successors)}
        }
    if former.pk not in reported:
        return {}
    stands_for[former.pk] = successors
    reason = _(
        "No figure of its own for this period that covers all of %(former)s's territory with the other "
        "units formed from it: counted within %(former)s's figure (borders=current)."
    ) % {"former": former.code}
    return dict.fromkeys((region.pk for region in successors), reason)


def _as_published(former: Region, successors: list[Region], reported: set[int], start: date | None) -> dict[int, str]:
    """As published: the former unit where it existed when the period starts, else the units formed from it (those
    with a figure). Returns the regions left out, with the reason."""
    published = [region for region in successors if region.pk in reported]
    whole = former.pk in reported
    if whole and published and former.exists_in(start, start):
        return {
            region.pk: _(
                "Formed from %(former)s in %(when)s: this figure is the publisher's recalculation for a period "
                "before it existed, and %(former)s's figure already covers its territory. borders=current counts "
                "it instead of %(former)s."
            )
            % {"former": former.code, "when": _when(region)}
            for region in published
        }
    if published and (whole or len(published) == len(successors)):
        return {
            former.pk: _(
                "Its territory is counted in the figures of the units formed from it (%(codes)s) for this period."
            )
            % {"codes": _codes(published)}
        }
    return {}


def overlapping_codes(codes: set[str], start: date | None, regions: list[Region]) -> set[str]:
    """Of the region codes with a figure for one period, those an as-published aggregate leaves out (see
    `territorial_units`)."""
    ids = {region.pk for region in regions if region.code in codes}
    kept, _excluded, _stands_for = territorial_units(regions, ids, start, None, AS_PUBLISHED)
    return codes - {region.code for region in kept}
