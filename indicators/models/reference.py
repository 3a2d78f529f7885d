"""Reference data: sources, units, regions, localities, economic sectors and the products figures are broken down by."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from indicators.models.base import GeoPointModel, PublicKeyQuerySet, SearchableModel, SourcedModel, TimeStampedModel
from indicators.validators import NotInFuture, PlausibleDate, PlausibleYear
from regionapi.core.indexes import column_indexes, point_index, updated_at_index


class Language(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news-article", _("News article")
    STATISTICAL_RELEASE = "statistical-release", _("Statistical release")
    CLASSIFIER = "classifier", _("Classifier or standard")
    OFFICIAL_DOCUMENT = "official-document", _("Official document")
    REFERENCE_WORK = "reference-work", _("Encyclopedia or gazetteer")


class Source(SearchableModel):
    """A publication that facts come from: a news article, a statistical release, a classifier."""

    Kind = SourceKind

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    publisher = models.CharField(max_length=200)
    url = models.URLField(blank=True, max_length=500, help_text="Where the publication can be read, when known.")
    published_on = models.DateField(
        null=True,
        blank=True,
        validators=[PlausibleDate(), NotInFuture()],
        help_text="The day the publisher released it: the release (vintage) of every value loaded from it.",
    )
    trust_level = models.CharField(
        max_length=20,
        blank=True,
        help_text="How far the figures can be trusted, as the package that brought them grades them (e.g. 'A': the "
        "publisher's original file is kept; 'B': a third party's processed copy, checked); its description says "
        "what the grade means. Empty when not graded.",
    )
    published_on_basis = models.CharField(
        max_length=500,
        blank=True,
        help_text="How the release day is known (e.g. 'the file was saved on that day', 'the table's publication "
        "date as recorded by ...'); empty when it is the publication's own date or unknown.",
    )
    language = models.CharField(max_length=2, choices=Language.choices, help_text="Language of the original text.")
    reference = models.CharField(
        max_length=300, blank=True, help_text="Identifier of a stored copy or of the standard (e.g. ISO 3166-2:KZ)."
    )
    licence = models.CharField(
        max_length=300,
        blank=True,
        help_text="The licence as the source states it, word for word: 'unstated' when it states none; every one "
        "when it contradicts itself.",
    )
    description = models.TextField(blank=True)

    search_fields = ("title", "publisher", "description")

    class Meta:
        ordering = ("-published_on", "slug")
        indexes = [
            # the default order, newest first; also the published_on filters and ordering=published_on
            models.Index(fields=["-published_on", "slug"], name="source_published_on_idx"),
            *column_indexes("source", "kind", "language", "publisher"),
            updated_at_index("source"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values),
                name="source_kind_valid",
                violation_error_message=_("Give one of the listed kinds of source."),
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values),
                name="source_language_valid",
                violation_error_message=_("Give the language of the original text as one of the listed languages."),
            ),
        ]

    def __str__(self):
        return self.title


class Unit(TimeStampedModel):
    """A unit of measure, with the multiplier-free symbol used in responses (KZT, %, t, ha, MW; т, га, МВт in
    Kazakh and Russian)."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=100)
    symbol = models.CharField(max_length=20)

    natural_key_fields = ("code",)

    class Meta:
        ordering = ("code",)
        indexes = [updated_at_index("unit")]

    def __str__(self):
        return self.symbol


class RegionQuerySet(PublicKeyQuerySet):
    def with_related(self):
        """Regions with the region they were formed from and those formed from them (one query for all)."""
        return self.select_related("formed_from", "source").prefetch_related(
            Prefetch("split_off", queryset=Region.objects.order_by("code"))
        )


class RegionKind(models.TextChoices):
    REGION = "region", _("Region")
    CITY = "city", _("City of republican significance")
    COUNTRY = "country", _("Country (republic total)")


