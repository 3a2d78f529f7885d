"""Search that finds a record in any script and spelling: conditions over the folded `search_text` columns."""

from django.db.models import Q

from regionapi.core.text import search_terms


def search_filter(value: str, *paths: str) -> Q:
    """Rows whose `search_text` (at any of `paths`, e.g. "indicator__search_text") holds every word of
    `value`, as typed (folded) or by its Latin sound key, so any script and spelling finds the same rows."""
    condition = Q()
    for word in value.split():
        condition &= Q(
            *(Q(**{f"{path}__contains": term}) for path in paths for term in search_terms(word)), _connector=Q.OR
        )
    return condition
