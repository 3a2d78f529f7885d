"""Imports at scale (issue 14, part 5): a generated file of observations imported with `manage.py import_data`,
timed and its peak memory read by `/usr/bin/time -v`, on a throwaway database made for the run.

    .venv/bin/python -m bench.import_scale run --db sqlite --rows 50000
    .venv/bin/python -m bench.import_scale run --db postgres --rows 50000   # database regionapi_importbench
    .venv/bin/python -m bench.import_scale generate --rows 50000 --out /tmp/observations.csv   # the file only

The rows use the real indicator and region keys of the database (the seed), a synthetic value, and monthly periods
from 1990 on, before any real figure, so that every row is a new record; the code is left blank, as a statistician's
file would, so the importer derives it. `run` imports the file twice: the second import finds every record and
changes nothing. The file and the database are made in a temporary folder (PostgreSQL: a database whose name
contains "bench") and removed at the end unless --keep; nothing is loaded into shipped data.
"""

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = (
    "source",
    "quote",
    "inferred",
    "code",
    "indicator",
    "region",
    "enterprise",
    "product",
    "size_class",
    "period_start",
    "period_end",
    "value",
    "qualifier",
    "status",
    "comparison_base",
    "note_kk",
    "note_ru",
    "note_en",
)
FIRST_YEAR = 1990


def observation_rows(count: int, *, indicators: list[str], regions: list[str], source: str, bad_last_row=False):
    """`count` rows for distinct (indicator, region, month) triples, series by series; with `bad_last_row` the last
    row's period ends before it starts, which the model refuses."""
    series = [(indicator, region) for indicator in indicators for region in regions]
    months = -(-count // len(series))
    for number in range(count):
        indicator, region = series[number // months]
        year, month = divmod(number % months, 12)
        start = date(FIRST_YEAR + year, month + 1, 1)
        end = date(start.year + start.month // 12, start.month % 12 + 1, 1) - timedelta(days=1)
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            source=source,
            indicator=indicator,
            region=region,
            period_start=start.isoformat(),
            period_end=end.isoformat(),
            value=f"{(number * 7919) % 1_000_000 / 100:.2f}",
            qualifier="exact",
            status="actual",
            note_en="Synthetic benchmark figure.",
        )
        if bad_last_row and number == count - 1:
            row["period_end"] = date(start.year - 1, 1, 1).isoformat()
        yield row


def write_rows(path: Path, rows) -> None:
    """Write rows as CSV, JSON (a list of objects) or XLSX, by the file's suffix, a row at a time."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
    elif suffix == ".json":
        with path.open("w", encoding="utf-8") as stream:
            stream.write("[")
            for index, row in enumerate(rows):
                stream.write(("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False))
            stream.write("\n]\n")
    elif suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append([row[column] for column in COLUMNS])
        workbook.save(path)
    else:
        raise SystemExit(f"{path}: the file must end in .csv, .json or .xlsx")


def database_keys() -> dict:
    """The indicator and region codes and a source of the database DATABASE_URL names (Django set up here)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from indicators.models import Indicator, Region, Source

    return {
        "indicators": list(Indicator.objects.order_by("code").values_list("code", flat=True)),
        "regions": list(Region.objects.order_by("code").values_list("code", flat=True)),
        "source": Source.objects.order_by("slug").values_list("slug", flat=True).first(),
    }


def generate(args) -> None:
    write_rows(Path(args.out), observation_rows(args.rows, **database_keys(), bad_last_row=args.bad_last_row))
    print(f"{args.rows:,} rows written to {args.out}")


def _env(database_url: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    # Production settings: DEBUG off (as in a deployment), no .env, a key of its own.
    env.update(
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_ENV_FILE="",
        DJANGO_SECRET_KEY="import-benchmark-only-secret-key-never-used-for-real-data",
        PYTHONPATH=str(ROOT),
    )
    return env


def _recreate_postgres(url: str, *, create: bool = True) -> None:
    from urllib.parse import urlsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to replace {name!r}: the benchmark's database name must contain 'bench'")
    with psycopg.connect(
        dbname="postgres", host=parts.hostname, port=parts.port or 5432, user=parts.username, autocommit=True
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            admin.execute(f'CREATE DATABASE "{name}"')


def _timed(command: list[str], env: dict) -> dict:
    """Run `command` under /usr/bin/time -v; its wall-clock seconds, peak resident memory (MB) and output."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    clock = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):(\d+(?:\.\d+)?)", result.stderr)
    hours, minutes, seconds = (float(part or 0) for part in clock.groups())
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    cpu = sum(
        float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", result.stderr).group(1)) for kind in ("User", "System")
    )
    return {
        "seconds": hours * 3600 + minutes * 60 + seconds,
        "cpu": cpu,
        "peak_mb": peak_kb / 1024,
        "out": result.stdout.strip(),
    }


def run(args) -> None:
    folder = Path(tempfile.mkdtemp(prefix="import-bench-"))
    if args.db == "sqlite":
        url = f"sqlite:///{folder / 'importbench.sqlite3'}"
    else:
        url = args.pg_url
        _recreate_postgres(url)
    env = _env(url)
    python = sys.executable
    for step in (["migrate", "-v0"], ["load_seed_data", "-v0"]):
        subprocess.run([python, "manage.py", *step], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    path = folder / f"observations{args.suffix}"
    subprocess.run(
        [python, "-m", "bench.import_scale", "generate", "--rows", str(args.rows), "--out", str(path)],
        env=env,
        cwd=ROOT,
        check=True,
    )
    print(f"{args.db}: {args.rows:,} rows, {path.stat().st_size / 2**20:.1f} MB of {args.suffix[1:].upper()}")
    command = [python, "manage.py", "import_data", str(path), "--batch-size", str(args.batch_size), "-v2"]
    try:
        for label in ("first import (all new)", "second import (all unchanged)"):
            timed = _timed(command, env)
            print(
                f"  {label}: {timed['seconds']:.1f} s for the whole command (start-up included), "
                f"{args.rows / timed['seconds']:,.0f} rows/s, peak {timed['peak_mb']:.0f} MB; the command's CPU time "
                f"{timed['cpu']:.1f} s (the database server's not counted); load average {os.getloadavg()[0]:.1f}"
            )
            print("    " + timed["out"].replace("\n", "\n    "))
    finally:
        if args.keep:
            print(f"  (database and file kept in {folder}{'' if args.db == 'sqlite' else ' and ' + url})")
        else:
            shutil.rmtree(folder)
            if args.db == "postgres":
                _recreate_postgres(url, create=False)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.import_scale", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("generate", help="Write the file only (keys from the database DATABASE_URL names).")
    make.add_argument("--rows", type=int, default=50_000)
    make.add_argument("--out", required=True, help="The file: .csv, .json or .xlsx.")
    make.add_argument("--bad-last-row", action="store_true", help="The last row's period ends before it starts.")
    measure = commands.add_parser("run", help="Make a throwaway database, generate the file, import it twice.")
    measure.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    measure.add_argument("--rows", type=int, default=50_000)
    measure.add_argument("--suffix", choices=(".csv", ".json", ".xlsx"), default=".csv")
    measure.add_argument("--batch-size", type=int, default=500)
    measure.add_argument("--keep", action="store_true", help="Keep the database and the file (default: removed).")
    measure.add_argument(
        "--pg-url",
        default=os.environ.get("IMPORT_BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/regionapi_importbench"),
    )
    args = parser.parse_args(argv)
    {"generate": generate, "run": run}[args.command](args)


if __name__ == "__main__":
    main()
