"""Serializers of the education app. They never query: the viewsets' querysets fetch every relation shown."""

from rest_framework import serializers

from education import models
from indicators.api.serializers import (
    EnterpriseBriefSerializer,
    FactSerializer,
    GroupCountSerializer,
    LocalityBriefSerializer,
    RegionBriefSerializer,
)
from regionapi.core.serializers import api_url, key_field

API = "education-api"


class SpecialtySerializer(FactSerializer):
    partner_enterprises = key_field(EnterpriseBriefSerializer, many=True)

    class Meta:
        model = models.Specialty
        fields = ("key", "name", "opened_year", "partner_enterprises", "source", "quote")


class InstitutionSerializer(FactSerializer):
    url = api_url("institution", "slug", API)
    region = key_field(RegionBriefSerializer)
    locality = key_field(LocalityBriefSerializer, allow_null=True)
    specialties = SpecialtySerializer(many=True, read_only=True)

    class Meta:
        model = models.Institution
        fields = (
            "slug",
            "url",
            "name",
            "description",
            "kind",
            "region",
            "locality",
            "latitude",
            "longitude",
            "dual_training",
            "specialties",
            "source",
            "quote",
            "created_at",
            "updated_at",
        )


class TrainingProgrammeSerializer(FactSerializer):
    url = api_url("training-programme", "slug", API)

    class Meta:
        model = models.TrainingProgramme
        fields = ("slug", "url", "name", "description", "source", "quote", "created_at", "updated_at")


class InstitutionsProfileSerializer(serializers.Serializer):
    """The education section of a region profile: institutions recorded one by one (a region's reported counts of
    universities and colleges are observations, in the profile's headline)."""

    records = serializers.IntegerField(
        help_text="Institutions recorded in this database (not the region's official count)."
    )
    records_by_kind = GroupCountSerializer(many=True)
    records_with_dual_training = serializers.IntegerField(
        help_text="Of these records, those known to offer dual training (the reported region-wide figure is an observation)."
    )
    sources = serializers.ListField(child=serializers.CharField(), help_text="Slugs of the sources these records cite.")
