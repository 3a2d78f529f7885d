"""The load benchmark (`make bench`): for SQLite and PostgreSQL in turn, make or reuse a database of synthetic
rows, capture each request's SQL and time it raw, then time the requests against gunicorn on 127.0.0.1 one at a
time and under concurrency, Datasette beside them on SQLite; print one table per database and write it to
bench/results-<db>.md. Servers are stopped at the end, also on failure.

    python -m bench run --db sqlite --projects 100000 --observations 200000
"""

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.catalogue import WRITE_ROW, Writes, requests_for, writes_for
from bench.data import Plan
from bench.load import Writer, concurrent, conditional_headers, fetch, patch, sequential
from bench.servers import running

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench"
WRITE_LIMIT = 20_000  # writes of one read's timing at most (a PATCH takes milliseconds: the time limit comes first)
DEFAULTS = {  # projects, observations
    "sqlite": (100_000, 200_000),  # SQLite: 200,000 observations generate in about a minute
    "postgres": (100_000, 1_000_000),
}


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "all"), default="all")
    parser.add_argument("--projects", type=int, help="Investment projects (default 100,000).")
    parser.add_argument(
        "--observations", type=int, help="Observations (default 200,000 on SQLite, 1,000,000 on PostgreSQL)."
    )
    parser.add_argument(
        "--no-official-package",
        dest="official_package",
        action="store_false",
        help="Leave out the shipped official statistics (loaded by default, as `make run` loads them).",
    )
    parser.add_argument("--sqlite-path", default=str(HERE / "bench.sqlite3"))
    parser.add_argument(
        "--pg-url", default=os.environ.get("BENCH_PG_URL") or "postgres://postgres@127.0.0.1:5432/regionapi_bench"
    )
    parser.add_argument("--runs", type=int, default=15, help="Sequential runs per request after the warm-up.")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument(
        "--write-runs",
        type=int,
        default=100,
        help="Runs per read in 'reads while a write runs', alone and while writing (enough for a p99 of its own).",
    )
    parser.add_argument("--clients", type=int, default=16, help="Concurrent client threads.")
    parser.add_argument("--concurrent-requests", type=int, default=64, help="Requests shared by the clients.")
    parser.add_argument("--seconds", type=float, default=30, help="No new request of a kind after this many seconds.")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes.")
    parser.add_argument("--port", type=int, default=8120)
    parser.add_argument("--datasette-port", type=int, default=8130)
    parser.add_argument("--datasette", default=str(ROOT / ".venv-bench" / "bin" / "datasette"))
    parser.add_argument("--only", default="", help="Time only the requests whose name contains this (e.g. page).")
    parser.add_argument("--out", default=str(HERE), help="Folder of results-<db>.md and the server logs.")
    return parser.parse_args(argv)


