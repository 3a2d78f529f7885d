"""One JSON error shape for every API error: 400, 401, 403, 404, 405, 409, 411, 412, 413, 428, 429, 500 and 503; and
for the 301 that sends a read of a record under a key it had before to its URL now."""

from urllib.parse import parse_qsl, unquote_to_bytes

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler

from regionapi.core.health import outage_in_progress
from regionapi.core.parsers import text_errors


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(
        help_text="Machine-readable error code, e.g. invalid, not_found, method_not_allowed, throttled."
    )
    detail = serializers.CharField(help_text="A human-readable message.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="For 400: the offending query parameter or field, each with its messages. Empty otherwise.",
    )


def error_body(status_code: int, code: str, detail: str, errors: dict | None = None) -> dict:
    return {"status": status_code, "code": code, "detail": str(detail), "errors": errors or {}}


def _flatten(detail) -> dict:
    """DRF's nested error detail as {name: [messages]}."""
    if isinstance(detail, dict):
        flat = {}
        for key, value in detail.items():
            if isinstance(value, dict):
                for sub_key, messages in _flatten(value).items():
                    flat[f"{key}.{sub_key}"] = messages
            else:
                flat[str(key)] = [str(item) for item in (value if isinstance(value, list) else [value])]
        return flat
    if isinstance(detail, list):
        return {"non_field_errors": [str(item) for item in detail]}
    return {"non_field_errors": [str(detail)]}


def api_exception_handler(exc, context):
    """DRF exception handler that answers in the shared error shape."""
    if isinstance(exc, Http404):
        # Django's "No <Model> matches the given query." is English only; DRF's message is translated.
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    if request is not None:
        # An error is JSON whatever format was asked for (CSV, SVG, the browsable API's HTML page) by any view, as
        # JSONErrorsMixin makes it for a view's own error responses: the response takes the request's renderer.
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        names = ", ".join(errors)
        response.data = error_body(
            response.status_code, "invalid", _("Invalid input: %(names)s.") % {"names": names}, errors
        )
    else:
        code = getattr(exc, "default_code", "error")
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        if isinstance(detail, (list, dict)):
            detail = "; ".join(f"{k}: {v}" for k, v in _flatten(detail).items())
        response.data = error_body(response.status_code, code, detail)
    for name, value in getattr(exc, "headers", {}).items():  # e.g. a 412's current ETag
        response[name] = value
    return response


@csrf_exempt  # any method may reach an unknown URL; it deserves a JSON 404, not a CSRF page
def api_not_found(request, *args, **kwargs):
    """Any unknown URL under /api/: JSON 404, never an HTML page."""
    return JsonResponse(
        error_body(404, "not_found", _("No API resource at %(path)s.") % {"path": request.path}), status=404
    )


def csrf_failure(request, reason=""):
    """CSRF failures (a browser session writing without its token): JSON for the API, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            error_body(403, "csrf_failed", _("CSRF check failed: %(reason)s") % {"reason": reason}), status=403
        )
    from django.views.csrf import csrf_failure as html_csrf_failure

    return html_csrf_failure(request, reason)


class BodySizeLimitMiddleware:
    """An API request whose body is larger than settings.API_MAX_BODY_BYTES is refused with a JSON 413 before
    anything reads it (a record's body is a few kilobytes; DRF would otherwise read and parse any size).

    A write whose body comes without a Content-Length (`Transfer-Encoding: chunked`) is refused with a 411 asking for
    one, on any path: Django reads a body's Content-Length bytes, none without it, and would treat the write as empty
    (a PATCH changing nothing, answered 200)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "HTTP_TRANSFER_ENCODING" in request.META and request.method not in ("GET", "HEAD", "OPTIONS"):
            return length_required(request)
        if request.path_info.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.API_MAX_BODY_BYTES:
                return too_large()
        return self.get_response(request)


def length_required(request) -> HttpResponse:
    detail = _("Send the body with a Content-Length header: a body without one (Transfer-Encoding) is not read.")
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(411, "length_required", detail), status=411)
    return HttpResponse(detail, status=411, content_type="text/plain; charset=utf-8")


