"""ICU collations for alphabetical order in Kazakh, Russian and English (see regionapi/core/collation.py).

PostgreSQL only: SQLite connections get collations of the same names when they open.
"""
from django.db import migrations

from regionapi.core.collation import ICU_LOCALES, collation_name


def create_collations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language, locale in ICU_LOCALES.items():
        schema_editor.execute(
            f'CREATE COLLATION IF NOT EXISTS "{collation_name(language)}" '
            f"(provider = icu, locale = '{locale}', deterministic = false)"
        )


def drop_collations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in ICU_LOCALES:
        schema_editor.execute(f'DROP COLLATION IF EXISTS "{collation_name(language)}"')


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0008_loaded_records"),
    ]

    operations = [migrations.RunPython(create_collations, drop_collations, elidable=False)]
