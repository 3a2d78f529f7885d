"""Brief forms of the indicators app's records, embedded in other resources (and other apps'), and the
caveats of a figure. They never query."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators import models
from indicators.flags import sdmx_of
from regionapi.core.serializers import (
    ChoiceLabelField,
    OptionalCharField,
    api_url,
)

API = "indicators-api"


# ---------------------------------------------------------------- brief forms, embedded in other resources


class SourceBriefSerializer(serializers.ModelSerializer):
    url = api_url("source", "slug", API)

    class Meta:
        model = models.Source
        fields = ("slug", "title", "publisher", "published_on", "language", "url")


class UnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Unit
        fields = ("code", "symbol", "name")


class RegionBriefSerializer(serializers.ModelSerializer):
    url = api_url("region", "code", API)

    class Meta:
        model = models.Region
        fields = ("code", "name", "url")


class LocalityBriefSerializer(serializers.ModelSerializer):
    url = api_url("locality", "slug", API)

    class Meta:
        model = models.Locality
        fields = ("slug", "name", "url")


class SectorBriefSerializer(serializers.ModelSerializer):
    url = api_url("sector", "code", API)

    class Meta:
        model = models.Sector
        fields = ("code", "name", "url")


class EnterpriseBriefSerializer(serializers.ModelSerializer):
    url = api_url("enterprise", "slug", API)

    class Meta:
        model = models.Enterprise
        fields = ("slug", "name", "url")


class EnterpriseRoleBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.EnterpriseRole
        fields = ("code", "name")


class ProductBriefSerializer(serializers.ModelSerializer):
    url = api_url("product", "slug", API)

    class Meta:
        model = models.Product
        fields = ("slug", "name", "url")


class IndicatorBriefSerializer(serializers.ModelSerializer):
    url = api_url("indicator", "code", API)
    unit = UnitBriefSerializer(read_only=True)

    class Meta:
        model = models.Indicator
        fields = ("code", "name", "unit", "url")


class SdmxCodeSerializer(serializers.Serializer):
    attribute = serializers.CharField(help_text="OBS_STATUS, CONF_STATUS, or REGIONAPI_FLAG where SDMX has no code.")
    code = serializers.CharField()
    note = OptionalCharField(help_text="Why the project's own code; null for an SDMX code.")


class FlagSerializer(serializers.Serializer):
    """One caveat on a figure: the flag, who asserts it, the note, and its SDMX code (indicators/flags.py)."""

    flag = serializers.ChoiceField(
        choices=models.FlagKind.choices,
        read_only=True,
        help_text="estimated: the publisher estimated the figure; preliminary: published as preliminary; "
        "back-calculated: recalculated for a unit that did not yet exist, on its later borders; break: the first "
        "figure after a break in series (a method, a publisher, a census or territory step), so a change against "
        "an earlier figure crosses it; confidential: not published for confidentiality.",
    )
    label = ChoiceLabelField(source="flag", choices=models.FlagKind.choices, help_text="The flag in words.")
    asserted_by = serializers.ChoiceField(
        choices=models.FlagAuthority.choices,
        read_only=True,
        help_text="publisher: a footnote of the source says so; package-editors: the data package's editors' reading "
        "(no footnote); derived: worked out by regionapi from a derived figure's inputs.",
    )
    note = OptionalCharField(read_only=True)
    sdmx = serializers.SerializerMethodField()

    @extend_schema_field(SdmxCodeSerializer)
    def get_sdmx(self, flag) -> dict:
        code = sdmx_of(flag.flag)
        return {"attribute": code.attribute, "code": code.code, "note": code.note or None}
