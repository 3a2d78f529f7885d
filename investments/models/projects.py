"""Investment programmes, investment projects and their milestones."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from indicators.models import GeoPointModel, PublicKeyQuerySet, SearchableModel, SourcedModel
from indicators.validators import PlausibleDate, PlausibleYear
from regionapi.core.indexes import column_indexes, name_order_indexes, point_index, updated_at_index


class ProgrammeQuerySet(PublicKeyQuerySet):
    def with_related(self):
        """Programmes with region and source."""
        return self.select_related("region", "source")


class InvestmentProgramme(SourcedModel, SearchableModel):
    """A set of projects reported only as totals (an investment pool, a year's programme), never as fake projects."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    region = models.ForeignKey("indicators.Region", on_delete=models.PROTECT, related_name="programmes")
    start_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=[PlausibleYear()])
    end_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=[PlausibleYear()])
    project_count = models.PositiveIntegerField(null=True, blank=True)
    industry_project_count = models.PositiveIntegerField(null=True, blank=True, help_text="Of which in industry.")
    total_kzt = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True, help_text="Total value, tenge."
    )

    search_fields = ("name", "description")
    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ("slug",)
        indexes = [
            *column_indexes("programme", "start_year", "end_year", "project_count", "total_kzt"),
            updated_at_index("programme"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_kzt__gte=0),
                name="programme_total_non_negative",
                violation_error_message=_("A programme's total value cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(end_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="programme_ends_after_start",
                violation_error_message=_("A programme cannot end before the year it starts."),
            ),
            models.CheckConstraint(
                condition=Q(project_count__isnull=True)
                | Q(industry_project_count__isnull=True)
                | Q(project_count__gte=models.F("industry_project_count")),
                name="programme_industry_projects_within_total",
                violation_error_message=_("The projects in industry cannot be more than all the programme's projects."),
            ),
        ]

    def __str__(self):
        return self.name


class ProjectQuerySet(PublicKeyQuerySet):
    def with_related(self):
        """Projects with every object their representation names, participants and milestones prefetched."""
        return self.select_related(
            "region", "locality", "zone", "sector", "programme", "capacity_unit", "source"
        ).prefetch_related(
            # select_related inside each Prefetch: one query per relation, whatever the page holds.
            Prefetch("participants", queryset=ProjectParticipant.objects.select_related("enterprise")),
            Prefetch("milestones", queryset=ProjectMilestone.objects.select_related("source")),
        )


class ProjectStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    PLANNED = "planned", _("Planned")
    UNDER_CONSTRUCTION = "under-construction", _("Under construction")
    COMMISSIONED = "commissioned", _("Commissioned")
    OPERATING = "operating", _("Operating")
    SUSPENDED = "suspended", _("Suspended")


