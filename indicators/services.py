"""Writes and imports for the indicators app (and the seed, which spans every app).

Loading published data (the seed, and every data package after it) follows one rule: a load never overwrites
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

from django.apps import apps as global_apps
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializedObject
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from indicators.models import LoadedRecord, SearchableModel, figure_key
from regionapi.core.dataversion import bump, database_version
from regionapi.core.diffs import stored_values
from regionapi.core.history.recording import Channel, acting_user, change_channel
from regionapi.core.models import DataVersion
from regionapi.core.translation import data_language

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
        inserts = _Inserts(channel) if existing is not None and checked_relations else None
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
            last_load = loaded.get((outcome.model, _key_text(outcome.key)))
            if values is not None and (last_load is None or last_load.values != values or last_load.origin != origin):
                written.append(
                    LoadedRecord(
                        origin=origin,
                        model=outcome.model,
                        key=_key_text(outcome.key),
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
    inserts: "_Inserts | None" = None,
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
    last_load = loaded.get((outcome.model, _key_text(key)))
    database = {**record_values(current), **{name: _m2m_values(current, name) for name in m2m}} if current else None
    if database == file_values:
        return outcome, file_values
    _validate(instance, checked_relations=checked_relations)
    existing = current

    if existing is None:
        if last_load is not None and not restore:
            outcome.outcome = "deleted-kept"  # an editor deleted or re-keyed it since it was loaded
            return outcome, None
        outcome.outcome = "recreated" if last_load is not None else "created"
        if inserts is not None and inserts.takes(instance, m2m):
            inserts.add(instance)
        else:
            if inserts is not None:
                inserts.flush()  # what it holds may be referred to, or be the record at hand
            _create(instance, m2m)
        return outcome, file_values

    base = last_load.values if last_load is not None else _legacy_base(existing, database)
    if base is None:
        base = {}
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
    if write:
        _update(existing, instance, write, m2m)
    return outcome, file_values


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
            if (target._meta.label, _key_text(key)) not in loaded:
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


def _key_text(key: list) -> str:
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


class _Inserts:
    """New records of a large load, inserted a batch at a time: the same columns and the same change history (with
    the load's channel) as one `save()` each, in a few statements instead of two per record (a data package holds
    thousands of figures). Only records of one model without many-to-many values or references to their own model
    are held; anything else makes the caller flush first, so a record is written before a later one can refer to it.
    """

    batch_size = 500

    def __init__(self, channel: str):
        self.channel = channel
        self.pending: list = []
        self.keys: set[tuple] = set()

    def takes(self, instance, m2m: dict) -> bool:
        model = type(instance)
        return not m2m and not any(
            field.related_model is model for field in model._meta.concrete_fields if field.is_relation
        )

    def add(self, instance) -> None:
        if self.pending and type(self.pending[0]) is not type(instance):
            self.flush()  # the next model's records may refer to these
        instance.fill_derived_fields()  # before the key is read: it may be derived (an observation's code)
        key = tuple(instance.natural_key())
        if key in self.keys:
            raise ValidationError(
                f"{type(instance)._meta.label} {'/'.join(str(part) for part in key)} appears twice in the load."
            )
        self.keys.add(key)
        self.pending.append(instance)

    def flush(self) -> None:
        if not self.pending:
            return
        model = type(self.pending[0])
        with data_language():
            bulk_create_with_history(
                self.pending,
                model,
                batch_size=self.batch_size,
                default_user=acting_user(),  # the user of the request that imports (an admin upload), as save() would
                # One data version for the batch, claimed under the load's transaction: the change feed's order.
                custom_historical_attrs={"channel": self.channel, "data_version": bump()},
            )
        self.pending, self.keys = [], set()


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


REKEY_BATCH = 1000


def observations_rekey(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """Give every figure the key of the rule (`figure_key`) and keep each key it gives up as an alias, so that links
    to it still lead to the figure; the loads' records (`LoadedRecord`) follow their figures' keys, so the next load
    of the seed or of a package finds each figure rather than report it deleted by an editor. Returns {old: new}.

    Two figures the rule gives one key (the same figure entered twice, by two paths): the first (the one already
    under that key, else the older) takes it, the other keeps its own. `apps`: a migration's historical models."""
    Observation = apps.get_model("indicators", "Observation")
    ObservationAlias = apps.get_model("indicators", "ObservationAlias")
    figures = Observation.objects.using(using)
    rows = figures.order_by("pk").values_list(
        "pk", "code", "indicator__code", "region__code", "enterprise__slug", "product__slug", "size_class",
        "period_start", "period_end", "frequency", "status",
    )  # fmt: skip
    old, new = {}, {}
    for pk, code, indicator, region, enterprise, product, size_class, start, end, frequency, status in rows:
        old[pk] = code
        breakdown = [enterprise or "", product or "", size_class]
        new[pk] = figure_key(
            indicator=indicator,
            region=region,
            breakdown=breakdown,
            period_start=start,
            period_end=end,
            frequency=frequency,
            status=status,
        )
    _keep_keys_unique(old, new)
    moved = {pk: key for pk, key in new.items() if key != old[pk]}
    if not moved:
        return {}
    now = timezone.now()
    # Through keys no slug can be (a dot), so that a figure may take a key another gives up in the same run.
    for final in (False, True):
        batch = [
            Observation(pk=pk, code=key if final else f"rekeying.{pk}", updated_at=now) for pk, key in moved.items()
        ]
        figures.bulk_update(batch, ["code", "updated_at"], batch_size=REKEY_BATCH)
    current = set(new.values())
    aliases = ObservationAlias.objects.using(using)
    for keys in _chunks(current & set(aliases.values_list("code", flat=True))):
        aliases.filter(code__in=keys).delete()  # a key that is a figure's own again is nobody's alias
    aliases.bulk_create(
        [ObservationAlias(code=old[pk], observation_id=pk, created_at=now) for pk in moved if old[pk] not in current],
        batch_size=REKEY_BATCH,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["observation", "created_at"],
    )
    renamed = {old[pk]: key for pk, key in moved.items()}
    _loaded_records_follow(renamed, apps=apps, using=using)
    return renamed


