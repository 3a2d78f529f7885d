"""manage.py import_datapackage PATH: import the figures of a Frictionless data package (see indicators.datapackage)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.datapackage import PackageInvalid, datapackage_import
from indicators.management.commands.load_seed_data import report_write


class Command(BaseCommand):
    help = (
        "Import the figures of a Frictionless tabular data package in long format (region_iso, indicator, "
        "period_start, period_end, value, unit). The package is checked first, against its own schema and the "
        "reference data; any bad row refuses the whole package, naming file, row, field and reason. Figures an "
        "editor changed since the last import keep the editor's value unless --restore is given. Importing the same "
        "package again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The package: its datapackage.json or the folder holding it.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report what would change, then roll back."
        )
        parser.add_argument(
            "--restore", action="store_true", help="Overwrite editors' changes with the package's values."
        )

    def handle(self, *args, path, dry_run=False, restore=False, **options):
        try:
            report = datapackage_import(path=path, dry_run=dry_run, restore=restore)
        except PackageInvalid as exc:
            raise CommandError(f"Package refused, nothing changed ({len(exc.problems)} problems):\n{exc}") from exc
        report_write(self, report, verbosity=options["verbosity"], list_updates=True)
