# Indexes behind search=: PostgreSQL trigram GIN indexes, SQLite FTS5 trigram tables (regionapi.core.search_index).

from django.db import migrations

from regionapi.core.search_index import SearchIndex


class Migration(migrations.Migration):
    dependencies = [("indicators", "0010_regions_over_time_and_licences")]

    operations = [
        SearchIndex("Source"),
        SearchIndex("Region"),
        SearchIndex("Locality"),
        SearchIndex("Sector"),
        SearchIndex("Enterprise"),
        SearchIndex("Product"),
        SearchIndex("Indicator"),
    ]