def server_env(database_url: str) -> dict:
    """Production settings (DEBUG off, no .env) on the benchmark database, throttling out of the way."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL", "API_THROTTLE_"))
    }
    if database_url.startswith(("postgres://", "postgresql://")) and "conn_max_age" not in database_url:
        # Persistent connections, as the production setup of docs/operating.md has them (`?conn_max_age=600`): without, every
        # request connects to PostgreSQL anew (about 4 ms here), which no server in service does.
        database_url += ("&" if "?" in database_url else "?") + "conn_max_age=600"
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_ENV_FILE="",
        DJANGO_SECRET_KEY="benchmark-only-secret-key-never-used-for-real-data",
        DJANGO_LOG_LEVEL="WARNING",
        API_THROTTLE_ANON="100000000/hour",
        API_THROTTLE_USER="100000000/hour",
        PYTHONPATH=str(ROOT),
    )
    if os.environ.get("BENCH_CACHE_URL"):  # e.g. redis://127.0.0.1:6379/1 to measure a shared cache
        env["CACHE_URL"] = os.environ["BENCH_CACHE_URL"]
    return env


def postgres_reachable(url: str) -> bool:
    import psycopg

    parts = urlsplit(url)
    try:
        with psycopg.connect(
            dbname="postgres",
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username or None,
            password=parts.password or None,
            connect_timeout=3,
        ):
            return True
    except psycopg.OperationalError:
        return False


def _django(command: str, payload: dict, env: dict) -> dict:
    """Run `python -m bench <command>` (Django set up on env's database), echoing its progress; its last line of
    output is its JSON answer."""
    with subprocess.Popen(
        [sys.executable, "-m", "bench", command, json.dumps(payload)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        last = ""
        for line in process.stdout:
            if last:
                print(last, flush=True)
            last = line.rstrip("\n")
    if process.returncode:
        raise RuntimeError(f"python -m bench {command} failed ({process.returncode}): {last}")
    return json.loads(last)


def run_database(kind: str, url: str, plan: Plan, args) -> str:
    env = server_env(url)
    out = Path(args.out)
    print(f"== {kind}: {plan.stamp}", flush=True)
    sizes = {"projects": plan.projects, "observations": plan.observations, "official_package": plan.official_package}
    prepared = _django("prepare", sizes, env)
    print(f"   database {'reused' if prepared['reused'] else 'generated'} in {prepared['seconds']:.1f} s", flush=True)
    sector_id = prepared["sector_id"] if kind == "sqlite" else None
    changes_since = prepared.get("changes_since")
    requests = requests_for(
        plan,
        sector_id=sector_id,
        datasette_db=Path(args.sqlite_path).stem,
        changes_since=changes_since,
        only=args.only,
    )
    writes = writes_for(plan, project=prepared.get("write_project"), only=args.only)
    measure_start = time.perf_counter()
    captured = _django(
        "capture",
        {
            **sizes,
            "sector_id": sector_id,
            "changes_since": changes_since,
            "only": args.only,
            "runs": args.runs,
            "seconds": args.seconds,
        },
        env,
    )
    rows = {entry["name"]: {"capture": entry} for entry in captured["results"]}
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--timeout",
        "300",
    ]
    with running(gunicorn, env=env, port=args.port, ready_path="/api/v1/", log=out / f"server-{kind}.log", cwd=ROOT):
        for request in requests:
            headers = conditional_headers(args.port, request.path) if request.conditional else None
            print(f"   {request.name} ...", flush=True)
            rows[request.name]["sequential"] = sequential(
                args.port, request.path, headers=headers, warmup=args.warmup, runs=args.runs, seconds=args.seconds
            )
            rows[request.name]["concurrent"] = concurrent(
                args.port,
                request.path,
                headers=headers,
                clients=args.clients,
                total=args.concurrent_requests,
                seconds=args.seconds,
            )
        # Last, so that no other row is measured on data being written (and on a project no other row shows).
        under_writes = _under_writes(writes, prepared["write_token"], args) if writes else {}
    datasette_note = ""
    if kind == "sqlite":
        datasette_note = _datasette(requests, rows, args, Path(url.removeprefix("sqlite:///")), out)
    measured = time.perf_counter() - measure_start
    table = render(kind, plan, prepared, measured, requests, rows, args, datasette_note)
    if writes:
        table += render_under_writes(writes, under_writes, args)
    (out / f"results-{kind}.md").write_text(table)
    return table


def _under_writes(writes: Writes, token: str, args) -> dict:
    """Each read of `writes` one at a time: alone, while one client writes back to back, and while one client reads
    `writes.control` back to back instead; the written value put back at the end."""

    def timed(request):
        return sequential(args.port, request.path, warmup=args.warmup, runs=args.write_runs, seconds=args.seconds)

    def beside(send):  # the reads stop starting after `seconds`, and take a few each
        return Writer(send, limit=WRITE_LIMIT, seconds=2 * args.seconds + 60)

    def read(_number):
        status, _headers, ms = fetch(args.port, writes.control)
        return status, ms

    results = {}
    try:
        for request in writes.reads:
            print(f"   {request.name} ...", flush=True)
            alone = timed(request)
            with beside(lambda number: patch(args.port, writes.path, writes.body(number), token=token)) as writer:
                writing = timed(request)
            with beside(read) as reader:
                reading = timed(request)
            results[request.name] = {
                "alone": alone,
                "writing": writing,
                "writes": writer.result(),
                "reading": reading,
                "reads": reader.result(),
            }
    finally:
        with contextlib.suppress(OSError):  # a server that stopped answering has its own error above
            patch(args.port, writes.path, writes.restore, token=token)
    return results


def _datasette(requests, rows, args, path: Path, out: Path) -> str:
    binary = Path(args.datasette)
    equivalent = next((request.datasette for request in requests if request.datasette), None)
    if equivalent is None:
        return ""  # no request timed has a Datasette equivalent (--only)
    if not binary.exists():
        return f"Datasette: not installed at {binary} (make bench installs it in .venv-bench)."
    command = [
        str(binary),
        "serve",
        "--immutable",
        str(path),
        "--host",
        "127.0.0.1",
        "--port",
        str(args.datasette_port),
        "--setting",
        "sql_time_limit_ms",
        "60000",
        "--setting",
        "suggest_facets",
        "off",
        "--setting",
        "default_facet_size",
        "0",
    ]
    env = {key: value for key, value in os.environ.items() if not key.startswith("DATASETTE_")}
    with running(
        command, env=env, port=args.datasette_port, ready_path="/-/versions.json", log=out / "datasette.log", cwd=ROOT
    ):
        for request in requests:
            if request.datasette:
                print(f"   Datasette: {request.name} ...", flush=True)
                rows[request.name]["datasette"] = sequential(
                    args.datasette_port, request.datasette, warmup=args.warmup, runs=args.runs, seconds=args.seconds
                )
                rows[request.name]["datasette_concurrent"] = concurrent(
                    args.datasette_port,
                    request.datasette,
                    clients=args.clients,
                    total=args.concurrent_requests,
                    seconds=args.seconds,
                )
    return f"Datasette {_datasette_version(binary)} (`serve --immutable`) on the same SQLite file: {equivalent}"


def _datasette_version(binary: Path) -> str:
    found = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=False)
    return found.stdout.strip().rsplit(" ", 1)[-1] or "?"


def _ms(value) -> str:
    if value is None:
        return "-"
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def _pair(result) -> str:
    """median / p99, and the statuses answered when any was not 200."""
    if not result or not result["n"]:
        return "-"
    statuses = result.get("statuses", [200])
    shown = "" if statuses == [200] else f" ({'/'.join(str(status) for status in statuses)})"
    return f"{_ms(result['median'])} / {_ms(result['p99'])}{shown}"


def render_under_writes(writes: Writes, results: dict, args) -> str:
    lines = [
        "",
        f"Reads while a write runs: one client PATCHes one project ({writes.path}, its `jobs` and back) with a staff "
        f"token, back to back, while each read is sent one at a time ({args.warmup} warm-up, then up to "
        f"{args.write_runs} runs); alone: the same read just before, with no writer. A read that queued behind the "
        "writer's transaction would take up to a write's time more. While reading: one client sends GETs of "
        f"{writes.control} back to back instead, about a write's cost with no write: what sharing the server's "
        f"{args.workers} workers and {os.cpu_count()} CPUs with a busy client costs (so does the HTTP floor, with no "
        "database). Ratio: while writing / alone. Times in ms, median / p99.",
        "",
        f"| {WRITE_ROW} | alone | while writing | ratio | writes meanwhile | write | while reading | read |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for request in writes.reads:
        result = results.get(request.name)
        if result is None:
            continue
        alone, writing, written = result["alone"], result["writing"], result["writes"]
        ratio = f"{writing['median'] / alone['median']:.1f}x" if alone["median"] and writing["median"] else "-"
        count = f"{written['n']:,}"
        if written["errors"]:
            count += f" ({written['errors']} errors)"
        if not written["outlasted"]:
            count += " (stopped before the reads)"
        lines.append(
            f"| {request.name.removeprefix(WRITE_ROW + ': ')} | {_pair(alone)} | {_pair(writing)} | {ratio} | "
            f"{count} | {_pair(written)} | {_pair(result['reading'])} | {_pair(result['reads'])} |"
        )
    return "\n".join(lines) + "\n"


def render(kind, plan, prepared, measured, requests, rows, args, datasette_note) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    lines = [
        f"## regionapi load benchmark: {'SQLite' if kind == 'sqlite' else 'PostgreSQL'}",
        "",
        f"{plan.projects:,} projects ({plan.participants:,} participants, {plan.milestones:,} milestones), "
        f"{plan.observations:,} observations; database {'reused' if prepared['reused'] else 'generated'} in "
        f"{prepared['seconds']:.0f} s, measured in {measured:.0f} s. Commit {commit.stdout.strip() or '?'}, "
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"gunicorn {args.workers} workers, DEBUG off.",
        "",
        f"Times in ms, median / p99. One at a time: {args.warmup} warm-up, then up to {args.runs} runs. "
        f"Concurrent: {args.clients} clients sharing up to {args.concurrent_requests} requests. Raw SQL: the "
        "request's own statements executed on the driver's connection, rows dumped with json.dumps; ratio = "
        "regionapi median / raw median.",
        "",
        "| request | status | queries | regionapi | raw SQL | ratio | concurrent | req/s | Datasette | Datasette concurrent |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    if not requests:  # --only kept none of these rows
        del lines[-5:]
    for request in requests:
        row = rows[request.name]
        sequential_, concurrent_, captured = row.get("sequential"), row.get("concurrent"), row["capture"]
        raw = captured["raw"]
        ratio = (
            f"{sequential_['median'] / raw['median']:.1f}x"
            if raw and raw["median"] and sequential_ and sequential_["median"]
            else "-"
        )
        statuses = "/".join(str(status) for status in sequential_["statuses"]) if sequential_ else "-"
        sequential_ = sequential_ and {**sequential_, "statuses": [200]}  # its status has a column of its own
        errors = f" ({concurrent_['errors']} errors)" if concurrent_ and concurrent_["errors"] else ""
        throughput = f"{concurrent_['throughput']:.1f}" if concurrent_ and concurrent_["throughput"] else "-"
        lines.append(
            f"| {request.name} | {statuses} | {captured['queries']} | {_pair(sequential_)} | "
            f"{_pair(raw) if raw else '-'} | {ratio} | {_pair(concurrent_)}{errors} | {throughput} | "
            f"{_pair(row.get('datasette'))} | {_pair(row.get('datasette_concurrent'))} |"
        )
    if datasette_note:
        lines += ["", datasette_note]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    args = arguments(argv)
    kinds = ["sqlite", "postgres"] if args.db == "all" else [args.db]
    tables = []
    for kind in kinds:
        projects, observations = DEFAULTS[kind]
        plan = Plan(
            projects=args.projects or projects,
            observations=args.observations or observations,
            official_package=args.official_package,
        )
        if kind == "postgres":
            if not postgres_reachable(args.pg_url):
                message = f"PostgreSQL at {urlsplit(args.pg_url).netloc} is not reachable: skipped."
                if args.db == "postgres":
                    print(message, file=sys.stderr)
                    return 1
                print(message, flush=True)
                continue
            url = args.pg_url
        else:
            url = f"sqlite:///{Path(args.sqlite_path).resolve()}"
        started = time.perf_counter()
        tables.append(run_database(kind, url, plan, args))
        print(f"   {kind} done in {time.perf_counter() - started:.0f} s", flush=True)
    print()
    print("\n".join(tables))
    return 0
