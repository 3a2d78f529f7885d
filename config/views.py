"""The API root: one index of every resource of every app, and the schema the documentation reads.

Neither counts against a client's rate (regionapi/core/throttling.py): past its limit, a client can still find out
how to use the API. Their answers depend on the query parameters they name only (`query_parameters`), so a made-up
one is answered from the response cache (regionapi/core/caching.py), not made anew.
"""

from collections.abc import Iterable

from django.http import HttpResponse
from django.views.decorators.http import require_safe
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from regionapi.core.formats import FORMATS


class ApiRootView(APIView):
    """Every resource of the API with its URL. Start here, or at /api/docs/ for the documentation, or at /regions/ to
    see the data: a page per region with its charts."""

    routers: Iterable[tuple[str, object]] = ()
    permission_classes = [permissions.AllowAny]
    throttle_classes = ()
    query_parameters = ("format",)

    @extend_schema(
        summary="List every resource",
        description="The URL of every list endpoint, keyed by resource name, plus the whole data as a Frictionless "
        "data package (`datapackage`), the change feed (`changes`), the bulk download (`download`), the region pages "
        "(`pages`: HTML with charts, every figure linking to its record), the schema and documentation URLs and "
        "`llms`: /llms.txt, the API described for an AI agent.",
        responses={200: {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}}},
    )
    def get(self, request, format=None):
        return Response({**resources_index(self.routers, request, format=format), **other_urls(request)})


def resources_index(routers: Iterable[tuple[str, object]], request, *, format=None) -> dict[str, str]:
    """Every resource's list URL, keyed by its name."""
    return {
        prefix: reverse(f"{namespace}:{basename}-list", request=request, format=format)
        for namespace, router in routers
        for prefix, _viewset, basename in router.registry
    }


def other_urls(request) -> dict[str, str]:
    """The URLs of the API root that are not a resource: the whole data, the feed, the pages, the documentation."""
    names = {
        "datapackage": "api-datapackage",
        "changes": "api-changes",
        "download": "api-download",
        "pages": "pages:region-list",
        "schema": "api-schema",
        "docs": "api-docs",
        "redoc": "api-redoc",
        "llms": "llms-txt",
    }
    return {key: reverse(name, request=request) for key, name in names.items()}


LLMS_SUMMARY = (
    "Open REST API for the regional development data of Kazakhstan: official regional statistics (gross regional "
    "product, population, labour, health, income, investment, mining, manufacturing, coal, innovation, R&D) and "
    "the figures of news articles, every figure traceable to its source, in Kazakh, Russian and English."
)
LLMS_ABOUT = """Every figure (`observations/`) carries its indicator, region, period and kind of period (`frequency`), its status
(actual, preliminary, estimated, ...) and flags, its source (a table or the sentence quoted) and its release; a
revision never overwrites the value it revises (`vintage=YYYY-MM-DD` reads the figures as known on a day). A derived figure
(`per=population`) is computed on request and names its inputs. Names and labels in `lang=kk`, `ru` or `en` (or
`Accept-Language`). Reading needs no account; a client past its rate gets a 429 with `Retry-After`."""


@require_safe
def llms_txt(request, routers: Iterable[tuple[str, object]] = ()) -> HttpResponse:
    """/llms.txt (https://llmstxt.org): what regionapi is and where an agent finds each of its interfaces, as
    Markdown; its URLs and formats are read from the routers and the format registry, so it lists what is served."""
    urls = other_urls(request)
    api = reverse("api-root", request=request)
    indicator = f"{api}indicators/indicators/gross-regional-product"
    lines = [
        "# regionapi",
        "",
        f"> {LLMS_SUMMARY}",
        "",
        LLMS_ABOUT,
        "",
        "## Start here",
        "",
        f"- [API root]({api}): every resource with its URL",
        f"- [OpenAPI schema]({urls['schema']}?format=json): every endpoint, parameter and answer",
        f"- [Documentation]({urls['redoc']}): the schema as a page",
        "",
        "## Resources",
        "",
        *(f"- [{name}]({url})" for name, url in resources_index(routers, request).items()),
        "",
        "## Analysis",
        "",
        f"- [A series]({indicator}/series/?region=KZ-35): one region's figures of an indicator over time, one kind "
        "of period, changes never across a border change",
        f"- [A comparison]({indicator}/compare/?period=2022): every region for one period, ranked, each territory "
        "counted once",
        f"- [A region's profile]({api}indicators/regions/KZ-35/profile/): its latest figures and ranks",
        "",
        "## Formats (`format=` or the Accept header)",
        "",
        *(f"- `format={fmt.name}` ({fmt.media_type}): {fmt.summary}" for fmt in FORMATS.values() if fmt.summary),
        "",
        "## The whole data, and staying in sync",
        "",
        f"- [Data package]({urls['datapackage']}): every table as a Frictionless data package",
        f"- [Change feed]({urls['changes']}): every change in commit order, for a mirror",
        f"- [Bulk download]({urls['download']}): every resource's CSV and the data package",
        "",
        "## Optional",
        "",
        f"- [Region pages]({urls['pages']}): a page per region with its charts, every figure linking to its record",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/markdown; charset=utf-8")
    response["Content-Language"] = "en"  # written in English, whatever language the request asks for
    return response


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema (YAML, or JSON with `?format=json`), which Swagger UI and ReDoc read."""

    # A budget of its own ("docs"): a client past its API rate can still read how to use the API, but building the
    # schema (0.3-0.8 s) is not free for the taking either.
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "docs"
    # What drf-spectacular reads, less `version`: the API has no versioning, so any value gives the same schema and
    # would only be a way around the cache.
    query_parameters = ("format", "lang")
