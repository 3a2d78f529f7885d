"""Rerunnable quick API benchmark: median and 95th-percentile time and SQL queries of typical requests of every app.

    make bench-quick                # SQLite seed, in-process (no server, no network)
    python -m bench quick --runs 50 --path "/api/v1/investments/zones/?lang=ru"

Requests go through the whole Django stack (middleware, language, serializers, renderers) with the test
client, against whatever database DATABASE_URL names. Timings are for comparing changes on one machine,
never for assertions in tests.
"""

import argparse
import statistics
import time

PATHS = (
    "/api/v1/investments/zones/",
    "/api/v1/investments/zones/?lang=ru",
    "/api/v1/investments/zones/?lang=en&translations=true",
    "/api/v1/investments/projects/?page_size=1000",
    "/api/v1/investments/projects/?page_size=1000&translations=true",
    "/api/v1/indicators/observations/?page_size=1000",
    "/api/v1/indicators/regions/?search=Qaraghandy",
    "/api/v1/indicators/regions/?search=Қарағанды",
    "/api/v1/investments/projects/?search=Karaganda&lang=en",
    "/api/v1/investments/zones/facets/?lang=ru",
    "/api/v1/indicators/regions/KZ-35/profile/?lang=en",
    "/api/v1/indicators/observations/?format=csv&translations=true",
)


def main(argv: list[str]) -> int:
    """`python -m bench quick [--runs N] [--path PATH ...]`: one line per path on stdout."""
    parser = argparse.ArgumentParser(prog="python -m bench quick", description="Time typical API requests in-process.")
    parser.add_argument("--runs", type=int, default=30, help="Requests per path (default 30).")
    parser.add_argument("--path", action="append", help="A path to time instead of the built-in set; repeatable.")
    options = parser.parse_args(argv)

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    host = next(
        (name for name in settings.ALLOWED_HOSTS if name not in {"*", ""} and not name.startswith(".")), "localhost"
    )
    client = Client(SERVER_NAME=host, HTTP_HOST=host)
    print(f"{'path':70} {'status':>6} {'median ms':>10} {'p95 ms':>8} {'queries':>8}", flush=True)
    for url in options.path or PATHS:
        timings = []
        for _run in range(options.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                if response.streaming:
                    b"".join(response.streaming_content)
                timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(
            f"{url[:70]:70} {response.status_code:>6} {statistics.median(timings):>10.1f} {p95:>8.1f} {len(queries):>8}",
            flush=True,
        )
    return 0
