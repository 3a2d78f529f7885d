"""The load benchmark's harness (bench/, `make bench`) runs end to end at a tiny size: synthetic data through the
models, SQL captured and executed raw, gunicorn (and Datasette where installed) on 127.0.0.1, one table written,
and the database is reused when asked for again with the same sizes. Nothing here asserts a time: time is for `make bench`."""

import socket
import sqlite3

import pytest
from django.db import connection

from bench.catalogue import requests_for
from bench.data import Plan
from bench.load import summary
from bench.run import _django, main, server_env


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


@pytest.mark.slow
def test_benchmark_runs_end_to_end_at_tiny_size(tmp_path, capsys):
    if connection.vendor != "sqlite":
        pytest.skip("runs in the SQLite pass only: it makes a SQLite database of its own whatever DATABASE_URL says")
    database = tmp_path / "tiny-bench.sqlite3"
    options = [
        *("--db", "sqlite", "--projects", "40", "--observations", "600", "--sqlite-path", str(database)),
        "--no-official-package",  # its import is tested elsewhere (tests/test_shipped_package.py)
        *("--runs", "1", "--warmup", "0", "--clients", "2", "--concurrent-requests", "2", "--seconds", "5"),
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
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
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

    sizes = {"projects": 40, "observations": 600, "official_package": False}
    again = _django("prepare", sizes, server_env(f"sqlite:///{database}"))
    assert again["reused"] is True
