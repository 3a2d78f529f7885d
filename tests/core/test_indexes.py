"""Every documented filter and ordering of every list has an index to use: walk each ViewSet's FilterSet, resolve each
filter and sort field to the table and column its SQL compares (through relations; for a to-many path, the column on
the joined table and the join column), and find, in the migrated database itself, an index (primary key, unique, foreign
key, db_index or Meta.indexes) whose leading column it is. A new filter or sort field without one fails here, unless
it is in EXEMPT below with the reason."""

import django_filters
import pytest
from django.db import connection
from django.db.models import ForeignObjectRel, ManyToManyField
from django.db.models.constants import LOOKUP_SEP

from config.urls import API_ROUTERS
from regionapi.core.translation import translated_columns

pytestmark = pytest.mark.django_db

VIEWSETS = [viewset for _namespace, router in API_ROUTERS for _prefix, viewset, _basename in router.registry]

# Filters whose SQL comes from a FilterSet method: the model paths each compares. A new method filter must be added
# here (the test says so), so that its columns are checked too.
METHOD_PATHS = {
    "filter_by_key": lambda filter_, filterset: [filter_.field_name],
    # sector=C: sector_id IN (C) OR sector.parent_id IN (C)
    "filter_by_key_or_parent": lambda filter_, filterset: [filter_.field_name, f"{filter_.field_name}__parent"],
    # One range index on latitude narrows the box; longitude is checked within it. The fallback is the locality's.
    "filter_bbox": lambda filter_, filterset: [
        "latitude",
        *([f"{filterset.point_fallback}__latitude"] if filterset.point_fallback else []),
    ],
    "filter_breakdown": lambda filter_, filterset: ["enterprise", "product", "size_class"],
    "filter_period_after": lambda filter_, filterset: ["period_start"],
    # period_end <= d OR (period_end IS NULL AND period_start <= d): one index on each column
    "filter_period_before": lambda filter_, filterset: ["period_end", "period_start"],
    # EXISTS (a flag of the figure IN (...)): the flag table's (flag, observation) index
    "filter_flag": lambda filter_, filterset: [filter_.field_name],
    "filter_vintage": lambda filter_, filterset: ["released_on"],  # known_as_of: released by the day
}

# (FilterSet, parameter) -> why no index is needed. `search` everywhere: its own trigram/FTS index (the search work).
EXEMPT = {
    ("InstitutionFilterSet", "dual_training"): "a boolean (true, false, unknown): an index would not be selective",
}
# Classifications of fixed size, read whole: a scan of a few dozen rows is what any plan does, index or not.
BOUNDED = {
    "Region": "ISO 3166-2:KZ: 17 regions, 3 cities and their former shapes, about 25 rows",
    "Sector": "OKED sections and divisions: 21 + 88 codes",
    "Mineral": "mineral commodities: tens of rows",
}
SEARCH_REASON = "search_text has its own trigram/full-text index"
# `ordering=name` (or title) sorts the request language's text with its fallback, in that language's ICU collation
# (regionapi/core/collation.py): no index on a column serves that expression. An index with the collation would make
# the SQLite file unreadable without the app's collations (`no such collation sequence` on any SELECT, checked), and
# on PostgreSQL would take one expression index per language whose fallback order follows DJANGO_LANGUAGE_CODE. The
# default order (Meta.ordering) by a translated name is a plain column per language and is indexed.
TRANSLATED_SORT_REASON = "a translated text sorts by an ICU collation over its fallback: see TRANSLATED_SORT_REASON"

LOOKUPS = {"exact", "iexact", "in", "gt", "gte", "lt", "lte", "year", "isnull", "range"}


def columns_of(model, path: str) -> list[tuple[str, str]]:
    """The (table, column) pairs the SQL of a filter or ordering on `path` compares: the column at the end, and
    for each to-many step the join column on the joined table."""
    found = []
    parts = [part for part in path.split(LOOKUP_SEP) if part not in LOOKUPS]
    for position, part in enumerate(parts):
        last = position == len(parts) - 1
        field = model._meta.get_field("pk" if part == "pk" else part)
        if isinstance(field, ManyToManyField):  # a forward many-to-many: the through table's two keys
            through = field.remote_field.through
            found.append((through._meta.db_table, field.m2m_column_name()))
            if last:
                found.append((through._meta.db_table, field.m2m_reverse_name()))
            model = field.related_model
        elif isinstance(field, ForeignObjectRel):  # a reverse relation: the other table's key to this one
            if field.many_to_many:
                through = field.through
                found.append((through._meta.db_table, field.field.m2m_reverse_name()))
                if last:
                    found.append((through._meta.db_table, field.field.m2m_column_name()))
            else:
                found.append((field.related_model._meta.db_table, field.field.column))
            model = field.related_model
        elif last:
            found.append((model._meta.db_table, field.column))
        else:  # a forward foreign key, followed by a join on the other table's primary key
            found.append((model._meta.db_table, field.column))
            model = field.related_model
    return found


