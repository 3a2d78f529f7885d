"""manage.py load_seed_data: load the seed fixtures of every app; safe to run again, and it keeps editors' changes."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError

from indicators.services import LoadReport, fixtures_load

OUTCOME_WORDS = (
    ("created", "created"),
    ("updated", "updated"),
    ("unchanged", "unchanged"),
    ("kept", "kept as an editor changed them"),
    ("restored", "restored to the seed's values"),
    ("deleted-kept", "deleted by an editor and left deleted"),
    ("recreated", "recreated"),
    ("skipped", "left as they are because they refer to records an editor deleted"),
    # A data package describing a reference record another load wrote (indicators.datapackage.reference_tables).
    ("kept-other-load", "left as another load wrote them (the package describes them differently)"),
)


class Command(BaseCommand):
    help = (
        "Load the seed data (fixtures/*.yaml): create what is missing and update what the seed changed. A field an "
        "editor changed since the last load keeps the editor's value, and a record an editor deleted stays deleted, "
        "unless --restore is given. Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, then roll back.")
        parser.add_argument(
            "--restore",
            action="store_true",
            help="Overwrite editors' changes with the seed's values and recreate seeded records editors deleted; "
            "each is listed. Try it with --dry-run first.",
        )

    def handle(self, *args, dry_run=False, restore=False, **options):
        folder = Path(settings.FIXTURE_DIRS[0])
        try:
            report = fixtures_load(paths=[folder / name for name in seed_fixtures()], dry_run=dry_run, restore=restore)
        except (DeserializationError, ValidationError) as exc:
            raise CommandError(f"Seed data not loaded, nothing changed: {exc}") from exc
        report_write(self, report, verbosity=options["verbosity"])


def seed_fixtures() -> list[str]:
    """Every app's seed files (its AppConfig's `seed_fixtures`, in FIXTURE_DIRS), app by app in the order of
    INSTALLED_APPS, where an app comes after the apps it builds on: indicators first, then the apps that refer to it."""
    return [name for config in apps.get_app_configs() for name in getattr(config, "seed_fixtures", ())]


def report_write(command: BaseCommand, report: LoadReport, *, verbosity: int = 1, list_updates: bool = False) -> None:
    """What a load did: every record where an editor's change was kept, or is or would be overwritten (always
    listed), each updated record with its fields when `list_updates`, then the counts."""
    verb = {
        "kept": "kept (changed by an editor)",
        "deleted-kept": "left deleted (deleted or re-keyed by an editor)",
        "restored": "would restore" if report.dry_run else "restored",
        "recreated": "would recreate" if report.dry_run else "recreated",
        "skipped": "left as is (refers to a record an editor deleted or re-keyed)",
        "updated": "would update" if report.dry_run else "updated",
        "kept-other-load": "not written (another load wrote it; the package differs)",
    }
    if verbosity >= 2:
        for (label, outcome), count in sorted(report.by_model().items()):
            command.stdout.write(f"{label}: {count} {outcome}")
    shown = report.editor_changes() + (
        [record for record in report.records if record.outcome in {"updated", "kept-other-load"}]
        if list_updates
        else []
    )
    for record in shown:
        fields = "; ".join([*(str(difference) for difference in record.differences or record.updated), *record.missing])
        command.stdout.write(f"{verb[record.outcome]}: {record.label}" + (f": {fields}" if fields else ""))
    if report.figure_accounts:
        _figure_accounts_write(command, report.figure_accounts)
    counts = report.counts()
    words = [
        f"{counts[outcome]} {text}"
        for outcome, text in OUTCOME_WORDS
        if counts[outcome] or outcome in {"created", "updated", "unchanged"}
    ]
    prefix = "Dry run, rolled back: " if report.dry_run else ""
    command.stdout.write(command.style.SUCCESS(f"{prefix}{', '.join(words)}."))
    if counts["kept"] or counts["deleted-kept"] or counts["skipped"]:
        command.stdout.write(
            "Editors' changes were kept. To put the file's values back: run again with --restore --dry-run, then --restore."
        )


def _figure_accounts_write(command: BaseCommand, accounts: dict) -> None:
    """Every figure row of the package, per indicator: new, updated, unchanged, revision, confirmation, superseded,
    alternative or held back; the total is the number of rows."""
    from indicators.figure_values import ACCOUNTS

    command.stdout.write("Figures by indicator (every row of the package's figure tables):")
    total = 0
    for indicator, counts in sorted(accounts.items()):
        words = [f"{counts[name]} {text}" for name, text in ACCOUNTS if counts[name]]
        total += sum(counts.values())
        command.stdout.write(f"  {indicator}: {', '.join(words)}")
    command.stdout.write(f"  {total} rows in all.")
