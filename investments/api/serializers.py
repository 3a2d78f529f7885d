"""Serializers of the investments app. They never query: the viewsets' querysets fetch every relation shown."""

from rest_framework import serializers

from indicators.api.serializers import (
    EnterpriseBriefSerializer,
    FactSerializer,
    GroupCountSerializer,
    LocalityBriefSerializer,
    RegionBriefSerializer,
    SectorBriefSerializer,
    UnitBriefSerializer,
)
from investments import models
from regionapi.core.serializers import RecordSerializer, api_url, key_field

API = "investments-api"
KZT = {"max_digits": 20, "decimal_places": 2, "allow_null": True, "required": False, "min_value": 0}


def kzt(help_text):
    return serializers.DecimalField(
        help_text=f"{help_text} Tenge (KZT), a decimal string with 2 decimal places; null when the source gives none.",
        **KZT,
    )


class ZoneBriefSerializer(serializers.ModelSerializer):
    url = api_url("zone", "slug", API)

    class Meta:
        model = models.IndustrialZone
        fields = ("slug", "name", "url")


class ProgrammeBriefSerializer(serializers.ModelSerializer):
    url = api_url("programme", "slug", API)

    class Meta:
        model = models.InvestmentProgramme
        fields = ("slug", "name", "url")


class MineralBriefSerializer(serializers.ModelSerializer):
    url = api_url("mineral", "slug", API)

    class Meta:
        model = models.Mineral
        fields = ("slug", "name", "url")


class IndustrialZoneSerializer(FactSerializer):
    url = api_url("zone", "slug", API)
    region = key_field(RegionBriefSerializer)
    locality = key_field(LocalityBriefSerializer, allow_null=True)
    operator = key_field(EnterpriseBriefSerializer, allow_null=True)
    area_unit = key_field(UnitBriefSerializer, allow_null=True)
    investment_kzt = kzt("Investment attracted.")
    output_kzt = kzt("Output produced.")

    class Meta:
        model = models.IndustrialZone
        fields = (
            "slug",
            "url",
            "name",
            "description",
            "kind",
            "status",
            "zone_count",
            "region",
            "locality",
            "latitude",
            "longitude",
            "operator",
            "area",
            "area_unit",
            "participants",
            "participants_operating",
            "participants_implementing",
            "investment_kzt",
            "output_kzt",
            "permanent_jobs",
            "permanent_jobs_qualifier",
            "completion_year",
            "as_of",
            "source",
            "quote",
            "created_at",
            "updated_at",
        )


class InvestmentProgrammeSerializer(FactSerializer):
    url = api_url("programme", "slug", API)
    region = key_field(RegionBriefSerializer)
    total_kzt = kzt("Total value of the programme's projects.")

    class Meta:
        model = models.InvestmentProgramme
        fields = (
            "slug",
            "url",
            "name",
            "description",
            "region",
            "start_year",
            "end_year",
            "project_count",
            "industry_project_count",
            "total_kzt",
            "source",
            "quote",
            "created_at",
            "updated_at",
        )


class ParticipantSerializer(RecordSerializer):
    enterprise = key_field(EnterpriseBriefSerializer)

    class Meta:
        model = models.ProjectParticipant
        fields = ("enterprise", "role")


class MilestoneSerializer(FactSerializer):
    class Meta:
        model = models.ProjectMilestone
        fields = ("key", "name", "date", "date_precision", "status", "source", "quote")


class InvestmentProjectSerializer(FactSerializer):
    url = api_url("project", "slug", API)
    region = key_field(RegionBriefSerializer)
    locality = key_field(LocalityBriefSerializer, allow_null=True)
    zone = key_field(ZoneBriefSerializer, allow_null=True)
    sector = key_field(SectorBriefSerializer, allow_null=True)
    programme = key_field(ProgrammeBriefSerializer, allow_null=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    capacity_unit = key_field(UnitBriefSerializer, allow_null=True)
    planned_investment_kzt = kzt("Investment planned.")
    invested_kzt = kzt("Investment made.")

    class Meta:
        model = models.InvestmentProject
        fields = (
            "slug",
            "url",
            "name",
            "description",
            "status",
            "region",
            "locality",
            "latitude",
            "longitude",
            "zone",
            "sector",
            "programme",
            "participants",
            "planned_investment_kzt",
            "planned_investment_until",
            "invested_kzt",
            "invested_year",
            "start_year",
            "target_year",
            "capacity",
            "capacity_unit",
            "jobs",
            "milestones",
            "source",
            "quote",
            "created_at",
            "updated_at",
        )


class MineralSerializer(FactSerializer):
    url = api_url("mineral", "slug", API)

    class Meta:
        model = models.Mineral
        fields = ("slug", "url", "name", "group", "source", "quote", "created_at", "updated_at")


class ResourceEstimateSerializer(FactSerializer):
    unit = key_field(UnitBriefSerializer)

    class Meta:
        model = models.ResourceEstimate
        fields = ("key", "name", "category", "amount", "unit", "qualifier", "source", "quote")


class GeologicalDepositSerializer(FactSerializer):
    url = api_url("deposit", "slug", API)
    region = key_field(RegionBriefSerializer)
    locality = key_field(LocalityBriefSerializer, allow_null=True)
    minerals = key_field(MineralBriefSerializer, many=True)
    explorers = key_field(EnterpriseBriefSerializer, many=True)
    estimates = ResourceEstimateSerializer(many=True, read_only=True)

    class Meta:
        model = models.GeologicalDeposit
        fields = (
            "slug",
            "url",
            "name",
            "description",
            "kind",
            "exploration_status",
            "region",
            "locality",
            "latitude",
            "longitude",
            "minerals",
            "explorers",
            "estimates",
            "source",
            "quote",
            "created_at",
            "updated_at",
        )


# ---------------------------------------------------------------- region profile sections


class _ProfileSection(serializers.Serializer):
    records = serializers.IntegerField(help_text="Records in this database (not an official count).")
    sources = serializers.ListField(child=serializers.CharField(), help_text="Slugs of the sources these records cite.")


def _total(help_text: str) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=24,
        decimal_places=2,
        allow_null=True,
        read_only=True,
        help_text=f"{help_text}, summed over the records that report it: tenge, a decimal string with 2 decimal places; null when none does.",
    )


def _sum(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        allow_null=True, help_text=f"{help_text}, summed over the records that report it; null when none does."
    )


class ZonesProfileSerializer(_ProfileSection):
    records_by_kind = GroupCountSerializer(many=True)
    participants = _sum("Registered participants")
    investment_kzt = _total("Investment attracted")
    output_kzt = _total("Output produced")
    permanent_jobs = _sum("Permanent jobs")


class ProjectsProfileSerializer(_ProfileSection):
    records_by_status = GroupCountSerializer(many=True)
    planned_investment_kzt = _total("Investment planned")
    invested_kzt = _total("Investment made")


class ProgrammeTotalsSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    end_year = serializers.IntegerField(allow_null=True)
    project_count = serializers.IntegerField(
        allow_null=True, help_text="Projects in the programme, as its source reports."
    )
    total_kzt = _total("Total value of the programme's projects, as its source reports")


class ProgrammesProfileSerializer(_ProfileSection):
    programmes = ProgrammeTotalsSerializer(many=True)


class DepositsProfileSerializer(_ProfileSection):
    records_by_kind = GroupCountSerializer(many=True)
    records_by_exploration_status = GroupCountSerializer(many=True)
    minerals = serializers.ListField(
        child=serializers.CharField(), help_text="Slugs of the minerals these records hold."
    )
