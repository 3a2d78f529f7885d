"""manage.py import_data FILE [--resource NAME] [--dry-run]: all-or-nothing bulk import from CSV or JSON."""

from pathlib import Path

import tablib
from django.core.management.base import BaseCommand, CommandError

from indicators.resources import RESOURCES


class Command(BaseCommand):
    help = (
        "Import records from a CSV or JSON file (a list of objects). Rows are matched by public key, so importing "
        "the same file again changes nothing. One bad row loads nothing; the report names the row, field and reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--resource",
            help="What the file holds (default: the file name without extension). One of the names listed by --list.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Validate and report, then roll back.")

    def handle(self, *args, file: Path, resource=None, dry_run=False, **options):
        name = resource or file.stem
        if name not in RESOURCES:
            raise CommandError(
                f"Unknown resource {name!r}; choose one of: {', '.join(sorted(RESOURCES))} (--resource)."
            )
        fmt = {".csv": "csv", ".json": "json"}.get(file.suffix.lower())
        if fmt is None:
            raise CommandError("The file must end in .csv or .json.")
        try:
            text = file.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            dataset = tablib.Dataset().load(text, format=fmt)
        except Exception as exc:  # tablib raises format-specific errors
            raise CommandError(f"{file} is not valid {fmt.upper()}: {exc}") from exc
        result = RESOURCES[name]().import_data(dataset, dry_run=dry_run, raise_errors=False)
        problems = [
            f"row {row.number}, {'the record' if field == '__all__' else 'field ' + field}: {message}"
            for row in result.invalid_rows
            for field, messages in row.error_dict.items()
            for message in messages
        ]
        problems += [f"row {number}: {error.error}" for number, errors in result.row_errors() for error in errors]
        problems += [f"file: {error.error}" for error in result.base_errors]
        if problems:
            raise CommandError("Nothing imported:\n  " + "\n  ".join(problems))
        totals = result.totals
        prefix = "Dry run, rolled back: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{totals['new']} created, {totals['update']} updated, {totals['skip']} unchanged, "
                f"{totals['delete']} deleted."
            )
        )
