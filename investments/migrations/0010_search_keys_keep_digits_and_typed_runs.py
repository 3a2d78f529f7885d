# Hand-written: recomputes search_text after a change of regionapi.core.text.latin_key.

from django.db import migrations

from regionapi.core.text import refresh_search_text_migration

# The Latin sound key no longer squeezes digits ("1117" was "17") or a letter typed three or more times running
# ("zzzz" was "z", found in every record with a z): recompute every record's search_text with the new key.
SEARCH_FIELDS = {'Mineral': ('name',), 'GeologicalDeposit': ('name', 'description'), 'ResourceEstimate': ('name',), 'InvestmentProgramme': ('name', 'description'), 'InvestmentProject': ('name', 'description'), 'ProjectMilestone': ('name',), 'IndustrialZone': ('name', 'description')}


class Migration(migrations.Migration):

    dependencies = [
        ('investments', '0009_history_data_version'),
    ]

    operations = [
        migrations.RunPython(refresh_search_text_migration('investments', SEARCH_FIELDS), migrations.RunPython.noop),
    ]