def ordering_columns(model, path: str, *, default: bool) -> list[tuple[str, str]] | str:
    """The columns of a sort on `path`, or the reason none is needed. The default order (Meta.ordering) of a
    translated name is the request language's column (modeltranslation rewrites `name` to `name_kk`...); an
    `ordering=` over one is an ICU-collated expression."""
    *relations, name = path.lstrip("-").split(LOOKUP_SEP)
    target = model
    for relation in relations:
        target = target._meta.get_field(relation).related_model
    per_language = translated_columns(target).get(name)
    if per_language is None:
        return columns_of(model, path.lstrip("-"))
    if not default:
        return TRANSLATED_SORT_REASON
    prefix = LOOKUP_SEP.join(relations)
    return [
        pair
        for column in per_language
        for pair in columns_of(model, f"{prefix}{LOOKUP_SEP}{column}" if prefix else column)
    ]


def filter_columns(filterset, name, filter_) -> list[tuple[str, str]] | str:
    """The columns a filter of `filterset` compares, or the reason none is needed."""
    model = filterset._meta.model
    if (type(filterset).__name__, name) in EXEMPT:
        return EXEMPT[type(filterset).__name__, name]
    if name == "search":
        return SEARCH_REASON
    if filter_.method is not None:
        method = filter_.method if isinstance(filter_.method, str) else filter_.method.__name__
        if method not in METHOD_PATHS:
            raise AssertionError(
                f"{type(filterset).__name__}.{name}: say in METHOD_PATHS which columns {method} compares"
            )
        return [pair for path in METHOD_PATHS[method](filter_, filterset) for pair in columns_of(model, path)]
    return columns_of(model, filter_.field_name)


def leading_columns() -> dict[str, set[str]]:
    """{table: the first column of each of its indexes}, read from the migrated database."""
    leading = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            constraints = connection.introspection.get_constraints(cursor, table)
            leading[table] = {
                info["columns"][0]
                for info in constraints.values()
                if info["columns"] and (info["index"] or info["unique"] or info["primary_key"])
            }
    return leading


def unindexed(filterset_class, leading) -> list[str]:
    """What of a FilterSet's filters, sort fields and its model's default order no index leads with."""
    filterset = filterset_class()
    model = filterset._meta.model
    if model.__name__ in BOUNDED:
        return []
    wanted = []  # (what, columns or a reason)
    for name, filter_ in filterset.filters.items():
        if isinstance(filter_, django_filters.OrderingFilter):
            for param, field in filter_.param_map.items():
                wanted.append((f"ordering={param}", ordering_columns(model, field, default=False)))
        else:
            wanted.append((name, filter_columns(filterset, name, filter_)))
    ordering = model._meta.ordering
    if ordering:
        wanted.append(("default order", ordering_columns(model, ordering[0], default=True)))
        wanted.append(("default order's tie-breaker", ordering_columns(model, ordering[-1], default=True)))
    missing = []
    for what, columns in wanted:
        if isinstance(columns, str):
            continue
        for table, column in columns:
            if column not in leading.get(table, set()):
                missing.append(f"{filterset_class.__name__} {what}: no index on {table}.{column} leads with it")
    return missing


def test_every_filter_and_ordering_has_an_index():
    leading = leading_columns()
    missing = [problem for viewset in VIEWSETS for problem in unindexed(viewset.filterset_class, leading)]
    assert missing == []


def test_a_filter_or_ordering_without_an_index_is_found():
    """The check above can fail: a synthetic FilterSet over columns nothing indexes is reported, each of them."""
    from investments.models import InvestmentProject
    from regionapi.core.filters import RegionapiFilterSet, StableOrderingFilter

    class SyntheticFilterSet(RegionapiFilterSet):
        until = django_filters.NumberFilter(field_name="planned_investment_until", label="Synthetic.")
        milestone_status = django_filters.CharFilter(field_name="milestones__status", label="Synthetic, to-many.")
        ordering = StableOrderingFilter(fields=("quote",), label="Synthetic.")

        class Meta:
            model = InvestmentProject
            fields = ()

    # In any order: `ordering` is declared by the base of every FilterSet, so it comes first (regionapi.core.filters).
    assert sorted(unindexed(SyntheticFilterSet, leading_columns())) == [
        "SyntheticFilterSet milestone_status: no index on investments_projectmilestone.status leads with it",
        "SyntheticFilterSet ordering=quote: no index on investments_investmentproject.quote leads with it",
        "SyntheticFilterSet until: no index on investments_investmentproject.planned_investment_until leads with it",
    ]


def test_a_method_filter_must_say_what_it_compares():
    from indicators.models import Locality
    from regionapi.core.filters import RegionapiFilterSet

    class SyntheticFilterSet(RegionapiFilterSet):
        odd = django_filters.CharFilter(method="filter_odd", label="Synthetic.")

        class Meta:
            model = Locality
            fields = ()

        def filter_odd(self, queryset, name, value):
            return queryset

    with pytest.raises(AssertionError, match="filter_odd"):
        unindexed(SyntheticFilterSet, leading_columns())


def test_columns_of_follows_relations_to_the_joined_table():
    from investments.models import GeologicalDeposit, InvestmentProject

    assert columns_of(InvestmentProject, "participants__role") == [
        ("investments_projectparticipant", "project_id"),
        ("investments_projectparticipant", "role"),
    ]
    assert columns_of(GeologicalDeposit, "minerals") == [
        ("investments_geologicaldeposit_minerals", "geologicaldeposit_id"),
        ("investments_geologicaldeposit_minerals", "mineral_id"),
    ]
    assert columns_of(InvestmentProject, "sector__parent") == [
        ("investments_investmentproject", "sector_id"),
        ("indicators_sector", "parent_id"),
    ]
