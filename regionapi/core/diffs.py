"""What a write changes (its diff): the stored values of a record and the columns a write really changes. Not the
change feed (feed.py), which lists the changes once written."""

from regionapi.core.translation import data_language, translated_columns

# Columns a record keeps up to date itself: never compared, never "changed" by a write.
DERIVED_COLUMNS = frozenset({"created_at", "updated_at", "search_text"})


def stored_values(instance) -> dict:
    """{column attname: value} of the columns a write sets, as a save would write them: derived columns (see
    DERIVED_COLUMNS) and the base columns of translated fields (which mirror the data language's, see
    `data_language`) left out."""
    model = type(instance)
    skipped = DERIVED_COLUMNS | set(translated_columns(model))
    with data_language():
        return {
            field.attname: getattr(instance, field.attname)
            for field in model._meta.concrete_fields
            if not field.primary_key and field.attname not in skipped
        }


def changed_columns(instance, original: dict) -> list[str]:
    """The columns of `instance` whose value differs from `original` (a `stored_values` snapshot). For a text,
    empty and null both mean "unknown": writing back an unknown text that was read as null changes nothing, and
    such a column gets its stored value back in memory too, so the history row shows what the database holds."""
    changed = []
    for name, value in stored_values(instance).items():
        if _unknown_as_empty(original.get(name)) != _unknown_as_empty(value):
            changed.append(name)
        elif value != original.get(name):
            setattr(instance, name, original.get(name))
    return changed


def _unknown_as_empty(value):
    return "" if value is None else value
