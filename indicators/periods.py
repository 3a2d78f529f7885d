"""Periods as a reader writes them, and back: `2023` (a year), `2023-Q1` (a quarter), `2023-01..2023-09` (months from
January: a cumulation), `2023-01` (a month), `2023-01-01` (a point in time). Each names its kind of period
(Frequency) as well as its dates, so that `period=2023` never answers with a quarter: a comparison holds one kind.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    """What span a figure's period is: recorded when the figure is loaded, because dates alone cannot tell it (GRP's
    cumulative January-March has the dates of a first quarter). `Frequency.of_dates` is the reading of the dates a
    load falls back on when the source says nothing more."""

    ANNUAL = "annual", _("Annual")
    QUARTERLY = "quarterly", _("Quarterly")
    MONTHLY = "monthly", _("Monthly")
    YEAR_TO_DATE = "year-to-date", _("Cumulative from January (year to date)")
    POINT = "point", _("Point in time")
    OPEN = "open", _("From a date, end not stated")
    OTHER = "other", _("Other span")

    @classmethod
    def of_dates(cls, start, end, *, cumulative: bool = False) -> str:
        """The kind read from the dates; `cumulative`: the source cumulates within the year from January, so a
        January-March figure is year-to-date, not a quarter. Empty when there is no period."""
        if start is None:
            return ""
        if end is None:
            return cls.OPEN
        if start == end:
            return cls.POINT
        whole_months = start.day == 1 and end.day == calendar.monthrange(end.year, end.month)[1]
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if not whole_months:
            return cls.OTHER
        if months == 12 and start.month == 1:
            return cls.ANNUAL
        if start.month == 1 and months < 12 and (cumulative or months not in (1, 3)):
            return cls.YEAR_TO_DATE
        if months == 3 and start.month in (1, 4, 7, 10):
            return cls.QUARTERLY
        if months == 1:
            return cls.MONTHLY
        return cls.OTHER


_YEAR = r"([0-9]{4})"
_MONTH = r"([0-9]{4})-(0[1-9]|1[0-2])"


@dataclass(frozen=True)
class Period:
    start: date
    end: date | None
    frequency: str  # empty: any kind whose figures have these dates (a date with `period_end`)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_parse(text: str) -> Period | None:
    """The period a text names, or None when it names none (a 400 for the caller)."""
    try:
        if match := re.fullmatch(_YEAR, text):
            year = int(match[1])
            return Period(date(year, 1, 1), date(year, 12, 31), Frequency.ANNUAL) if year else None
        if match := re.fullmatch(_YEAR + r"-Q([1-4])", text):
            year, quarter = int(match[1]), int(match[2])
            return Period(date(year, quarter * 3 - 2, 1), _month_end(year, quarter * 3), Frequency.QUARTERLY)
        if match := re.fullmatch(_MONTH + r"\.\." + _MONTH, text):
            first, last = (int(match[1]), int(match[2])), (int(match[3]), int(match[4]))
            if last < first:
                return None
            start, end = date(*first, 1), _month_end(*last)
            return Period(start, end, Frequency.of_dates(start, end, cumulative=True))
        if match := re.fullmatch(_MONTH, text):
            year, month = int(match[1]), int(match[2])
            return Period(date(year, month, 1), _month_end(year, month), Frequency.MONTHLY)
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            day = date.fromisoformat(text)
            return Period(day, day, Frequency.POINT)
    except ValueError:  # year 0, 31 February
        return None
    return None


def period_text(start: date | None, end: date | None, frequency: str) -> str:
    """The period in the syntax `period_parse` reads (2023, 2023-Q1, 2023-01..2023-09, 2023-01-01); for a span no
    syntax names, START..END in dates."""
    if start is None:
        return ""
    if frequency == Frequency.ANNUAL:
        return str(start.year)
    if frequency == Frequency.QUARTERLY:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if frequency == Frequency.MONTHLY:
        return f"{start:%Y-%m}"
    if frequency == Frequency.YEAR_TO_DATE and end is not None:
        return f"{start:%Y-%m}..{end:%Y-%m}"
    if frequency == Frequency.POINT:
        return start.isoformat()
    return f"{start.isoformat()}..{end.isoformat() if end else ''}"


def period_key(start: date | None, end: date | None, frequency: str) -> str:
    """The period as a part of a figure's public key: `period_text` as a slug (2023, 2023-q1, 2023-01-to-2023-09,
    2023-01, 2023-01-01), from-2023-01-01 for an open period, no-period without one. A quarter and a year-to-date
    with the same dates differ, as their figures do; a text that does not name the figure's own dates (a
    "quarter" from February) gives the dates instead, so that two spans never share a key."""
    if start is None:
        return "no-period"
    if end is None:
        return f"from-{start.isoformat()}"
    text = period_text(start, end, frequency)
    named = period_parse(text)
    if named is None or (named.start, named.end) != (start, end):
        text = f"{start.isoformat()}..{end.isoformat()}"
    return slugify(text.replace("..", "-to-"))


# The kind a series or comparison holds when none is asked for: annual where there are annual figures, else the kind
# with the most figures (the earlier in this order among equals).
FREQUENCY_ORDER = list(Frequency.values)


def default_frequency(counts: dict[str, int]) -> str:
    """The kind of period to show from {frequency: number of figures}: annual where any, else the most numerous."""
    counts = {kind: count for kind, count in counts.items() if kind and count}
    if not counts:
        return ""
    if Frequency.ANNUAL in counts:
        return Frequency.ANNUAL
    return min(counts, key=lambda kind: (-counts[kind], FREQUENCY_ORDER.index(kind)))
