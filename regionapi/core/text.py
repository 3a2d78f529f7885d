"""Text folding for search that behaves the same on SQLite and PostgreSQL, in any script.

SQLite's LIKE folds only ASCII letters, so `icontains` cannot find "Сарыарқа" from "сарыарқа".
Instead every searchable record keeps a folded copy of its names (`search_text`) and queries are
folded the same way before a plain `contains` lookup.

Beside the folded text, `search_text` holds a Latin *sound key* of every name (`latin_key`): Kazakh and
Russian Cyrillic and the common Latin spellings (English, Kazakh Latin of 2017-2021, ISO 9-like) all
reduce to the same plain letters, so `Qaraghandy`, `Qarağandy`, `Karagandy` and `Қарағанды` meet,
and `Караганда` meets `Karaganda`. The key is deliberately coarse (it is for finding, not spelling).
"""

import re
import unicodedata

# Cyrillic (Kazakh and Russian) letters to plain Latin.
CYRILLIC = {
    "а": "a",
    "ә": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "g",
    "д": "d",
    "е": "e",
    "ё": "io",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "і": "i",
    "к": "k",
    "қ": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "n",
    "о": "o",
    "ө": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "u",
    "ү": "u",
    "ф": "f",
    "х": "h",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sh",
    "ъ": "",
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}
# Latin letters (after folding) whose Kazakh Latin or English spelling stands for one sound key.
LATIN_LETTERS = {
    "ä": "a",
    "á": "a",
    "ğ": "g",
    "ǵ": "g",
    "ı": "i",
    "ñ": "n",
    "ń": "n",
    "ö": "o",
    "ó": "o",
    "ş": "sh",
    "ç": "ch",
    "ū": "u",
    "ü": "u",
    "ú": "u",
    "ý": "u",
    "y": "i",
    "q": "k",
    "j": "zh",
    "w": "v",
    "x": "ks",
    "c": "ts",
}
# Latin digraphs of English spellings, folded before single letters ("Qaraghandy", "Kazakhmys").
LATIN_DIGRAPHS = (("gh", "g"), ("kh", "h"), ("zh", "zh"), ("sh", "sh"), ("ch", "ch"), ("ts", "ts"))
DIGRAPH = re.compile("|".join(pattern for pattern, _key in LATIN_DIGRAPHS))
DIGRAPH_KEYS = dict(LATIN_DIGRAPHS)
# A letter written three or more times running ("zzzz", "qqqq", "www") spells no sound: it stays as typed.
TYPED_RUNS = re.compile(r"([^\W\d_])\1{2,}")
# A doubled letter in the key is one sound ("Akkol" and "Akol", "ий" and "й"). Digits are never squeezed: 777 is not 7.
LETTER_RUNS = re.compile(r"([a-z])\1+")


def fold(value: str) -> str:
    """Lower-case, Unicode-normalised form of `value` used for case-insensitive matching."""
    return unicodedata.normalize("NFKC", value or "").casefold()


def _latin_letter(char: str) -> str:
    if char in CYRILLIC:
        return CYRILLIC[char]
    if char in LATIN_LETTERS:
        return LATIN_LETTERS[char]
    # Other accented Latin letters lose their accents (é -> e).
    base = unicodedata.normalize("NFKD", char)[0]
    return LATIN_LETTERS.get(base, base)


def _spelled_key(text: str) -> str:
    """The key of folded `text` written as a name is: digraphs and letters to their key, doubled letters single."""
    parts = []
    position = 0
    for match in DIGRAPH.finditer(text):
        parts.append("".join(_latin_letter(char) for char in text[position : match.start()]))
        parts.append(DIGRAPH_KEYS[match.group()])
        position = match.end()
    parts.append("".join(_latin_letter(char) for char in text[position:]))
    return LETTER_RUNS.sub(r"\1", re.sub(r"[^a-z0-9]+", " ", "".join(parts)))


def latin_key(value: str) -> str:
    """The sound key of `value`: plain lower-case Latin letters, digits and spaces, doubled letters single.

    Squeezing is for spelling variants only. A run of one letter typed three or more times keeps its length (each
    letter keyed, "qqqq" -> "kkkk"): squeezed, "zzzz" would be "z" and be found in every record with a z in it.
    Digits keep every repeat ("777" is found only where 777 is written)."""
    text = fold(value)
    parts = []
    position = 0
    for match in TYPED_RUNS.finditer(text):
        parts.append(_spelled_key(text[position : match.start()]))
        parts.append(re.sub(r"[^a-z0-9]+", " ", "".join(_latin_letter(char) for char in match.group())))
        position = match.end()
    parts.append(_spelled_key(text[position:]))
    return re.sub(r" +", " ", "".join(parts)).strip()


def search_terms(word: str) -> set[str]:
    """What a query word is looked for as in `search_text`: its folded form and its sound key. A key of one letter
    from a longer word ("zz" -> "z") is left out: it would be found in every record holding that letter."""
    folded, key = fold(word), latin_key(word)
    if len(key) == 1 and len(folded) > 1:
        key = ""
    return {term for term in (folded, key) if term}


def search_text_for(values) -> str:
    """The `search_text` of a record whose names and descriptions are `values`: each folded, then each
    sound key, one per line, without repeats."""
    lines = []
    for value in values:
        for text in (fold(str(value or "")), latin_key(str(value or ""))):
            if text and text not in lines:
                lines.append(text)
    return "\n".join(lines)


def refresh_search_text_migration(
    app_label: str, search_fields: dict[str, tuple[str, ...]], languages=("kk", "ru", "en")
):
    """A RunPython function recomputing `search_text` of the named models (for migrations that change it)."""

    def refresh(apps, schema_editor):
        for model_name, fields in search_fields.items():
            model = apps.get_model(app_label, model_name)
            names = [name for field in fields for name in (field, *(f"{field}_{code}" for code in languages))]
            names = [name for name in names if any(f.attname == name for f in model._meta.concrete_fields)]
            for row in model._base_manager.only(*names):
                text = search_text_for(getattr(row, name) for name in names)
                model._base_manager.filter(pk=row.pk).update(search_text=text)

    return refresh
