"""A package's reference records merged with the database's and loaded (see indicators.datapackage.reference_tables):
written where the package may write them, else compared column by column and reported."""

from django.core.serializers.base import DeserializedObject

from indicators.datapackage.format import source_columns
from indicators.datapackage.reference_reading import PackageReferences
from indicators.datapackage.reference_tables import (
    BY_NAME,
    TABLES,
    model_fields,
    record_compared,
)
from indicators.models import LoadedRecord, Source
from indicators.services import LoadReport, loaded_key, records_load
from regionapi.core.history.recording import Channel


def sources_split(references: PackageReferences, sources: list[Source]) -> list[Source]:
    """Of the package's sources (its sources table's and those made for its figure tables), the ones it writes; the
    others are compared (see the module doc)."""
    table = BY_NAME["sources"]
    loaded = dict(
        LoadedRecord.objects.filter(
            model=Source._meta.label, key__in=[loaded_key([s.slug]) for s in sources]
        ).values_list("key", "origin")
    )
    database = references.database_sources
    written, seen = [], set()
    for source in sources:
        if source.slug in seen:
            continue
        seen.add(source.slug)
        current = database.get(source.slug)
        if current is None or loaded.get(loaded_key([source.slug])) == references.origin:
            written.append(source)
        else:
            current = Source._base_manager.get(pk=current.pk)
            references.outcomes.append(record_compared(table, current, source, source_columns(), many=references.many))
    return written


def references_load(
    references: PackageReferences, sources: list[Source], *, restore: bool, channel: str = Channel.IMPORT
) -> LoadReport:
    """Write the package's reference records that it may write (`records_load`: an editor's change is kept), parents
    before the records that refer to them; the report lists the others, compared."""
    written = {**references.written, "sources": sources_split(references, sources)}

    def records():
        for table in TABLES:
            for instance in written.get(table.name, []):
                for model_field in model_fields(table.model):
                    if model_field.many_to_one and model_field.is_cached(instance):
                        # the related record is saved by now: re-assigning takes its key
                        setattr(instance, model_field.name, model_field.get_cached_value(instance))
                many = references.many.get((table.name, getattr(instance, table.key)), {})
                yield DeserializedObject(
                    instance, m2m_data={name: [record.pk for record in related] for name, related in many.items()}
                )

    report = records_load(records(), origin=references.origin, restore=restore, channel=channel)
    report.records += references.outcomes
    return report
