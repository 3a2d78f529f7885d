"""Loading published data (the seed, and every data package after it) follows one rule: a load never overwrites
what an editor changed since the last load, unless it is told to restore. Each field is compared three ways,
the database, what the last load wrote (`LoadedRecord`) and the file:

- the database already holds the file's value: nothing to do;
- the database still holds what the last load wrote: the file's new value is written ("updated");
- otherwise an editor changed it: the editor's value stays ("kept"), or with `restore` the file's value is
  written back ("restored").

A record the last load wrote that is gone from the database was deleted (or re-keyed) by an editor and is not
recreated unless restoring. Every load is one transaction: a bad record leaves the database as it was.
"""

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializedObject
from django.db import router, transaction
from django.utils import timezone

from indicators.models import LoadedRecord, SearchableModel
from indicators.services.inserts import Inserts
from regionapi.core.dataversion import bump, database_version
from regionapi.core.diffs import stored_values
from regionapi.core.history.recording import Channel, change_channel
from regionapi.core.models import DataVersion

SEED_ORIGIN = "seed"


@dataclass(frozen=True)
class FieldDifference:
    """A field where an editor's value and the file's differ."""

    name: str
    database: object
    file: object

    def __str__(self):
        return f"{self.name} (database: {_shown(self.database)}, file: {_shown(self.file)})"


@dataclass
class RecordOutcome:
    """What a load did with one record of its file."""

    model: str
    key: list
    outcome: str  # created | updated | unchanged | kept | restored | deleted-kept | recreated | skipped
    updated: list[FieldDifference] = field(default_factory=list)  # fields the load updated: was, now
    differences: list[FieldDifference] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # references to records an editor deleted or re-keyed

    @property
    def label(self) -> str:
        return f"{self.model} {'/'.join(str(part) for part in self.key)}"


@dataclass
class LoadReport:
    records: list[RecordOutcome] = field(default_factory=list)
    dry_run: bool = False
    restore: bool = False
    # A data package's figures, per indicator: what became of each row (indicators.figure_values.ACCOUNTS).
    figure_accounts: dict[str, Counter] = field(default_factory=dict)

    def counts(self) -> Counter:
        return Counter(record.outcome for record in self.records)

    def by_model(self) -> Counter:
        return Counter((record.model, record.outcome) for record in self.records)

    def editor_changes(self) -> list[RecordOutcome]:
        """Records where an editor's change was kept, or overwritten by a restore."""
        return [
            record
            for record in self.records
            if record.outcome in {"kept", "restored", "deleted-kept", "recreated", "skipped"}
        ]


def fixtures_load(
    *, paths: Sequence[Path], dry_run: bool = False, restore: bool = False, origin: str = SEED_ORIGIN
) -> LoadReport:
    """Load fixture files keyed by natural keys (see the module docstring for what is written)."""

    def objects():
        for path in paths:
            fmt = path.suffix.lstrip(".").replace("yml", "yaml")
            with path.open(encoding="utf-8") as stream:
                # A reference to a record that is gone is reported by the loader, not raised by the reader.
                yield from serializers.deserialize(fmt, stream, handle_forward_references=True)

    return records_load(objects(), origin=origin, dry_run=dry_run, restore=restore, channel=Channel.SEED)


