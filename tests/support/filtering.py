"""Helpers for testing FilterSets directly, without HTTP."""

from django.http import QueryDict


def keys(filterset_class, query: str, key: str = "slug", among=None) -> set[str]:
    """Public keys of the rows a FilterSet keeps for a query string; fails on an invalid filter.

    `among` (a queryset of the FilterSet's model) limits the rows filtered to those a test made, so that the seed's
    rows never change the expected answer; by default every row is filtered."""
    model = filterset_class._meta.model
    queryset = model.objects.all() if among is None else among
    filterset = filterset_class(QueryDict(query), queryset=queryset)
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list(key, flat=True))


def errors(filterset_class, query: str) -> dict:
    model = filterset_class._meta.model
    filterset = filterset_class(QueryDict(query), queryset=model.objects.all())
    assert not filterset.is_valid()
    return filterset.errors
