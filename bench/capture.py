"""In-process half of the benchmark: the exact SQL each request runs, then that SQL executed raw.

Each request goes once through the whole Django stack with the test client while `connection.execute_wrapper`
records every statement and its parameters as they reach the driver. Those SELECTs are then executed straight on
the driver's connection (sqlite3 or psycopg: no ORM, no serializer) and their rows dumped with `json.dumps`: the
floor of the stack for that request, timed like the request (warm-up, then runs; median and p99).
"""

import json
import time

from bench.load import summary


def _sql_for_driver(sql: str, vendor: str) -> str:
    if vendor == "sqlite":
        from django.db.backends.sqlite3.base import FORMAT_QMARK_REGEX

        return FORMAT_QMARK_REGEX.sub("?", sql).replace("%%", "%")
    return sql


def capture(requests, *, runs: int, seconds: float) -> list[dict]:
    """For each request: its status, statement count and the raw execution's timings."""
    from django.db import connection
    from django.test import Client

    client = Client()
    results = []
    for request in requests:
        headers = {}
        if request.conditional:
            first = client.get(request.path)
            _consume(first)
            headers["If-None-Match"] = first.headers.get("ETag") or '"no-etag-given"'
        statements = []

        def record(execute, sql, params, many, context, statements=statements):
            statements.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            response = client.get(request.path, headers=headers)
            _consume(response)
        selects = [(sql, params) for sql, params in statements if sql.lstrip()[:6].upper() in {"SELECT", "WITH ("}]
        results.append(
            {
                "name": request.name,
                "status": response.status_code,
                "queries": len(statements),
                "raw": _raw_timings(selects, runs=runs, seconds=seconds) if selects else None,
                "sql": [sql for sql, _params in selects],
            }
        )
    return results


def _consume(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _raw_timings(selects, *, runs: int, seconds: float) -> dict:
    from django.db import connection

    connection.ensure_connection()
    driver = connection.connection  # the sqlite3 / psycopg connection itself
    statements = [(_sql_for_driver(sql, connection.vendor), params) for sql, params in selects]

    def once() -> float:
        start = time.perf_counter()
        cursor = driver.cursor()
        rows = []
        for sql, params in statements:
            cursor.execute(sql, params if params is not None else ())
            rows.append(cursor.fetchall())
        json.dumps(rows, default=str, ensure_ascii=False)
        cursor.close()
        return (time.perf_counter() - start) * 1000

    once()  # warm-up
    timings, deadline = [], time.monotonic() + seconds
    while len(timings) < runs and (len(timings) < 3 or time.monotonic() < deadline):
        timings.append(once())
    driver.rollback()
    return summary(timings)