def records_load(
    objects: Iterable[DeserializedObject],
    *,
    origin: str,
    dry_run: bool = False,
    restore: bool = False,
    channel: str = Channel.IMPORT,
    existing: dict | None = None,
    checked_relations: bool = False,
) -> LoadReport:
    """Load deserialized records (natural keys resolved) in one transaction, never overwriting an editor's change
    unless `restore`; `dry_run` reports and rolls back.

    For large loads: `existing` maps (model, pk) to the records already in the database, fetched by the caller in
    bulk, so that an unchanged record costs no query; `checked_relations` says the caller resolved every relation
    from the database itself, so the model validation skips its per-row lookups of them (the database's
    constraints still hold inside the transaction).
    """
    report = LoadReport(dry_run=dry_run, restore=restore)
    with transaction.atomic(), change_channel(channel):
        # The data version first, before any record's lock, as API writes do (regionapi.core.dataversion); the
        # LoadedRecord rows below are written in bulk, without signals, and covered by this bump too.
        opened = bump()
        loaded = {(record.model, record.key): record for record in LoadedRecord.objects.all()}
        written: list[LoadedRecord] = []
        # A large load (the caller fetched what exists) inserts its new records in batches; others one by one.
        inserts = Inserts(channel) if existing is not None and checked_relations else None
        for deserialized in objects:
            outcome, values = _load_one(
                deserialized,
                loaded=loaded,
                restore=restore,
                existing=existing,
                checked_relations=checked_relations,
                inserts=inserts,
            )
            report.records.append(outcome)
            last_load = loaded.get((outcome.model, loaded_key(outcome.key)))
            if values is not None and (last_load is None or last_load.values != values or last_load.origin != origin):
                written.append(
                    LoadedRecord(
                        origin=origin,
                        model=outcome.model,
                        key=loaded_key(outcome.key),
                        values=values,
                        loaded_at=timezone.now(),
                    )
                )
        if inserts is not None:
            inserts.flush()
        LoadedRecord.objects.bulk_create(
            written,
            update_conflicts=True,
            unique_fields=("model", "key"),
            update_fields=("origin", "values", "loaded_at"),
        )
        # Every write of a record raises the version again, so a load that wrote nothing left it where its own bump
        # put it: rolled back like a dry run, that bump goes too, and an idempotent re-run (`make run` loads the
        # seed each time) leaves every client's ETag valid.
        if dry_run or (not written and database_version(router.db_for_write(DataVersion)).number == opened):
            transaction.set_rollback(True)
    return report


def _load_one(
    deserialized: DeserializedObject,
    *,
    loaded: dict,
    restore: bool,
    existing: dict | None,
    checked_relations: bool,
    inserts: "Inserts | None" = None,
) -> tuple[RecordOutcome, dict | None]:
    """Create, update, keep or restore one record; returns what happened and the file's values to remember."""
    instance = deserialized.object
    model = type(instance)
    if inserts is not None and inserts.pending and type(inserts.pending[0]) is not model:
        inserts.flush()  # records of another model held back, which this one may refer to, get their keys
    _relation_keys_take(instance)
    missing = _missing_references(deserialized, loaded)
    if missing:  # it refers to a record an editor deleted or re-keyed: leave it as the editor left it
        return RecordOutcome(model=model._meta.label, key=_key_of(instance), outcome="skipped", missing=missing), None
    key = list(instance.natural_key())
    outcome = RecordOutcome(model=model._meta.label, key=key, outcome="unchanged")
    if existing is not None:
        current = existing.get((model, instance.pk)) if instance.pk else None
    else:
        current = model._base_manager.filter(pk=instance.pk).first() if instance.pk else None
    # Natural-key lookup filled the pk; tell unique checks this is the same row, not a new one.
    instance._state.adding = current is None
    m2m = {name: sorted(values) for name, values in (deserialized.m2m_data or {}).items()}
    getattr(instance, "fill_defaults", lambda: None)()  # a file leaving out what defaults from other fields
    file_values = {**record_values(instance), **m2m}
    last_load = loaded.get((outcome.model, loaded_key(key)))
    database = {**record_values(current), **{name: _m2m_values(current, name) for name in m2m}} if current else None
    if database == file_values:
        return outcome, file_values
    _validate(instance, checked_relations=checked_relations)
    if current is None:
        written = _new_record(outcome, instance, m2m, last_load=last_load, restore=restore, inserts=inserts)
        return outcome, file_values if written else None
    base = last_load.values if last_load is not None else _legacy_base(current, database)
    write = _fields_merge(outcome, file_values, database, {} if base is None else base, restore=restore)
    if write:
        _update(current, instance, write, m2m)
    return outcome, file_values


def _new_record(outcome: RecordOutcome, instance, m2m: dict, *, last_load, restore: bool, inserts) -> bool:
    """A file's record the database does not hold: created, or one a load wrote before (an editor deleted or re-keyed
    it since) kept deleted unless restoring. Returns whether it was written."""
    if last_load is not None and not restore:
        outcome.outcome = "deleted-kept"
        return False
    outcome.outcome = "recreated" if last_load is not None else "created"
    if inserts is not None and inserts.takes(instance, m2m):
        inserts.add(instance)
    else:
        if inserts is not None:
            inserts.flush()  # what it holds may be referred to, or be the record at hand
        _create(instance, m2m)
    return True


