"""Make (or reuse) a benchmark database: migrate, seed, synthetic rows, ANALYZE (VACUUM ANALYZE on PostgreSQL). Runs with Django set up on the
benchmark database that DATABASE_URL names (bench/run.py sets it)."""

import time
from pathlib import Path

from bench.data import SEARCH_WORD, Plan, current_stamp, generate

OFFICIAL_PACKAGE = Path(__file__).resolve().parent.parent / "fixtures" / "packages" / "kz-regional-statistics"


def _recreate(settings_dict: dict) -> None:
    """An empty benchmark database in place of the old one (never anything but a benchmark database)."""
    from django.db import connections

    connections.close_all()
    name = str(settings_dict["NAME"])
    if "bench" not in Path(name).name:
        raise SystemExit(f"refusing to replace {name!r}: a benchmark database's name contains 'bench'")
    if settings_dict["ENGINE"].endswith("sqlite3"):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(name + suffix).unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(
        dbname="postgres",
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def prepare(plan: Plan, *, log=print) -> dict:
    """Reuse the database if it holds `plan`'s stamp (after applying any new migration), else make it anew."""
    from django.core.management import call_command
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if "bench" not in Path(name).name:
        raise SystemExit(f"refusing to use {name!r}: a benchmark database's name contains 'bench'")
    start = time.perf_counter()
    stamp = current_stamp()
    reused = stamp == plan.stamp
    if not reused:
        log(f"generating {plan.stamp} in {name} (was: {stamp or 'none'})")
        _recreate(connection.settings_dict)
        call_command("migrate", verbosity=0, interactive=False)
        call_command("load_seed_data", verbosity=0)
        if plan.official_package:
            call_command("import_datapackage", str(OFFICIAL_PACKAGE), verbosity=0)
        generate(plan, log=log)
    else:
        log(f"reusing {name}: {plan.stamp}")
        call_command("migrate", verbosity=0, interactive=False)  # indexes and columns of the code being measured
    # Planner statistics, as a database in service has them; on PostgreSQL the visibility map too, which autovacuum
    # sets on a table that was only inserted into: without it a count (a region page's "4,944 projects") reads every
    # row's page from the heap instead of the index alone, 4 ms instead of 0.5 at 100,000 projects.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    from indicators.models import Sector
    from investments.models import InvestmentProject
    from regionapi.core.feed.cursor import after_version

    middle = (
        InvestmentProject.history.filter(slug=plan.middle_project, history_type="+")
        .values_list("data_version", flat=True)
        .first()
    )
    return {
        "reused": reused,
        "seconds": time.perf_counter() - start,
        "sector_id": Sector.objects.get(code="24").pk,
        # The change feed's cursor after the middle project's creation: a page from the middle of the history.
        "changes_since": after_version(middle).cursor if middle is not None else None,
        **_writer(plan),
    }


def _writer(plan: Plan) -> dict:
    """What the writes of "reads while a write runs" need (bench/catalogue.py, writes_for): a staff user's token, made
    once per database, and a project none of the other requests shows (not planned, so not in the list or the CSV;
    not the search word's; not the middle one) with its `jobs`, which the writes move and put back."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q
    from rest_framework.authtoken.models import Token

    from investments.models import InvestmentProject

    user, _created = get_user_model().objects.get_or_create(
        username="bench-writer", defaults={"is_staff": True, "is_superuser": True}
    )
    if _created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    token, _created = Token.objects.get_or_create(user=user)
    searched = Q(name_kk__icontains=SEARCH_WORD) | Q(name_ru__icontains=SEARCH_WORD) | Q(name_en__icontains=SEARCH_WORD)
    project = (
        InvestmentProject.objects.filter(slug__startswith="synthetic-project-", jobs__isnull=False)
        .exclude(status=InvestmentProject.Status.PLANNED)
        .exclude(searched)
        .exclude(slug=plan.middle_project)
        .order_by("slug")
        .values("slug", "jobs")
        .first()
    )
    return {"write_token": token.key, "write_project": project}
