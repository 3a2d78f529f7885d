"""SQL at volume: load synthetic rows into a throwaway database, then show the plans and times of typical lists.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/regionapi_bench   # or sqlite:////tmp/bench.sqlite3
    python bench/sql_scale.py load --projects 100000 --observations 200000   # migrate, seed, synthetic rows
    python bench/sql_scale.py explain                                        # EXPLAIN (ANALYZE) of each query
    python bench/sql_scale.py time --runs 10 [--persistent]                  # median ms per request, and its SQL

The rows are made through the project's models (bulk_create, with the seed's regions, sectors, sources and
indicators), so the tables, constraints and indexes are the migrated ones. Comparing index sets: load once, then
`manage.py migrate <app> <earlier migration>` and back, timing each. DATABASE_URL must be given and must name a
database whose name contains "bench": the script refuses any other, so synthetic rows never reach a real database.
Requests go through the whole stack in-process (Django's test client); the times are for comparing, on one
machine, never for tests.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_ENV_FILE", "")

URL = os.environ.get("DATABASE_URL", "")
if "bench" not in URL.rsplit("/", 1)[-1]:
    sys.exit("Set DATABASE_URL to a throwaway database whose name contains 'bench' (see the docstring).")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from indicators import models as indicators  # noqa: E402
from investments import models as investments  # noqa: E402

BATCH = 5000


def requests() -> dict[str, str]:
    """The requests to explain and time, named; keys of records are read from the loaded data."""
    project = investments.InvestmentProject.objects.filter(slug__startswith="bench-").order_by("pk").first()
    series = indicators.Observation.objects.filter(code__startswith="bench-").order_by("pk").first()
    indicator, region = series.indicator.code, series.region.code
    return {
        "projects status+sector, ordering, 50": (
            "/api/v1/investments/projects/?status=operating&sector=C&ordering=-planned_investment_kzt"
        ),
        "projects status+sector division, ordering, 50": (
            "/api/v1/investments/projects/?status=operating&sector_exact=24&ordering=target_year"
        ),
        "projects default order, 50": "/api/v1/investments/projects/",
        "projects by participant, 50": "/api/v1/investments/projects/?enterprise=bench-enterprise-7",
        "one project": f"/api/v1/investments/projects/{project.slug}/",
        "observations indicator+region by period": (
            f"/api/v1/indicators/observations/?indicator={indicator}&region={region}&ordering=period_start"
        ),
    }


def load(projects: int, observations: int, seed: int) -> None:
    call_command("migrate", verbosity=0)
    call_command("load_seed_data", verbosity=0)
    if investments.InvestmentProject.objects.filter(slug__startswith="bench-").exists():
        sys.exit("Synthetic rows are already loaded here.")
    rng = random.Random(seed)
    source = indicators.Source.objects.order_by("pk").first()
    regions = list(indicators.Region.objects.all())
    sectors = list(indicators.Sector.objects.all())
    statuses = investments.ProjectStatus.values
    with transaction.atomic():
        enterprises = indicators.Enterprise.objects.bulk_create(
            indicators.Enterprise(
                slug=f"bench-enterprise-{n}",
                name=f"Bench enterprise {n}",
                name_kk=f"Синтетикалық кәсіпорын {n}",
                name_ru=f"Синтетическое предприятие {n}",
                name_en=f"Bench enterprise {n}",
                search_text=f"bench enterprise {n}",
                source=source,
            )
            for n in range(2000)
        )
        made = []
        for n in range(projects):
            status = statuses[n % len(statuses)]
            made.append(
                investments.InvestmentProject(
                    slug=f"bench-project-{n}",
                    name=f"Жоба {n:06d}",
                    name_kk=f"Жоба {n:06d}",
                    name_ru=f"Проект {n:06d}",
                    name_en=f"Project {n:06d}",
                    description=f"Синтетикалық жоба {n}",
                    search_text=f"zhoba proekt project {n}",
                    status=status,
                    region=rng.choice(regions),
                    sector=rng.choice(sectors),
                    planned_investment_kzt=Decimal(rng.randrange(10**6, 10**12)),
                    invested_kzt=Decimal(rng.randrange(10**6, 10**11)) if rng.random() < 0.5 else None,
                    start_year=rng.randrange(2000, 2025),
                    target_year=rng.randrange(2025, 2035),
                    jobs=rng.randrange(5, 5000),
                    source=source,
                )
            )
            if len(made) == BATCH or n == projects - 1:
                saved = investments.InvestmentProject.objects.bulk_create(made)
                participants, milestones = [], []
                for project in saved:
                    for enterprise in rng.sample(enterprises, 1 if rng.random() < 0.5 else 2):
                        participants.append(
                            investments.ProjectParticipant(project=project, enterprise=enterprise, role="investor")
                        )
                    milestones.append(
                        investments.ProjectMilestone(
                            project=project,
                            key="start",
                            name=f"Басталуы {project.slug}",
                            name_kk=f"Басталуы {project.slug}",
                            date=datetime.date(project.start_year, 1, 1),
                            date_precision="year",
                            status="achieved",
                            source=source,
                        )
                    )
                investments.ProjectParticipant.objects.bulk_create(participants)
                investments.ProjectMilestone.objects.bulk_create(milestones)
                made = []
        print(f"{projects} projects", flush=True)
        indicator_list = list(indicators.Indicator.objects.all())
        per_series = -(-observations // (len(indicator_list) * len(regions)))
        made, n = [], 0
        for indicator in indicator_list:
            for region in regions:
                for month in range(per_series):
                    if n == observations:
                        break
                    start = datetime.date(1990 + month // 12, month % 12 + 1, 1)
                    made.append(
                        indicators.Observation(
                            code=f"bench-{n}",
                            indicator=indicator,
                            region=region,
                            period_start=start,
                            period_end=start + datetime.timedelta(days=27),
                            frequency="other",  # 28 days from the 1st: not a whole month
                            value=Decimal(rng.randrange(0, 10**7)) / 100,
                            source=source,
                        )
                    )
                    n += 1
                    if len(made) == BATCH:
                        indicators.Observation.objects.bulk_create(made)
                        made = []
        indicators.Observation.objects.bulk_create(made)
        print(f"{n} observations", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def explain() -> None:
    client = Client()
    prefix = "EXPLAIN (ANALYZE, BUFFERS OFF) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    for label, path in requests().items():
        client.get(path, HTTP_ACCEPT="application/json")  # warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_ACCEPT="application/json")
        print(f"\n=== {label}: {path} ({response.status_code}, {len(queries)} queries)")
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or " LIMIT 21" in sql:  # the key filters' lookups of one record
                continue
            print(f"--- {query['time']} s: {sql[:160]}{'...' if len(sql) > 160 else ''}")
            with connection.cursor() as cursor:
                cursor.execute(prefix + sql)
                for row in cursor.fetchall():
                    print("   ", " | ".join(str(part) for part in row))


def timing(runs: int, persistent: bool) -> None:
    """Median of the whole request and of its SQL alone (the sum of its queries' times, as Django measures them)."""
    if persistent:  # keep one connection across requests, as CONN_MAX_AGE > 0 would
        connection.settings_dict["CONN_MAX_AGE"] = None
    client = Client()
    print(f"{'request':48} {'median ms':>10} {'SQL ms':>8} {'queries':>8} {'count':>8}")
    for label, path in requests().items():
        client.get(path, HTTP_ACCEPT="application/json")  # warm
        times, sql = [], []
        for _run in range(runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(path, HTTP_ACCEPT="application/json")
                times.append((time.perf_counter() - start) * 1000)
            sql.append(sum(float(query["time"]) for query in queries.captured_queries) * 1000)
        count = response.json().get("count", "") if response.status_code == 200 else response.status_code
        print(
            f"{label:48} {statistics.median(times):>10.1f} {statistics.median(sql):>8.1f} {len(queries):>8} {count!s:>8}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    loading = commands.add_parser("load", help="migrate, load the seed, add synthetic projects and observations")
    loading.add_argument("--projects", type=int, default=100_000)
    loading.add_argument("--observations", type=int, default=200_000)
    loading.add_argument("--seed", type=int, default=13)
    commands.add_parser("explain", help="EXPLAIN (ANALYZE) on PostgreSQL, EXPLAIN QUERY PLAN on SQLite")
    timed = commands.add_parser("time", help="median time of each request, in-process")
    timed.add_argument("--runs", type=int, default=10)
    timed.add_argument("--persistent", action="store_true", help="one database connection for every request")
    options = parser.parse_args()
    if options.command == "load":
        load(options.projects, options.observations, options.seed)
    elif options.command == "explain":
        explain()
    else:
        timing(options.runs, options.persistent)


if __name__ == "__main__":
    main()
