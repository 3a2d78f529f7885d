# Indexes behind search=: PostgreSQL trigram GIN indexes, SQLite FTS5 trigram tables (regionapi.core.search_index).

from django.db import migrations

from regionapi.core.search_index import SearchIndex


class Migration(migrations.Migration):
    dependencies = [("investments", "0005_inferred")]

    operations = [
        SearchIndex("IndustrialZone"),
        SearchIndex("InvestmentProgramme"),
        SearchIndex("InvestmentProject"),
        SearchIndex("ProjectMilestone"),
        SearchIndex("Mineral"),
        SearchIndex("GeologicalDeposit"),
        SearchIndex("ResourceEstimate"),
    ]
