# The migrations 0001_initial to 0012_indexes_for_list_filters_and_orderings in one: a fresh database is created
# from this, in seconds instead of rebuilding the model state for each of 12 steps; a database that applied them
# all keeps its history. Their data steps are left out: they recomputed search text and filled columns of
# existing rows, and a fresh database has none.

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from regionapi.core.collation import create_collations, drop_collations
from regionapi.core.search_index import SearchIndex


class Migration(migrations.Migration):
    initial = True

    replaces = [
        ("indicators", "0001_initial"),
        ("indicators", "0002_geo_points_and_headlines"),
        ("indicators", "0003_history"),
        ("indicators", "0004_translations"),
        ("indicators", "0005_source_title_translations"),
        ("indicators", "0006_unit_symbol_translations"),
        ("indicators", "0007_inferred"),
        ("indicators", "0008_loaded_records"),
        ("indicators", "0009_collations"),
        ("indicators", "0010_regions_over_time_and_licences"),
        ("indicators", "0011_search_indexes"),
        ("indicators", "0012_indexes_for_list_filters_and_orderings"),
    ]

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(create_collations, drop_collations),
        migrations.CreateModel(
            name="EnterpriseRole",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("code", models.SlugField(max_length=40, unique=True)),
                ("name", models.CharField(max_length=100)),
                ("name_kk", models.CharField(max_length=100, null=True)),
                ("name_ru", models.CharField(max_length=100, null=True)),
                ("name_en", models.CharField(max_length=100, null=True)),
                ("description", models.TextField(blank=True)),
                ("description_kk", models.TextField(blank=True, null=True)),
                ("description_ru", models.TextField(blank=True, null=True)),
                ("description_en", models.TextField(blank=True, null=True)),
            ],
            options={
                "ordering": ("code",),
            },
        ),
        migrations.CreateModel(
            name="Source",
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
                ("slug", models.SlugField(max_length=100, unique=True)),
                ("title", models.CharField(max_length=300)),
                ("title_kk", models.CharField(max_length=300, null=True)),
                ("title_ru", models.CharField(max_length=300, null=True)),
                ("title_en", models.CharField(max_length=300, null=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("news-article", "News article"),
                            ("statistical-release", "Statistical release"),
                            ("classifier", "Classifier or standard"),
                            ("official-document", "Official document"),
                            ("reference-work", "Encyclopedia or gazetteer"),
                        ],
                        max_length=30,
                    ),
                ),
                ("publisher", models.CharField(max_length=200)),
                (
                    "url",
                    models.URLField(
                        blank=True, help_text="Where the publication can be read, when known.", max_length=500
                    ),
                ),
                ("published_on", models.DateField(blank=True, null=True)),
                (
                    "language",
                    models.CharField(
                        choices=[("kk", "Kazakh"), ("ru", "Russian"), ("en", "English")],
                        help_text="Language of the original text.",
                        max_length=2,
                    ),
                ),
                (
                    "reference",
                    models.CharField(
                        blank=True,
                        help_text="Identifier of a stored copy or of the standard (e.g. ISO 3166-2:KZ).",
                        max_length=300,
                    ),
                ),
                (
                    "licence",
                    models.CharField(
                        blank=True,
                        help_text="The licence as the source states it, word for word: 'unstated' when it states none; every one when it contradicts itself.",
                        max_length=300,
                    ),
                ),
                ("description", models.TextField(blank=True)),
                ("description_kk", models.TextField(blank=True, null=True)),
                ("description_ru", models.TextField(blank=True, null=True)),
                ("description_en", models.TextField(blank=True, null=True)),
            ],
            options={
                "ordering": ("-published_on", "slug"),
                "indexes": [
                    models.Index(fields=["-published_on", "slug"], name="source_published_on_idx"),
                    models.Index(fields=["kind"], name="source_kind_idx"),
                    models.Index(fields=["language"], name="source_language_idx"),
                    models.Index(fields=["publisher"], name="source_publisher_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            (
                                "kind__in",
                                [
                                    "news-article",
                                    "statistical-release",
                                    "classifier",
                                    "official-document",
                                    "reference-work",
                                ],
                            )
                        ),
                        name="source_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("language__in", ["kk", "ru", "en"])), name="source_language_valid"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Unit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("code", models.SlugField(max_length=30, unique=True)),
                ("name", models.CharField(max_length=100)),
                ("name_kk", models.CharField(max_length=100, null=True)),
                ("name_ru", models.CharField(max_length=100, null=True)),
                ("name_en", models.CharField(max_length=100, null=True)),
                ("symbol", models.CharField(max_length=20)),
                ("symbol_kk", models.CharField(max_length=20, null=True)),
                ("symbol_ru", models.CharField(max_length=20, null=True)),
                ("symbol_en", models.CharField(max_length=20, null=True)),
            ],
            options={
                "ordering": ("code",),
            },
        ),
        migrations.CreateModel(
            name="Indicator",
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
                ("code", models.SlugField(max_length=80, unique=True)),
                ("name", models.CharField(max_length=200)),
                ("name_kk", models.CharField(max_length=200, null=True)),
                ("name_ru", models.CharField(max_length=200, null=True)),
                ("name_en", models.CharField(max_length=200, null=True)),
                ("description", models.TextField(blank=True)),
                ("description_kk", models.TextField(blank=True, null=True)),
                ("description_ru", models.TextField(blank=True, null=True)),
                ("description_en", models.TextField(blank=True, null=True)),
                ("headline", models.BooleanField(default=False, help_text="Shown in region profiles.")),
                (
                    "source",
                    models.ForeignKey(
                        help_text="The source whose figures first defined this indicator.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="indicators",
                        to="indicators.source",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="indicators", to="indicators.unit"
                    ),
                ),
            ],
            options={
                "ordering": ("code",),
            },
        ),
        migrations.CreateModel(
            name="Region",
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
                    "code",
                    models.CharField(
                        help_text="ISO 3166-2:KZ code, e.g. KZ-35; KZ for the republic. A former region without a code of its own has a key of ours (not an ISO code), e.g. south-kazakhstan.",
                        max_length=40,
                        unique=True,
                    ),
                ),
                (
                    "kato_code",
                    models.CharField(
                        blank=True,
                        help_text="KATO code, filled only where the KATO register has been checked.",
                        max_length=9,
                    ),
                ),
                ("name", models.CharField(max_length=150)),
                ("name_kk", models.CharField(max_length=150, null=True)),
                ("name_ru", models.CharField(max_length=150, null=True)),
                ("name_en", models.CharField(max_length=150, null=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("region", "Region"),
                            ("city", "City of republican significance"),
                            ("country", "Country (republic total)"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "established_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Year the unit was formed in its current shape, when that is recent.",
                        null=True,
                    ),
                ),
                (
                    "abolished_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Year a former region ceased to exist (split or merged); empty for current units.",
                        null=True,
                    ),
                ),
                ("notes", models.TextField(blank=True)),
                ("notes_kk", models.TextField(blank=True, null=True)),
                ("notes_ru", models.TextField(blank=True, null=True)),
                ("notes_en", models.TextField(blank=True, null=True)),
                (
                    "formed_from",
                    models.ForeignKey(
                        blank=True,
                        help_text="The unit this one was split from.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="split_off",
                        to="indicators.region",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="regions", to="indicators.source"
                    ),
                ),
            ],
            options={
                "ordering": ("code",),
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("code", "KZ"),
                            ("code__startswith", "KZ-"),
                            ("abolished_year__isnull", False),
                            _connector="OR",
                        ),
                        name="region_code_is_iso_3166_2_kz",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["region", "city", "country"])), name="region_kind_valid"
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Locality",
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
                ("name", models.CharField(max_length=150)),
                ("name_kk", models.CharField(max_length=150, null=True)),
                ("name_ru", models.CharField(max_length=150, null=True)),
                ("name_en", models.CharField(max_length=150, null=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[("city", "City"), ("town", "Town"), ("district", "District"), ("village", "Village")],
                        max_length=10,
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="localities", to="indicators.region"
                    ),
                ),
                (
                    "coordinates_source",
                    models.ForeignKey(
                        blank=True,
                        help_text="The gazetteer the coordinates come from.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="located_localities",
                        to="indicators.source",
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
                "verbose_name_plural": "localities",
                "ordering": ("slug",),
                "indexes": [
                    models.Index(fields=["kind"], name="locality_kind_idx"),
                    models.Index(fields=["latitude", "longitude"], name="locality_point_idx"),
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
                        name="indicators_locality_point_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("kind__in", ["city", "town", "district", "village"])),
                        name="locality_kind_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("latitude__isnull", True), ("coordinates_source__isnull", False), _connector="OR"
                        ),
                        name="locality_coordinates_name_their_source",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="Sector",
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
                    "code",
                    models.CharField(
                        help_text="OKED code: a letter for a section, two digits for a division.",
                        max_length=5,
                        unique=True,
                    ),
                ),
                ("name", models.CharField(max_length=300)),
                ("name_kk", models.CharField(max_length=300, null=True)),
                ("name_ru", models.CharField(max_length=300, null=True)),
                ("name_en", models.CharField(max_length=300, null=True)),
                ("level", models.CharField(choices=[("section", "Section"), ("division", "Division")], max_length=10)),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="indicators.sector",
                    ),
                ),
                (
                    "source",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="sectors", to="indicators.source"
                    ),
                ),
            ],
            options={
                "ordering": ("code",),
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("level__in", ["section", "division"])), name="sector_level_valid"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Enterprise",
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
                    "country",
                    models.CharField(
                        blank=True,
                        help_text="ISO 3166-1 alpha-2 code of the country the source gives, if any.",
                        max_length=2,
                    ),
                ),
                (
                    "size_class",
                    models.CharField(
                        blank=True,
                        choices=[("large", "Large"), ("medium", "Medium"), ("small", "Small")],
                        max_length=10,
                    ),
                ),
                (
                    "roles",
                    models.ManyToManyField(blank=True, related_name="enterprises", to="indicators.enterpriserole"),
                ),
                (
                    "locality",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="enterprises",
                        to="indicators.locality",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="enterprises",
                        to="indicators.region",
                    ),
                ),
                (
                    "sector",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="enterprises",
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
            ],
            options={
                "ordering": ("slug",),
                "indexes": [
                    models.Index(fields=["country", "id"], name="enterprise_country_idx"),
                    models.Index(fields=["size_class"], name="enterprise_size_class_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("country", ""), ("country__regex", "^[A-Z]{2}$"), _connector="OR"),
                        name="enterprise_country_iso_alpha2",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("size_class", ""), ("size_class__in", ["large", "medium", "small"]), _connector="OR"
                        ),
                        name="enterprise_size_class_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalEnterprise",
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
                    "country",
                    models.CharField(
                        blank=True,
                        help_text="ISO 3166-1 alpha-2 code of the country the source gives, if any.",
                        max_length=2,
                    ),
                ),
                (
                    "size_class",
                    models.CharField(
                        blank=True,
                        choices=[("large", "Large"), ("medium", "Medium"), ("small", "Small")],
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
            ],
            options={
                "verbose_name": "historical enterprise",
                "verbose_name_plural": "historical enterprises",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalEnterprise_roles",
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
                    "enterpriserole",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.enterpriserole",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="indicators.historicalenterprise",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalEnterprise_roles",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalEnterpriseRole",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("code", models.SlugField(max_length=40)),
                ("name", models.CharField(max_length=100)),
                ("name_kk", models.CharField(max_length=100, null=True)),
                ("name_ru", models.CharField(max_length=100, null=True)),
                ("name_en", models.CharField(max_length=100, null=True)),
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
            ],
            options={
                "verbose_name": "historical enterprise role",
                "verbose_name_plural": "historical enterprise roles",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalSource",
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
                ("slug", models.SlugField(max_length=100)),
                ("title", models.CharField(max_length=300)),
                ("title_kk", models.CharField(max_length=300, null=True)),
                ("title_ru", models.CharField(max_length=300, null=True)),
                ("title_en", models.CharField(max_length=300, null=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("news-article", "News article"),
                            ("statistical-release", "Statistical release"),
                            ("classifier", "Classifier or standard"),
                            ("official-document", "Official document"),
                            ("reference-work", "Encyclopedia or gazetteer"),
                        ],
                        max_length=30,
                    ),
                ),
                ("publisher", models.CharField(max_length=200)),
                (
                    "url",
                    models.URLField(
                        blank=True, help_text="Where the publication can be read, when known.", max_length=500
                    ),
                ),
                ("published_on", models.DateField(blank=True, null=True)),
                (
                    "language",
                    models.CharField(
                        choices=[("kk", "Kazakh"), ("ru", "Russian"), ("en", "English")],
                        help_text="Language of the original text.",
                        max_length=2,
                    ),
                ),
                (
                    "reference",
                    models.CharField(
                        blank=True,
                        help_text="Identifier of a stored copy or of the standard (e.g. ISO 3166-2:KZ).",
                        max_length=300,
                    ),
                ),
                (
                    "licence",
                    models.CharField(
                        blank=True,
                        help_text="The licence as the source states it, word for word: 'unstated' when it states none; every one when it contradicts itself.",
                        max_length=300,
                    ),
                ),
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
            ],
            options={
                "verbose_name": "historical source",
                "verbose_name_plural": "historical sources",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalUnit",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("code", models.SlugField(max_length=30)),
                ("name", models.CharField(max_length=100)),
                ("name_kk", models.CharField(max_length=100, null=True)),
                ("name_ru", models.CharField(max_length=100, null=True)),
                ("name_en", models.CharField(max_length=100, null=True)),
                ("symbol", models.CharField(max_length=20)),
                ("symbol_kk", models.CharField(max_length=20, null=True)),
                ("symbol_ru", models.CharField(max_length=20, null=True)),
                ("symbol_en", models.CharField(max_length=20, null=True)),
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
            ],
            options={
                "verbose_name": "historical unit",
                "verbose_name_plural": "historical units",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="LoadedRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "origin",
                    models.CharField(
                        help_text="The load that wrote the values: 'seed' or a data package.", max_length=200
                    ),
                ),
                ("model", models.CharField(help_text="app_label.ModelName of the record.", max_length=100)),
                ("key", models.CharField(help_text="The record's natural key as a JSON list.", max_length=500)),
                (
                    "values",
                    models.JSONField(help_text="{field: value} as the load wrote them (decimals and dates as text)."),
                ),
                ("loaded_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "ordering": ("model", "key"),
                "constraints": [
                    models.UniqueConstraint(fields=("model", "key"), name="loaded_record_model_key_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="Product",
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
                ("slug", models.SlugField(max_length=100, unique=True)),
                ("name", models.CharField(max_length=200)),
                ("name_kk", models.CharField(max_length=200, null=True)),
                ("name_ru", models.CharField(max_length=200, null=True)),
                ("name_en", models.CharField(max_length=200, null=True)),
                (
                    "sector",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="products",
                        to="indicators.sector",
                    ),
                ),
            ],
            options={
                "ordering": ("slug",),
            },
        ),
        migrations.CreateModel(
            name="HistoricalProduct",
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
                ("slug", models.SlugField(max_length=100)),
                ("name", models.CharField(max_length=200)),
                ("name_kk", models.CharField(max_length=200, null=True)),
                ("name_ru", models.CharField(max_length=200, null=True)),
                ("name_en", models.CharField(max_length=200, null=True)),
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
            ],
            options={
                "verbose_name": "historical product",
                "verbose_name_plural": "historical products",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="Observation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
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
                (
                    "code",
                    models.SlugField(
                        blank=True,
                        help_text="Stable public key; generated when left blank.",
                        max_length=200,
                        unique=True,
                    ),
                ),
                (
                    "size_class",
                    models.CharField(
                        blank=True,
                        choices=[("large", "Large"), ("medium", "Medium"), ("small", "Small")],
                        help_text="Breakdown: enterprise size class.",
                        max_length=10,
                    ),
                ),
                (
                    "period_start",
                    models.DateField(
                        blank=True,
                        help_text="First day the figure covers; empty when the source gives no period.",
                        null=True,
                    ),
                ),
                (
                    "period_end",
                    models.DateField(
                        blank=True,
                        help_text="Last day the figure covers; empty when the source leaves it open.",
                        null=True,
                    ),
                ),
                ("value", models.DecimalField(decimal_places=4, max_digits=24)),
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
                    "status",
                    models.CharField(
                        choices=[
                            ("actual", "Actual"),
                            ("preliminary", "Preliminary"),
                            ("planned", "Planned"),
                            ("target", "Target"),
                            ("forecast", "Forecast"),
                        ],
                        default="actual",
                        max_length=12,
                    ),
                ),
                (
                    "comparison_base",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("same-period-previous-year", "Same period of the previous year"),
                            ("previous-year", "Previous year"),
                            ("not-stated", "Not stated by the source"),
                        ],
                        help_text="For growth figures: what they compare with.",
                        max_length=30,
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True, help_text="How the figure was read from the source, where that needs saying."
                    ),
                ),
                (
                    "note_kk",
                    models.TextField(
                        blank=True,
                        help_text="How the figure was read from the source, where that needs saying.",
                        null=True,
                    ),
                ),
                (
                    "note_ru",
                    models.TextField(
                        blank=True,
                        help_text="How the figure was read from the source, where that needs saying.",
                        null=True,
                    ),
                ),
                (
                    "note_en",
                    models.TextField(
                        blank=True,
                        help_text="How the figure was read from the source, where that needs saying.",
                        null=True,
                    ),
                ),
                (
                    "enterprise",
                    models.ForeignKey(
                        blank=True,
                        help_text="Breakdown: the enterprise the figure is about.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="observations",
                        to="indicators.enterprise",
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="observations",
                        to="indicators.indicator",
                    ),
                ),
                (
                    "product",
                    models.ForeignKey(
                        blank=True,
                        help_text="Breakdown: the product the figure is about.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="observations",
                        to="indicators.product",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="observations", to="indicators.region"
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
                "ordering": ("indicator__code", "region__code", "period_start", "code"),
                "indexes": [
                    models.Index(fields=["indicator", "region", "period_start"], name="indicators__indicat_63c6e5_idx"),
                    models.Index(fields=["period_start"], name="observation_period_start_idx"),
                    models.Index(fields=["period_end"], name="observation_period_end_idx"),
                    models.Index(fields=["value"], name="observation_value_idx"),
                    models.Index(fields=["size_class"], name="observation_size_class_idx"),
                    models.Index(fields=["status"], name="observation_status_idx"),
                    models.Index(fields=["qualifier"], name="observation_qualifier_idx"),
                    models.Index(fields=["comparison_base"], name="observation_comparison_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("period_end__isnull", True), ("period_start__isnull", True)),
                            models.Q(("period_end__isnull", True), ("period_start__isnull", False)),
                            ("period_end__gte", models.F("period_start")),
                            _connector="OR",
                        ),
                        name="observation_period_ends_after_start",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("qualifier__in", ["exact", "more-than", "less-than", "about"])),
                        name="observation_qualifier_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("status__in", ["actual", "preliminary", "planned", "target", "forecast"])),
                        name="observation_status_valid",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("size_class", ""), ("size_class__in", ["large", "medium", "small"]), _connector="OR"
                        ),
                        name="observation_size_class_valid",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="HistoricalSector",
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
                    "code",
                    models.CharField(
                        db_index=True,
                        help_text="OKED code: a letter for a section, two digits for a division.",
                        max_length=5,
                    ),
                ),
                ("name", models.CharField(max_length=300)),
                ("name_kk", models.CharField(max_length=300, null=True)),
                ("name_ru", models.CharField(max_length=300, null=True)),
                ("name_en", models.CharField(max_length=300, null=True)),
                ("level", models.CharField(choices=[("section", "Section"), ("division", "Division")], max_length=10)),
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
                    "parent",
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
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.source",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical sector",
                "verbose_name_plural": "historical sectors",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalRegion",
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
                    "code",
                    models.CharField(
                        db_index=True,
                        help_text="ISO 3166-2:KZ code, e.g. KZ-35; KZ for the republic. A former region without a code of its own has a key of ours (not an ISO code), e.g. south-kazakhstan.",
                        max_length=40,
                    ),
                ),
                (
                    "kato_code",
                    models.CharField(
                        blank=True,
                        help_text="KATO code, filled only where the KATO register has been checked.",
                        max_length=9,
                    ),
                ),
                ("name", models.CharField(max_length=150)),
                ("name_kk", models.CharField(max_length=150, null=True)),
                ("name_ru", models.CharField(max_length=150, null=True)),
                ("name_en", models.CharField(max_length=150, null=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("region", "Region"),
                            ("city", "City of republican significance"),
                            ("country", "Country (republic total)"),
                        ],
                        max_length=10,
                    ),
                ),
                (
                    "established_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Year the unit was formed in its current shape, when that is recent.",
                        null=True,
                    ),
                ),
                (
                    "abolished_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Year a former region ceased to exist (split or merged); empty for current units.",
                        null=True,
                    ),
                ),
                ("notes", models.TextField(blank=True)),
                ("notes_kk", models.TextField(blank=True, null=True)),
                ("notes_ru", models.TextField(blank=True, null=True)),
                ("notes_en", models.TextField(blank=True, null=True)),
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
                    "formed_from",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The unit this one was split from.",
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
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.source",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical region",
                "verbose_name_plural": "historical regions",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalObservation",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
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
                (
                    "code",
                    models.SlugField(
                        blank=True, help_text="Stable public key; generated when left blank.", max_length=200
                    ),
                ),
                (
                    "size_class",
                    models.CharField(
                        blank=True,
                        choices=[("large", "Large"), ("medium", "Medium"), ("small", "Small")],
                        help_text="Breakdown: enterprise size class.",
                        max_length=10,
                    ),
                ),
                (
                    "period_start",
                    models.DateField(
                        blank=True,
                        help_text="First day the figure covers; empty when the source gives no period.",
                        null=True,
                    ),
                ),
                (
                    "period_end",
                    models.DateField(
                        blank=True,
                        help_text="Last day the figure covers; empty when the source leaves it open.",
                        null=True,
                    ),
                ),
                ("value", models.DecimalField(decimal_places=4, max_digits=24)),
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
                    "status",
                    models.CharField(
                        choices=[
                            ("actual", "Actual"),
                            ("preliminary", "Preliminary"),
                            ("planned", "Planned"),
                            ("target", "Target"),
                            ("forecast", "Forecast"),
                        ],
                        default="actual",
                        max_length=12,
                    ),
                ),
                (
                    "comparison_base",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("same-period-previous-year", "Same period of the previous year"),
                            ("previous-year", "Previous year"),
                            ("not-stated", "Not stated by the source"),
                        ],
                        help_text="For growth figures: what they compare with.",
                        max_length=30,
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True, help_text="How the figure was read from the source, where that needs saying."
                    ),
                ),
                (
                    "note_kk",
                    models.TextField(
                        blank=True,
                        help_text="How the figure was read from the source, where that needs saying.",
                        null=True,
                    ),
                ),
                (
                    "note_ru",
                    models.TextField(
                        blank=True,
                        help_text="How the figure was read from the source, where that needs saying.",
                        null=True,
                    ),
                ),
                (
                    "note_en",
                    models.TextField(
                        blank=True,
                        help_text="How the figure was read from the source, where that needs saying.",
                        null=True,
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
                        help_text="Breakdown: the enterprise the figure is about.",
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
                    "indicator",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.indicator",
                    ),
                ),
                (
                    "product",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Breakdown: the product the figure is about.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.product",
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
                "verbose_name": "historical observation",
                "verbose_name_plural": "historical observations",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalLocality",
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
                ("name", models.CharField(max_length=150)),
                ("name_kk", models.CharField(max_length=150, null=True)),
                ("name_ru", models.CharField(max_length=150, null=True)),
                ("name_en", models.CharField(max_length=150, null=True)),
                (
                    "kind",
                    models.CharField(
                        choices=[("city", "City"), ("town", "Town"), ("district", "District"), ("village", "Village")],
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
                    "coordinates_source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The gazetteer the coordinates come from.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="indicators.source",
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
                "verbose_name": "historical locality",
                "verbose_name_plural": "historical localities",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalIndicator",
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
                ("code", models.SlugField(max_length=80)),
                ("name", models.CharField(max_length=200)),
                ("name_kk", models.CharField(max_length=200, null=True)),
                ("name_ru", models.CharField(max_length=200, null=True)),
                ("name_en", models.CharField(max_length=200, null=True)),
                ("description", models.TextField(blank=True)),
                ("description_kk", models.TextField(blank=True, null=True)),
                ("description_ru", models.TextField(blank=True, null=True)),
                ("description_en", models.TextField(blank=True, null=True)),
                ("headline", models.BooleanField(default=False, help_text="Shown in region profiles.")),
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
                        help_text="The source whose figures first defined this indicator.",
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
                "verbose_name": "historical indicator",
                "verbose_name_plural": "historical indicators",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        SearchIndex("Source"),
        SearchIndex("Region"),
        SearchIndex("Locality"),
        SearchIndex("Sector"),
        SearchIndex("Enterprise"),
        SearchIndex("Product"),
        SearchIndex("Indicator"),
    ]
