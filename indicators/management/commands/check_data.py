"""manage.py check_data: the consistency checks every app declares (indicators/consistency.py), as the API's
/api/v1/indicators/checks/ reports them; exits 1 when a check fails (a flagged jump only warns)."""

from django.core.management.base import BaseCommand, CommandError

from indicators import consistency


class Command(BaseCommand):
    help = "Run the consistency checks of the data; exit 1 if one fails."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="append", dest="keys", help="Only this check (repeatable).")
        parser.add_argument("--all-cases", action="store_true", help="List every case, not only failing ones.")

    def handle(self, *args, keys=None, all_cases=False, **options):
        known = {entry["key"] for entry in consistency.declarations()}
        unknown = set(keys or ()) - known
        if unknown:
            raise CommandError(f"No such check: {', '.join(sorted(unknown))}. Known: {', '.join(sorted(known))}.")
        results = consistency.run_checks(set(keys) if keys else None)
        for result in results:
            style = {consistency.FAIL: self.style.ERROR, consistency.WARN: self.style.WARNING}.get(result.status, str)
            line = (
                f"{result.status.upper():15} {result.key}: {len(result.cases)} checked, {len(result.failures)} failed"
            )
            self.stdout.write(style(line))
            for case in result.cases if all_cases else result.failures:
                self.stdout.write(f"    {case.describe()}")
        failed = [result.key for result in results if result.status == consistency.FAIL]
        if failed:
            raise CommandError(f"{len(failed)} check(s) failed: {', '.join(failed)}", returncode=1)
