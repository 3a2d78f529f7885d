"""A data package imported: its reference records, figures and flags written in one transaction by the loader of the
seed (`records_load`), the figures of other sources kept beside each other (indicators.figure_values)."""

from pathlib import Path

from django.core.serializers.base import DeserializedObject
from django.db import transaction

from indicators.datapackage.reading import package_open, package_records
from indicators.datapackage.reference_loading import references_load
from indicators.figure_values import figure_accounts_count, figure_values_save, figures_merge
from indicators.models import Observation, ObservationFlag
from indicators.services import LoadReport, records_load
from regionapi.core.history.recording import Channel, change_channel


def datapackage_import(*, path: Path, dry_run: bool = False, restore: bool = False) -> LoadReport:
    """Check the package at `path` (a datapackage.json or its folder) and import its figures (see module doc)."""
    package = package_open(path)
    sources, references, observations, flags = package_records(package)
    # Fetched in bulk so that an unchanged figure costs no query (a package holds thousands).
    existing = {
        (Observation, row.pk): row for row in Observation.objects.filter(pk__in=[o.pk for o in observations if o.pk])
    }

    def records():
        # Related records are saved by the time a record refers to them: re-assigning takes their new keys.
        for observation in merge.load:
            observation.source = observation.source
            observation.indicator = observation.indicator
            observation.region = observation.region  # as are the package's regions, enterprises and products
            observation.enterprise, observation.product = observation.enterprise, observation.product
            yield DeserializedObject(observation, m2m_data={})

    with transaction.atomic(), change_channel(Channel.IMPORT):  # the reference records, other values and flags too
        # Written for real even in a dry run, so that the figures can refer to them: the block rolls back below.
        described = references_load(references, sources, restore=restore, channel=Channel.IMPORT)
        # A figure the database holds from another source gets this package's value beside it (figure_values.py).
        merge = figures_merge(observations)
        report = records_load(
            records(),
            origin=f"datapackage:{package.name}",
            dry_run=dry_run,
            restore=restore,
            channel=Channel.IMPORT,
            existing=existing,
            checked_relations=True,
        )
        report.records[:0] = described.records
        outcomes = {
            record.key[0]: record.outcome for record in report.records if record.model == "indicators.Observation"
        }
        figure_accounts_count(merge, outcomes)
        figure_values_save(merge, outcomes, write=not dry_run)
        if not dry_run:
            _flags_load([flag for flag in flags if flag[0] not in merge.not_current])
        if dry_run:
            transaction.set_rollback(True)
    report.figure_accounts = dict(merge.accounts)
    return report


def _flags_load(flags: list[tuple[str, str, str, str]]) -> int:
    """Add the package's flags (figure code, flag, asserted_by, note) that the figures do not carry yet. A flag
    already there is left as it is (an editor may have reworded its note); none is removed. Returns how many were
    added."""
    if not flags:
        return 0
    figures = dict(Observation.objects.filter(code__in={code for code, *_rest in flags}).values_list("code", "pk"))
    present = set(
        ObservationFlag.objects.filter(observation_id__in=figures.values()).values_list("observation_id", "flag")
    )
    new = [
        ObservationFlag(observation_id=figures[code], flag=flag, asserted_by=asserted_by, note=note)
        for code, flag, asserted_by, note in flags
        if (figures[code], flag) not in present
    ]
    ObservationFlag.objects.bulk_create(new)
    return len(new)
