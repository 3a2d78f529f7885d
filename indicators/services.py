"""Writes and imports for the indicators app (and the seed, which spans every app)."""
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from django.core import serializers
from django.core.serializers.base import DeserializedObject
from django.db import transaction

from indicators.history import Channel, change_channel
from indicators.models import SearchableModel

TIMESTAMPS = ("created_at", "updated_at")


def fixtures_load(*, paths: Sequence[Path], dry_run: bool = False) -> Counter:
    """Load fixture files keyed by natural keys; create what is missing, update what differs, touch nothing else.

    All files load in one transaction: a bad record leaves the database as it was. Returns counts
    keyed by (model label, "created" | "updated" | "unchanged").
    """
    report: Counter = Counter()
    with transaction.atomic(), change_channel(Channel.SEED):
        for path in paths:
            fmt = path.suffix.lstrip(".").replace("yml", "yaml")
            with path.open(encoding="utf-8") as stream:
                for deserialized in serializers.deserialize(fmt, stream):
                    outcome = _save_if_changed(deserialized)
                    report[(deserialized.object._meta.label, outcome)] += 1
        if dry_run:
            transaction.set_rollback(True)
    return report


def _save_if_changed(deserialized: DeserializedObject) -> str:
    instance = deserialized.object
    model = type(instance)
    if isinstance(instance, SearchableModel):
        instance.search_text = instance.build_search_text()
    existing = model._base_manager.filter(pk=instance.pk).first() if instance.pk else None
    # Natural-key lookup filled the pk; tell unique checks this is the same row, not a new one.
    instance._state.adding = existing is None
    instance.full_clean()
    if existing is None:
        _save(deserialized)
        return "created"
    fields_differ = any(
        getattr(instance, field.attname) != getattr(existing, field.attname)
        for field in model._meta.concrete_fields
        if field.attname not in TIMESTAMPS
    )
    m2m_differ = any(
        set(values) != set(getattr(existing, name).values_list("pk", flat=True))
        for name, values in (deserialized.m2m_data or {}).items()
    )
    if not (fields_differ or m2m_differ):
        return "unchanged"
    if hasattr(existing, "created_at"):
        instance.created_at = existing.created_at
    _save(deserialized)
    return "updated"


def _save(deserialized: DeserializedObject) -> None:
    """An ordinary save (not loaddata's raw one), so that the change history records it."""
    instance = deserialized.object
    instance.save()
    for name, values in (deserialized.m2m_data or {}).items():
        getattr(instance, name).set(values)
