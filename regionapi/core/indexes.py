"""Indexes for what lists filter and sort on, declared in each model's Meta.indexes with these helpers so that the names
follow one pattern. tests/core/test_indexes.py checks that every documented filter and sort field of every list has an
index that leads with its column."""

from django.conf import settings
from django.db import models


def column_indexes(prefix: str, *fields: str) -> list[models.Index]:
    """One index per filtered or sorted column, `<prefix>_<field>_idx`: equality and range filters, and `ordering=`
    with a page limit, read it in order instead of sorting the whole table (the primary key breaks ties after it)."""
    return [models.Index(fields=[field], name=f"{prefix}_{field.lstrip('-')}_idx") for field in fields]


def name_order_indexes(prefix: str, field: str = "name") -> list[models.Index]:
    """For a default order (Meta.ordering) by a translated text, then id: modeltranslation sorts by the request
    language's column (`name_ru` under `?lang=ru`), so each language's column leads an index of its own."""
    return [
        models.Index(fields=[f"{field}_{code}", "id"], name=f"{prefix}_{field}_{code}_idx")
        for code, _name in settings.LANGUAGES
    ]


def point_index(prefix: str) -> models.Index:
    """For `bbox=`: the latitude range narrows the rows in the index, the longitude is checked within it."""
    return models.Index(fields=["latitude", "longitude"], name=f"{prefix}_point_idx")


def updated_at_index(prefix: str) -> models.Index:
    """For `updated_after=` and `ordering=updated_at`, which every list has (regionapi/core/filters.py): the range
    is read in order, the primary key breaking ties as the ordering does."""
    return models.Index(fields=["updated_at", "id"], name=f"{prefix}_updated_at_idx")
