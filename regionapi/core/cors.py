"""CORS for a public read API with token writes: any origin (as django-cors-headers is configured) may read, and
only the origins in settings.CORS_WRITE_ORIGINS may write from a browser.

django-cors-headers allows methods for all origins at once; this middleware sits outside it (above it in
MIDDLEWARE) and takes the permission back from the answers to other origins: a preflight asking for a write
method, or a write itself, loses its Access-Control-Allow-* headers (the browser then refuses), and a preflight
for a read lists only the read methods.
"""

from django.conf import settings

READ_METHODS = ("GET", "HEAD", "OPTIONS")
ALLOW_HEADERS = (
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "access-control-expose-headers",
    "access-control-max-age",
)


class CorsWriteOriginsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        origin = request.headers.get("Origin")
        if not origin or origin in settings.CORS_WRITE_ORIGINS or "access-control-allow-origin" not in response:
            return response
        preflight = request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers
        method = (request.headers["Access-Control-Request-Method"] if preflight else request.method).upper()
        if method not in READ_METHODS:
            for header in ALLOW_HEADERS:
                if header in response:
                    del response[header]
        elif preflight:
            response["Access-Control-Allow-Methods"] = ", ".join(READ_METHODS)
        return response
