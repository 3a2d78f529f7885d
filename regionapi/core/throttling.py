"""One rate budget per client, whoever makes the answer: DRF's throttles (REST_FRAMEWORK's DEFAULT_THROTTLE_CLASSES
and rates, counted in the default cache) applied also where no DRF view runs.

A DRF view counts a request itself (APIView.check_throttles). Two kinds of answer are made without one, and count
here with the same throttle classes, so under the same keys of the same cache:

- answers the HTTP cache makes by itself (regionapi/core/caching.py): a 304, and an answer served again from the
  shared response cache; they count against the rate of the view the URL leads to;
- the region pages, plain Django views marked `rate_limited`.

A view with no throttle classes is not counted anywhere: the API root and the documentation (`throttle_classes=()`),
so that a client past its limit can still read how to use the API. Nor is anything that is not a view of ours:
/healthz and /readyz (plain views, not marked), static files (whitenoise answers before any of this).

Over the limit: 429 with `Retry-After`, the body DRF's own (the shared JSON error shape) under /api/, and the same
sentence as plain text on a page, as the outage's 503 (regionapi/core/health.py).
"""

from functools import wraps

from django.contrib import auth
from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.functional import SimpleLazyObject
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.settings import api_settings

from regionapi.core.errors import error_body

API_PREFIX = "/api/"


def view_of(request):
    """The view function the request's URL leads to, or None (resolved once per request)."""
    if not hasattr(request, "_regionapi_view"):
        try:
            request._regionapi_view = resolve(request.path_info, getattr(request, "urlconf", None)).func
        except Resolver404:
            request._regionapi_view = None
    return request._regionapi_view


def throttle_classes_of(view) -> tuple:
    """The throttle classes a view applies: a DRF view's own (its class's, or those given to as_view()), a page's
    the API's defaults (`rate_limited`); none for any other view."""
    cls = getattr(view, "cls", None)
    if cls is not None:
        return tuple(getattr(view, "initkwargs", {}).get("throttle_classes", cls.throttle_classes))
    return tuple(getattr(view, "throttle_classes", ()))


def refusal(request, view, *, client=None) -> HttpResponse | None:
    """Count the request against each of the view's throttles, as APIView.check_throttles() does; the 429 when one
    of them refuses, else None.

    `client` is the request the throttles identify the client by (its `user`, its address); by default, a DRF view's
    request authenticated as that view would (the token, or the session), which may raise AuthenticationFailed.
    """
    classes = throttle_classes_of(view)
    if not classes:
        return None
    cls = getattr(view, "cls", None)
    if client is None:
        client = _client(request, cls)
    waits = []
    for throttle in (throttle_class() for throttle_class in classes):
        if not throttle.allow_request(client, cls):
            waits.append(throttle.wait())
    if not waits:
        return None
    return throttled(request, max((wait for wait in waits if wait is not None), default=None))


def throttled(request, wait: float | None) -> HttpResponse:
    """The 429: what DRF answers (error shape, Retry-After) under /api/, its sentence as plain text elsewhere."""
    exc = exceptions.Throttled(wait)
    if request.path.startswith(API_PREFIX):
        response = JsonResponse(error_body(exc.status_code, exc.default_code, exc.detail), status=exc.status_code)
    else:
        response = HttpResponse(str(exc.detail), status=exc.status_code, content_type="text/plain; charset=utf-8")
    if exc.wait is not None:
        response["Retry-After"] = "%d" % exc.wait
    return response


def rate_limited(view):
    """A plain Django view (a region page) that counts against the API's rates (DEFAULT_THROTTLE_CLASSES), as a DRF
    view does: one budget per client for the API and the pages."""

    @wraps(view)
    def limited(request, *args, **kwargs):
        refused = refusal(request, limited, client=request)
        return refused if refused is not None else view(request, *args, **kwargs)

    limited.throttle_classes = api_settings.DEFAULT_THROTTLE_CLASSES
    return limited


def _client(request, cls) -> Request | object:
    """The request as the view would see it, for the throttles to identify the client: before
    AuthenticationMiddleware has run (the HTTP cache runs before it), the session's user is attached lazily as it
    would attach it, so a signed-in client counts as itself. Without credentials this costs no query."""
    if not hasattr(request, "user"):
        request.user = SimpleLazyObject(lambda: auth.get_user(request))
    if cls is None:
        return request
    client = Request(request, authenticators=[authenticator() for authenticator in cls.authentication_classes])
    client.user  # noqa: B018 -- authenticates now, so a failure is raised here, not inside a throttle
    return client
