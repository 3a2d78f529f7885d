"""The region pages: a table of every region and one page per region, in the request's language (`?lang=`, then
Accept-Language, as the API). They declare what they show; regionapi/pages/selectors.py reads it. Cached like every
API read (regionapi/core/caching.py): ETag and Last-Modified from the data version, 304 on a match; a page depends on
no query parameter but the language, so any other (a tracker's `fbclid`, a made-up one) is answered from the cache.
Every page counts against the client's rate, the API's (regionapi/core/throttling.py)."""

import re

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from indicators.models import Region
from regionapi.core.caching import query_parameters
from regionapi.core.language import language_codes
from regionapi.core.throttling import rate_limited
from regionapi.pages import selectors

# What a region's key can be: an ISO 3166-2 code (KZ-35) or a slug of ours (south-kazakhstan).
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,39}")


def _context(request, **context) -> dict:
    """What every page needs besides its data: the language served and the languages to switch to."""
    return {"LANGUAGE_CODE": request.LANGUAGE_CODE, "languages": language_codes(), **context}


@query_parameters()
@rate_limited
@require_safe
def region_list(request):
    """Every region with its latest headline figures, each linking to its JSON record."""
    table = selectors.regions_table_get()
    return render(request, "pages/region_list.html", _context(request, table=table))


@query_parameters()
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
