"""manage.py export_datapackage DIR: every indicator and observation, with their sources, as a Frictionless data
package (see indicators.datapackage)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators.datapackage import datapackage_export


class Command(BaseCommand):
    help = (
        "Write every indicator and observation, with their sources, as a Frictionless tabular data package in DIR "
        "(new or empty): sources.csv, indicators.csv and one table of figures per source, in the long format that "
        "import_datapackage reads. The same data always gives the same files."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="A new or empty folder to write the package to.")

    def handle(self, *args, directory, **options):
        try:
            descriptor = datapackage_export(directory=directory)
        except FileExistsError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"]:
            self.stdout.write(f"Wrote {descriptor}")
