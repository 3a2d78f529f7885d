"""The indicators app's resources in their full form. They never query: every relation they show is fetched by the
view's queryset."""

from django.urls import reverse
from rest_framework import serializers

from indicators import models
from indicators.api.serializers.briefs import (
    API,
    EnterpriseBriefSerializer,
    EnterpriseRoleBriefSerializer,
    FlagSerializer,
    IndicatorBriefSerializer,
    LocalityBriefSerializer,
    ProductBriefSerializer,
    RegionBriefSerializer,
    SectorBriefSerializer,
    SourceBriefSerializer,
    UnitBriefSerializer,
)
from regionapi.core.serializers import (
    BlankAsNullURLField,
    ChoiceLabelField,
    OptionalCharField,
    RecordSerializer,
    api_url,
    key_field,
)

# ---------------------------------------------------------------- full forms


class FactSerializer(RecordSerializer):
    """Base of every fact record: its source (brief) and the verbatim quote."""

    source = key_field(SourceBriefSerializer)
    quote = OptionalCharField(
        help_text="The sentence(s) of the source, verbatim, in its language; null when none is quoted."
    )


class SourceSerializer(RecordSerializer):
    url = api_url("source", "slug", API)
    web_url = BlankAsNullURLField(
        source="url", required=False, allow_null=True, help_text="Where the publication can be read; null when unknown."
    )

    class Meta:
        model = models.Source
        fields = (
            "slug",
            "url",
            "title",
            "kind",
            "publisher",
            "web_url",
            "published_on",
            "language",
            "reference",
            "licence",
            "description",
            "created_at",
            "updated_at",
        )


class UnitSerializer(RecordSerializer):
    url = api_url("unit", "code", API)

    class Meta:
        model = models.Unit
        fields = ("code", "url", "symbol", "name")


class RegionSerializer(RecordSerializer):
    url = api_url("region", "code", API)
    formed_from = key_field(
        RegionBriefSerializer, allow_null=True, help_text="The predecessor: the unit this one was formed from."
    )
    successors = RegionBriefSerializer(
        source="split_off",
        many=True,
        read_only=True,
        help_text="The units formed from this one (its territory, or part of it, went to them), by code.",
    )
    source = key_field(SourceBriefSerializer)

    class Meta:
        model = models.Region
        fields = (
            "code",
            "url",
            "name",
            "kind",
            "kato_code",
            "established_year",
            "established_month",
            "abolished_year",
            "abolished_month",
            "formed_from",
            "successors",
            "notes",
            "source",
            "created_at",
            "updated_at",
        )


class LocalitySerializer(FactSerializer):
    url = api_url("locality", "slug", API)
    region = key_field(RegionBriefSerializer)
    coordinates_source = key_field(SourceBriefSerializer, allow_null=True)

    class Meta:
        model = models.Locality
        fields = (
            "slug",
            "url",
            "name",
            "kind",
            "region",
            "latitude",
            "longitude",
            "coordinates_source",
            "source",
            "quote",
            "created_at",
            "updated_at",
        )


class SectorSerializer(RecordSerializer):
    url = api_url("sector", "code", API)
    parent = key_field(SectorBriefSerializer, allow_null=True)
    source = key_field(SourceBriefSerializer)

    class Meta:
        model = models.Sector
        fields = ("code", "url", "name", "level", "parent", "source", "created_at", "updated_at")


class EnterpriseRoleSerializer(RecordSerializer):
    url = api_url("enterprise-role", "code", API)

    class Meta:
        model = models.EnterpriseRole
        fields = ("code", "url", "name", "description")


class EnterpriseSerializer(FactSerializer):
    url = api_url("enterprise", "slug", API)
    roles = key_field(EnterpriseRoleBriefSerializer, many=True)
    sector = key_field(SectorBriefSerializer, allow_null=True)
    region = key_field(RegionBriefSerializer, allow_null=True)
    locality = key_field(LocalityBriefSerializer, allow_null=True)

    class Meta:
        model = models.Enterprise
        fields = (
            "slug",
            "url",
            "name",
            "description",
            "roles",
            "country",
            "size_class",
            "sector",
            "region",
            "locality",
            "source",
            "quote",
            "created_at",
            "updated_at",
        )


class ProductSerializer(RecordSerializer):
    url = api_url("product", "slug", API)
    sector = key_field(SectorBriefSerializer, allow_null=True)

    class Meta:
        model = models.Product
        fields = ("slug", "url", "name", "sector", "created_at", "updated_at")


