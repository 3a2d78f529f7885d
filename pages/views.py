"""The region pages: a table of every region and one page per region, in the request's language (`?lang=`, then
Accept-Language, as the API). They declare what they show; pages/selectors.py reads it. Cached like every
API read (regionapi/core/caching.py): ETag and Last-Modified from the data version, 304 on a match; a page depends on
no query parameter but the language, `vintage` and the table's `sort`, so any other (a tracker's `fbclid`, a made-up
one) is answered from the cache. Every page counts against the client's rate, the API's (regionapi/core/throttling.py).

`?vintage=YYYY-MM-DD` shows the figures as known on that day (indicators/vintages.py: the middleware applies it to
every query of figures), says so under the heading, and is kept by every link to a figure answer (a figure's record,
a series, a comparison, a chart, the profile) and to another page, so that what a reader follows shows the same day.
It is part of the cached answer's variant, like `sort`; a value that is not a date is the middleware's 400.

The table sorts on the server (`?sort=region`, `?sort=-gross-regional-product`: links in its column headings), as the
pages carry no script; an unknown order is a 400 page that lists the known ones."""

import re
from datetime import date
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from indicators.models import Region
from indicators.vintages import PARAMETER as VINTAGE
from indicators.vintages import current_vintage, known_on
from pages import selectors
from regionapi.core.caching import query_parameters
from regionapi.core.language import language_codes
from regionapi.core.throttling import rate_limited

# What a region's key can be: an ISO 3166-2 code (KZ-35) or a slug of ours (south-kazakhstan).
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,39}")


def _vintage() -> str:
    """The request's `vintage=` as links repeat it (a day, `all`), or empty for the current figures."""
    vintage = current_vintage()
    return vintage.isoformat() if isinstance(vintage, date) else (vintage or "")


def _context(request, keep: dict | None = None, **context) -> dict:
    """What every page needs besides its data: the language served and the languages to switch to (each link
    keeping the page's own parameters, `keep`, and its vintage), the vintage its links keep (`vintage`, empty for
    the current figures) and the day whose figures it shows (`known_on`, None for the current ones)."""
    vintage = _vintage()
    kept = urlencode({**(keep or {}), **({VINTAGE: vintage} if vintage else {})})
    switch = [(code, f"?{urlencode({'lang': code})}" + (f"&{kept}" if kept else "")) for code in language_codes()]
    return {
        "LANGUAGE_CODE": request.LANGUAGE_CODE,
        "languages": language_codes(),
        "switch": switch,
        "vintage": vintage,
        "known_on": known_on(),
        **context,
    }


def _sort_links(request, table) -> list[dict]:
    """Each column's heading link: sorted by it, the other way round; else descending for figures (the highest
    first), ascending for names. `current`: "ascending" or "descending" where the table is sorted by it."""
    links, vintage = [], _vintage()
    for name in [selectors.SORT_REGION, *(column.code for column in table.columns)]:
        first = name if name == selectors.SORT_REGION else f"-{name}"
        current = {name: "ascending", f"-{name}": "descending"}.get(table.sort, "")
        target = (f"-{name}" if current == "ascending" else name) if current else first
        query = urlencode({"sort": target, "lang": request.LANGUAGE_CODE, **({VINTAGE: vintage} if vintage else {})})
        links.append({"href": f"?{query}", "current": current})
    return links


@query_parameters("sort", VINTAGE)
@rate_limited
@require_safe
def region_list(request):
    """Every region with its figures of one period per column, each linking to its JSON record; sorted as `sort`
    says."""
    orders = request.GET.getlist("sort")
    sort = orders[0] if orders else ""
    if len(orders) > 1 or (sort and sort not in selectors.TABLE_SORTS):
        message = _("%(value)s is not an order of the table. Sort by one of: %(allowed)s.") % {
            "value": ", ".join(orders),
            "allowed": ", ".join(selectors.TABLE_SORTS),
        }
        return render(request, "pages/bad_request.html", _context(request, message=message), status=400)
    table = selectors.regions_table_get(sort=sort)
    links = _sort_links(request, table)
    context = _context(request, keep={"sort": sort} if sort else None, table=table)
    return render(
        request,
        "pages/region_list.html",
        {**context, "region_sort": links[0], "columns": list(zip(table.columns, links[1:], strict=True))},
    )


@query_parameters(VINTAGE)
@rate_limited
@require_safe
def region_detail(request, code: str):
    """One region: headline figures with their periods, sources and ranks, a chart per series, its records."""
    region = None
    if KEY.fullmatch(code):  # anything else (a NUL, a space) cannot be a code: no query, and never a 500
        region = Region.objects.select_related("formed_from").prefetch_related("split_off").filter(code=code).first()
    if region is None:
        message = _("There is no region with the code %(code)s.") % {"code": code}
        return render(request, "pages/not_found.html", _context(request, message=message), status=404)
    page = selectors.region_page_get(region=region)
    return render(request, "pages/region_detail.html", _context(request, page=page, region=region))
