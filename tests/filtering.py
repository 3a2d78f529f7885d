"""Helpers for testing FilterSets directly, without HTTP."""
from django.http import QueryDict


def keys(filterset_class, query: str, key: str = "slug") -> set[str]:
    """Public keys of the rows a FilterSet keeps for a query string; fails on an invalid filter."""
    model = filterset_class._meta.model
    filterset = filterset_class(QueryDict(query), queryset=model.objects.all())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list(key, flat=True))


def errors(filterset_class, query: str) -> dict:
    model = filterset_class._meta.model
    filterset = filterset_class(QueryDict(query), queryset=model.objects.all())
    assert not filterset.is_valid()
    return filterset.errors