def _fields_merge(outcome: RecordOutcome, file_values: dict, database: dict, base: dict, *, restore: bool) -> list:
    """The three-way rule of the module doc, field by field (`base`: what the last load wrote): the fields to write,
    each noted on the outcome as updated or as an editor's change (kept, or restored)."""
    write = []
    for name, value in file_values.items():
        if database.get(name) == value:
            continue
        # A field the last load did not write (added to the model since) is the load's while it is still empty.
        last = base.get(name, None if database.get(name) is None else _MISSING)
        if last == database.get(name):
            write.append(name)
            outcome.updated.append(FieldDifference(name, database.get(name), value))
        else:
            outcome.differences.append(FieldDifference(name, database.get(name), value))
            if restore:
                write.append(name)
    if outcome.differences:
        outcome.outcome = "restored" if restore else "kept"
    elif outcome.updated:
        outcome.outcome = "updated"
    return write


_MISSING = object()


def _relation_keys_take(instance) -> None:
    """Each relation's key from the related record it holds, saved by now (a record created earlier in the load,
    assigned before it had a key)."""
    for model_field in instance._meta.concrete_fields:
        if model_field.is_relation and model_field.is_cached(instance):
            related = model_field.get_cached_value(instance)
            if related is not None and related.pk is not None:
                instance.__dict__[model_field.attname] = related.pk


def _validate(instance, *, checked_relations: bool) -> None:
    """The model's own rules for a record about to be written (field rules, clean(), constraints)."""
    if not checked_relations:
        instance.full_clean()
        return
    relations = [field.name for field in instance._meta.concrete_fields if field.is_relation]
    instance.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


def _missing_references(deserialized: DeserializedObject, loaded: dict) -> list[str]:
    """References of a file record to records that are not in the database because an editor deleted or re-keyed
    them since a load wrote them. A reference to a record no load ever wrote is an error in the file."""
    missing = []
    for model_field, value in (getattr(deserialized, "deferred_fields", None) or {}).items():
        target = model_field.remote_field.model
        keys = value if model_field.many_to_many else [value]
        for key in keys:
            key = list(key) if isinstance(key, (list, tuple)) else [key]
            if target._default_manager.filter(**dict(zip(target.natural_key_fields, key, strict=True))).exists():
                continue
            label = f"{target._meta.label} {'/'.join(str(part) for part in key)}"
            if (target._meta.label, loaded_key(key)) not in loaded:
                raise ValidationError(
                    {model_field.name: [f"No {label}: the file refers to a record that does not exist."]}
                )
            missing.append(f"{model_field.name} -> {label}")
    return missing


def _key_of(instance) -> list:
    """The natural key as far as it can be read (a part through a missing relation is shown as '?')."""
    key = []
    for lookup in instance.natural_key_fields:
        value = instance
        try:
            for part in lookup.split("__"):
                value = getattr(value, part)
        except ObjectDoesNotExist:
            value = "?"
        key.append(value)
    return key


def record_values(instance) -> dict:
    """A record's columns as plain JSON values (decimals normalised, dates as ISO text), for comparing loads."""
    return {name: _plain(value) for name, value in stored_values(instance).items()}


def _plain(value):
    if value == "":  # an empty text and a null one are the same "unknown"
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    return str(value)


def _shown(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def loaded_key(key: list) -> str:
    """A natural key as the loads' records store it (LoadedRecord.key)."""
    return json.dumps(key, ensure_ascii=False, default=str)


def _m2m_values(instance, name: str) -> list:
    return sorted(getattr(instance, name).values_list("pk", flat=True))


def _legacy_base(existing, database: dict) -> dict:
    """For a database loaded before loads were remembered: if the record's latest change came from a load, its
    current values are what was loaded; otherwise treat every differing field as an editor's."""
    history = getattr(existing, "history", None)
    latest = history.order_by("-history_date", "-history_id").first() if history is not None else None
    if latest is not None and latest.channel == Channel.SEED:
        return database
    return {}


def _create(instance, m2m: dict) -> None:
    """An ordinary save (not loaddata's raw one), so that the change history records it."""
    if isinstance(instance, SearchableModel):
        instance.search_text = instance.build_search_text()
    instance.save()
    for name, values in m2m.items():
        getattr(instance, name).set(values)


def _update(existing, instance, names: list[str], m2m: dict) -> None:
    """Write the file's value of each field in `names` to the existing record, and nothing else."""
    columns = [name for name in names if name not in m2m]
    for name in columns:
        setattr(existing, name, instance.__dict__[name])
    if columns:
        existing.save(update_fields=columns)
    for name in names:
        if name in m2m:
            getattr(existing, name).set(m2m[name])
