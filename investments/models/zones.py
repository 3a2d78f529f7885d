"""Special economic zones, industrial zones and parks."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from indicators.models import GeoPointModel, PublicKeyQuerySet, Qualifier, SearchableModel, SourcedModel
from indicators.validators import NotInFuture, PlausibleDate, PlausibleYear
from regionapi.core.indexes import column_indexes, name_order_indexes, point_index, updated_at_index


class ZoneQuerySet(PublicKeyQuerySet):
    def with_related(self):
        """Zones with region, locality, operator, area unit and source."""
        return self.select_related("region", "locality", "operator", "area_unit", "source")


class ZoneKind(models.TextChoices):
    SPECIAL_ECONOMIC_ZONE = "special-economic-zone", _("Special economic zone")
    INDUSTRIAL_ZONE = "industrial-zone", _("Industrial zone")
    INDUSTRIAL_PARK = "industrial-park", _("Industrial park")
    SMALL_INDUSTRIAL_ZONE = "small-industrial-zone", _("Small industrial zone")


class ZoneStatus(models.TextChoices):
    OPERATING = "operating", _("Operating")
    UNDER_CONSTRUCTION = "under-construction", _("Under construction")
    PROPOSED = "proposed", _("Proposed")


class IndustrialZone(GeoPointModel, SourcedModel, SearchableModel):
    """A special economic zone, industrial zone or park, or a group of small zones, as its source reports it."""

    Kind = ZoneKind
    Status = ZoneStatus

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(
        max_length=20, choices=Status.choices, blank=True, help_text="Empty when the source does not say."
    )
    zone_count = models.PositiveSmallIntegerField(
        default=1, help_text="How many zones this record covers, when the source reports several as one group."
    )
    region = models.ForeignKey("indicators.Region", on_delete=models.PROTECT, related_name="zones")
    locality = models.ForeignKey(
        "indicators.Locality", null=True, blank=True, on_delete=models.PROTECT, related_name="zones"
    )
    operator = models.ForeignKey(
        "indicators.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="operated_zones",
        help_text="The management company, where the source names it.",
    )
    area = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    area_unit = models.ForeignKey("indicators.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    participants = models.PositiveIntegerField(null=True, blank=True, help_text="Registered participants.")
    participants_operating = models.PositiveIntegerField(
        null=True, blank=True, help_text="Participants that have launched production."
    )
    participants_implementing = models.PositiveIntegerField(
        null=True, blank=True, help_text="Participants at the implementation stage."
    )
    investment_kzt = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True, help_text="Investment attracted, tenge."
    )
    output_kzt = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True, help_text="Output produced, tenge."
    )
    permanent_jobs = models.PositiveIntegerField(null=True, blank=True)
    permanent_jobs_qualifier = models.CharField(max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    completion_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[PlausibleYear()], help_text="Year construction is (to be) completed."
    )
    as_of = models.DateField(
        null=True,
        blank=True,
        validators=[PlausibleDate(), NotInFuture()],
        help_text="Date the figures refer to, as the source states them: not after today.",
    )

    search_fields = ("name", "description")
    objects = ZoneQuerySet.as_manager()

    class Meta:
        ordering = ("name", "id")
        indexes = [
            *name_order_indexes("zone"),
            point_index("zone"),
            *column_indexes("zone", "kind", "status", "participants", "investment_kzt", "output_kzt"),
            *column_indexes("zone", "permanent_jobs", "area", "completion_year", "as_of"),
            updated_at_index("zone"),
        ]
        constraints = [
            *GeoPointModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=ZoneKind.values),
                name="zone_kind_valid",
                violation_error_message=_("Give one of the listed kinds of zone."),
            ),
            models.CheckConstraint(
                condition=Q(status="") | Q(status__in=ZoneStatus.values),
                name="zone_status_valid",
                violation_error_message=_("Give one of the listed zone statuses, or leave it empty."),
            ),
            models.CheckConstraint(
                condition=Q(area__gte=0),
                name="zone_area_non_negative",
                violation_error_message=_("A zone's area cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(investment_kzt__gte=0),
                name="zone_investment_non_negative",
                violation_error_message=_("The investment attracted cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(output_kzt__gte=0),
                name="zone_output_non_negative",
                violation_error_message=_("The output produced cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(zone_count__gte=1),
                name="zone_count_positive",
                violation_error_message=_("A record covers at least one zone."),
            ),
            models.CheckConstraint(
                condition=Q(permanent_jobs_qualifier__in=Qualifier.values),
                name="zone_jobs_qualifier_valid",
                violation_error_message=_("Give one of the listed qualifiers for the permanent jobs."),
            ),
            models.CheckConstraint(
                condition=Q(area__isnull=True) | Q(area_unit__isnull=False),
                name="zone_area_has_unit",
                violation_error_message=_("An area needs its unit: give the area unit."),
            ),
            models.CheckConstraint(
                condition=Q(participants__isnull=True)
                | Q(participants_operating__isnull=True)
                | Q(participants_implementing__isnull=True)
                | Q(participants__gte=F("participants_operating") + F("participants_implementing")),
                name="zone_participant_stages_within_total",
                violation_error_message=_(
                    "The participants operating and those implementing cannot together be more than all registered participants."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.locality_id and self.locality.region_id != self.region_id:
            raise ValidationError({"locality": _("The locality lies in another region.")})