class IndicatorSerializer(RecordSerializer):
    url = api_url("indicator", "code", API)
    unit = key_field(UnitBriefSerializer)
    source = key_field(SourceBriefSerializer)
    per_capita_of = key_field(IndicatorBriefSerializer, allow_null=True, required=False)
    coverage = serializers.SerializerMethodField(help_text="The indicator's periods and regions: coverage/.")

    def get_coverage(self, indicator) -> str:
        path = reverse("indicators-api:indicator-coverage", kwargs={"code": indicator.code})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    class Meta:
        model = models.Indicator
        fields = (
            "code",
            "url",
            "name",
            "description",
            "unit",
            "headline",
            "additive",
            "direction",
            "per_capita_of",
            "coverage",
            "source",
            "created_at",
            "updated_at",
        )


class FigureValueSerializer(serializers.ModelSerializer):
    """One value a source gives for a figure, with its release."""

    value = serializers.DecimalField(
        max_digits=24,
        decimal_places=4,
        read_only=True,
        help_text="The value in the indicator's unit, a decimal string with 4 decimal places.",
    )
    source = SourceBriefSerializer(read_only=True)
    role = serializers.ChoiceField(
        choices=models.ValueRole.choices,
        read_only=True,
        help_text="current: the figure's current value; superseded: an earlier release of its publisher, revised "
        "since; confirmation: the same value from a further source; alternative: another source's different value.",
    )
    shown = serializers.BooleanField(
        read_only=True, default=False, help_text="Whether this answer shows this value (see `vintage=`)."
    )
    note = OptionalCharField(read_only=True, help_text="What became of the value (e.g. the flags it carried).")

    class Meta:
        model = models.ObservationValue
        fields = ("value", "status", "released_on", "role", "shown", "source", "note")


class ObservationSerializer(FactSerializer):
    url = api_url("observation", "code", API)
    indicator = key_field(IndicatorBriefSerializer)
    region = key_field(RegionBriefSerializer)
    enterprise = key_field(EnterpriseBriefSerializer, allow_null=True)
    product = key_field(ProductBriefSerializer, allow_null=True)
    period = OptionalCharField(
        source="period_label",
        read_only=True,
        help_text="The period in words: 2024, 2025-01/2025-07, as of 2025-09-05, from 2025-01-01; null when the source gives none.",
    )
    value = serializers.DecimalField(
        max_digits=24,
        decimal_places=4,
        help_text="The figure in the indicator's unit (`unit`), a decimal string with 4 decimal places.",
    )
    unit = UnitBriefSerializer(
        source="indicator.unit", read_only=True, help_text="The unit of `value`: the indicator's."
    )
    frequency_label = ChoiceLabelField(
        source="frequency", choices=models.Frequency.choices, help_text="The kind of period in words."
    )
    flags = FlagSerializer(
        many=True,
        read_only=True,
        help_text="The sources' caveats on this figure (estimated, preliminary, back-calculated, break in series, "
        "confidential), each with who asserts it, a note and its SDMX code; empty when none is recorded.",
    )
    released_on = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="The day the publisher released this value (its vintage); null when unknown. With `vintage=DATE` "
        "a value counts as known on DATE when released on or before it, or when its release is unknown.",
    )
    vintages = FigureValueSerializer(
        many=True,
        read_only=True,
        help_text="Every release of this figure by its publisher, newest first: the current value and each earlier "
        "value it revised (superseded), with source, release and status; `shown` marks the one this answer shows.",
    )
    alternatives = FigureValueSerializer(
        many=True,
        read_only=True,
        help_text="Other sources' values for this figure, each with source and release: `confirmation` (the same "
        "value) or `alternative` (a different one). Empty when one source gives it.",
    )
    includes_territory_of = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Codes of regions split off this figure's region later whose territory the figure still covers (e.g. "
        "KZ-62 Ulytau in Karaganda's figures before 2022, unless the source reports Ulytau on its own for that period): "
        "such figures are not comparable with later ones.",
    )

    class Meta:
        model = models.Observation
        fields = (
            "code",
            "url",
            "indicator",
            "region",
            "enterprise",
            "product",
            "size_class",
            "period_start",
            "period_end",
            "period",
            "frequency",
            "frequency_label",
            "value",
            "unit",
            "includes_territory_of",
            "flags",
            "qualifier",
            "status",
            "comparison_base",
            "note",
            "source",
            "released_on",
            "vintages",
            "alternatives",
            "quote",
            "created_at",
            "updated_at",
        )
