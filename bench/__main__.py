"""`python -m bench run [options]` runs the load benchmark (bench/run.py); `prepare` and `capture` are its steps
that need Django, run by it in a process of their own on the benchmark database (DATABASE_URL). `python -m bench quick
[--runs N] [--path PATH]` times typical requests in-process on the database DATABASE_URL names (bench/quick.py)."""

import json
import os
import sys


def _django_step(step: str, payload: dict) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import warnings

    import django

    warnings.filterwarnings("ignore", "No directory at")  # whitenoise's: no collectstatic for a benchmark

    django.setup()
    from bench.data import Plan

    plan = Plan(
        projects=payload["projects"],
        observations=payload["observations"],
        official_package=payload["official_package"],
    )
    if step == "prepare":
        from bench.prepare import prepare

        return prepare(plan, log=lambda line: print(line, flush=True))
    from bench.capture import capture
    from bench.catalogue import requests_for

    # The same requests as bench/run.py's, by name.
    requests = requests_for(
        plan, sector_id=payload["sector_id"], changes_since=payload.get("changes_since"), only=payload.get("only", "")
    )
    return {"results": capture(requests, runs=payload["runs"], seconds=payload["seconds"])}


def main(argv: list[str]) -> int:
    if argv[:1] in (["prepare"], ["capture"]):
        print(json.dumps(_django_step(argv[0], json.loads(argv[1]))))
        return 0
    if argv[:1] == ["quick"]:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        from bench.quick import main as quick

        return quick(argv[1:])
    if argv[:1] == ["run"]:
        from bench.run import main as run

        return run(argv[1:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
