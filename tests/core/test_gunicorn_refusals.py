"""What gunicorn refuses before Django sees a request, and a body Django would not read, against a real gunicorn on
127.0.0.1 started as the production recipe (docs/operating.md) starts it (tests/support/live.py: `--config python:config.gunicorn`),
spoken to over raw sockets: every answer is the API's JSON error body with gunicorn's status (400, 414, 431), and a
write with a chunked body is a 411 asking for a Content-Length, never a write of nothing.

None of these requests reaches the database, so the server runs over one that was never made."""

import json
import socket

import pytest

from config import gunicorn as config
from tests.support.live import LiveServer

pytestmark = pytest.mark.slow

RECORD = "/api/v1/investments/zones/saran-industrial-park/"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    live = LiveServer("gunicorn-errors", tmp_path_factory.mktemp("gunicorn-errors"), workers=1, threads=2)
    try:
        live.start(ready="/healthz")
        yield live
    finally:
        live.stop()


def exchange(server, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes; (status, headers, body) of the answer, read until gunicorn closes the connection."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    if headers.get("transfer-encoding") == "chunked":  # Django's answers have no Content-Length
        chunks, rest = [], body
        while (size := int(rest.split(b"\r\n", 1)[0], 16)) > 0:
            rest = rest.split(b"\r\n", 1)[1]
            chunks.append(rest[:size])
            rest = rest[size + 2 :]
        body = b"".join(chunks)
    return int(status_line.split(" ")[1]), headers, body


def request(line: str | bytes, *headers: bytes, body: bytes = b"") -> bytes:
    line = line.encode("latin-1") if isinstance(line, str) else line
    return line + b"\r\n" + b"".join(header + b"\r\n" for header in (b"Host: 127.0.0.1", *headers)) + b"\r\n" + body


REFUSALS = {
    "byte 0x7F in a header name": (request("GET /api/v1/ HTTP/1.1", b"X-Bad\x7fName: 1"), 400, "bad_request"),
    "byte 0x7F in a header value": (request("GET /api/v1/ HTTP/1.1", b"X-Bad: a\x7fb"), 400, "bad_request"),
    "a NUL in the request line": (request(b"GET /api/v1/\x00 HTTP/1.1"), 400, "bad_request"),
    "a URL of 5,000 bytes": (request(f"GET /api/v1/?q={'a' * 5000} HTTP/1.1"), 414, "uri_too_long"),
    "a header of 10,000 bytes": (
        request("GET /api/v1/ HTTP/1.1", b"X-Long: " + b"a" * 10_000),
        431,
        "header_too_large",
    ),
    "101 header fields": (
        request("GET /api/v1/ HTTP/1.1", *(b"X-Field-%d: 1" % number for number in range(101))),
        431,
        "header_too_large",
    ),
    "both Content-Length and Transfer-Encoding": (
        request(f"PATCH {RECORD} HTTP/1.1", b"Content-Length: 4", b"Transfer-Encoding: chunked", body=b"0\r\n\r\n"),
        400,
        "bad_request",
    ),
}


@pytest.mark.parametrize(("raw", "status", "code"), REFUSALS.values(), ids=REFUSALS.keys())
def test_gunicorns_own_refusals_are_json(server, raw, status, code):
    answer_status, headers, body = exchange(server, raw)
    assert (answer_status, headers["content-type"]) == (status, "application/json"), body[:300]
    assert int(headers["content-length"]) == len(body)
    error = json.loads(body)
    assert error == {"status": status, "code": code, "detail": error["detail"], "errors": {}}
    assert error["detail"] and len(error["detail"]) <= config.MAX_DETAIL


def test_a_chunked_write_is_refused_asking_for_a_content_length(server):
    body = b'{"name": "Renamed"}'
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    raw = request(
        f"PATCH {RECORD} HTTP/1.1",
        b"Content-Type: application/json",
        b"Transfer-Encoding: chunked",
        b"Connection: close",
        body=chunked,
    )
    status, headers, answer = exchange(server, raw)
    assert (status, headers["content-type"]) == (411, "application/json"), answer[:300]
    error = json.loads(answer)
    assert (error["status"], error["code"], error["errors"]) == (411, "length_required", {})
    assert "Content-Length" in error["detail"]


def test_the_limits_are_gunicorns_defaults_stated():
    """The proxy recipe of docs/operating.md repeats these numbers: a change here must change it too."""
    assert (config.limit_request_line, config.limit_request_fields, config.limit_request_field_size) == (
        4094,
        100,
        8190,
    )
