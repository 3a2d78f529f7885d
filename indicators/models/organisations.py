"""Enterprises and organisations named by the sources, with the roles they play."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indicators.models.base import PublicKeyQuerySet, SearchableModel, SourcedModel, TimeStampedModel
from regionapi.core.indexes import column_indexes, updated_at_index


class EnterpriseRole(TimeStampedModel):
    """A role an organisation plays in the region's economy (producer, investor, explorer, ...)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    natural_key_fields = ("code",)

    class Meta:
        ordering = ("code",)
        indexes = [updated_at_index("role")]

    def __str__(self):
        return self.name


class SizeClass(models.TextChoices):
    """Enterprise size classes as Kazakhstan's statistics count them."""

    LARGE = "large", _("Large")
    MEDIUM = "medium", _("Medium")
    SMALL = "small", _("Small")


class EnterpriseQuerySet(PublicKeyQuerySet):
    def with_related(self):
        """Enterprises with sector, locality, region and source fetched, roles prefetched."""
        return self.select_related("sector", "locality", "region", "source").prefetch_related("roles")


class Enterprise(SourcedModel, SearchableModel):
    """A company or organisation named by a source: producer, investor, explorer, development institution, ..."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    roles = models.ManyToManyField(EnterpriseRole, blank=True, related_name="enterprises")
    country = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code of the country the source gives, if any."
    )
    size_class = models.CharField(max_length=10, choices=SizeClass.choices, blank=True)
    sector = models.ForeignKey(
        "indicators.Sector", null=True, blank=True, on_delete=models.PROTECT, related_name="enterprises"
    )
    region = models.ForeignKey(
        "indicators.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="enterprises"
    )
    locality = models.ForeignKey(
        "indicators.Locality", null=True, blank=True, on_delete=models.PROTECT, related_name="enterprises"
    )

    search_fields = ("name", "description")
    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ("slug",)
        indexes = [
            models.Index(fields=["country", "id"], name="enterprise_country_idx"),  # also ordering=country
            *column_indexes("enterprise", "size_class"),
            updated_at_index("enterprise"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(country="") | Q(country__regex=r"^[A-Z]{2}$"),
                name="enterprise_country_iso_alpha2",
                violation_error_message=_(
                    "Give the country as its two-letter ISO 3166-1 code in capitals (e.g. KZ), or leave it empty."
                ),
            ),
            models.CheckConstraint(
                condition=Q(size_class="") | Q(size_class__in=SizeClass.values),
                name="enterprise_size_class_valid",
                violation_error_message=_("Give one of the listed size classes, or leave it empty."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.locality_id and self.region_id and self.locality.region_id != self.region_id:
            raise ValidationError({"locality": _("The locality lies in another region.")})
