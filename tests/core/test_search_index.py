"""`search=` answered from indexes: PostgreSQL trigram GIN indexes, SQLite FTS5 trigram tables kept in step by
triggers (regionapi/core/search_index.py), with the same rows as a plain LIKE over every searched path."""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Q

from indicators.models import Enterprise, Region, SearchableModel
from investments.filtersets import InvestmentProjectFilterSet
from investments.models import InvestmentProject, ProjectMilestone
from regionapi.core.filters import RegionapiFilterSet, related_search_filter
from regionapi.core.search_index import (
    create_search_index,
    drop_search_index,
    ensure_search_indexes,
    fts_table,
    sqlite_trigram_available,
    trigram_index,
)
from regionapi.core.text import search_terms
from tests.support.factories import EnterpriseFactory, InvestmentProjectFactory, ProjectMilestoneFactory

pytestmark = pytest.mark.django_db

SEARCHABLE = [model for model in apps.get_models() if issubclass(model, SearchableModel)]
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram index")


def filtersets():
    """Every FilterSet of the API, each with its model and search paths."""
    found, pending = [], list(RegionapiFilterSet.__subclasses__())
    while pending:
        filterset = pending.pop()
        pending += filterset.__subclasses__()
        if getattr(filterset._meta, "model", None) is not None:
            found.append(filterset)
    return sorted(found, key=lambda filterset: filterset.__name__)


def plain_like(model, value, columns, relations):
    """The rows the search found before it had indexes: ORed `contains` over joined paths."""
    paths = [*columns, *(f"{relation}__search_text" for relation in relations)]
    condition = Q()
    for word in value.split():
        terms = search_terms(word)
        condition &= Q(*(Q(**{f"{path}__contains": term}) for path in paths for term in terms), _connector=Q.OR)
    return set(model._base_manager.filter(condition).values_list("pk", flat=True))


def fts_rows(model, term):
    with connection.cursor() as cursor:
        table = fts_table(model._meta.db_table)
        cursor.execute(f'SELECT rowid FROM "{table}" WHERE search_text LIKE %s', [f"%{term}%"])
        return {row[0] for row in cursor.fetchall()}


def assert_in_step(model):
    """FTS5 compares its index with the table's rows and raises if they differ."""
    table = fts_table(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f'INSERT INTO "{table}"("{table}", rank) VALUES (\'integrity-check\', 1)')


# Cyrillic, Kazakh, Latin spellings and sound keys; short words and LIKE wildcards, which no index takes.
WORDS = [
    "Қарағанды",
    "Караганда",
    "Qaraghandy",
    "karaganda",
    "сарыарқа",
    "QARMET",
    "steel",
    "металлургический",
    "завод",
    "gold",
    "welding",
    "test partner",
    "Temirtau",
    "Теміртау",
    "ao",
    "к",
    "1",
    "50%",
    "a_b",
    "100\\",
    "нет-такого-слова",
]


@pytest.mark.parametrize("filterset", filtersets(), ids=lambda filterset: filterset.__name__)
def test_search_finds_the_rows_a_plain_like_finds(filterset, more_rows):
    model = filterset._meta.model
    for word in WORDS:
        condition = related_search_filter(model, word, filterset.search_columns, filterset.search_relations)
        found = set(model._base_manager.filter(condition).values_list("pk", flat=True))
        assert found == plain_like(model, word, filterset.search_columns, filterset.search_relations), word


def test_the_comparison_can_tell_rows_apart():
    """The seed has rows a Cyrillic word finds and rows it does not, so the comparison above can fail."""
    found = plain_like(Region, "Қарағанды", ("search_text",), ())
    assert found and found != set(Region.objects.values_list("pk", flat=True))


@on_sqlite
def test_every_searchable_table_has_its_fts_table_and_triggers():
    assert sqlite_trigram_available()
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        schema = {(kind, name): table for kind, name, table in cursor.fetchall()}
    for model in SEARCHABLE:
        table = model._meta.db_table
        assert ("table", fts_table(table)) in schema, table
        for action in ("insert", "update", "delete"):
            assert schema.get(("trigger", f"{fts_table(table)}_{action}")) == table
        assert_in_step(model)  # everything the seed load wrote is indexed


@on_postgresql
def test_every_searchable_column_has_a_trigram_index():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexname, indexdef FROM pg_indexes")
        indexes = {name: (table, definition) for table, name, definition in cursor.fetchall()}
    for model in SEARCHABLE:
        table, definition = indexes[trigram_index(model._meta.db_table)]
        assert table == model._meta.db_table
        assert "USING gin (search_text gin_trgm_ops)" in definition


def project_search_sql(value):
    queryset = InvestmentProject.objects.filter(
        related_search_filter(InvestmentProject, value, ("search_text",), InvestmentProjectFilterSet.search_relations)
    )
    return queryset.query.sql_with_params()


SEARCHED_TABLES = {
    "investments_investmentproject",
    "indicators_region",
    "indicators_locality",
    "investments_industrialzone",
    "indicators_sector",
    "investments_investmentprogramme",
    "indicators_enterprise",
    "investments_projectmilestone",
}


def test_the_project_search_covers_the_tables_named_here():
    sql, _params = project_search_sql("сарыарқа")
    assert {table for table in SEARCHED_TABLES if f'"{table}"' in sql} == SEARCHED_TABLES


