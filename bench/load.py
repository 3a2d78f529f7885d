"""HTTP half of the benchmark: one request at a time, then many clients at once, against a server on 127.0.0.1."""

import http.client
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


def fetch(port: int, path: str, headers: dict | None = None, timeout: float = 120) -> tuple[int, dict, float]:
    """GET path from 127.0.0.1:port reading the whole body: status, headers and the time to the last byte (ms)."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity", **(headers or {})})
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
