"""Figures given the key of the rule for keys (`figure_key`) when the rule changes, their former keys kept as aliases
(a data migration calls this with its historical models)."""

import json

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from indicators.models import figure_key
from indicators.services.loading import loaded_key

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
                    key=loaded_key([code]),
                    values=values,
                    loaded_at=record.loaded_at,
                )
            )
    for keys in _chunks([loaded_key([code]) for code in (*renamed, *renamed.values())]):
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