class InvalidTextInURLMiddleware:
    """An API URL whose path or a query parameter holds text that cannot be stored or answered is a JSON 400 naming
    the path or each parameter, before any view or query: a NUL character (`/sources/%00/`, `?region=%00`), which
    PostgreSQL refuses in any text it is compared with, or a byte that is not UTF-8 (`?search=%FF`, `%ED%A0%80`, a
    lone surrogate), which Django would otherwise replace with U+FFFD and search or compare. Bodies: parsers.py."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            request.GET  # Django's limit on the number of parameters first (a 400 past it), before they are read here
            path, query = _raw_url(request)
            pairs = parse_qsl(query, keep_blank_values=True, encoding="utf-8", errors="surrogateescape")
            errors = text_errors([("path", path)]) | text_errors(pairs)
            if errors:
                detail = _("Invalid input: %(names)s.") % {"names": ", ".join(errors)}
                return JsonResponse(error_body(400, "invalid", detail, errors), status=400)
        return self.get_response(request)


def _raw_url(request) -> tuple[str, str]:
    """The request's path and query string as the client sent them, a byte that is not UTF-8 as a lone surrogate:
    Django's request.GET has replaced such a byte with U+FFFD, and its path_info holds it percent-encoded again
    (`%FF`, as if the client had sent `%25FF`: either way no key holds it)."""
    path = unquote_to_bytes(request.path_info.encode("utf-8", "surrogatepass")).decode("utf-8", "surrogateescape")
    query = request.META.get("QUERY_STRING", "")
    if isinstance(getattr(request, "environ", None), dict):  # WSGI: the bytes sent, as Latin-1 (PEP 3333)
        query = get_bytes_from_wsgi(request.environ, "QUERY_STRING", "").decode("utf-8", "surrogateescape")
    return path, query


def too_large() -> JsonResponse:
    detail = _("The request body is larger than %(size)d bytes.") % {"size": settings.API_MAX_BODY_BYTES}
    return JsonResponse(error_body(413, "too_large", detail), status=413)


def bad_request(request, exception=None, *args, **kwargs):
    """400 handler (Django's own refusals: too many form fields, a body over its limit, a bad host): JSON for the
    API, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        if isinstance(exception, RequestDataTooBig):
            return too_large()
        return JsonResponse(error_body(400, "bad_request", _("The request could not be read.")), status=400)
    from django.views.defaults import bad_request as html_bad_request

    return html_bad_request(request, exception)


def unavailable(api: bool):
    """The 503 of an outage: JSON under /api/ (the shared error shape), plain text elsewhere."""
    detail = _("The database is unreachable; retry in a few seconds.")
    if api:
        response = JsonResponse(error_body(503, "unavailable", detail), status=503)
    else:
        response = HttpResponse(detail, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(settings.API_RETRY_AFTER_SECONDS)
    return response


def server_error(request, *args, **kwargs):
    """500 handler: JSON for the API, Django's page elsewhere; a 503 with Retry-After when the cause is the
    database being unreachable (regionapi/core/health.py)."""
    if outage_in_progress():
        return unavailable(api=request.path.startswith("/api/"))
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(500, "server_error", _("Internal server error.")), status=500)
    from django.views.defaults import server_error as html_server_error

    return html_server_error(request)


ERROR_STATUSES = {
    status.HTTP_400_BAD_REQUEST: "A query parameter or field is invalid; `errors` names each one.",
    status.HTTP_401_UNAUTHORIZED: "No valid token: writes need `Authorization: Token <key>`; a wrong token is refused on any request.",
    status.HTTP_403_FORBIDDEN: "The token's user lacks the permission this operation needs.",
    status.HTTP_404_NOT_FOUND: "No such record, or a page past the last one.",
    status.HTTP_409_CONFLICT: "On delete: other records still refer to this one; `detail` names them. On a write: "
    "another request wrote a record with the same key first; `detail` names it.",
    status.HTTP_412_PRECONDITION_FAILED: "The record changed since the version `If-Match` names (or since "
    "`If-Unmodified-Since`); nothing was written. `ETag` holds its current version.",
    status.HTTP_428_PRECONDITION_REQUIRED: "This server requires `If-Match` on writes to a record.",
    status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: "The request body is larger than the server accepts.",
    status.HTTP_429_TOO_MANY_REQUESTS: "Too many requests; retry after the number of seconds in `Retry-After`.",
    status.HTTP_503_SERVICE_UNAVAILABLE: "The database is unreachable for now; retry after `Retry-After` seconds.",
}


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "The request conflicts with the current state of the data."
    default_code = "conflict"


class MovedPermanently(exceptions.APIException):
    """A read of a record under a key it had before: the record is at `Location` now (301, the error shape's body)."""

    status_code = 301
    default_code = "moved_permanently"

    def __init__(self, detail: str, *, location: str):
        super().__init__(detail)
        self.headers = {"Location": location}


class KeyReplaced(exceptions.NotFound):
    """A write to a record under a key it had before: refused (404), naming the key now. Not a redirect: a client
    that follows one would repeat the write on a record it never named."""

    default_code = "key_replaced"


class JSONErrorsMixin:
    """A ViewSet's errors are JSON whatever format was asked for: a CSV or GeoJSON request that fails gets the shared
    error body, not an empty file."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code >= 400:
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = "application/json"
        return response
