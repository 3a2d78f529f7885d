"""Alphabetical order in each API language, the same on PostgreSQL and SQLite.

PostgreSQL sorts with ICU collations created by migration 0009_collations: `regionapi_kk`, `regionapi_ru`, `regionapi_en`
(locale `<lang>-u-ka-shifted-ks-level2`, non-deterministic). On PG 15 these give, checked with real queries:

- Kazakh: А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У Ұ Ү Ф Х Һ Ц Ч Ш Щ Ъ Ы І Ь Э Ю Я, with Ё a letter
  of its own; Cyrillic before Latin.
- Russian and English (CLDR root order for Cyrillic): Ё is Е with a secondary difference (Ель before Ёлка only
  when the rest is equal), І after И, Ү before Ұ, the other Kazakh letters after their base letter. Russian
  puts Cyrillic before Latin, English Latin before Cyrillic.
- Digits first; case is ignored (`ks-level2`); spaces and punctuation are ignored (`ka-shifted`), so
  «Сарыарқа» sorts under С and "Ак Су" next to "Акбота".

SQLite has no ICU. The collations of the same names are registered on each SQLite connection and implemented
here by hand, with an alphabet table per language: no ICU binding on PyPI ships as a pure wheel (PyICU needs
the system's libicu and a compiler), and this project avoids compiled dependencies. The table reproduces what
ICU does for Cyrillic, Latin and digits; other scripts sort after them by code point.
"""

import unicodedata
from functools import cmp_to_key

COLLATION_PREFIX = "regionapi_"
ICU_LOCALES = {"kk": "kk-u-ka-shifted-ks-level2", "ru": "ru-u-ka-shifted-ks-level2", "en": "en-u-ka-shifted-ks-level2"}

KAZAKH = "а ә б в г ғ д е ё ж з и й к қ л м н ң о ө п р с т у ұ ү ф х һ ц ч ш щ ъ ы і ь э ю я"
# CLDR root order of Cyrillic, which ICU's Russian and English follow; ё is е at the first level.
CYRILLIC_ROOT = "а ә б в г ғ д е ж з и і й к қ л м н ң о ө п р с т у ү ұ ф х һ ц ч ш щ ъ ы ь э ю я"
SECONDARY = {"ё": ("е", 1)}  # letters equal to another at the first level, told apart at the second
LATIN = "abcdefghijklmnopqrstuvwxyz"

# Ranks of scripts: digits, then the language's own script, then the other.
DIGITS, FIRST, SECOND, OTHER = range(4)


def _table(language: str) -> dict[str, tuple[int, int, int]]:
    """{letter: (script rank, position, secondary weight)} for one language."""
    cyrillic = KAZAKH if language == "kk" else CYRILLIC_ROOT
    cyrillic_rank, latin_rank = (SECOND, FIRST) if language == "en" else (FIRST, SECOND)
    table = {letter: (cyrillic_rank, position, 0) for position, letter in enumerate(cyrillic.split())}
    table.update({letter: (latin_rank, position, 0) for position, letter in enumerate(LATIN)})
    if language != "kk":
        for letter, (base, weight) in SECONDARY.items():
            table[letter] = (*table[base][:2], weight)
    return table


TABLES = {language: _table(language) for language in ICU_LOCALES}


def sort_key(text: str, language: str) -> tuple[tuple, tuple]:
    """What ICU compares, level by level: the letters (first level), then their accents (second level)."""
    table = TABLES[language]
    primary, secondary = [], []
    for char in unicodedata.normalize("NFC", text or "").casefold():
        category = unicodedata.category(char)
        if category[0] in "PZC":  # punctuation, spaces and controls are ignored, as with ICU's ka-shifted
            continue
        if char in table:
            rank, position, weight = table[char]
        else:
            decomposed = unicodedata.normalize("NFD", char)
            base, accents = decomposed[0], decomposed[1:]
            if base in table and accents:  # é is e with an accent: equal at the first level
                rank, position, _weight = table[base]
                weight = sum(ord(accent) for accent in accents)
            elif char.isdigit():
                rank, position, weight = DIGITS, unicodedata.digit(char, 0), 0
            else:
                rank, position, weight = OTHER, ord(char), 0
        primary.append((rank, position))
        secondary.append(weight)
    return tuple(primary), tuple(secondary)


def compare(language: str):
    """A SQLite collation function for `language`: -1, 0 or 1, like ICU's non-deterministic comparison."""

    def collate(left: str, right: str) -> int:
        left_key, right_key = sort_key(left, language), sort_key(right, language)
        return (left_key > right_key) - (left_key < right_key)

    return collate


def collation_name(language: str) -> str:
    return f"{COLLATION_PREFIX}{language}"


def sorted_names(names, language: str) -> list[str]:
    """`names` in the language's alphabetical order (for tests and scripts)."""
    return sorted(names, key=cmp_to_key(compare(language)))


def register_sqlite_collations(sender, connection, **kwargs):
    """connection_created receiver: give each SQLite connection the collations PostgreSQL has from migration."""
    if connection.vendor != "sqlite":
        return
    for language in ICU_LOCALES:
        connection.connection.create_collation(collation_name(language), compare(language))


def create_collations(apps, schema_editor):
    """Migration step (RunPython): the ICU collations of ordering=, on PostgreSQL (SQLite has them per connection)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for language, locale in ICU_LOCALES.items():
        schema_editor.execute(
            f'CREATE COLLATION IF NOT EXISTS "{collation_name(language)}" '
            f"(provider = icu, locale = '{locale}', deterministic = false)"
        )


def drop_collations(apps, schema_editor):
    """The reverse of create_collations."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in ICU_LOCALES:
        schema_editor.execute(f'DROP COLLATION IF EXISTS "{collation_name(language)}"')