class InvestmentProject(GeoPointModel, SourcedModel, SearchableModel):
    """An investment project: a new plant, a modernisation, a power station."""

    Status = ProjectStatus

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices)
    region = models.ForeignKey("indicators.Region", on_delete=models.PROTECT, related_name="projects")
    locality = models.ForeignKey(
        "indicators.Locality", null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    zone = models.ForeignKey(
        "investments.IndustrialZone", null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    sector = models.ForeignKey(
        "indicators.Sector", null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    programme = models.ForeignKey(
        InvestmentProgramme, null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    planned_investment_kzt = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True, help_text="Investment planned, tenge."
    )
    planned_investment_until = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[PlausibleYear()], help_text="Year the planned investment runs to."
    )
    invested_kzt = models.DecimalField(
        max_digits=20, decimal_places=2, null=True, blank=True, help_text="Investment made, tenge."
    )
    invested_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[PlausibleYear()], help_text="Year the invested amount refers to."
    )
    start_year = models.PositiveSmallIntegerField(null=True, blank=True, validators=[PlausibleYear()])
    target_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[PlausibleYear()], help_text="Year of completion the source expects."
    )
    capacity = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    capacity_unit = models.ForeignKey(
        "indicators.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    jobs = models.PositiveIntegerField(null=True, blank=True)

    search_fields = ("name", "description")
    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ("name", "id")
        indexes = [
            # status + sector is how projects are browsed; status alone uses the leading column
            models.Index(fields=["status", "sector"], name="project_status_sector_idx"),
            *name_order_indexes("project"),
            point_index("project"),
            models.Index(fields=["planned_investment_kzt"], name="project_planned_idx"),
            *column_indexes("project", "invested_kzt", "invested_year", "capacity"),
            *column_indexes("project", "jobs", "start_year", "target_year"),
            updated_at_index("project"),
        ]
        constraints = [
            *GeoPointModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(status__in=ProjectStatus.values),
                name="project_status_valid",
                violation_error_message=_("Give one of the listed project statuses."),
            ),
            models.CheckConstraint(
                condition=Q(planned_investment_kzt__gte=0),
                name="project_planned_non_negative",
                violation_error_message=_("The planned investment cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(invested_kzt__gte=0),
                name="project_invested_non_negative",
                violation_error_message=_("The investment made cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=0),
                name="project_capacity_non_negative",
                violation_error_message=_("A capacity cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity_unit__isnull=False),
                name="project_capacity_has_unit",
                violation_error_message=_("A capacity needs its unit: give the capacity unit."),
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True)
                | Q(target_year__isnull=True)
                | Q(target_year__gte=models.F("start_year")),
                name="project_target_after_start",
                violation_error_message=_("The year of completion cannot be before the start year."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.locality_id and self.locality.region_id != self.region_id:
            errors["locality"] = _("The locality lies in another region.")
        if self.zone_id and self.zone.region_id != self.region_id:
            errors["zone"] = _("The zone lies in another region.")
        if errors:
            raise ValidationError(errors)


class ParticipantRole(models.TextChoices):
    OPERATOR = "operator", _("Operator")
    INVESTOR = "investor", _("Investor")
    BRAND = "brand", _("Brand produced")


class ProjectParticipant(models.Model):
    """An enterprise's part in a project: operator, investor or brand."""

    Role = ParticipantRole

    project = models.ForeignKey(InvestmentProject, on_delete=models.CASCADE, related_name="participants")
    enterprise = models.ForeignKey("indicators.Enterprise", on_delete=models.PROTECT, related_name="project_roles")
    role = models.CharField(max_length=10, choices=Role.choices)

    natural_key_fields = ("project__slug", "enterprise__slug", "role")
    objects = PublicKeyQuerySet.as_manager()

    class Meta:
        ordering = ("project", "role", "enterprise")
        # participant_role=: the projects with a participant in a role, read from the index alone
        indexes = [models.Index(fields=["role", "project"], name="participant_role_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=("project", "enterprise", "role"),
                name="project_participant_unique",
                violation_error_message=_("This enterprise already has this role in this project."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=ParticipantRole.values),
                name="project_participant_role_valid",
                violation_error_message=_("Give one of the listed participant roles."),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} ({self.get_role_display()})"

    def natural_key(self):
        return (self.project.slug, self.enterprise.slug, self.role)


class MilestoneStatus(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    IN_PROGRESS = "in-progress", _("In progress")
    EXPECTED = "expected", _("Expected")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class ProjectMilestone(SourcedModel, SearchableModel):
    """A dated step of a project: a furnace launched, a unit commissioned, a start expected."""

    Status = MilestoneStatus
    Precision = DatePrecision

    project = models.ForeignKey(InvestmentProject, on_delete=models.CASCADE, related_name="milestones")
    key = models.SlugField(max_length=60, help_text="Identifies the milestone within its project.")
    name = models.CharField(max_length=250)
    date = models.DateField(
        null=True,
        blank=True,
        validators=[PlausibleDate()],
        help_text="First day of the month or year when precision is coarser.",
    )
    date_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    status = models.CharField(max_length=12, choices=Status.choices)

    natural_key_fields = ("project__slug", "key")

    class Meta:
        ordering = ("project", "date", "key")
        constraints = [
            models.UniqueConstraint(
                fields=("project", "key"),
                name="milestone_key_unique_per_project",
                violation_error_message=_("This project already has a milestone with this key."),
            ),
            models.CheckConstraint(
                condition=Q(date_precision__in=DatePrecision.values),
                name="milestone_precision_valid",
                violation_error_message=_("Give one of the listed date precisions."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=MilestoneStatus.values),
                name="milestone_status_valid",
                violation_error_message=_("Give one of the listed milestone statuses."),
            ),
        ]

    def __str__(self):
        return self.name
