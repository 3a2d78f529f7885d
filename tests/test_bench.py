"""The load benchmark's harness (bench/, `make bench`) runs end to end at a tiny size: synthetic data through the
models, SQL captured and executed raw, gunicorn (and Datasette where installed) on 127.0.0.1, one table written,
and the database is reused when asked for again with the same sizes. Nothing here asserts a time: time is for `make bench`."""

import socket
import sqlite3
import threading
from types import SimpleNamespace

import pytest
from django.db import connection

from bench.catalogue import WRITE_ROW, requests_for, writes_for
from bench.data import Plan
from bench.load import Writer, summary
from bench.run import _django, main, render_under_writes, server_env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_p99_is_the_nearest_rank():
    assert summary([float(value) for value in range(100, 0, -1)]) == {"median": 50.5, "p99": 99.0, "n": 100}
    assert summary([3.0]) == {"median": 3.0, "p99": 3.0, "n": 1}
    assert summary([]) == {"median": None, "p99": None, "n": 0}


def test_the_server_keeps_its_postgresql_connections_as_in_production():
    assert server_env("postgres://u@127.0.0.1:5432/b_bench")["DATABASE_URL"].endswith("/b_bench?conn_max_age=600")
    assert server_env("postgres://u@h/b_bench?sslmode=disable")["DATABASE_URL"].endswith("&conn_max_age=600")
    assert server_env("postgres://u@h/b_bench?conn_max_age=0")["DATABASE_URL"].endswith("?conn_max_age=0")
    assert server_env("sqlite:////tmp/b_bench.sqlite3")["DATABASE_URL"] == "sqlite:////tmp/b_bench.sqlite3"


def test_only_keeps_the_requests_whose_name_contains_it():
    plan = Plan(projects=40, observations=600, official_package=False)
    assert [request.name for request in requests_for(plan, only="PAGE")] == [
        "page: every region",
        "page: one region (KZ-35)",
    ]
    assert requests_for(plan, only="no such request") == []
    assert len(requests_for(plan)) == len(requests_for(plan, only=""))


def test_the_reads_under_writes_are_catalogue_reads_kept_by_only_and_the_writes_put_the_value_back():
    plan = Plan(projects=40, observations=600, official_package=False)
    project = {"slug": "synthetic-project-0003", "jobs": 120}
    writes = writes_for(plan, project=project)
    catalogue = {request.name: request.path for request in requests_for(plan)}
    assert [(request.name, request.path) for request in writes.reads] == [
        (f"{WRITE_ROW}: {name}", catalogue[name])
        for name in (
            "HTTP floor: /healthz (no database)",
            "one project",
            "projects: status + sector + ordering, 50 rows",
            "page: one region (KZ-35)",
        )
    ]
    assert writes.path == "/api/v1/investments/projects/synthetic-project-0003/"
    assert writes.control == catalogue["page: one region (KZ-35)"]  # a read of about a write's cost
    assert [writes.body(number) for number in range(4)] == [{"jobs": 121}, {"jobs": 120}] * 2
    assert writes.restore == {"jobs": 120}
    assert [request.name for request in writes_for(plan, project=project, only="WHILE a write").reads] == [
        request.name for request in writes.reads
    ]
    assert [request.name for request in writes_for(plan, project=project, only="page").reads] == [
        f"{WRITE_ROW}: page: one region (KZ-35)"
    ]
    assert writes_for(plan, project=project, only="no such request") is None
    assert writes_for(plan, project=None) is None  # no project to write (bench/prepare.py found none)

    timed = {"median": 2.0, "p99": 3.0, "n": 3, "statuses": [200]}
    results = {
        writes.reads[0].name: {
            "alone": timed,
            "writing": {**timed, "median": 3.0},
            "writes": {**timed, "n": 7, "statuses": [200, 409], "errors": 1, "outlasted": False},
            "reading": {**timed, "p99": 4.0},
            "reads": timed,
        }
    }
    args = SimpleNamespace(warmup=0, write_runs=3, workers=1)
    table = render_under_writes(writes, results, args).splitlines()
    assert table[-3:] == [
        f"| {WRITE_ROW} | alone | while writing | ratio | writes meanwhile | write | while reading | read |",
        "|---|---|---|---|---|---|---|---|",
        "| HTTP floor: /healthz (no database) | 2.0 / 3.0 | 3.0 / 3.0 | 1.5x | 7 (1 errors) (stopped before the reads) "
        "| 2.0 / 3.0 (200/409) | 2.0 / 4.0 | 2.0 / 3.0 |",
    ]


def test_the_writer_writes_until_the_block_ends_or_its_limit():
    sent, fifth = [], threading.Event()

    def send(number):
        sent.append(number)
        if number == 4:
            fifth.set()
        if number == 1:
            raise ConnectionResetError("dropped")
        return 200, 1.0

    with Writer(send, limit=100_000, seconds=60) as writer:
        assert sent  # the block starts once a write was answered
        assert fifth.wait(30)
    written = writer.result()
    assert not writer._thread.is_alive()  # stopped with the block
    assert sent == list(range(len(sent))) and len(sent) < 100_000
    assert written["n"] == len(sent) - 1 and written["errors"] == 1 and written["statuses"] == [200]
    assert written["outlasted"] is True

    sent.clear()
    with Writer(send, limit=3, seconds=60) as writer:
        writer._thread.join(30)  # it stops by itself
    assert sent == [0, 1, 2]
    assert writer.result()["outlasted"] is False


