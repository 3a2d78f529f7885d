"""manage.py import_data FILE [--resource NAME] [--dry-run]: all-or-nothing bulk import from CSV or JSON."""

import codecs
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
        parser.add_argument(
            "--encoding",
            help="The file's text encoding, e.g. cp1251 (default: UTF-8, or UTF-16/32 when the file starts with their "
            "byte-order mark).",
        )

    def handle(self, *args, file: Path, resource=None, dry_run=False, encoding=None, **options):
        name = resource or file.stem
        if name not in RESOURCES:
            raise CommandError(
                f"Unknown resource {name!r}; choose one of: {', '.join(sorted(RESOURCES))} (--resource)."
            )
        fmt = {".csv": "csv", ".json": "json"}.get(file.suffix.lower())
        if fmt is None:
            raise CommandError("The file must end in .csv or .json.")
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        text = _decoded(file, raw, encoding)
        try:
            dataset = tablib.Dataset().load(text, format=fmt)
        except Exception as exc:  # tablib raises format-specific errors
            raise CommandError(f"{file} is not valid {fmt.upper()}: {exc}") from exc
        key = RESOURCES[name]._meta.import_id_fields[0]
        repeated = _repeated_keys(dataset, key)
        if repeated:
            raise CommandError("Nothing imported: a key may appear once in a file:\n  " + "\n  ".join(repeated))
        result = RESOURCES[name]().import_data(dataset, dry_run=dry_run, raise_errors=False)
        for warning in result.formula_warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
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


# Byte-order marks that name their encoding (UTF-32's first: its little-endian mark begins like UTF-16's).
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decoded(file: Path, raw: bytes, encoding: str | None) -> str:
    """The file's text: in the encoding given, or the one its byte-order mark names, or UTF-8; a file that is not
    in it is a clear error naming the first bad byte, never a traceback (a spreadsheet saved as cp1251 or UTF-16)."""
    if encoding is None:
        encoding = next((name for mark, name in BYTE_ORDER_MARKS if raw.startswith(mark)), "utf-8")
    try:
        return raw.decode(encoding)
    except LookupError:
        raise CommandError(f"Unknown encoding {encoding!r} (--encoding).") from None
    except UnicodeDecodeError as exc:
        hint = "" if encoding != "utf-8" else " Give its encoding with --encoding, e.g. --encoding cp1251."
        raise CommandError(
            f"{file} is not {encoding} text: byte 0x{raw[exc.start]:02x} at position {exc.start}.{hint}"
        ) from None


def _repeated_keys(dataset, key: str) -> list[str]:
    """Each key that appears in more than one row, with the rows (numbered from 1, as the import report does)."""
    if key not in (dataset.headers or []):
        return []
    rows: dict[str, list[int]] = {}
    for number, value in enumerate(dataset[key], start=1):
        if value not in (None, ""):
            rows.setdefault(str(value).strip(), []).append(number)
    return [
        f"{key} {value!r} in rows {', '.join(map(str, numbers))}" for value, numbers in rows.items() if len(numbers) > 1
    ]
