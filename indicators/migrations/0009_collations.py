"""ICU collations for alphabetical order in Kazakh, Russian and English (see regionapi/core/collation.py).

PostgreSQL only: SQLite connections get collations of the same names when they open.
"""
from django.db import migrations

from regionapi.core.collation import create_collations, drop_collations


class Migration(migrations.Migration):

    dependencies = [
        ("indicators", "0008_loaded_records"),
    ]

    operations = [migrations.RunPython(create_collations, drop_collations, elidable=False)]
