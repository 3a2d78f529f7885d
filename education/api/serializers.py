"""Serializers of the education app. They never query: the viewsets' querysets fetch every relation shown."""
from rest_framework import serializers

from education import models
from indicators.api.serializers import (
    EnterpriseBriefSerializer,
    FactSerializer,
    RecordSerializer,
    LocalityBriefSerializer,
    RegionBriefSerializer,
    api_url,
    key_field,
)

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
            "slug", "url", "name", "description", "kind", "region", "locality", "latitude", "longitude",
            "dual_training", "specialties",
            "source", "quote", "created_at", "updated_at",
        )


class TrainingProgrammeSerializer(FactSerializer):
    url = api_url("training-programme", "slug", API)

    class Meta:
        model = models.TrainingProgramme
        fields = ("slug", "url", "name", "description", "source", "quote", "created_at", "updated_at")