class Region(SearchableModel):
    """A first-level administrative unit of Kazakhstan: a region (oblys) or a city of republican significance."""

    Kind = RegionKind

    code = models.CharField(
        max_length=40,
        unique=True,
        help_text="ISO 3166-2:KZ code, e.g. KZ-35; KZ for the republic. A former region without a code of its own has "
        "a key of ours (not an ISO code), e.g. south-kazakhstan.",
    )
    kato_code = models.CharField(
        max_length=9, blank=True, help_text="KATO code, filled only where the KATO register has been checked."
    )
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    established_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[PlausibleYear()],
        help_text="Year the unit was formed in its current shape, when that is recent.",
    )
    abolished_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[PlausibleYear()],
        help_text="Year a former region ceased to exist (split or merged); empty for current units.",
    )
    established_month = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="Month of the established year, where the source gives it (June 2018 for Turkistan).",
    )
    abolished_month = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="Month of the abolished year, where the source gives it.",
    )
    formed_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="split_off",
        help_text="The unit this one was split from.",
    )
    notes = models.TextField(blank=True)
    source = models.ForeignKey("indicators.Source", on_delete=models.PROTECT, related_name="regions")

    natural_key_fields = ("code",)
    search_fields = ("name", "code")
    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ("code",)
        indexes = [updated_at_index("region")]
        constraints = [
            models.CheckConstraint(
                condition=Q(code="KZ") | Q(code__startswith="KZ-") | Q(abolished_year__isnull=False),
                name="region_code_is_iso_3166_2_kz",
                violation_error_message=_(
                    "A current region's code is its ISO 3166-2:KZ code (KZ-35; KZ for the republic); only a former region, with the year it was abolished, has a key of ours."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RegionKind.values),
                name="region_kind_valid",
                violation_error_message=_("Give one of the listed kinds of region."),
            ),
        ]

    def __str__(self):
        return self.name

    def exists_in(self, start, end) -> bool:
        """Whether the unit existed during a period (dates; None for unknown): formed by its end, not yet abolished
        when it starts, to the month where the source gives it. South Kazakhstan, abolished in June 2018, exists in
        2017 and in January-March 2018; Ulytau, formed in 2022, from 2022."""
        formed = self.established_year is None or end is None or self.formed_on <= (end.year, end.month)
        still = self.abolished_year is None or (start is not None and (start.year, start.month) < self.abolished_on)
        return formed and still

    @property
    def formed_on(self) -> tuple[int, int]:
        """(year, month) the unit was formed: its first month, January where the source gives only the year."""
        return (self.established_year or 0, self.established_month or 1)

    @property
    def abolished_on(self) -> tuple[int, int]:
        """(year, month) from which the unit no longer exists: January of the year where only the year is given."""
        return (self.abolished_year or 10000, self.abolished_month or 1)


class LocalityQuerySet(PublicKeyQuerySet):
    def with_related(self):
        """Localities with their region and source."""
        return self.select_related("region", "source", "coordinates_source")


class LocalityKind(models.TextChoices):
    CITY = "city", _("City")
    TOWN = "town", _("Town")
    DISTRICT = "district", _("District")
    VILLAGE = "village", _("Village")


class Locality(GeoPointModel, SourcedModel, SearchableModel):
    """A city, town or district inside a region."""

    Kind = LocalityKind

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="localities")
    coordinates_source = models.ForeignKey(
        "indicators.Source",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="located_localities",
        help_text="The gazetteer the coordinates come from.",
    )

    objects = LocalityQuerySet.as_manager()

    class Meta:
        ordering = ("slug",)
        verbose_name_plural = "localities"
        indexes = [*column_indexes("locality", "kind"), point_index("locality"), updated_at_index("locality")]
        constraints = [
            *GeoPointModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=LocalityKind.values),
                name="locality_kind_valid",
                violation_error_message=_("Give one of the listed kinds of locality."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(coordinates_source__isnull=False),
                name="locality_coordinates_name_their_source",
                violation_error_message=_(
                    "Coordinates need the gazetteer they come from: give the coordinates source."
                ),
            ),
        ]

    def __str__(self):
        return self.name


class SectorQuerySet(PublicKeyQuerySet):
    def with_related(self):
        """Sectors with their parent section."""
        return self.select_related("parent", "source")


class SectorLevel(models.TextChoices):
    SECTION = "section", _("Section")
    DIVISION = "division", _("Division")


class Sector(SearchableModel):
    """An economic activity from OKED (Kazakhstan's classifier, aligned with NACE Rev. 2): a section or a division."""

    Level = SectorLevel

    code = models.CharField(
        max_length=5, unique=True, help_text="OKED code: a letter for a section, two digits for a division."
    )
    name = models.CharField(max_length=300)
    level = models.CharField(max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    source = models.ForeignKey("indicators.Source", on_delete=models.PROTECT, related_name="sectors")

    natural_key_fields = ("code",)
    search_fields = ("name", "code")
    objects = SectorQuerySet.as_manager()

    class Meta:
        ordering = ("code",)
        indexes = [updated_at_index("sector")]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=SectorLevel.values),
                name="sector_level_valid",
                violation_error_message=_("Give one of the listed sector levels."),
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        if self.level == self.Level.SECTION and self.parent_id:
            raise ValidationError({"parent": _("A section is the top level and has no parent.")})
        if self.level == self.Level.DIVISION and not self.parent_id:
            raise ValidationError({"parent": _("A division belongs to a section.")})


class Product(SearchableModel):
    """A product or product group that a figure is broken down by (steel, tyres, buses and special vehicles)."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    sector = models.ForeignKey(
        "indicators.Sector", null=True, blank=True, on_delete=models.PROTECT, related_name="products"
    )

    class Meta:
        ordering = ("slug",)
        indexes = [updated_at_index("product")]

    def __str__(self):
        return self.name
