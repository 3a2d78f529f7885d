"""The API root: one index of every resource of every app, and the schema the documentation reads.

Neither counts against a client's rate (regionapi/core/throttling.py): past its limit, a client can still find out
how to use the API. Their answers depend on the query parameters they name only (`query_parameters`), so a made-up
one is answered from the response cache (regionapi/core/caching.py), not made anew.
"""

from collections.abc import Iterable

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView


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
        "(`pages`: HTML with charts, every figure linking to its record) and the schema and documentation URLs.",
        responses={200: {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}}},
    )
    def get(self, request, format=None):
        index = {}
        for namespace, router in self.routers:
            for prefix, _viewset, basename in router.registry:
                index[prefix] = reverse(f"{namespace}:{basename}-list", request=request, format=format)
        index["datapackage"] = reverse("api-datapackage", request=request)
        index["changes"] = reverse("api-changes", request=request)
        index["download"] = reverse("api-download", request=request)
        index["pages"] = reverse("pages:region-list", request=request)
        index["schema"] = reverse("api-schema", request=request)
        index["docs"] = reverse("api-docs", request=request)
        index["redoc"] = reverse("api-redoc", request=request)
        return Response(index)


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema (YAML, or JSON with `?format=json`), which Swagger UI and ReDoc read."""

    # A budget of its own ("docs"): a client past its API rate can still read how to use the API, but building the
    # schema (0.3-0.8 s) is not free for the taking either.
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "docs"
    # What drf-spectacular reads, less `version`: the API has no versioning, so any value gives the same schema and
    # would only be a way around the cache.
    query_parameters = ("format", "lang")
