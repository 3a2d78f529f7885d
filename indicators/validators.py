"""The years and dates a record may state: a plausible range, and reference dates that are not in the future.

- A year (or the year of a date) lies from FIRST_YEAR to YEARS_AHEAD years after the current year. FIRST_YEAR is 1850,
  not 1900: the shipped data begins in 1993 (gross regional product; its source's sheets start in 1990) and the
  regions in 2018, but a former region may be as old as the oblasts of the 1850s (Semipalatinsk oblast, 1854), so a
  historical record is never refused; a completion year of 1800 is. The upper bound moves with the calendar: a
  source may state a plan (a completion year, a programme's end, a forecast) decades ahead, but not 50 years.
- A reference date (a zone's `as_of`, a source's `published_on`) is when a source stated a fact, so it is not after
  today (in settings.TIME_ZONE, Kazakhstan's time).

These are field validators, so `full_clean` applies them in the admin, the API and every import. The moving bound
cannot be a database constraint (SQLite refuses the current date in a CHECK, and a row valid when written would turn
invalid as time passes); the arguments are fixed so migrations never change with the calendar.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 1850
YEARS_AHEAD = 50


def last_year() -> int:
    """The latest year a record may state: YEARS_AHEAD years after the current one."""
    return timezone.localdate().year + YEARS_AHEAD


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= last_year():
        raise ValidationError(
            _(
                "Give a year from %(first)s to %(last)s: no record here is older than %(first)s, and no source "
                "plans more than %(ahead)s years ahead."
            ),
            code="implausible_year",
            params={"first": FIRST_YEAR, "last": last_year(), "ahead": YEARS_AHEAD},
        )


@deconstructible(path="indicators.validators.PlausibleYear")
class PlausibleYear:
    """A year from FIRST_YEAR to YEARS_AHEAD years after the current one."""

    def __call__(self, value) -> None:
        if value is not None:
            _check_year(value)

    def __eq__(self, other):
        return isinstance(other, PlausibleYear)


@deconstructible(path="indicators.validators.PlausibleDate")
class PlausibleDate:
    """A date whose year is a PlausibleYear."""

    def __call__(self, value) -> None:
        if value is not None:
            _check_year(value.year)

    def __eq__(self, other):
        return isinstance(other, PlausibleDate)


@deconstructible(path="indicators.validators.NotInFuture")
class NotInFuture:
    """A reference date: the day a source stated a fact, so not after today."""

    def __call__(self, value) -> None:
        today = timezone.localdate()
        if value is not None and value > today:
            raise ValidationError(
                _("%(date)s is in the future: a reference date is when a source stated the fact (today is %(today)s)."),
                code="future_date",
                params={"date": value.isoformat(), "today": today.isoformat()},
            )

    def __eq__(self, other):
        return isinstance(other, NotInFuture)
