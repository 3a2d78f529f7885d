"""Text folding for search that behaves the same on SQLite and PostgreSQL.

SQLite's LIKE folds only ASCII letters, so `icontains` cannot find "Сарыарқа" from "сарыарқа".
Instead every searchable record keeps a folded copy of its names (`search_text`) and queries are
folded the same way before a plain `contains` lookup.
"""
import unicodedata


def fold(value: str) -> str:
    """Lower-case, Unicode-normalised form of `value` used for case-insensitive matching."""
    return unicodedata.normalize("NFKC", value or "").casefold()
