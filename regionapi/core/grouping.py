"""Group-by machinery: the documented dimensions a resource is summarised by, and the counts and totals per group."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    DecimalField,
    F,
    IntegerField,
    Max,
    QuerySet,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import Cast, NullIf, Round

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
        {
            "key": row[field] or None,
            "label": str(labels[row[field]]) if row[field] in labels else None,
            "records": row["records"],
        }
        for row in rows
    ]


def records_summarize(queryset: QuerySet, *, dimension: Dimension, measures: tuple[str, ...]) -> list[dict]:
    """Count and sum `measures` per group of `dimension`, over the records of `queryset` (its filters apply).

    One GROUP BY in the database, whatever the size. A record may fall in several groups of a to-many dimension
    (mineral, participant country) but counts once in each: the groups are then taken over the distinct (group,
    record) pairs, so totals stay exact. `null` is the group of records with no value (or an empty one).
    """
    model = queryset.model
    key = F(dimension.path)
    if isinstance(field_at(model, dimension.path), (CharField, TextField)):
        key = NullIf(key, Value(""))  # an empty text is "not recorded", like null
    label = translated_expression(model, dimension.label_path) if dimension.label_path else None
    exact = connections[queryset.db].vendor == "sqlite"  # SQLite sums decimals as floats: sum whole cents there
    amounts = {measure: _summable(model, measure, exact) for measure in measures}
    if to_many(model, dimension.path):
        rows = _grouped_pairs(queryset, key, label, amounts)
    else:
        aggregates = {"records": Count("pk")}
        if label is not None:
            aggregates["group_label"] = Max(label)
        for index, measure in enumerate(measures):  # aliased: an annotation may not take a field's name
            aggregates[f"total_{index}"] = Sum(amounts[measure])
            aggregates[f"reported_{index}"] = Count(measure)
        rows = [
            {
                **row,
                **{measure: row[f"total_{index}"] for index, measure in enumerate(measures)},
                **{f"{measure}_reported": row[f"reported_{index}"] for index, measure in enumerate(measures)},
            }
            for row in queryset.order_by().annotate(group_key=key).values("group_key").annotate(**aggregates)
        ]
    result = []
    for row in rows:
        group = row["group_key"]
        if dimension.label_path:
            shown = row["group_label"]
        elif dimension.choices:
            shown = dimension.choices.get(group)
        else:
            shown = group
        summary = {"key": group, "label": shown, "records": row["records"]}
        for measure in measures:
            summary[measure] = _typed(model, measure, row[measure], exact) if row[f"{measure}_reported"] else None
            summary[f"{measure}_reported"] = row[f"{measure}_reported"]
        result.append(summary)
    result.sort(key=lambda row: (row["key"] is None, str(row["key"])))
    return result


def _grouped_pairs(queryset: QuerySet, key, label, amounts: dict) -> list[dict]:
    """GROUP BY over the distinct (group, record) pairs: SELECT ... FROM (SELECT DISTINCT key, record, ...) GROUP BY key."""
    measures = list(amounts)
    label = label if label is not None else Value(None, output_field=CharField())
    values = {"group_key": key, "group_label": label, "record": F("pk")}
    values.update({f"measure_{index}": amounts[measure] for index, measure in enumerate(measures)})
    # Named in annotate(), then picked by name: django-modeltranslation's values() adds every column when given
    # only expressions.
    pairs = queryset.order_by().annotate(**values).values(*values).distinct()
    try:
        inner, params = pairs.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:  # a filter that can match nothing
        return []
    connection = connections[queryset.db]
    name = connection.ops.quote_name
    columns = [f"{name('group_key')}", f"MAX({name('group_label')})", "COUNT(*)"]
    for index, _measure in enumerate(measures):
        columns += [f"SUM({name(f'measure_{index}')})", f"COUNT({name(f'measure_{index}')})"]
    # Only fixed, quoted aliases go into the text; every value is a parameter.
    sql = f"SELECT {', '.join(columns)} FROM ({inner}) pairs GROUP BY {name('group_key')}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    names = ["group_key", "group_label", "records", *(f"{m}{suffix}" for m in measures for suffix in ("", "_reported"))]
    return [dict(zip(names, row, strict=True)) for row in fetched]


def _summable(model, measure: str, exact: bool):
    """What to sum for `measure`: the column, or (`exact`, for decimals) the column in whole units of its last
    decimal place, so the database adds integers."""
    field = model._meta.get_field(measure)
    if exact and isinstance(field, DecimalField):
        return Cast(Round(F(measure) * 10**field.decimal_places), BigIntegerField())
    return F(measure)


def _typed(model, measure: str, total, exact: bool):
    """A total in its field's type (see `_summable`)."""
    field = model._meta.get_field(measure)
    if isinstance(field, DecimalField):
        if exact:
            return Decimal(int(total)).scaleb(-field.decimal_places)
        return total if isinstance(total, Decimal) else Decimal(str(total))
    if isinstance(field, IntegerField):
        return int(total)
    return total


def field_at(model, path: str):
    """The model field a lookup path (e.g. "participants__enterprise__country") ends at."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def to_many(model, path: str) -> bool:
    """Whether a relation path (e.g. "participants__enterprise") can reach several records from one row."""
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False