def _loaded_records_follow(renamed: dict[str, str], *, apps, using: str) -> None:
    """Move what the loads wrote for each re-keyed figure to its new key: written again under it, replacing a record
    kept there of a figure an editor deleted (the re-keyed figure is that figure now)."""
    LoadedRecord = apps.get_model("indicators", "LoadedRecord")
    records = LoadedRecord.objects.using(using).filter(model="indicators.Observation")
    followed = []
    for record in records.iterator(chunk_size=REKEY_BATCH):
        key = json.loads(record.key)
        code = renamed.get(key[0]) if len(key) == 1 else None
        if code is not None:
            values = {**record.values, "code": code} if "code" in record.values else record.values
            followed.append(
                LoadedRecord(
                    origin=record.origin,
                    model=record.model,
                    key=_key_text([code]),
                    values=values,
                    loaded_at=record.loaded_at,
                )
            )
    for keys in _chunks([_key_text([code]) for code in (*renamed, *renamed.values())]):
        records.filter(key__in=keys).delete()
    LoadedRecord.objects.using(using).bulk_create(followed, batch_size=REKEY_BATCH)


def _chunks(items, size: int = REKEY_BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _keep_keys_unique(old: dict, new: dict) -> None:
    """Where several figures would take one key, all but one keep their own key (`new` is changed in place): the
    figure already under it, else the oldest. A figure kept under its own key may in turn take that key from
    another, so repeat until every key is one figure's."""
    while True:
        holders: dict[str, list] = {}
        for pk, key in new.items():
            holders.setdefault(key, []).append(pk)
        shared = {key: pks for key, pks in holders.items() if len(pks) > 1}
        if not shared:
            return
        for key, pks in shared.items():
            keeper = next((pk for pk in pks if old[pk] == key), min(pks))
            for pk in pks:
                if pk != keeper:
                    new[pk] = old[pk]
