"""Serializers of the indicators app. They never query: every relation they show is fetched by the view's queryset."""
from rest_framework import serializers

from indicators import models

API = "indicators-api"


def api_url(basename: str, lookup_field: str, namespace: str = API) -> serializers.HyperlinkedIdentityField:
    """The record's own API URL, addressed by its public key."""
    return serializers.HyperlinkedIdentityField(view_name=f"{namespace}:{basename}-detail", lookup_field=lookup_field)


# ---------------------------------------------------------------- brief forms, embedded in other resources


class SourceBriefSerializer(serializers.ModelSerializer):
    url = api_url("source", "slug")

    class Meta:
        model = models.Source
        fields = ("slug", "title", "publisher", "published_on", "url")


class UnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Unit
        fields = ("code", "symbol", "name")


class RegionBriefSerializer(serializers.ModelSerializer):
    url = api_url("region", "code")

    class Meta:
        model = models.Region
        fields = ("code", "name", "url")


class LocalityBriefSerializer(serializers.ModelSerializer):
    url = api_url("locality", "slug")

    class Meta:
        model = models.Locality
        fields = ("slug", "name", "url")


class SectorBriefSerializer(serializers.ModelSerializer):
    url = api_url("sector", "code")

    class Meta:
        model = models.Sector
        fields = ("code", "name", "url")


class EnterpriseBriefSerializer(serializers.ModelSerializer):
    url = api_url("enterprise", "slug")

    class Meta:
        model = models.Enterprise
        fields = ("slug", "name", "url")


class EnterpriseRoleBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.EnterpriseRole
        fields = ("code", "name")


class ProductBriefSerializer(serializers.ModelSerializer):
    url = api_url("product", "slug")

    class Meta:
        model = models.Product
        fields = ("slug", "name", "url")


class IndicatorBriefSerializer(serializers.ModelSerializer):
    url = api_url("indicator", "code")
    unit = UnitBriefSerializer(read_only=True)

    class Meta:
        model = models.Indicator
        fields = ("code", "name", "unit", "url")


# ---------------------------------------------------------------- full forms


class FactSerializer(serializers.ModelSerializer):
    """Base of every fact record: its source (brief) and the verbatim quote."""

    source = SourceBriefSerializer(read_only=True)
    quote = serializers.CharField(read_only=True, help_text="The sentence(s) of the source, verbatim, in its language.")


class BlankAsNullURLField(serializers.URLField):
    """A URL stored as '' when unknown, served as null (an empty string is not a URI)."""

    def to_representation(self, value):
        return value or None


class SourceSerializer(serializers.ModelSerializer):
    url = api_url("source", "slug")
    web_url = BlankAsNullURLField(
        source="url", read_only=True, allow_null=True, help_text="Where the publication can be read; null when unknown."
    )

    class Meta:
        model = models.Source
        fields = (
            "slug", "url", "title", "kind", "publisher", "web_url", "published_on", "language", "reference",
            "description", "created_at", "updated_at",
        )


class UnitSerializer(serializers.ModelSerializer):
    url = api_url("unit", "code")

    class Meta:
        model = models.Unit
        fields = ("code", "url", "symbol", "name")


class RegionSerializer(serializers.ModelSerializer):
    url = api_url("region", "code")
    formed_from = RegionBriefSerializer(read_only=True, allow_null=True)
    source = SourceBriefSerializer(read_only=True)

    class Meta:
        model = models.Region
        fields = (
            "code", "url", "name", "kind", "kato_code", "established_year", "formed_from", "notes", "source",
            "created_at", "updated_at",
        )


class LocalitySerializer(FactSerializer):
    url = api_url("locality", "slug")
    region = RegionBriefSerializer(read_only=True)

    class Meta:
        model = models.Locality
        fields = ("slug", "url", "name", "kind", "region", "source", "quote", "created_at", "updated_at")


class SectorSerializer(serializers.ModelSerializer):
    url = api_url("sector", "code")
    parent = SectorBriefSerializer(read_only=True, allow_null=True)
    source = SourceBriefSerializer(read_only=True)

    class Meta:
        model = models.Sector
        fields = ("code", "url", "name", "level", "parent", "source", "created_at", "updated_at")


class EnterpriseRoleSerializer(serializers.ModelSerializer):
    url = api_url("enterprise-role", "code")

    class Meta:
        model = models.EnterpriseRole
        fields = ("code", "url", "name", "description")


class EnterpriseSerializer(FactSerializer):
    url = api_url("enterprise", "slug")
    roles = EnterpriseRoleBriefSerializer(many=True, read_only=True)
    sector = SectorBriefSerializer(read_only=True, allow_null=True)
    region = RegionBriefSerializer(read_only=True, allow_null=True)
    locality = LocalityBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Enterprise
        fields = (
            "slug", "url", "name", "description", "roles", "country", "size_class", "sector", "region", "locality",
            "source", "quote", "created_at", "updated_at",
        )


class ProductSerializer(serializers.ModelSerializer):
    url = api_url("product", "slug")
    sector = SectorBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = models.Product
        fields = ("slug", "url", "name", "sector", "created_at", "updated_at")


class IndicatorSerializer(serializers.ModelSerializer):
    url = api_url("indicator", "code")
    unit = UnitBriefSerializer(read_only=True)
    source = SourceBriefSerializer(read_only=True)

    class Meta:
        model = models.Indicator
        fields = ("code", "url", "name", "description", "unit", "source", "created_at", "updated_at")


class ObservationSerializer(FactSerializer):
    url = api_url("observation", "code")
    indicator = IndicatorBriefSerializer(read_only=True)
    region = RegionBriefSerializer(read_only=True)
    enterprise = EnterpriseBriefSerializer(read_only=True, allow_null=True)
    product = ProductBriefSerializer(read_only=True, allow_null=True)
    period = serializers.CharField(source="period_label", read_only=True, help_text="The period in words: 2024, 2025-01/2025-07, as of 2025-09-05, from 2025-01-01, or empty.")
    value = serializers.DecimalField(
        max_digits=24, decimal_places=4, read_only=True,
        help_text="The figure, an exact decimal in the indicator's unit (see indicator.unit).",
    )

    class Meta:
        model = models.Observation
        fields = (
            "code", "url", "indicator", "region", "enterprise", "product", "size_class", "period_start", "period_end",
            "period", "value", "qualifier", "status", "comparison_base", "note", "source", "quote", "created_at",
            "updated_at",
        )
