"""Search that finds a record in any script and spelling: conditions over the folded `search_text` columns.

Every condition is answered from an index (see `regionapi.core.search_index`): each word is `pk IN` the union
of one subquery per searched path, so each table's `LIKE '%term%'` runs where its index can answer it, rather than
ORs over joined tables that only a scan of the searched table can check.
"""

from django.db.models import BooleanField, Expression, F, Q
from django.db.models.lookups import Contains

from regionapi.core.search_index import COLUMN, fts_table, sqlite_trigram_available
from regionapi.core.text import search_terms

# FTS5 answers LIKE from trigrams only for a plain pattern (no ESCAPE clause) with a run of three characters.
LIKE_SPECIAL = ("%", "_", "\\")


class IndexedContains(Contains):
    """`contains` on a `search_text` column, answered by its index: PostgreSQL's trigram GIN index takes the plain
    LIKE; on SQLite the row's key is looked up in the column's FTS5 trigram table. A term FTS5 cannot take (under
    three characters, or with a LIKE wildcard in it) is the plain LIKE, which gives the same rows."""

    lookup_name = "contains"  # the SQL of `contains` wherever the index is not asked directly

    def as_sqlite(self, compiler, connection):
        term = self.rhs
        column = getattr(self.lhs, "target", None)
        if (
            not isinstance(term, str)
            or len(term) < 3
            or any(char in term for char in LIKE_SPECIAL)
            or column is None
            or column.column != COLUMN
            or not sqlite_trigram_available()
        ):
            return super().as_sql(compiler, connection)
        meta = column.model._meta
        key = f"{compiler.quote_name_unless_alias(self.lhs.alias)}.{connection.ops.quote_name(meta.pk.column)}"
        fts = connection.ops.quote_name(fts_table(meta.db_table))
        return f"{key} IN (SELECT rowid FROM {fts} WHERE {fts}.{COLUMN} LIKE %s)", [f"%{term}%"]


class KeyIn(Expression):
    """`key` is among the keys every one of `subqueries` selects.

    Elsewhere `key IN (a) AND key IN (b)`; on PostgreSQL `key = ANY(ARRAY(a INTERSECT b))`, which PostgreSQL runs
    once, first, and then looks its few keys up by index. (Given `IN`, it guesses how many rows a `LIKE` finds, often
    guesses thousands, and then scans and joins whole tables; given two arrays it compares them element by element.)
    A search finds few rows; one that finds many costs an index lookup per row, no more than the scan it avoids."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, key, *subqueries):
        super().__init__()
        self.key = F(key) if isinstance(key, str) else key
        self.subqueries = list(subqueries)
        # Built now, while they are QuerySets; the database decides which one the SQL uses.
        self.common = subqueries[0].intersection(*subqueries[1:]) if len(subqueries) > 1 else subqueries[0]

    def get_source_expressions(self):
        return [self.key, self.common, *self.subqueries]

    def set_source_expressions(self, expressions):
        self.key, self.common, *self.subqueries = expressions

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        resolved = self.copy()
        resolved.set_source_expressions(
            [
                item.resolve_expression(query, allow_joins, reuse, summarize, for_save)
                for item in self.get_source_expressions()
            ]
        )
        return resolved

    def as_sql(self, compiler, connection):
        key, params = compiler.compile(self.key)
        if connection.vendor == "postgresql":
            sql, common_params = compiler.compile(self.common)
            return f"{key} = ANY(ARRAY{sql})", (*params, *common_params)
        parts, all_params = [], []
        for subquery in self.subqueries:
            sql, subquery_params = compiler.compile(subquery)
            parts.append(f"{key} IN {sql}")
            all_params += [*params, *subquery_params]
        return " AND ".join(parts), tuple(all_params)


def _rows(model, parts: list[str], terms: set[str]):
    """Rows of `model` whose column at the lookup path `parts` contains one of `terms`: a relation is followed by
    `IN (subquery)` on its own table (no join), so each table's condition meets its own index."""
    manager = model._base_manager
    if len(parts) == 1:
        if parts[0] == COLUMN:
            return manager.filter(Q(*(IndexedContains(F(COLUMN), term) for term in terms), _connector=Q.OR))
        return manager.filter(Q(*(Q(**{f"{parts[0]}__contains": term}) for term in terms), _connector=Q.OR))
    field = model._meta.get_field(parts[0])
    related = _rows(field.related_model, parts[1:], terms).order_by()
    if field.one_to_many:  # a reverse foreign key: the related rows name their record
        return manager.filter(KeyIn("pk", related.values(field.field.attname)))
    return manager.filter(KeyIn(field.name, related.values("pk")))


def _keys(model, path: str, terms: set[str]):
    """Primary keys of the rows of `model` whose column at `path` contains one of `terms`."""
    parts = path.split("__")
    field = model._meta.get_field(parts[0])
    if len(parts) > 1 and field.one_to_many:  # the related rows' own foreign key holds the keys: no outer table
        return _rows(field.related_model, parts[1:], terms).order_by().values(field.field.attname)
    return _rows(model, parts, terms).order_by().values("pk")


def search_filter(model, value: str, *paths: str) -> Q:
    """Rows of `model` whose `search_text` (at any of `paths`, e.g. "indicator__search_text") holds every word of
    `value`, as typed (folded) or by its Latin sound key, so any script and spelling finds the same rows.

    Each word is the UNION of one subquery per path, and the row's key must be in each word's: a row is never
    repeated and no DISTINCT is needed."""
    words = []
    for word in value.split():
        terms = search_terms(word)
        if terms:
            keys = [_keys(model, path, terms) for path in paths]
            words.append(keys[0].union(*keys[1:]) if len(keys) > 1 else keys[0])
    return Q(KeyIn("pk", *words)) if words else Q()
