"""Admin for zones, programmes, projects and geology."""

from django.contrib import admin
from modeltranslation.admin import TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from indicators.admin import ConsistencyWarningMixin
from investments import models, resources
from regionapi.core.admin import (
    PROVENANCE,
    TIMESTAMPS,
    PermittedImportExportMixin,
    ProtectedDeleteMixin,
    SaveChangesOnlyMixin,
    SourcedAdmin,
)


class ProjectInline(TranslationTabularInline):
    model = models.InvestmentProject
    fields = ("slug", "name", "status", "planned_investment_kzt", "invested_kzt", "target_year")
    show_change_link = True
    extra = 0


@admin.register(models.IndustrialZone)
class IndustrialZoneAdmin(ConsistencyWarningMixin, PermittedImportExportMixin, SourcedAdmin):
    consistency_resource = "zones"
    resource_classes = (resources.IndustrialZoneResource,)
    list_display = (
        "name",
        "kind",
        "status",
        "locality",
        "participants",
        "investment_kzt",
        "output_kzt",
        "permanent_jobs",
        "source",
    )
    list_filter = ("kind", "status", "region", "locality")
    list_select_related = ("locality", "source")
    autocomplete_fields = ("region", "locality", "operator", "area_unit", "source")
    inlines = (ProjectInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "slug",
                    "name",
                    "description",
                    "kind",
                    "status",
                    "zone_count",
                    "region",
                    "locality",
                    "operator",
                )
            },
        ),
        (
            "Figures",
            {
                "fields": (
                    ("area", "area_unit"),
                    "participants",
                    "participants_operating",
                    "participants_implementing",
                    "investment_kzt",
                    "output_kzt",
                    ("permanent_jobs", "permanent_jobs_qualifier"),
                    "completion_year",
                    "as_of",
                )
            },
        ),
        PROVENANCE,
        TIMESTAMPS,
    )


@admin.register(models.InvestmentProgramme)
class InvestmentProgrammeAdmin(PermittedImportExportMixin, SourcedAdmin):
    resource_classes = (resources.InvestmentProgrammeResource,)
    list_display = ("name", "start_year", "end_year", "project_count", "industry_project_count", "total_kzt", "source")
    list_filter = ("region", "end_year")
    autocomplete_fields = ("region", "source")
    inlines = (ProjectInline,)


class ParticipantInline(admin.TabularInline):
    model = models.ProjectParticipant
    autocomplete_fields = ("enterprise",)
    extra = 0


class MilestoneInline(TranslationTabularInline):
    model = models.ProjectMilestone
    fields = ("key", "name", "date", "date_precision", "status", "source", "quote")
    autocomplete_fields = ("source",)
    extra = 0


@admin.register(models.InvestmentProject)
class InvestmentProjectAdmin(PermittedImportExportMixin, SourcedAdmin):
    resource_classes = (resources.InvestmentProjectResource,)
    list_display = (
        "name",
        "status",
        "zone",
        "locality",
        "programme",
        "planned_investment_kzt",
        "invested_kzt",
        "target_year",
        "source",
    )
    list_filter = ("status", "region", "locality", "zone", "programme", "sector", "target_year")
    list_select_related = ("zone", "locality", "programme", "source")
    autocomplete_fields = ("region", "locality", "zone", "sector", "programme", "capacity_unit", "source")
    inlines = (ParticipantInline, MilestoneInline)
    fieldsets = (
        (
            None,
            {"fields": ("slug", "name", "description", "status", "region", "locality", "zone", "sector", "programme")},
        ),
        (
            "Money and capacity",
            {
                "fields": (
                    ("planned_investment_kzt", "planned_investment_until"),
                    ("invested_kzt", "invested_year"),
                    ("start_year", "target_year"),
                    ("capacity", "capacity_unit"),
                    "jobs",
                )
            },
        ),
        PROVENANCE,
        TIMESTAMPS,
    )


@admin.register(models.ProjectParticipant)
class ProjectParticipantAdmin(ProtectedDeleteMixin, SaveChangesOnlyMixin, SimpleHistoryAdmin):
    list_display = ("project", "enterprise", "role")
    list_filter = ("role",)
    list_select_related = ("project", "enterprise")
    search_fields = ("project__slug", "enterprise__slug")
    autocomplete_fields = ("project", "enterprise")


@admin.register(models.ProjectMilestone)
class ProjectMilestoneAdmin(SourcedAdmin):
    list_display = ("name", "project", "date", "date_precision", "status", "source")
    list_filter = ("status", "date_precision")
    list_select_related = ("project", "source")
    autocomplete_fields = ("project", "source")


@admin.register(models.Mineral)
class MineralAdmin(PermittedImportExportMixin, SourcedAdmin):
    resource_classes = (resources.MineralResource,)
    list_display = ("name", "slug", "group", "source")
    list_filter = ("group",)


class DepositMineralInline(admin.TabularInline):
    model = models.GeologicalDeposit.minerals.through
    autocomplete_fields = ("mineral",)
    verbose_name = "mineral"
    verbose_name_plural = "minerals"
    extra = 0


class EstimateInline(TranslationTabularInline):
    model = models.ResourceEstimate
    fields = ("key", "name", "category", "amount", "unit", "qualifier", "source", "quote")
    autocomplete_fields = ("unit", "source")
    extra = 0


@admin.register(models.GeologicalDeposit)
class GeologicalDepositAdmin(PermittedImportExportMixin, SourcedAdmin):
    resource_classes = (resources.GeologicalDepositResource,)
    list_display = ("name", "kind", "exploration_status", "locality", "source")
    list_filter = ("kind", "exploration_status", "minerals", "region")
    list_select_related = ("locality", "source")
    autocomplete_fields = ("region", "locality", "explorers", "source")
    exclude = ("minerals",)
    inlines = (DepositMineralInline, EstimateInline)


@admin.register(models.ResourceEstimate)
class ResourceEstimateAdmin(SourcedAdmin):
    list_display = ("name", "deposit", "category", "amount", "unit", "qualifier", "source")
    list_filter = ("category",)
    list_select_related = ("deposit", "unit", "source")
    autocomplete_fields = ("deposit", "unit", "source")
