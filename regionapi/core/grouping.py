"""Group-by machinery: the documented dimensions a resource is summarised by, and the counts and totals per group."""
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from regionapi.core.translation import translated_expression


@dataclass(frozen=True)
class Dimension:
    """A documented way to group records: the lookup of the group's key and, for relations, of its label."""

    path: str
    description: str
    label_path: str | None = None
    choices: dict | None = None


def group_counts(queryset: QuerySet, field: str) -> list[dict]:
    """Records per value of a choice field, in one GROUP BY: key, the choice's label in the active language, and
    the count; null is the group of records without a value."""
    labels = dict(queryset.model._meta.get_field(field).flatchoices)
    rows = queryset.order_by().values(field).annotate(records=Count("pk")).order_by(field)
    return [
        {"key": row[field] or None, "label": str(labels[row[field]]) if row[field] in labels else None, "records": row["records"]}
        for row in rows
    ]


def records_summarize(queryset: QuerySet, *, dimension: Dimension, measures: tuple[str, ...]) -> list[dict]:
    """Count and sum `measures` per group of `dimension`, over the records of `queryset` (its filters apply).

    Two queries whatever the size: the (record, group) pairs, then each record's measures. Summing in Python
    over distinct records keeps totals exact when a to-many dimension (mineral, participant country) would
    repeat a record in SQL. A record may fall in several groups of a to-many dimension; `null` is the group of
    records with no value.
    """
    base = queryset.order_by()
    columns = ["pk", dimension.path]
    if dimension.label_path:
        base = base.annotate(group_label=translated_expression(queryset.model, dimension.label_path))
        columns.append("group_label")
    groups: dict = {}
    labels: dict = {}
    for row in base.values_list(*columns).distinct():
        key = row[1] if row[1] != "" else None
        groups.setdefault(key, set()).add(row[0])
        if dimension.label_path:
            labels[key] = row[2]
        elif dimension.choices:
            labels[key] = dimension.choices.get(key)
    amounts = {row[0]: row[1:] for row in base.values_list("pk", *measures).distinct()} if measures else {}
    rows = []
    for key, members in groups.items():
        row = {"key": key, "label": labels.get(key, key), "records": len(members)}
        for position, measure in enumerate(measures):
            known = [amounts[pk][position] for pk in members if amounts[pk][position] is not None]
            row[measure] = sum(known) if known else None
            row[f"{measure}_reported"] = len(known)
        rows.append(row)
    rows.sort(key=lambda row: (row["key"] is None, str(row["key"])))
    return rows
