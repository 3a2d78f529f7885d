"""manage.py load_seed_data: load the seed fixtures of every app; safe to run again."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.core.exceptions import ValidationError

from indicators.services import fixtures_load

# Load order follows app dependencies: indicators first, then the apps that build on it.
SEED_FIXTURES = ("indicators.yaml", "investments.yaml", "education.yaml")


class Command(BaseCommand):
    help = "Load the seed data (fixtures/*.yaml). Idempotent: a second run changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, then roll back.")

    def handle(self, *args, dry_run=False, **options):
        folder = Path(settings.FIXTURE_DIRS[0])
        try:
            report = fixtures_load(paths=[folder / name for name in SEED_FIXTURES], dry_run=dry_run)
        except (DeserializationError, ValidationError) as exc:
            raise CommandError(f"Seed data not loaded, nothing changed: {exc}") from exc
        totals = {"created": 0, "updated": 0, "unchanged": 0}
        for (label, outcome), count in sorted(report.items()):
            totals[outcome] += count
            if options["verbosity"] >= 2:
                self.stdout.write(f"{label}: {count} {outcome}")
        prefix = "Dry run, rolled back: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{totals['created']} created, {totals['updated']} updated, {totals['unchanged']} unchanged."
            )
        )
