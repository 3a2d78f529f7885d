"""gunicorn's configuration for regionapi (`gunicorn config.wsgi -c python:config.gunicorn`, docs/operating.md,
Production): its limits on a request's line and headers, and its own refusals answered with the API's JSON error body
instead of gunicorn's HTML page. gunicorn refuses a request before Django sees it when it cannot parse it (a byte
such as 0x7F or NUL where HTTP allows none, a malformed chunk) or when it passes those limits (a URL over 4,094
bytes: 414, too many or too long header fields: 431). The server's other settings (bind, workers, threads) stay on
the command line."""

import json

from gunicorn import util

# gunicorn's own defaults, stated here so that the proxy in front is set to match (docs/operating.md, Production): a request
# line (method, URL, version) of at most 4,094 bytes, at most 100 header fields of at most 8,190 bytes each.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# The `code` of each status gunicorn answers itself (gunicorn.workers.base.Worker.handle_error).
CODES = {
    400: "bad_request",
    403: "forbidden",
    414: "uri_too_long",
    417: "expectation_failed",
    431: "header_too_large",
    500: "server_error",
    501: "not_implemented",
}
# A refusal quotes what gunicorn could not read: a 4 KB request line is not worth sending back whole.
MAX_DETAIL = 200


def error_response(status: int, reason: str, detail: str) -> bytes:
    """A whole HTTP response carrying the API's error body (regionapi.core.errors.error_body, which cannot be
    imported here: this module is read by gunicorn's master process, where Django is not set up)."""
    body = {"status": status, "code": CODES.get(status, "error"), "detail": detail, "errors": {}}
    payload = json.dumps(body).encode()  # ASCII: whatever bytes the detail quotes are escaped
    head = (
        f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode("latin-1") + payload


class _ErrorPage:
    """Stands in for the client's socket while gunicorn writes its HTML error page: keeps what it writes, sends
    nothing."""

    def __init__(self, sock):
        self.sock, self.written = sock, b""

    def __getattr__(self, name):
        return getattr(self.sock, name)

    def sendall(self, data):
        self.written += bytes(data)

    def send(self, data):
        self.sendall(data)
        return len(data)


def post_worker_init(worker):
    """gunicorn's hook in each worker, whatever its class (sync, gthread): gunicorn's handle_error still chooses the
    status and writes the log lines, but the HTML page it writes goes to a stand-in, and the client gets JSON with
    that status."""
    handle_error = worker.handle_error

    def handle_error_as_json(req, client, addr, exc):
        page = _ErrorPage(client)
        handle_error(req, page, addr, exc)
        _version, status, reason = (page.written.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2) + ["", ""])[:3]
        if not status.isdigit():  # gunicorn wrote nothing (the client had gone)
            return
        status = int(status)
        detail = str(exc)[:MAX_DETAIL] if status < 500 else "Internal server error."
        try:
            util.write_nonblock(client, error_response(status, reason, detail or reason))
        except Exception:  # the client went away meanwhile, as gunicorn itself allows
            worker.log.debug("Failed to send error message.")

    worker.handle_error = handle_error_as_json
