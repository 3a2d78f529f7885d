"""FilterSets of the investments app: one per exposed model."""

from indicators.filtersets import (
    enterprise_filter,
    locality_filter,
    region_filter,
    sector_exact_filter,
    sector_filter,
    unit_filter,
)
from investments import models
from regionapi.core.filters import (
    GeoFilterSetMixin,
    RegionapiFilterSet,
    StableOrderingFilter,
    choice_filter,
    key_filter,
)

RANGE = ["exact", "gte", "lte"]


class IndustrialZoneFilterSet(GeoFilterSetMixin, RegionapiFilterSet):
    search_relations = ("region", "locality", "operator")
    kind = choice_filter(models.ZoneKind.choices, label="Kind of zone.")
    status = choice_filter(models.ZoneStatus.choices, label="Operating, under construction or proposed.")
    region = region_filter()
    locality = locality_filter()
    operator = enterprise_filter("operator", label="Management company by slug.")
    ordering = StableOrderingFilter(
        fields=("name", "investment_kzt", "output_kzt", "participants", "permanent_jobs", "area", "completion_year"),
        label="Sort by name, investment_kzt, output_kzt, participants, permanent_jobs, area or completion_year; prefix - for descending.",
    )

    class Meta:
        model = models.IndustrialZone
        fields = {
            "participants": RANGE,
            "investment_kzt": RANGE,
            "output_kzt": RANGE,
            "permanent_jobs": RANGE,
            "area": RANGE,
            "completion_year": RANGE,
            "as_of": RANGE,
        }


class InvestmentProgrammeFilterSet(RegionapiFilterSet):
    search_relations = ("region",)
    region = region_filter()
    ordering = StableOrderingFilter(
        fields=("slug", "name", "total_kzt", "end_year"),
        label="Sort by slug, name, total_kzt or end_year; prefix - for descending.",
    )

    class Meta:
        model = models.InvestmentProgramme
        fields = {"start_year": RANGE, "end_year": RANGE, "project_count": RANGE, "total_kzt": RANGE}


class InvestmentProjectFilterSet(GeoFilterSetMixin, RegionapiFilterSet):
    search_relations = ("region", "locality", "zone", "sector", "programme", "participants__enterprise", "milestones")
    status = choice_filter(models.ProjectStatus.choices, label="Lifecycle status.")
    region = region_filter()
    locality = locality_filter()
    zone = key_filter(
        models.IndustrialZone.objects.all(),
        field_name="zone",
        to_field="slug",
        label="Zone by slug, e.g. saran-industrial-park.",
    )
    sector = sector_filter()
    sector_exact = sector_exact_filter()
    programme = key_filter(
        models.InvestmentProgramme.objects.all(), field_name="programme", to_field="slug", label="Programme by slug."
    )
    enterprise = enterprise_filter(
        "participants__enterprise", label="Any participating enterprise (operator, investor or brand) by slug."
    )
    participant_role = choice_filter(
        models.ParticipantRole.choices,
        field_name="participants__role",
        label="Only projects with a participant in this role.",
    )
    capacity_unit = unit_filter("capacity_unit")
    ordering = StableOrderingFilter(
        fields=("name", "planned_investment_kzt", "invested_kzt", "capacity", "start_year", "target_year"),
        label="Sort by name, planned_investment_kzt, invested_kzt, capacity, start_year or target_year; prefix - for descending.",
    )

    class Meta:
        model = models.InvestmentProject
        fields = {
            "planned_investment_kzt": RANGE,
            "invested_kzt": RANGE,
            "invested_year": RANGE,
            "capacity": RANGE,
            "jobs": RANGE,
            "start_year": RANGE,
            "target_year": RANGE,
        }


class MineralFilterSet(RegionapiFilterSet):
    group = choice_filter(models.MineralGroup.choices, label="Mineral group, where a source states it.")
    ordering = StableOrderingFilter(fields=("slug", "name"), label="Sort by slug or name; prefix - for descending.")

    class Meta:
        model = models.Mineral
        fields = ()


class GeologicalDepositFilterSet(GeoFilterSetMixin, RegionapiFilterSet):
    search_relations = ("region", "locality", "minerals", "explorers", "estimates")
    kind = choice_filter(models.DepositKind.choices, label="Deposit or prospective site.")
    exploration_status = choice_filter(models.ExplorationStatus.choices, label="Stage of exploration.")
    region = region_filter()
    locality = locality_filter()
    mineral = key_filter(
        models.Mineral.objects.all(), field_name="minerals", to_field="slug", label="Mineral by slug, e.g. gold."
    )
    explorer = enterprise_filter("explorers", label="Exploring company by slug.")
    resource_category = choice_filter(
        models.ResourceCategory.choices,
        field_name="estimates__category",
        label="Only deposits with an estimate in this category.",
    )
    ordering = StableOrderingFilter(fields=("name", "slug"), label="Sort by name or slug; prefix - for descending.")

    class Meta:
        model = models.GeologicalDeposit
        fields = ()