@on_sqlite
def test_sqlite_plan_reads_every_fts_table_and_scans_no_searched_table():
    sql, params = project_search_sql("металлургический Qaraghandy")
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]
    for table in SEARCHED_TABLES:
        # `:L` is FTS5 taking the LIKE constraint from its trigrams
        assert any(re.match(rf"SCAN {fts_table(table)} VIRTUAL TABLE INDEX \d+:L", step) for step in plan), table
    # Every other table is looked up by key or index (SEARCH), none read whole (SCAN); aliases hide names here.
    assert [step for step in plan if step.startswith("SCAN ") and "VIRTUAL TABLE" not in step] == [], plan


@on_sqlite
def test_sqlite_short_words_and_wildcards_use_plain_like():
    for word in ("ao", "50%", "1"):
        sql, _params = project_search_sql(word)
        assert "_fts" not in sql and " LIKE " in sql, word


@on_postgresql
def test_postgresql_plan_uses_every_trigram_index():
    sql, params = project_search_sql("металлургический Qaraghandy")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test tables are small enough to scan
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for table in SEARCHED_TABLES:
        assert trigram_index(table) in plan, table


@on_sqlite
def test_fts_stays_in_step_with_every_write_path(article, karaganda):
    project = InvestmentProjectFactory(name_ru="Квазиглиноземный завод", region=karaganda, source=article)
    assert fts_rows(InvestmentProject, "квазиглинозем") == {project.pk}

    project.name_ru = "Квазицинковый завод"
    project.save(update_fields=["name_ru"])
    assert fts_rows(InvestmentProject, "квазиглинозем") == set()
    assert fts_rows(InvestmentProject, "квазицинк") == {project.pk}

    InvestmentProject.objects.filter(pk=project.pk).update(search_text="ручнойтекст")
    assert fts_rows(InvestmentProject, "квазицинк") == set()
    assert fts_rows(InvestmentProject, "ручнойтекст") == {project.pk}
    InvestmentProject.objects.filter(pk=project.pk).update(jobs=10)  # another column: the index is untouched
    assert fts_rows(InvestmentProject, "ручнойтекст") == {project.pk}

    made = [Enterprise(slug=f"bulk-{index}", name_ru=f"Пакетноетоо {index}", source=article) for index in range(3)]
    for enterprise in made:
        enterprise.search_text = enterprise.build_search_text()
    made = Enterprise.objects.bulk_create(made)
    assert fts_rows(Enterprise, "пакетноетоо") == {enterprise.pk for enterprise in made}
    Enterprise.objects.filter(slug="bulk-0").delete()
    assert fts_rows(Enterprise, "пакетноетоо") == {enterprise.pk for enterprise in made[1:]}

    milestones = [ProjectMilestoneFactory(project=project, name_ru=f"Этапзапуска {index}") for index in range(2)]
    assert fts_rows(ProjectMilestone, "этапзапуска") == {milestone.pk for milestone in milestones}
    project.delete()  # cascades to the milestones
    assert fts_rows(InvestmentProject, "ручнойтекст") == set()
    assert fts_rows(ProjectMilestone, "этапзапуска") == set()

    for model in (InvestmentProject, Enterprise, ProjectMilestone):
        assert_in_step(model)


@on_sqlite
def test_rows_written_before_the_index_are_indexed_by_the_migration(article):
    enterprise = EnterpriseFactory(name_ru="Довоенный комбинат", source=article)
    drop_search_index(connection, Enterprise._meta.db_table)
    later = EnterpriseFactory(name_ru="Довоенный завод", source=article)  # no index, no trigger
    assert create_search_index(connection, Enterprise._meta.db_table)
    assert fts_rows(Enterprise, "довоенный") == {enterprise.pk, later.pk}
    assert_in_step(Enterprise)
    assert not create_search_index(connection, Enterprise._meta.db_table)  # nothing left to create


@on_sqlite
def test_a_table_rebuild_dropping_the_triggers_is_repaired_after_migrate(article):
    """Django rebuilds a SQLite table for many schema changes, and the old table's triggers go with it."""
    table = fts_table(Enterprise._meta.db_table)
    with connection.cursor() as cursor:
        for action in ("insert", "update", "delete"):
            cursor.execute(f'DROP TRIGGER "{table}_{action}"')
    unseen = EnterpriseFactory(name_ru="Потерянное предприятие", source=article)
    assert fts_rows(Enterprise, "потерянное") == set()
    assert ensure_search_indexes([Enterprise, Region]) == [Enterprise._meta.db_table]
    assert fts_rows(Enterprise, "потерянное") == {unseen.pk}
    assert_in_step(Enterprise)
    assert ensure_search_indexes([Enterprise, Region]) == []


def test_search_through_the_api_matches_any_script(api, article, karaganda):
    project = InvestmentProjectFactory(name_ru="Ферросплавный завод «Синтетика»", region=karaganda, source=article)
    for word in ("ферросплавный", "ФЕРРОСПЛАВНЫЙ", "ferrosplavni", "синтетика ферро"):
        body = api("/api/v1/investments/projects/", {"search": word}).json()
        assert [row["slug"] for row in body["results"]] == [project.slug], word
