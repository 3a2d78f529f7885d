"""Bounded waits (regionapi/core/waits.py): what a request's bounds cover. The bound itself is proven on a frozen
PostgreSQL (tests/core/test_real_replica.py) and the SQLite write lock with two server processes
(tests/core/test_two_processes.py)."""

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from regionapi.core import waits


def _bounds_seen():
    """A streaming answer's chunks: what each chunk's maker sees as the bound on database waits."""
    for _ in range(3):
        yield f"{waits.limit()}|{waits.writing()}\n"


def test_a_streaming_answer_is_made_under_the_requests_bounds(settings):
    """A CSV export reads its rows while it is sent, after the middleware has returned: without the bounds there, a
    frozen database hung the worker until gunicorn killed it."""
    settings.DATABASE_WAIT_SECONDS = 2
    middleware = waits.BoundedWaitsMiddleware(lambda request: StreamingHttpResponse(_bounds_seen()))
    response = middleware(RequestFactory().get("/api/v1/investments/zones/?format=csv"))
    assert waits.limit() is None  # outside the request, as in a command
    assert b"".join(response.streaming_content).decode().splitlines() == ["2|False"] * 3


def test_a_write_request_is_marked_writing_and_a_read_is_not(settings):
    settings.DATABASE_WAIT_SECONDS = 2
    seen = {}

    def view(request):
        seen[request.method] = (waits.limit(), waits.writing())
        return HttpResponse()

    middleware = waits.BoundedWaitsMiddleware(view)
    for method in ("get", "head", "options", "post", "put", "patch", "delete"):
        middleware(getattr(RequestFactory(), method)("/"))
    assert seen == {
        "GET": (2, False),
        "HEAD": (2, False),
        "OPTIONS": (2, False),
        "POST": (2, True),
        "PUT": (2, True),
        "PATCH": (2, True),
        "DELETE": (2, True),
    }


def test_a_request_that_gave_up_on_a_wait_waits_for_nothing_more(settings):
    settings.DATABASE_WAIT_SECONDS = 2

    def view(request):
        before = waits.limit()
        waits.gave_up()
        return HttpResponse(f"{before}|{waits.limit()}")

    assert waits.BoundedWaitsMiddleware(view)(RequestFactory().get("/")).content == b"2|0.0"


def test_a_file_is_sent_as_it_is(tmp_path):
    """A file's bytes need no database: its answer keeps the server's file wrapper (sendfile)."""
    path = tmp_path / "file.bin"
    path.write_bytes(b"bytes")
    response = waits.BoundedWaitsMiddleware(lambda request: FileResponse(path.open("rb")))(RequestFactory().get("/"))
    assert response.file_to_stream is not None
    response.file_to_stream.close()
