"""Vintages: which release of each figure an answer shows.

A figure (indicator, region, period, breakdown) holds one current value, the latest release of its preferred
publisher, and keeps every other value a source gave for it as an `ObservationValue`: earlier releases of the same
publisher (superseded), equal values of further sources (confirmations) and other publishers' different values
(alternatives). `vintage=DATE` asks what was known on that day: each figure shows the latest release of its
preferred publisher dated on or before it, and a figure first released after it is left out; a value whose release
is unknown (`release: null`) counts as known on any day, since nothing says when it appeared. `vintage=all` shows
the current values with every release of each listed.

The request's vintage is a context variable, set for the whole request by `VintageMiddleware` (every figure
endpoint: the API, CSV, charts, pages) and read by the Observation manager, so every query of figures made while
serving it (a list, a series, a comparison, a region's profile and ranks) sees the same day's values.
"""

import contextvars
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

PARAMETER = "vintage"
ALL = "all"
_vintage: contextvars.ContextVar["date | str | None"] = contextvars.ContextVar("regionapi_vintage", default=None)
_DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z", re.ASCII)


class VintageInvalid(ValueError):
    """`vintage=` is neither a date (YYYY-MM-DD) nor `all`."""


def vintage_parse(text: str) -> "date | str | None":
    """A request's `vintage=`: a day, `all`, or None (empty: the current values)."""
    text = (text or "").strip()
    if not text:
        return None
    if text == ALL:
        return ALL
    if _DATE.match(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise VintageInvalid(
        _("Give a date as YYYY-MM-DD (what was known on that day), or 'all'; not %(value)r.") % {"value": text[:40]}
    )


def current_vintage() -> "date | str | None":
    """The vintage the request being served asks for: a day, ALL, or None for the current values."""
    return _vintage.get()


def known_on() -> date | None:
    """The day whose knowledge the answer shows, or None for the current values (also with `vintage=all`)."""
    value = _vintage.get()
    return value if isinstance(value, date) else None


@contextmanager
def vintage(value: "date | str | None"):
    """Serve the figures of `value` (a day, ALL or None) inside the block."""
    token = _vintage.set(value)
    try:
        yield
    finally:
        _vintage.reset(token)


@dataclass(frozen=True)
class Statement:
    """One value a source gives for a figure, as the rule of `statement_role` sees it."""

    value: object
    publisher: str
    released_on: date | None


def publisher_key(text: str) -> str:
    """Two sources have the same publisher when their publisher texts are the same, case and spacing aside."""
    return " ".join((text or "").split()).casefold()


def later(day: date | None, than: date | None) -> bool:
    """A release is later than another only when both dates are known (an unknown release is never later)."""
    return day is not None and than is not None and day > than


def statement_role(new: Statement, current: Statement, *, preferred_publisher: str = "") -> str:
    """What a source's value `new` is to a figure whose current value is `current` (the rule of issue 27):

    - `current`: it replaces the current value, which is kept as superseded (a later release of the preferred
      publisher; or the preferred publisher's value where the current one is another publisher's);
    - `confirmation`: it equals the current value (a further source of it);
    - `superseded`: an earlier (or undated) release of the current value's publisher, different from it;
    - `alternative`: another publisher's different value, or the same publisher's different value where the
      releases cannot be ordered (both or one undated): a conflict the consistency report lists.

    `preferred_publisher`: the indicator's (empty: the current value's publisher is preferred).
    """
    preferred = publisher_key(preferred_publisher) or publisher_key(current.publisher)
    new_preferred = publisher_key(new.publisher) == preferred
    current_preferred = publisher_key(current.publisher) == preferred
    if new.value == current.value:
        return "confirmation"
    if new_preferred and not current_preferred:
        return "current"
    if new_preferred and publisher_key(new.publisher) == publisher_key(current.publisher):
        if later(new.released_on, current.released_on):
            return "current"
        if later(current.released_on, new.released_on):
            return "superseded"
    return "alternative"


VINTAGE_HELP = (
    "Which release of each figure to show. Empty: the current values (the latest release of each figure's "
    "preferred publisher). `vintage=YYYY-MM-DD`: what was known on that day: each figure's latest release dated on "
    "or before it; a figure first released after it is left out; a value whose release is unknown (`released_on: "
    "null`) counts as known on any day. `vintage=all`: the current values, as without it (every figure lists all its "
    "releases in `vintages` either way)."
)


class VintageMiddleware:
    """`vintage=` of a request for figures (the API and the pages), read once: every query of figures made while
    serving the request shows that day's values. A value that is neither a date nor `all` is a 400 naming it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if PARAMETER not in request.GET or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        try:
            value = vintage_parse(request.GET.get(PARAMETER, ""))
        except VintageInvalid as invalid:
            return self._refused(request, str(invalid))
        with vintage(value):
            response = self.get_response(request)
        if response.streaming:  # read after this returns: its rows are queried then, under the same vintage
            response.streaming_content = _under(value, response.streaming_content)
        return response

    @staticmethod
    def _refused(request, message: str):
        from django.http import HttpResponseBadRequest, JsonResponse

        from regionapi.core.errors import error_body

        if request.path_info.startswith("/api/"):
            return JsonResponse(error_body(400, "invalid", message, {PARAMETER: [message]}), status=400)
        return HttpResponseBadRequest(f"{PARAMETER}: {message}", content_type="text/plain; charset=utf-8")


def _under(value, content):
    with vintage(value):
        yield from content
