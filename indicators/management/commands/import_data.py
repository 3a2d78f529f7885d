"""manage.py import_data FILE [--resource NAME] [--dry-run] [--encoding E]: all-or-nothing bulk import of a CSV, JSON
or XLSX file, read row by row and written in batches (indicators/imports.py), with a progress bar on a terminal."""

import codecs
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import reset_queries

from indicators.imports import BATCH_SIZE, records_import
from indicators.resources import RESOURCES
from regionapi.core.export import FormulaCell, looks_like_formula, spreadsheet_value
from regionapi.core.progress import ProgressBar
from regionapi.core.tabular import TableError, TextEncodingError, open_table

MAX_BATCH_SIZE = 5000


class Command(BaseCommand):
    help = (
        "Import records from a CSV, JSON (a list of objects) or XLSX file. Rows are matched by public key, so "
        "importing the same file again changes nothing. One bad row loads nothing; the report names the row, field "
        "and reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--resource",
            help="What the file holds (default: the file name without extension), e.g. observations or zones.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Validate and report, then roll back.")
        parser.add_argument(
            "--encoding",
            help="The file's text encoding, e.g. cp1251 (default: UTF-8, or UTF-16/32 when the file starts with their "
            "byte-order mark).",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Rows read, validated and written together (default {BATCH_SIZE}).",
        )

    def handle(self, *args, file: Path, resource=None, dry_run=False, encoding=None, batch_size=BATCH_SIZE, **options):
        name = resource or file.stem
        if name not in RESOURCES:
            raise CommandError(
                f"Unknown resource {name!r}; choose one of: {', '.join(sorted(RESOURCES))} (--resource)."
            )
        if encoding is not None:
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise CommandError(f"Unknown encoding {encoding!r} (--encoding).") from None
        if not 1 <= batch_size <= MAX_BATCH_SIZE:  # a batch's keys are parameters of one query: databases limit them
            raise CommandError(f"--batch-size must be between 1 and {MAX_BATCH_SIZE}.")
        verbosity = options.get("verbosity", 1)
        progress = ProgressBar(self.stderr, label=file.name, enabled=verbosity >= 1 and self.stderr.isatty())
        started = time.monotonic()
        try:
            with open_table(file, encoding=encoding) as table:

                def batch_done(rows: int) -> None:
                    progress.update(rows, table.fraction_read())
                    if settings.DEBUG:
                        reset_queries()  # DEBUG keeps the SQL of every query, bulk inserts included: memory would grow

                formulas: list[FormulaCell] = []
                report = records_import(
                    resource=RESOURCES[name],
                    rows=_noting_formulas(table.rows(), formulas),
                    dry_run=dry_run,
                    batch_size=batch_size,
                    on_batch=batch_done,
                )
        except TextEncodingError as exc:
            hint = " Give its encoding with --encoding, e.g. --encoding cp1251." if exc.encoding == "utf-8" else ""
            raise CommandError(f"{exc}{hint}") from None
        except TableError as exc:
            raise CommandError(str(exc)) from None
        finally:
            progress.close()
        seconds = time.monotonic() - started
        if report.problems:
            more = [f"... and {report.unlisted} more"] if report.unlisted else []
            raise CommandError("Nothing imported:\n  " + "\n  ".join([*report.problems, *more]))
        for cell in formulas[:MAX_LISTED_FORMULAS]:
            self.stdout.write(self.style.WARNING(f"Warning: {cell}"))
        if len(formulas) > MAX_LISTED_FORMULAS:
            self.stdout.write(self.style.WARNING(f"Warning: ... and {len(formulas) - MAX_LISTED_FORMULAS} more cells"))
        prefix = "Dry run, rolled back: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{report.created} created, {report.updated} updated, {report.unchanged} unchanged."
            )
        )
        if verbosity >= 2:
            self.stdout.write(
                f"{report.rows:,} rows in {seconds:.1f} s ({report.rows / max(seconds, 1e-9):,.0f} rows/s)."
            )


# Formula-like cells listed at most (a file of 50,000 rows could hold one in each).
MAX_LISTED_FORMULAS = 100


def _noting_formulas(rows, found: list):
    """The rows, passed on as they are read, with each cell that, as imported (an export's `'` taken off), a
    spreadsheet would evaluate noted in `found`: imported as given, but reported (regionapi.core.export)."""
    for number, row in rows:
        found.extend(
            FormulaCell(number, str(column), spreadsheet_value(value))
            for column, value in row.items()
            if looks_like_formula(spreadsheet_value(value))
        )
        yield number, row
