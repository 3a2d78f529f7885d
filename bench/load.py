"""HTTP half of the benchmark: one request at a time, then many clients at once, against a server on 127.0.0.1."""

import http.client
import json
import statistics
import threading
import time


def summary(timings: list[float]) -> dict:
    """Median, p99 (nearest rank) and count of timings in ms."""
    if not timings:
        return {"median": None, "p99": None, "n": 0}
    ordered = sorted(timings)
    p99 = ordered[min(len(ordered) - 1, max(0, -(-len(ordered) * 99 // 100) - 1))]
    return {"median": statistics.median(ordered), "p99": p99, "n": len(ordered)}


def fetch(
    port: int, path: str, headers: dict | None = None, timeout: float = 120, *, method: str = "GET", body=None
) -> tuple[int, dict, float]:
    """GET (or `method` with `body`) path from 127.0.0.1:port reading the whole body: status, headers and the time to
    the last byte (ms)."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers={"Accept-Encoding": "identity", **(headers or {})})
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders()), (time.perf_counter() - start) * 1000
    finally:
        connection.close()


def conditional_headers(port: int, path: str) -> dict:
    """If-None-Match with the ETag of a first answer (a made-up one when the server sends none)."""
    _status, headers, _ms = fetch(port, path)
    etag = next((value for name, value in headers.items() if name.lower() == "etag"), None)
    return {"If-None-Match": etag or '"no-etag-given"'}


def sequential(port: int, path: str, *, headers=None, warmup: int, runs: int, seconds: float) -> dict:
    """Warm-up, then up to `runs` requests one after another (at least 3, and no new one after `seconds`)."""
    for _ in range(warmup):
        fetch(port, path, headers)
    timings, statuses, deadline = [], set(), time.monotonic() + seconds
    while len(timings) < runs and (len(timings) < 3 or time.monotonic() < deadline):
        status, _headers, ms = fetch(port, path, headers)
        statuses.add(status)
        timings.append(ms)
    return {**summary(timings), "statuses": sorted(statuses)}


def concurrent(port: int, path: str, *, headers=None, clients: int, total: int, seconds: float) -> dict:
    """`clients` threads share at most `total` requests and start none after `seconds`: latency and throughput."""
    lock = threading.Lock()
    timings, statuses, errors = [], set(), []
    remaining = [total]
    deadline = time.monotonic() + seconds

    def client():
        while True:
            with lock:
                if remaining[0] <= 0 or time.monotonic() >= deadline:
                    return
                remaining[0] -= 1
            try:
                status, _headers, ms = fetch(port, path, headers)
            except OSError as error:
                with lock:
                    errors.append(repr(error))
                continue
            with lock:
                timings.append(ms)
                statuses.add(status)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    return {
        **summary(timings),
        "statuses": sorted(statuses),
        "errors": len(errors),
        "throughput": len(timings) / wall if wall else None,
    }


def patch(port: int, path: str, data: dict, *, token: str, timeout: float = 60) -> tuple[int, float]:
    """PATCH path with `data` as JSON and a token: status and time (ms)."""
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    status, _headers, ms = fetch(port, path, headers, timeout, method="PATCH", body=json.dumps(data).encode())
    return status, ms


class Writer:
    """One client writing back to back in a thread of its own while the `with` block times reads: `send(number)`
    makes the `number`th write (0, 1, ...), or any other request, and answers (status, ms). The block starts once the first write is
    answered; the writer stops when the block ends, and by itself after `limit` writes or `seconds`, whichever comes
    first. `result()`: the writes' times and statuses, and whether the writer was still writing when the block ended
    (`outlasted`; if not, the block's last reads ran without it)."""

    def __init__(self, send, *, limit: int, seconds: float):
        self._send, self._limit, self._seconds = send, limit, seconds
        self._stop, self._started = threading.Event(), threading.Event()
        self._timings, self._statuses, self._errors = [], set(), []
        self._outlasted = False
        self._begun = self._wall = 0.0
        self._thread = threading.Thread(target=self._write, daemon=True)

    def _write(self) -> None:
        deadline = time.monotonic() + self._seconds
        number = 0
        try:
            while number < self._limit and not self._stop.is_set() and time.monotonic() < deadline:
                try:
                    status, ms = self._send(number)
                except OSError as error:
                    self._errors.append(repr(error))
                else:
                    self._timings.append(ms)
                    self._statuses.add(status)
                number += 1
                self._started.set()
        finally:
            self._started.set()

    def __enter__(self) -> "Writer":
        self._begun = time.perf_counter()
        self._thread.start()
        self._started.wait(timeout=self._seconds)
        return self

    def __exit__(self, *exc) -> None:
        self._outlasted = self._thread.is_alive()
        self._stop.set()
        self._thread.join(timeout=self._seconds + 120)
        self._wall = time.perf_counter() - self._begun

    def result(self) -> dict:
        return {
            **summary(self._timings),
            "statuses": sorted(self._statuses),
            "errors": len(self._errors),
            "outlasted": self._outlasted,
            "throughput": len(self._timings) / self._wall if self._wall else None,
        }
