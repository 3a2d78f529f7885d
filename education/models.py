"""education: builds on indicators; institutions, their specialties and training programmes."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from indicators.models import GeoPointModel, PublicKeyQuerySet, SearchableModel, SourcedModel
from indicators.validators import PlausibleYear
from regionapi.core.indexes import column_indexes, name_order_indexes, point_index, updated_at_index


class InstitutionQuerySet(PublicKeyQuerySet):
    def with_related(self):
        """Institutions with region, locality and source; specialties and their partners prefetched."""
        return self.select_related("region", "locality", "source").prefetch_related(
            Prefetch("specialties", queryset=Specialty.objects.select_related("source")),
            "specialties__partner_enterprises",
        )


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("University (higher-education institution)")
    COLLEGE = "college", _("College")


class Institution(GeoPointModel, SourcedModel, SearchableModel):
    """A university (higher-education institution) or a college."""

    Kind = InstitutionKind

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    region = models.ForeignKey("indicators.Region", on_delete=models.PROTECT, related_name="institutions")
    locality = models.ForeignKey(
        "indicators.Locality", null=True, blank=True, on_delete=models.PROTECT, related_name="institutions"
    )
    dual_training = models.BooleanField(
        null=True, blank=True, help_text="Has introduced dual training; empty when unknown."
    )

    search_fields = ("name", "description")
    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ("name", "id")
        indexes = [
            *name_order_indexes("institution"),
            point_index("institution"),
            *column_indexes("institution", "kind"),
            updated_at_index("institution"),
        ]
        constraints = [
            *GeoPointModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=InstitutionKind.values),
                name="institution_kind_valid",
                violation_error_message=_("Give one of the listed kinds of institution."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.locality_id and self.locality.region_id != self.region_id:
            raise ValidationError({"locality": _("The locality lies in another region.")})


class Specialty(SourcedModel, SearchableModel):
    """A speciality an institution trains for, with the year it opened and its partner enterprises."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="specialties")
    key = models.SlugField(max_length=60, help_text="Identifies the speciality within its institution.")
    name = models.CharField(max_length=250)
    opened_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=[PlausibleYear()])
    partner_enterprises = models.ManyToManyField("indicators.Enterprise", blank=True, related_name="specialties")

    natural_key_fields = ("institution__slug", "key")

    class Meta:
        ordering = ("institution", "key")
        # specialty_opened_year=: the institutions with a speciality opened then, read from the index alone
        indexes = [models.Index(fields=["opened_year", "institution"], name="specialty_opened_year_idx")]
        verbose_name_plural = "specialties"
        constraints = [
            models.UniqueConstraint(
                fields=("institution", "key"),
                name="specialty_key_unique_per_institution",
                violation_error_message=_("This institution already has a speciality with this key."),
            ),
            models.CheckConstraint(
                condition=Q(opened_year__gte=1900),
                name="specialty_opened_year_plausible",
                violation_error_message=_("Give 1900 or a later year for the year the speciality opened."),
            ),
        ]

    def __str__(self):
        return self.name


class TrainingProgramme(SourcedModel, SearchableModel):
    """A retraining or upskilling programme run in the region (national or international)."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    search_fields = ("name", "description")

    class Meta:
        ordering = ("slug",)
        indexes = [updated_at_index("training")]

    def __str__(self):
        return self.name