@pytest.mark.slow
def test_benchmark_runs_end_to_end_at_tiny_size(tmp_path, capsys):
    if connection.vendor != "sqlite":
        pytest.skip("runs in the SQLite pass only: it makes a SQLite database of its own whatever DATABASE_URL says")
    database = tmp_path / "tiny-bench.sqlite3"
    options = [
        *("--db", "sqlite", "--projects", "40", "--observations", "600", "--sqlite-path", str(database)),
        "--no-official-package",  # its import is tested elsewhere (tests/indicators/test_shipped_package.py)
        *("--runs", "1", "--write-runs", "3", "--warmup", "0", "--clients", "2", "--concurrent-requests", "2"),
        *("--seconds", "5"),
        *("--workers", "1", "--port", str(_free_port()), "--datasette-port", str(_free_port()), "--out", str(tmp_path)),
    ]
    assert main(options) == 0
    first = capsys.readouterr().out
    assert "database generated" in first

    with sqlite3.connect(database) as db:
        counts = [
            db.execute(sql).fetchone()[0]
            for sql in (
                "SELECT count(*) FROM investments_investmentproject WHERE slug LIKE 'synthetic-project-%'",
                "SELECT count(*) FROM investments_projectparticipant p JOIN investments_investmentproject j "
                "ON j.id = p.project_id WHERE j.slug LIKE 'synthetic-%'",
                "SELECT count(*) FROM investments_projectmilestone m JOIN investments_investmentproject j "
                "ON j.id = m.project_id WHERE j.slug LIKE 'synthetic-%'",
                "SELECT count(*) FROM indicators_observation WHERE code LIKE 'synthetic-%'",
                "SELECT count(*) FROM indicators_observation o JOIN indicators_indicator i ON i.id = o.indicator_id "
                "JOIN indicators_region r ON r.id = o.region_id WHERE i.code = 'synthetic-monthly-0001' "
                "AND r.code = 'KZ-35'",
                "SELECT count(DISTINCT data_version) FROM investments_historicalinvestmentproject "
                "WHERE slug LIKE 'synthetic-project-%' AND history_type = '+'",
            )
        ]
    assert counts == [40, 60, 40, 600, 504, 40]  # one creation in the change history per project

    table = (tmp_path / "results-sqlite.md").read_text()
    main_table, under_writes = table.split(f"| {WRITE_ROW} |")
    rows = [line.split(" | ") for line in main_table.splitlines() if line.startswith("| ") and "---" not in line][1:]
    names = [row[0].lstrip("| ") for row in rows]
    assert names == [
        "HTTP floor: /healthz (no database)",
        "projects: status + sector + ordering, 50 rows",
        "one project",
        "projects search=цемент (Cyrillic)",
        "projects summary/?group_by=sector",
        "projects facets/",
        "series of 504 points",
        "projects updated_after + ordering=-updated_at, 50 rows",
        "changes/: 100 from the middle of 40 history rows",
        "page: every region",
        "page: one region (KZ-35)",
        "series of 504 points as SVG",
        "compare as SVG, one region highlighted",
        "CSV export: projects status + sector",
        "repeated GET with If-None-Match (list above)",
    ]
    statuses = [row[1] for row in rows]
    assert statuses[:-1] == ["200"] * 14 and statuses[-1] in {"200", "304"}
    assert rows[0][2:6] == ["0", rows[0][3], "-", "-"]  # the floor: no query, so nothing raw to compare
    for row in rows[1:-1]:
        assert int(row[2]) > 0, row  # queries captured
        assert row[4] != "-" and row[5].endswith("x"), row  # raw SQL timed, ratio computed
        assert row[6] != "-" and "errors" not in row[6], row  # concurrent requests answered

    # Last, reads one at a time beside the same reads under one client's writes, which all went through.
    rows = [line.split(" | ") for line in under_writes.splitlines() if line.startswith("| ") and "---" not in line]
    assert [row[0].lstrip("| ") for row in rows] == [
        "HTTP floor: /healthz (no database)",
        "one project",
        "projects: status + sector + ordering, 50 rows",
        "page: one region (KZ-35)",
    ]
    for row in rows:
        assert "(" not in row[1] + row[2], row  # every read answered 200, alone and while writing
        assert row[4].split()[0] != "0" and "(" not in row[4], row  # writes made, none failed, none stopped early
        assert "(" not in row[5], row  # every write answered 200
        assert row[6] != "-" and "(" not in row[6] + row[7], row  # timed beside the control reads, all answered 200
    with sqlite3.connect(database) as db:
        written = db.execute(
            "SELECT DISTINCT slug FROM investments_historicalinvestmentproject WHERE history_type = '~'"
        ).fetchall()
        assert len(written) == 1  # one project written, and put back as it was made
        jobs = db.execute(
            "SELECT h.jobs, p.jobs FROM investments_historicalinvestmentproject h JOIN investments_investmentproject p "
            "ON p.slug = h.slug WHERE h.slug = ? AND h.history_type = '+'",
            written[0],
        ).fetchone()
        assert jobs[0] == jobs[1]
    sizes = {"projects": 40, "observations": 600, "official_package": False}
    again = _django("prepare", sizes, server_env(f"sqlite:///{database}"))
    assert again["reused"] is True
