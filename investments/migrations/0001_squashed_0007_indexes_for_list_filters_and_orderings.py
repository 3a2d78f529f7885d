# The migrations 0001_initial to 0007_indexes_for_list_filters_and_orderings in one: a fresh database is created
# from this, in seconds instead of rebuilding the model state for each of 7 steps; a database that applied them
# all keeps its history. Their data steps are left out: they recomputed search text and filled columns of
# existing rows, and a fresh database has none.

import django.db.models.deletion
import django.db.models.expressions
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from regionapi.core.search_index import SearchIndex


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("investments", "0001_initial"),
        ("investments", "0002_geo_points_and_headlines"),
        ("investments", "0003_history"),
        ("investments", "0004_translations"),
        ("investments", "0005_inferred"),
        ("investments", "0006_search_indexes"),
        ("investments", "0007_indexes_for_list_filters_and_orderings"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("indicators", "0012_indexes_for_list_filters_and_orderings"),
    ]

    operations = [
        migrations.CreateModel(
            name="Mineral",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("search_text", models.TextField(blank=True, default="", editable=False)),
                (
                    "transliterated",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Translations that are transliterations (no established spelling exists), as field_language, e.g. ["name_en"]. Other translations are established spellings or, for descriptions, translations.',
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True,
                        help_text="The sentence(s) of the source this record comes from, verbatim in the source's language.",
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Fields whose value is the editors\' reading of the source, not its words, e.g. ["status", "sector"]. Every other value is stated by the source; what the source does not give is empty.',
                    ),
                ),
                ("slug", models.SlugField(max_length=60, unique=True)),
                ("name", models.CharField(max_length=100)),
                ("name_kk", models.CharField(max_length=100, null=True)),
                ("name_ru", models.CharField(max_length=100, null=True)),
                ("name_en", models.CharField(max_length=100, null=True)),
                (
                    "group",
                    models.CharField(
                        blank=True,
                        choices=[("rare-earth-metal", "Rare-earth metal")],
                        help_text="Only where a source states it.",
                        max_length=30,
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        help_text="The publication this record comes from.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_set",
                        to="indicators.source",
                    ),
                ),
            ],
            options={
                "ordering": ("slug",),
            },
        ),
        migrations.CreateModel(
            name="GeologicalDeposit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("search_text", models.TextField(blank=True, default="", editable=False)),
                (
                    "transliterated",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Translations that are transliterations (no established spelling exists), as field_language, e.g. ["name_en"]. Other translations are established spellings or, for descriptions, translations.',
                    ),
                ),
                (
                    "latitude",
                    models.DecimalField(
                        blank=True, decimal_places=5, help_text="WGS 84 latitude, degrees.", max_digits=8, null=True
                    ),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True, decimal_places=5, help_text="WGS 84 longitude, degrees.", max_digits=8, null=True
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True,
                        help_text="The sentence(s) of the source this record comes from, verbatim in the source's language.",
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Fields whose value is the editors\' reading of the source, not its words, e.g. ["status", "sector"]. Every other value is stated by the source; what the source does not give is empty.',
                    ),
                ),
                ("slug", models.SlugField(max_length=100, unique=True)),
                ("name", models.CharField(max_length=200)),
                ("name_kk", models.CharField(max_length=200, null=True)),
                ("name_ru", models.CharField(max_length=200, null=True)),
                ("name_en", models.CharField(max_length=200, null=True)),
                ("description", models.TextField(blank=True)),
                ("description_kk", models.TextField(blank=True, null=True)),
                ("description_ru", models.TextField(blank=True, null=True)),
                ("description_en", models.TextField(blank=True, null=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[("deposit", "Deposit"), ("prospective-site", "Prospective site")], max_length=20
                    ),
                ),
                (
                    "exploration_status",
                    models.CharField(
                        choices=[
                            ("in-progress", "Exploration in progress"),
                            ("completed", "Exploration completed"),
                            ("identified", "Identified as promising"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "explorers",
                    models.ManyToManyField(blank=True, related_name="explored_deposits", to="indicators.enterprise"),
                ),
                (
                    "locality",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="deposits",
                        to="indicators.locality",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="deposits", to="indicators.region"
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        help_text="The publication this record comes from.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_set",
                        to="indicators.source",
                    ),
                ),
                ("minerals", models.ManyToManyField(blank=True, related_name="deposits", to="investments.mineral")),
            ],
            options={
                "ordering": ("name", "id"),
                "indexes": [
                    models.Index(fields=["name_kk", "id"], name="deposit_name_kk_idx"),
                    models.Index(fields=["name_ru", "id"], name="deposit_name_ru_idx"),
                    models.Index(fields=["name_en", "id"], name="deposit_name_en_idx"),
                    models.Index(fields=["latitude", "longitude"], name="deposit_point_idx"),
                    models.Index(fields=["kind"], name="deposit_kind_idx"),
                    models.Index(fields=["exploration_status"], name="deposit_exploration_status_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                            models.Q(
                                ("latitude__gte", -90),
                                ("latitude__lte", 90),
                                ("longitude__gte", -180),
                                ("longitude__lte", 180),
                            ),
                            _connector="OR",
                        ),
                        name="investments_geologicaldeposit_point_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["deposit", "prospective-site"])), name="deposit_kind_valid"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("exploration_status__in", ["in-progress", "completed", "identified"])),
                        name="deposit_exploration_status_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalGeologicalDeposit",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                (
                    "transliterated",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Translations that are transliterations (no established spelling exists), as field_language, e.g. ["name_en"]. Other translations are established spellings or, for descriptions, translations.',
                    ),
                ),
                (
                    "latitude",
                    models.DecimalField(
                        blank=True, decimal_places=5, help_text="WGS 84 latitude, degrees.", max_digits=8, null=True
                    ),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True, decimal_places=5, help_text="WGS 84 longitude, degrees.", max_digits=8, null=True
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True,
                        help_text="The sentence(s) of the source this record comes from, verbatim in the source's language.",
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Fields whose value is the editors\' reading of the source, not its words, e.g. ["status", "sector"]. Every other value is stated by the source; what the source does not give is empty.',
                    ),
                ),
                ("slug", models.SlugField(max_length=100)),
                ("name", models.CharField(max_length=200)),
                ("name_kk", models.CharField(max_length=200, null=True)),
                ("name_ru", models.CharField(max_length=200, null=True)),
                ("name_en", models.CharField(max_length=200, null=True)),
                ("description", models.TextField(blank=True)),
                ("description_kk", models.TextField(blank=True, null=True)),
                ("description_ru", models.TextField(blank=True, null=True)),
                ("description_en", models.TextField(blank=True, null=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[("deposit", "Deposit"), ("prospective-site", "Prospective site")], max_length=20
                    ),
                ),
                (
                    "exploration_status",
                    models.CharField(
                        choices=[
                            ("in-progress", "Exploration in progress"),
                            ("completed", "Exploration completed"),
                            ("identified", "Identified as promising"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("admin", "Admin"),
                            ("api", "API"),
                            ("import", "Import"),
                            ("seed", "Seed data"),
                            ("system", "System"),
                        ],
                        default="system",
                        max_length=10,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "locality",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.locality",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.region",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The publication this record comes from.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.source",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical geological deposit",
                "verbose_name_plural": "historical geological deposits",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalGeologicalDeposit_explorers",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "enterprise",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.enterprise",
                    ),
                ),
                (
                    "geologicaldeposit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="investments.geologicaldeposit",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="investments.historicalgeologicaldeposit",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalGeologicalDeposit_explorers",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalIndustrialZone",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                (
                    "transliterated",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Translations that are transliterations (no established spelling exists), as field_language, e.g. ["name_en"]. Other translations are established spellings or, for descriptions, translations.',
                    ),
                ),
                (
                    "latitude",
                    models.DecimalField(
                        blank=True, decimal_places=5, help_text="WGS 84 latitude, degrees.", max_digits=8, null=True
                    ),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True, decimal_places=5, help_text="WGS 84 longitude, degrees.", max_digits=8, null=True
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True,
                        help_text="The sentence(s) of the source this record comes from, verbatim in the source's language.",
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Fields whose value is the editors\' reading of the source, not its words, e.g. ["status", "sector"]. Every other value is stated by the source; what the source does not give is empty.',
                    ),
                ),
                ("slug", models.SlugField(max_length=100)),
                ("name", models.CharField(max_length=200)),
                ("name_kk", models.CharField(max_length=200, null=True)),
                ("name_ru", models.CharField(max_length=200, null=True)),
                ("name_en", models.CharField(max_length=200, null=True)),
                ("description", models.TextField(blank=True)),
                ("description_kk", models.TextField(blank=True, null=True)),
                ("description_ru", models.TextField(blank=True, null=True)),
                ("description_en", models.TextField(blank=True, null=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("special-economic-zone", "Special economic zone"),
                            ("industrial-zone", "Industrial zone"),
                            ("industrial-park", "Industrial park"),
                            ("small-industrial-zone", "Small industrial zone"),
                        ],
                        max_length=30,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("operating", "Operating"),
                            ("under-construction", "Under construction"),
                            ("proposed", "Proposed"),
                        ],
                        help_text="Empty when the source does not say.",
                        max_length=20,
                    ),
                ),
                (
                    "zone_count",
                    models.PositiveSmallIntegerField(
                        default=1,
                        help_text="How many zones this record covers, when the source reports several as one group.",
                    ),
                ),
                ("area", models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                (
                    "participants",
                    models.PositiveIntegerField(blank=True, help_text="Registered participants.", null=True),
                ),
                (
                    "participants_operating",
                    models.PositiveIntegerField(
                        blank=True, help_text="Participants that have launched production.", null=True
                    ),
                ),
                (
                    "participants_implementing",
                    models.PositiveIntegerField(
                        blank=True, help_text="Participants at the implementation stage.", null=True
                    ),
                ),
                (
                    "investment_kzt",
                    models.DecimalField(
                        blank=True, decimal_places=2, help_text="Investment attracted, tenge.", max_digits=20, null=True
                    ),
                ),
                (
                    "output_kzt",
                    models.DecimalField(
                        blank=True, decimal_places=2, help_text="Output produced, tenge.", max_digits=20, null=True
                    ),
                ),
                ("permanent_jobs", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "permanent_jobs_qualifier",
                    models.CharField(
                        choices=[
                            ("exact", "Exact"),
                            ("more-than", "More than"),
                            ("less-than", "Less than"),
                            ("about", "About"),
                        ],
                        default="exact",
                        max_length=10,
                    ),
                ),
                (
                    "completion_year",
                    models.PositiveSmallIntegerField(
                        blank=True, help_text="Year construction is (to be) completed.", null=True
                    ),
                ),
                ("as_of", models.DateField(blank=True, help_text="Date the figures refer to.", null=True)),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("admin", "Admin"),
                            ("api", "API"),
                            ("import", "Import"),
                            ("seed", "Seed data"),
                            ("system", "System"),
                        ],
                        default="system",
                        max_length=10,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "area_unit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.unit",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "locality",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.locality",
                    ),
                ),
                (
                    "operator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The management company, where the source names it.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.enterprise",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.region",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The publication this record comes from.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.source",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical industrial zone",
                "verbose_name_plural": "historical industrial zones",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalInvestmentProgramme",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                (
                    "transliterated",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Translations that are transliterations (no established spelling exists), as field_language, e.g. ["name_en"]. Other translations are established spellings or, for descriptions, translations.',
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True,
                        help_text="The sentence(s) of the source this record comes from, verbatim in the source's language.",
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Fields whose value is the editors\' reading of the source, not its words, e.g. ["status", "sector"]. Every other value is stated by the source; what the source does not give is empty.',
                    ),
                ),
                ("slug", models.SlugField(max_length=100)),
                ("name", models.CharField(max_length=200)),
                ("name_kk", models.CharField(max_length=200, null=True)),
                ("name_ru", models.CharField(max_length=200, null=True)),
                ("name_en", models.CharField(max_length=200, null=True)),
                ("description", models.TextField(blank=True)),
                ("description_kk", models.TextField(blank=True, null=True)),
                ("description_ru", models.TextField(blank=True, null=True)),
                ("description_en", models.TextField(blank=True, null=True)),
                ("start_year", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("end_year", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("project_count", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "industry_project_count",
                    models.PositiveIntegerField(blank=True, help_text="Of which in industry.", null=True),
                ),
                (
                    "total_kzt",
                    models.DecimalField(
                        blank=True, decimal_places=2, help_text="Total value, tenge.", max_digits=20, null=True
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("admin", "Admin"),
                            ("api", "API"),
                            ("import", "Import"),
                            ("seed", "Seed data"),
                            ("system", "System"),
                        ],
                        default="system",
                        max_length=10,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.region",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The publication this record comes from.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.source",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical investment programme",
                "verbose_name_plural": "historical investment programmes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMineral",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                (
                    "transliterated",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Translations that are transliterations (no established spelling exists), as field_language, e.g. ["name_en"]. Other translations are established spellings or, for descriptions, translations.',
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True,
                        help_text="The sentence(s) of the source this record comes from, verbatim in the source's language.",
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Fields whose value is the editors\' reading of the source, not its words, e.g. ["status", "sector"]. Every other value is stated by the source; what the source does not give is empty.',
                    ),
                ),
                ("slug", models.SlugField(max_length=60)),
                ("name", models.CharField(max_length=100)),
                ("name_kk", models.CharField(max_length=100, null=True)),
                ("name_ru", models.CharField(max_length=100, null=True)),
                ("name_en", models.CharField(max_length=100, null=True)),
                (
                    "group",
                    models.CharField(
                        blank=True,
                        choices=[("rare-earth-metal", "Rare-earth metal")],
                        help_text="Only where a source states it.",
                        max_length=30,
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("admin", "Admin"),
                            ("api", "API"),
                            ("import", "Import"),
                            ("seed", "Seed data"),
                            ("system", "System"),
                        ],
                        default="system",
                        max_length=10,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The publication this record comes from.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.source",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical mineral",
                "verbose_name_plural": "historical minerals",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalResourceEstimate",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                (
                    "transliterated",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Translations that are transliterations (no established spelling exists), as field_language, e.g. ["name_en"]. Other translations are established spellings or, for descriptions, translations.',
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True,
                        help_text="The sentence(s) of the source this record comes from, verbatim in the source's language.",
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Fields whose value is the editors\' reading of the source, not its words, e.g. ["status", "sector"]. Every other value is stated by the source; what the source does not give is empty.',
                    ),
                ),
                ("key", models.SlugField(help_text="Identifies the estimate within its deposit.", max_length=60)),
                (
                    "name",
                    models.CharField(
                        help_text="What is estimated, in the source's words (e.g. rare-earth metals).", max_length=200
                    ),
                ),
                (
                    "name_kk",
                    models.CharField(
                        help_text="What is estimated, in the source's words (e.g. rare-earth metals).",
                        max_length=200,
                        null=True,
                    ),
                ),
                (
                    "name_ru",
                    models.CharField(
                        help_text="What is estimated, in the source's words (e.g. rare-earth metals).",
                        max_length=200,
                        null=True,
                    ),
                ),
                (
                    "name_en",
                    models.CharField(
                        help_text="What is estimated, in the source's words (e.g. rare-earth metals).",
                        max_length=200,
                        null=True,
                    ),
                ),
                (
                    "category",
                    models.CharField(
                        choices=[("forecast", "Forecast resources"), ("explored", "Explored reserves")], max_length=10
                    ),
                ),
                ("amount", models.DecimalField(decimal_places=3, max_digits=20)),
                (
                    "qualifier",
                    models.CharField(
                        choices=[
                            ("exact", "Exact"),
                            ("more-than", "More than"),
                            ("less-than", "Less than"),
                            ("about", "About"),
                        ],
                        default="exact",
                        max_length=10,
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("admin", "Admin"),
                            ("api", "API"),
                            ("import", "Import"),
                            ("seed", "Seed data"),
                            ("system", "System"),
                        ],
                        default="system",
                        max_length=10,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "deposit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="investments.geologicaldeposit",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The publication this record comes from.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.source",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.unit",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical resource estimate",
                "verbose_name_plural": "historical resource estimates",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="IndustrialZone",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("search_text", models.TextField(blank=True, default="", editable=False)),
                (
                    "transliterated",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Translations that are transliterations (no established spelling exists), as field_language, e.g. ["name_en"]. Other translations are established spellings or, for descriptions, translations.',
                    ),
                ),
                (
                    "latitude",
                    models.DecimalField(
                        blank=True, decimal_places=5, help_text="WGS 84 latitude, degrees.", max_digits=8, null=True
                    ),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True, decimal_places=5, help_text="WGS 84 longitude, degrees.", max_digits=8, null=True
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True,
                        help_text="The sentence(s) of the source this record comes from, verbatim in the source's language.",
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Fields whose value is the editors\' reading of the source, not its words, e.g. ["status", "sector"]. Every other value is stated by the source; what the source does not give is empty.',
                    ),
                ),
                ("slug", models.SlugField(max_length=100, unique=True)),
                ("name", models.CharField(max_length=200)),
                ("name_kk", models.CharField(max_length=200, null=True)),
                ("name_ru", models.CharField(max_length=200, null=True)),
                ("name_en", models.CharField(max_length=200, null=True)),
                ("description", models.TextField(blank=True)),
                ("description_kk", models.TextField(blank=True, null=True)),
                ("description_ru", models.TextField(blank=True, null=True)),
                ("description_en", models.TextField(blank=True, null=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("special-economic-zone", "Special economic zone"),
                            ("industrial-zone", "Industrial zone"),
                            ("industrial-park", "Industrial park"),
                            ("small-industrial-zone", "Small industrial zone"),
                        ],
                        max_length=30,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("operating", "Operating"),
                            ("under-construction", "Under construction"),
                            ("proposed", "Proposed"),
                        ],
                        help_text="Empty when the source does not say.",
                        max_length=20,
                    ),
                ),
                (
                    "zone_count",
                    models.PositiveSmallIntegerField(
                        default=1,
                        help_text="How many zones this record covers, when the source reports several as one group.",
                    ),
                ),
                ("area", models.DecimalField(blank=True, decimal_places=2, max_digits=14, null=True)),
                (
                    "participants",
                    models.PositiveIntegerField(blank=True, help_text="Registered participants.", null=True),
                ),
                (
                    "participants_operating",
                    models.PositiveIntegerField(
                        blank=True, help_text="Participants that have launched production.", null=True
                    ),
                ),
                (
                    "participants_implementing",
                    models.PositiveIntegerField(
                        blank=True, help_text="Participants at the implementation stage.", null=True
                    ),
                ),
                (
                    "investment_kzt",
                    models.DecimalField(
                        blank=True, decimal_places=2, help_text="Investment attracted, tenge.", max_digits=20, null=True
                    ),
                ),
                (
                    "output_kzt",
                    models.DecimalField(
                        blank=True, decimal_places=2, help_text="Output produced, tenge.", max_digits=20, null=True
                    ),
                ),
                ("permanent_jobs", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "permanent_jobs_qualifier",
                    models.CharField(
                        choices=[
                            ("exact", "Exact"),
                            ("more-than", "More than"),
                            ("less-than", "Less than"),
                            ("about", "About"),
                        ],
                        default="exact",
                        max_length=10,
                    ),
                ),
                (
                    "completion_year",
                    models.PositiveSmallIntegerField(
                        blank=True, help_text="Year construction is (to be) completed.", null=True
                    ),
                ),
                ("as_of", models.DateField(blank=True, help_text="Date the figures refer to.", null=True)),
                (
                    "area_unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="indicators.unit",
                    ),
                ),
                (
                    "locality",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="zones",
                        to="indicators.locality",
                    ),
                ),
                (
                    "operator",
                    models.ForeignKey(
                        blank=True,
                        help_text="The management company, where the source names it.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="operated_zones",
                        to="indicators.enterprise",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="zones", to="indicators.region"
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        help_text="The publication this record comes from.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_set",
                        to="indicators.source",
                    ),
                ),
            ],
            options={
                "ordering": ("name", "id"),
                "indexes": [
                    models.Index(fields=["name_kk", "id"], name="zone_name_kk_idx"),
                    models.Index(fields=["name_ru", "id"], name="zone_name_ru_idx"),
                    models.Index(fields=["name_en", "id"], name="zone_name_en_idx"),
                    models.Index(fields=["latitude", "longitude"], name="zone_point_idx"),
                    models.Index(fields=["kind"], name="zone_kind_idx"),
                    models.Index(fields=["status"], name="zone_status_idx"),
                    models.Index(fields=["participants"], name="zone_participants_idx"),
                    models.Index(fields=["investment_kzt"], name="zone_investment_kzt_idx"),
                    models.Index(fields=["output_kzt"], name="zone_output_kzt_idx"),
                    models.Index(fields=["permanent_jobs"], name="zone_permanent_jobs_idx"),
                    models.Index(fields=["area"], name="zone_area_idx"),
                    models.Index(fields=["completion_year"], name="zone_completion_year_idx"),
                    models.Index(fields=["as_of"], name="zone_as_of_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                            models.Q(
                                ("latitude__gte", -90),
                                ("latitude__lte", 90),
                                ("longitude__gte", -180),
                                ("longitude__lte", 180),
                            ),
                            _connector="OR",
                        ),
                        name="investments_industrialzone_point_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "special-economic-zone",
                                    "industrial-zone",
                                    "industrial-park",
                                    "small-industrial-zone",
                                ],
                            )
                        ),
                        name="zone_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("status", ""),
                            ("status__in", ["operating", "under-construction", "proposed"]),
                            _connector="OR",
                        ),
                        name="zone_status_valid",
                    ),
                    models.CheckConstraint(condition=models.Q(("area__gte", 0)), name="zone_area_non_negative"),
                    models.CheckConstraint(
                        condition=models.Q(("investment_kzt__gte", 0)), name="zone_investment_non_negative"
                    ),
                    models.CheckConstraint(condition=models.Q(("output_kzt__gte", 0)), name="zone_output_non_negative"),
                    models.CheckConstraint(condition=models.Q(("zone_count__gte", 1)), name="zone_count_positive"),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("permanent_jobs_qualifier__in", ["exact", "more-than", "less-than", "about"])
                        ),
                        name="zone_jobs_qualifier_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("area__isnull", True), ("area_unit__isnull", False), _connector="OR"),
                        name="zone_area_has_unit",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("participants__isnull", True),
                            ("participants_operating__isnull", True),
                            ("participants_implementing__isnull", True),
                            (
                                "participants__gte",
                                django.db.models.expressions.CombinedExpression(
                                    models.F("participants_operating"), "+", models.F("participants_implementing")
                                ),
                            ),
                            _connector="OR",
                        ),
                        name="zone_participant_stages_within_total",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="InvestmentProgramme",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("search_text", models.TextField(blank=True, default="", editable=False)),
                (
                    "transliterated",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Translations that are transliterations (no established spelling exists), as field_language, e.g. ["name_en"]. Other translations are established spellings or, for descriptions, translations.',
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True,
                        help_text="The sentence(s) of the source this record comes from, verbatim in the source's language.",
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Fields whose value is the editors\' reading of the source, not its words, e.g. ["status", "sector"]. Every other value is stated by the source; what the source does not give is empty.',
                    ),
                ),
                ("slug", models.SlugField(max_length=100, unique=True)),
                ("name", models.CharField(max_length=200)),
                ("name_kk", models.CharField(max_length=200, null=True)),
                ("name_ru", models.CharField(max_length=200, null=True)),
                ("name_en", models.CharField(max_length=200, null=True)),
                ("description", models.TextField(blank=True)),
                ("description_kk", models.TextField(blank=True, null=True)),
                ("description_ru", models.TextField(blank=True, null=True)),
                ("description_en", models.TextField(blank=True, null=True)),
                ("start_year", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("end_year", models.PositiveSmallIntegerField(blank=True, null=True)),
                ("project_count", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "industry_project_count",
                    models.PositiveIntegerField(blank=True, help_text="Of which in industry.", null=True),
                ),
                (
                    "total_kzt",
                    models.DecimalField(
                        blank=True, decimal_places=2, help_text="Total value, tenge.", max_digits=20, null=True
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="programmes", to="indicators.region"
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        help_text="The publication this record comes from.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_set",
                        to="indicators.source",
                    ),
                ),
            ],
            options={
                "ordering": ("slug",),
                "indexes": [
                    models.Index(fields=["start_year"], name="programme_start_year_idx"),
                    models.Index(fields=["end_year"], name="programme_end_year_idx"),
                    models.Index(fields=["project_count"], name="programme_project_count_idx"),
                    models.Index(fields=["total_kzt"], name="programme_total_kzt_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("total_kzt__gte", 0)), name="programme_total_non_negative"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start_year__isnull", True),
                            ("end_year__isnull", True),
                            ("end_year__gte", models.F("start_year")),
                            _connector="OR",
                        ),
                        name="programme_ends_after_start",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("project_count__isnull", True),
                            ("industry_project_count__isnull", True),
                            ("project_count__gte", models.F("industry_project_count")),
                            _connector="OR",
                        ),
                        name="programme_industry_projects_within_total",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalInvestmentProject",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                (
                    "transliterated",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Translations that are transliterations (no established spelling exists), as field_language, e.g. ["name_en"]. Other translations are established spellings or, for descriptions, translations.',
                    ),
                ),
                (
                    "latitude",
                    models.DecimalField(
                        blank=True, decimal_places=5, help_text="WGS 84 latitude, degrees.", max_digits=8, null=True
                    ),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True, decimal_places=5, help_text="WGS 84 longitude, degrees.", max_digits=8, null=True
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True,
                        help_text="The sentence(s) of the source this record comes from, verbatim in the source's language.",
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Fields whose value is the editors\' reading of the source, not its words, e.g. ["status", "sector"]. Every other value is stated by the source; what the source does not give is empty.',
                    ),
                ),
                ("slug", models.SlugField(max_length=100)),
                ("name", models.CharField(max_length=250)),
                ("name_kk", models.CharField(max_length=250, null=True)),
                ("name_ru", models.CharField(max_length=250, null=True)),
                ("name_en", models.CharField(max_length=250, null=True)),
                ("description", models.TextField(blank=True)),
                ("description_kk", models.TextField(blank=True, null=True)),
                ("description_ru", models.TextField(blank=True, null=True)),
                ("description_en", models.TextField(blank=True, null=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("proposed", "Proposed"),
                            ("planned", "Planned"),
                            ("under-construction", "Under construction"),
                            ("commissioned", "Commissioned"),
                            ("operating", "Operating"),
                            ("suspended", "Suspended"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "planned_investment_kzt",
                    models.DecimalField(
                        blank=True, decimal_places=2, help_text="Investment planned, tenge.", max_digits=20, null=True
                    ),
                ),
                (
                    "planned_investment_until",
                    models.PositiveSmallIntegerField(
                        blank=True, help_text="Year the planned investment runs to.", null=True
                    ),
                ),
                (
                    "invested_kzt",
                    models.DecimalField(
                        blank=True, decimal_places=2, help_text="Investment made, tenge.", max_digits=20, null=True
                    ),
                ),
                (
                    "invested_year",
                    models.PositiveSmallIntegerField(
                        blank=True, help_text="Year the invested amount refers to.", null=True
                    ),
                ),
                ("start_year", models.PositiveSmallIntegerField(blank=True, null=True)),
                (
                    "target_year",
                    models.PositiveSmallIntegerField(
                        blank=True, help_text="Year of completion the source expects.", null=True
                    ),
                ),
                ("capacity", models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True)),
                ("jobs", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("admin", "Admin"),
                            ("api", "API"),
                            ("import", "Import"),
                            ("seed", "Seed data"),
                            ("system", "System"),
                        ],
                        default="system",
                        max_length=10,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "capacity_unit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.unit",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "locality",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.locality",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.region",
                    ),
                ),
                (
                    "sector",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.sector",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The publication this record comes from.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.source",
                    ),
                ),
                (
                    "zone",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="investments.industrialzone",
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="investments.investmentprogramme",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical investment project",
                "verbose_name_plural": "historical investment projects",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="InvestmentProject",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("search_text", models.TextField(blank=True, default="", editable=False)),
                (
                    "transliterated",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Translations that are transliterations (no established spelling exists), as field_language, e.g. ["name_en"]. Other translations are established spellings or, for descriptions, translations.',
                    ),
                ),
                (
                    "latitude",
                    models.DecimalField(
                        blank=True, decimal_places=5, help_text="WGS 84 latitude, degrees.", max_digits=8, null=True
                    ),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True, decimal_places=5, help_text="WGS 84 longitude, degrees.", max_digits=8, null=True
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True,
                        help_text="The sentence(s) of the source this record comes from, verbatim in the source's language.",
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Fields whose value is the editors\' reading of the source, not its words, e.g. ["status", "sector"]. Every other value is stated by the source; what the source does not give is empty.',
                    ),
                ),
                ("slug", models.SlugField(max_length=100, unique=True)),
                ("name", models.CharField(max_length=250)),
                ("name_kk", models.CharField(max_length=250, null=True)),
                ("name_ru", models.CharField(max_length=250, null=True)),
                ("name_en", models.CharField(max_length=250, null=True)),
                ("description", models.TextField(blank=True)),
                ("description_kk", models.TextField(blank=True, null=True)),
                ("description_ru", models.TextField(blank=True, null=True)),
                ("description_en", models.TextField(blank=True, null=True)),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("proposed", "Proposed"),
                            ("planned", "Planned"),
                            ("under-construction", "Under construction"),
                            ("commissioned", "Commissioned"),
                            ("operating", "Operating"),
                            ("suspended", "Suspended"),
                        ],
                        max_length=20,
                    ),
                ),
                (
                    "planned_investment_kzt",
                    models.DecimalField(
                        blank=True, decimal_places=2, help_text="Investment planned, tenge.", max_digits=20, null=True
                    ),
                ),
                (
                    "planned_investment_until",
                    models.PositiveSmallIntegerField(
                        blank=True, help_text="Year the planned investment runs to.", null=True
                    ),
                ),
                (
                    "invested_kzt",
                    models.DecimalField(
                        blank=True, decimal_places=2, help_text="Investment made, tenge.", max_digits=20, null=True
                    ),
                ),
                (
                    "invested_year",
                    models.PositiveSmallIntegerField(
                        blank=True, help_text="Year the invested amount refers to.", null=True
                    ),
                ),
                ("start_year", models.PositiveSmallIntegerField(blank=True, null=True)),
                (
                    "target_year",
                    models.PositiveSmallIntegerField(
                        blank=True, help_text="Year of completion the source expects.", null=True
                    ),
                ),
                ("capacity", models.DecimalField(blank=True, decimal_places=3, max_digits=14, null=True)),
                ("jobs", models.PositiveIntegerField(blank=True, null=True)),
                (
                    "capacity_unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="indicators.unit",
                    ),
                ),
                (
                    "locality",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="projects",
                        to="indicators.locality",
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="projects",
                        to="investments.investmentprogramme",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="projects", to="indicators.region"
                    ),
                ),
                (
                    "sector",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="projects",
                        to="indicators.sector",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        help_text="The publication this record comes from.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_set",
                        to="indicators.source",
                    ),
                ),
                (
                    "zone",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="projects",
                        to="investments.industrialzone",
                    ),
                ),
            ],
            options={
                "ordering": ("name", "id"),
                "indexes": [
                    models.Index(fields=["status", "sector"], name="project_status_sector_idx"),
                    models.Index(fields=["name_kk", "id"], name="project_name_kk_idx"),
                    models.Index(fields=["name_ru", "id"], name="project_name_ru_idx"),
                    models.Index(fields=["name_en", "id"], name="project_name_en_idx"),
                    models.Index(fields=["latitude", "longitude"], name="project_point_idx"),
                    models.Index(fields=["planned_investment_kzt"], name="project_planned_idx"),
                    models.Index(fields=["invested_kzt"], name="project_invested_kzt_idx"),
                    models.Index(fields=["invested_year"], name="project_invested_year_idx"),
                    models.Index(fields=["capacity"], name="project_capacity_idx"),
                    models.Index(fields=["jobs"], name="project_jobs_idx"),
                    models.Index(fields=["start_year"], name="project_start_year_idx"),
                    models.Index(fields=["target_year"], name="project_target_year_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("latitude__isnull", True), ("longitude__isnull", True)),
                            models.Q(
                                ("latitude__gte", -90),
                                ("latitude__lte", 90),
                                ("longitude__gte", -180),
                                ("longitude__lte", 180),
                            ),
                            _connector="OR",
                        ),
                        name="investments_investmentproject_point_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "status__in",
                                ["proposed", "planned", "under-construction", "commissioned", "operating", "suspended"],
                            )
                        ),
                        name="project_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("planned_investment_kzt__gte", 0)), name="project_planned_non_negative"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("invested_kzt__gte", 0)), name="project_invested_non_negative"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("capacity__gte", 0)), name="project_capacity_non_negative"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("capacity__isnull", True), ("capacity_unit__isnull", False), _connector="OR"
                        ),
                        name="project_capacity_has_unit",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("start_year__isnull", True),
                            ("target_year__isnull", True),
                            ("target_year__gte", models.F("start_year")),
                            _connector="OR",
                        ),
                        name="project_target_after_start",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalProjectParticipant",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "role",
                    models.CharField(
                        choices=[("operator", "Operator"), ("investor", "Investor"), ("brand", "Brand produced")],
                        max_length=10,
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("admin", "Admin"),
                            ("api", "API"),
                            ("import", "Import"),
                            ("seed", "Seed data"),
                            ("system", "System"),
                        ],
                        default="system",
                        max_length=10,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "enterprise",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.enterprise",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="investments.investmentproject",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical project participant",
                "verbose_name_plural": "historical project participants",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalProjectMilestone",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                (
                    "transliterated",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Translations that are transliterations (no established spelling exists), as field_language, e.g. ["name_en"]. Other translations are established spellings or, for descriptions, translations.',
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True,
                        help_text="The sentence(s) of the source this record comes from, verbatim in the source's language.",
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Fields whose value is the editors\' reading of the source, not its words, e.g. ["status", "sector"]. Every other value is stated by the source; what the source does not give is empty.',
                    ),
                ),
                ("key", models.SlugField(help_text="Identifies the milestone within its project.", max_length=60)),
                ("name", models.CharField(max_length=250)),
                ("name_kk", models.CharField(max_length=250, null=True)),
                ("name_ru", models.CharField(max_length=250, null=True)),
                ("name_en", models.CharField(max_length=250, null=True)),
                (
                    "date",
                    models.DateField(
                        blank=True, help_text="First day of the month or year when precision is coarser.", null=True
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")], default="day", max_length=5
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("achieved", "Achieved"), ("in-progress", "In progress"), ("expected", "Expected")],
                        max_length=12,
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[
                            ("admin", "Admin"),
                            ("api", "API"),
                            ("import", "Import"),
                            ("seed", "Seed data"),
                            ("system", "System"),
                        ],
                        default="system",
                        max_length=10,
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The publication this record comes from.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.source",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="investments.investmentproject",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical project milestone",
                "verbose_name_plural": "historical project milestones",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalGeologicalDeposit_minerals",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "geologicaldeposit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="investments.geologicaldeposit",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="investments.historicalgeologicaldeposit",
                    ),
                ),
                (
                    "mineral",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="investments.mineral",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalGeologicalDeposit_minerals",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ProjectMilestone",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("search_text", models.TextField(blank=True, default="", editable=False)),
                (
                    "transliterated",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Translations that are transliterations (no established spelling exists), as field_language, e.g. ["name_en"]. Other translations are established spellings or, for descriptions, translations.',
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True,
                        help_text="The sentence(s) of the source this record comes from, verbatim in the source's language.",
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Fields whose value is the editors\' reading of the source, not its words, e.g. ["status", "sector"]. Every other value is stated by the source; what the source does not give is empty.',
                    ),
                ),
                ("key", models.SlugField(help_text="Identifies the milestone within its project.", max_length=60)),
                ("name", models.CharField(max_length=250)),
                ("name_kk", models.CharField(max_length=250, null=True)),
                ("name_ru", models.CharField(max_length=250, null=True)),
                ("name_en", models.CharField(max_length=250, null=True)),
                (
                    "date",
                    models.DateField(
                        blank=True, help_text="First day of the month or year when precision is coarser.", null=True
                    ),
                ),
                (
                    "date_precision",
                    models.CharField(
                        choices=[("day", "Day"), ("month", "Month"), ("year", "Year")], default="day", max_length=5
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[("achieved", "Achieved"), ("in-progress", "In progress"), ("expected", "Expected")],
                        max_length=12,
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="milestones",
                        to="investments.investmentproject",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        help_text="The publication this record comes from.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_set",
                        to="indicators.source",
                    ),
                ),
            ],
            options={
                "ordering": ("project", "date", "key"),
                "constraints": [
                    models.UniqueConstraint(fields=("project", "key"), name="milestone_key_unique_per_project"),
                    models.CheckConstraint(
                        condition=models.Q(("date_precision__in", ["day", "month", "year"])),
                        name="milestone_precision_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["achieved", "in-progress", "expected"])),
                        name="milestone_status_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ProjectParticipant",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "role",
                    models.CharField(
                        choices=[("operator", "Operator"), ("investor", "Investor"), ("brand", "Brand produced")],
                        max_length=10,
                    ),
                ),
                (
                    "enterprise",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="project_roles",
                        to="indicators.enterprise",
                    ),
                ),
                (
                    "project",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participants",
                        to="investments.investmentproject",
                    ),
                ),
            ],
            options={
                "ordering": ("project", "role", "enterprise"),
                "indexes": [models.Index(fields=["role", "project"], name="participant_role_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("project", "enterprise", "role"), name="project_participant_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("role__in", ["operator", "investor", "brand"])),
                        name="project_participant_role_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ResourceEstimate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("search_text", models.TextField(blank=True, default="", editable=False)),
                (
                    "transliterated",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Translations that are transliterations (no established spelling exists), as field_language, e.g. ["name_en"]. Other translations are established spellings or, for descriptions, translations.',
                    ),
                ),
                (
                    "quote",
                    models.TextField(
                        blank=True,
                        help_text="The sentence(s) of the source this record comes from, verbatim in the source's language.",
                    ),
                ),
                (
                    "inferred",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Fields whose value is the editors\' reading of the source, not its words, e.g. ["status", "sector"]. Every other value is stated by the source; what the source does not give is empty.',
                    ),
                ),
                ("key", models.SlugField(help_text="Identifies the estimate within its deposit.", max_length=60)),
                (
                    "name",
                    models.CharField(
                        help_text="What is estimated, in the source's words (e.g. rare-earth metals).", max_length=200
                    ),
                ),
                (
                    "name_kk",
                    models.CharField(
                        help_text="What is estimated, in the source's words (e.g. rare-earth metals).",
                        max_length=200,
                        null=True,
                    ),
                ),
                (
                    "name_ru",
                    models.CharField(
                        help_text="What is estimated, in the source's words (e.g. rare-earth metals).",
                        max_length=200,
                        null=True,
                    ),
                ),
                (
                    "name_en",
                    models.CharField(
                        help_text="What is estimated, in the source's words (e.g. rare-earth metals).",
                        max_length=200,
                        null=True,
                    ),
                ),
                (
                    "category",
                    models.CharField(
                        choices=[("forecast", "Forecast resources"), ("explored", "Explored reserves")], max_length=10
                    ),
                ),
                ("amount", models.DecimalField(decimal_places=3, max_digits=20)),
                (
                    "qualifier",
                    models.CharField(
                        choices=[
                            ("exact", "Exact"),
                            ("more-than", "More than"),
                            ("less-than", "Less than"),
                            ("about", "About"),
                        ],
                        default="exact",
                        max_length=10,
                    ),
                ),
                (
                    "deposit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="estimates",
                        to="investments.geologicaldeposit",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        help_text="The publication this record comes from.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="%(app_label)s_%(class)s_set",
                        to="indicators.source",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="indicators.unit"
                    ),
                ),
            ],
            options={
                "ordering": ("deposit", "key"),
                "indexes": [models.Index(fields=["category", "deposit"], name="estimate_category_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("deposit", "key"), name="estimate_key_unique_per_deposit"),
                    models.CheckConstraint(condition=models.Q(("amount__gte", 0)), name="estimate_amount_non_negative"),
                    models.CheckConstraint(
                        condition=models.Q(("category__in", ["forecast", "explored"])), name="estimate_category_valid"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("qualifier__in", ["exact", "more-than", "less-than", "about"])),
                        name="estimate_qualifier_valid",
                    ),
                ],
            },
        ),
        SearchIndex("IndustrialZone"),
        SearchIndex("InvestmentProgramme"),
        SearchIndex("InvestmentProject"),
        SearchIndex("ProjectMilestone"),
        SearchIndex("Mineral"),
        SearchIndex("GeologicalDeposit"),
        SearchIndex("ResourceEstimate"),
    ]
