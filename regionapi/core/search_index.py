"""The indexes behind `search=`: a `LIKE '%word%'` over `search_text` answered from an index, not a table scan.

- PostgreSQL: a GIN index with `pg_trgm`'s `gin_trgm_ops` on every `search_text` column. PostgreSQL uses it for
  the plain `search_text LIKE '%word%'` Django's `contains` writes, for any word of three characters or more.
- SQLite: an FTS5 table with the `trigram` tokenizer (SQLite 3.34+) over each `search_text` column, with
  external content (it stores no second copy of the text), kept in step by triggers on the table. FTS5 answers
  `LIKE '%word%'` from its trigrams and checks the pattern on the rows it finds, with SQLite's own LIKE, so the
  rows are exactly those a plain LIKE gives. `regionapi.core.search` asks it through `rowid IN (...)`.

`SearchIndex(model_name)` is the migration operation that creates both (each a no-op on the other database). It
changes no model state: the index is not a `Meta.indexes` entry, since operator classes and virtual tables exist
on one database only, so `makemigrations` never sees it. A migration that rebuilds a table on SQLite (Django
copies the table, dropping its triggers) would leave the FTS table behind; `ensure_search_indexes` (run after
every `migrate`) puts back what is missing and refills the index it had to repair.
"""

import functools
import sqlite3

from django.db import connections
from django.db.migrations.operations.base import Operation

COLUMN = "search_text"


@functools.cache
def sqlite_trigram_available() -> bool:
    """Whether the SQLite library Python uses has FTS5 with the trigram tokenizer (3.34+, FTS5 compiled in)."""
    try:
        with sqlite3.connect(":memory:") as probe:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(text, tokenize='trigram')")
    except sqlite3.Error:
        return False
    return True


def fts_table(db_table: str) -> str:
    """The SQLite FTS5 table indexing `db_table`'s search text."""
    return f"{db_table}_fts"


def trigram_index(db_table: str) -> str:
    """The PostgreSQL trigram index on `db_table`'s search text."""
    return f"{db_table}_search_trgm"


def _sqlite_triggers(db_table: str, pk: str) -> dict[str, str]:
    fts = fts_table(db_table)
    insert = f'INSERT INTO "{fts}"(rowid, {COLUMN}) VALUES (new."{pk}", new.{COLUMN});'
    delete = f'INSERT INTO "{fts}"("{fts}", rowid, {COLUMN}) VALUES (\'delete\', old."{pk}", old.{COLUMN});'
    return {
        f"{fts}_insert": f'AFTER INSERT ON "{db_table}" BEGIN {insert} END',
        f"{fts}_delete": f'AFTER DELETE ON "{db_table}" BEGIN {delete} END',
        # Only a change of the text (or the key) touches the index: most updates change other columns.
        f"{fts}_update": f'AFTER UPDATE OF "{pk}", {COLUMN} ON "{db_table}" BEGIN {delete} {insert} END',
    }


def _sqlite_schema(cursor, kind: str, names) -> set[str]:
    names = list(names)
    cursor.execute(
        f"SELECT name FROM sqlite_master WHERE type = %s AND name IN ({', '.join(['%s'] * len(names))})",
        [kind, *names],
    )
    return {row[0] for row in cursor.fetchall()}


def create_search_index(connection, db_table: str, pk: str = "id") -> bool:
    """Create what is missing of the search index of `db_table` (whose integer primary key is `pk`); fill it from
    the rows already there. True if anything was created."""
    with connection.cursor() as cursor:
        return _create(connection.vendor, cursor, db_table, pk)


def _create(vendor: str, cursor, db_table: str, pk: str) -> bool:
    if vendor == "postgresql":
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [trigram_index(db_table)])
        if cursor.fetchone():
            return False
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(f'CREATE INDEX "{trigram_index(db_table)}" ON "{db_table}" USING gin ({COLUMN} gin_trgm_ops)')
        return True
    if vendor != "sqlite" or not sqlite_trigram_available():
        return False
    fts = fts_table(db_table)
    triggers = _sqlite_triggers(db_table, pk)
    have_table = bool(_sqlite_schema(cursor, "table", [fts]))
    have_triggers = _sqlite_schema(cursor, "trigger", triggers)
    if have_table and have_triggers == set(triggers):
        return False
    if not have_table:
        cursor.execute(
            f"CREATE VIRTUAL TABLE \"{fts}\" USING fts5({COLUMN}, content='{db_table}', content_rowid='{pk}', "
            "tokenize='trigram')"
        )
    for name, body in triggers.items():
        if name not in have_triggers:
            cursor.execute(f'CREATE TRIGGER "{name}" {body}')
    # Rows written before the index existed, or while a trigger was missing, are indexed now.
    cursor.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')
    return True


def drop_search_index(connection, db_table: str) -> None:
    """Drop the search index of `db_table` (the way back of `create_search_index`); the pg_trgm extension stays."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'DROP INDEX IF EXISTS "{trigram_index(db_table)}"')
        elif connection.vendor == "sqlite":
            for name in _sqlite_triggers(db_table, "id"):
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
            cursor.execute(f'DROP TABLE IF EXISTS "{fts_table(db_table)}"')


class SearchIndex(Operation):
    """Migration operation: index the `search_text` of `model_name` for `search=` (see the module docstring).

    Creates the PostgreSQL trigram index or the SQLite FTS5 table, triggers and contents; no model state changes.
    """

    reduces_to_sql = False
    reversible = True

    def __init__(self, model_name: str):
        self.model_name = model_name

    def deconstruct(self):
        return self.__class__.__name__, [self.model_name], {}

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            create_search_index(schema_editor.connection, model._meta.db_table, model._meta.pk.column)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            drop_search_index(schema_editor.connection, model._meta.db_table)

    def describe(self):
        return f"Index the search text of {self.model_name} (PostgreSQL trigrams, SQLite FTS5)"

    @property
    def migration_name_fragment(self):
        return f"search_index_{self.model_name.lower()}"


def ensure_search_indexes(models, *, using: str = "default") -> list[str]:
    """Put back what is missing of the search index of each of `models` whose index was created (by its
    migration), e.g. triggers a table rebuild on SQLite dropped, and refill it. The tables repaired."""
    connection = connections[using]
    if connection.vendor != "sqlite":  # PostgreSQL keeps an index through every ALTER TABLE
        return []
    repaired = []
    with connection.cursor() as cursor:
        for model in models:
            db_table = model._meta.db_table
            if _sqlite_schema(cursor, "table", [fts_table(db_table)]) and _create(
                "sqlite", cursor, db_table, model._meta.pk.column
            ):
                repaired.append(db_table)
    return repaired
