# The migrations 0001_initial to 0007_indexes_for_list_filters_and_orderings in one: a fresh database is created
# from this, in seconds instead of rebuilding the model state for each of 7 steps; a database that applied them
# all keeps its history. Their data steps are left out: they recomputed search text and filled columns of
# existing rows, and a fresh database has none.

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from regionapi.core.search_index import SearchIndex


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("education", "0001_initial"),
        ("education", "0002_geo_points_and_headlines"),
        ("education", "0003_history"),
        ("education", "0004_translations"),
        ("education", "0005_inferred"),
        ("education", "0006_search_indexes"),
        ("education", "0007_indexes_for_list_filters_and_orderings"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("indicators", "0012_indexes_for_list_filters_and_orderings"),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalInstitution",
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
                    "kind",
                    models.CharField(
                        choices=[("university", "University (higher-education institution)"), ("college", "College")],
                        max_length=12,
                    ),
                ),
                (
                    "dual_training",
                    models.BooleanField(
                        blank=True, help_text="Has introduced dual training; empty when unknown.", null=True
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
                "verbose_name": "historical institution",
                "verbose_name_plural": "historical institutions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalTrainingProgramme",
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
                "verbose_name": "historical training programme",
                "verbose_name_plural": "historical training programmes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Institution",
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
                    "kind",
                    models.CharField(
                        choices=[("university", "University (higher-education institution)"), ("college", "College")],
                        max_length=12,
                    ),
                ),
                (
                    "dual_training",
                    models.BooleanField(
                        blank=True, help_text="Has introduced dual training; empty when unknown.", null=True
                    ),
                ),
                (
                    "locality",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="institutions",
                        to="indicators.locality",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="institutions", to="indicators.region"
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
                    models.Index(fields=["name_kk", "id"], name="institution_name_kk_idx"),
                    models.Index(fields=["name_ru", "id"], name="institution_name_ru_idx"),
                    models.Index(fields=["name_en", "id"], name="institution_name_en_idx"),
                    models.Index(fields=["latitude", "longitude"], name="institution_point_idx"),
                    models.Index(fields=["kind"], name="institution_kind_idx"),
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
                        name="education_institution_point_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["university", "college"])), name="institution_kind_valid"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalSpecialty",
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
                ("key", models.SlugField(help_text="Identifies the speciality within its institution.", max_length=60)),
                ("name", models.CharField(max_length=250)),
                ("name_kk", models.CharField(max_length=250, null=True)),
                ("name_ru", models.CharField(max_length=250, null=True)),
                ("name_en", models.CharField(max_length=250, null=True)),
                ("opened_year", models.PositiveSmallIntegerField(blank=True, null=True)),
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
                    "institution",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="education.institution",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical specialty",
                "verbose_name_plural": "historical specialties",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Specialty",
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
                ("key", models.SlugField(help_text="Identifies the speciality within its institution.", max_length=60)),
                ("name", models.CharField(max_length=250)),
                ("name_kk", models.CharField(max_length=250, null=True)),
                ("name_ru", models.CharField(max_length=250, null=True)),
                ("name_en", models.CharField(max_length=250, null=True)),
                ("opened_year", models.PositiveSmallIntegerField(blank=True, null=True)),
                (
                    "institution",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="specialties",
                        to="education.institution",
                    ),
                ),
                (
                    "partner_enterprises",
                    models.ManyToManyField(blank=True, related_name="specialties", to="indicators.enterprise"),
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
                "verbose_name_plural": "specialties",
                "ordering": ("institution", "key"),
                "indexes": [models.Index(fields=["opened_year", "institution"], name="specialty_opened_year_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("institution", "key"), name="specialty_key_unique_per_institution"),
                    models.CheckConstraint(
                        condition=models.Q(("opened_year__gte", 1900)), name="specialty_opened_year_plausible"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalSpecialty_partner_enterprises",
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
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="education.historicalspecialty",
                    ),
                ),
                (
                    "specialty",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="education.specialty",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalSpecialty_partner_enterprises",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="TrainingProgramme",
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
        SearchIndex("Institution"),
        SearchIndex("Specialty"),
        SearchIndex("TrainingProgramme"),
    ]
