"""Analytics: what an indicator's figures cover, and a region's profile. They never query."""

from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators import models
from indicators.api import charts
from indicators.api.serializers.briefs import (
    API,
    IndicatorBriefSerializer,
    RegionBriefSerializer,
    SourceBriefSerializer,
)
from indicators.api.serializers.compare import RankingSerializer
from indicators.api.serializers.resources import ObservationSerializer
from indicators.api.serializers.series import TerritoryChangeSerializer
from indicators.profile_sections import SECTIONS
from regionapi.core.analytics import TableSerializerMixin
from regionapi.core.serializers import (
    ChoiceLabelField,
    OptionalCharField,
    api_url,
)


class CoverageSerializer(serializers.Serializer):
    frequency = serializers.ChoiceField(choices=models.Frequency.choices)
    frequency_label = ChoiceLabelField(source="frequency", choices=models.Frequency.choices)
    first = serializers.CharField(help_text="The first period with figures, in the syntax `period=` reads.")
    last = serializers.CharField(help_text="The last period with figures.")
    periods = serializers.IntegerField(help_text="Periods with at least one figure.")
    figures = serializers.IntegerField(help_text="Figures (totals, not breakdowns) of this kind.")
    regions = RegionBriefSerializer(many=True, help_text="The regions (and the republic) with figures of this kind.")


class IndicatorCoverageSerializer(TableSerializerMixin, serializers.Serializer):
    """An indicator's coverage, one entry per kind of period; as CSV, one row per kind."""

    indicator = IndicatorBriefSerializer()
    coverage = CoverageSerializer(many=True)

    def csv_columns(self) -> list[str]:
        return ["indicator", "frequency", "first", "last", "periods", "figures", "regions"]

    def csv_rows(self, data) -> list[dict]:
        return [
            {
                "indicator": data["indicator"]["code"],
                **{name: row[name] for name in ("frequency", "first", "last", "periods", "figures")},
                "regions": "; ".join(region["code"] for region in row["regions"]),
            }
            for row in data["coverage"]
        ]


class GroupCountSerializer(serializers.Serializer):
    """Records in this database in one group (a kind, a status), as summaries count them."""

    key = OptionalCharField(read_only=True, help_text="The group's key (a choice); null: not recorded.")
    label = OptionalCharField(read_only=True, help_text="The group's name in the language of the response.")
    records = serializers.IntegerField(help_text="Records in this database in the group (not an official count).")


class ProfileRecordsField(serializers.Field):
    """The profile's `records`: one object per registered section, each shaped by its own serializer."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, sections):
        return {name: SECTIONS[name].serializer(value, context=self.context).data for name, value in sections.items()}


class ProfileRecordsFieldExtension(OpenApiSerializerFieldExtension):
    """The schema of `records`: its sections, each a component of its own."""

    target_class = ProfileRecordsField

    def map_serializer_field(self, auto_schema, direction):
        names = sorted(SECTIONS)
        return {
            "type": "object",
            "properties": {
                name: auto_schema.resolve_serializer(SECTIONS[name].serializer, direction).ref for name in names
            },
            "required": names,
        }


class RegionRankSerializer(serializers.Serializer):
    indicator = IndicatorBriefSerializer()
    period = OptionalCharField(read_only=True, help_text="The period of the region's headline figure, in words.")
    rank = serializers.IntegerField(
        help_text="1 for the best value by the indicator's direction (`ranking`); equal values share a rank."
    )
    ranking = RankingSerializer(help_text="Which end rank 1 is.")
    regions = serializers.IntegerField(help_text="Regions with a figure for the period (the republic aside).")
    observation = api_url("observation", "code", API)  # the region's figure (RegionRank.code is its code)
    compare = serializers.SerializerMethodField(help_text="Every region's figure for the period, ranked (compare/).")
    source = SourceBriefSerializer()

    @extend_schema_field(OpenApiTypes.URI)
    def get_compare(self, rank) -> str:
        path = reverse("indicators-api:indicator-compare", kwargs={"code": rank.indicator.code})
        request = self.context.get("request")
        url = request.build_absolute_uri(path) if request is not None else path
        return f"{url}?{rank.compare_query}"


class RegionProfileSerializer(serializers.Serializer):
    region = RegionBriefSerializer()
    territory_changes = TerritoryChangeSerializer(many=True)
    headline = ObservationSerializer(
        many=True,
        help_text="Reported figures first: the latest value of each headline indicator as its source states it (the total "
        "and each size class), e.g. the region's 941 enterprises or its 52 colleges.",
    )
    ranks = RegionRankSerializer(
        many=True,
        help_text="The region's rank among the regions on each headline total that other regions report for the same "
        "period (official statistics; the article's figures have no rank). `format=svg` draws them.",
    )
    records = ProfileRecordsField(
        source="sections",
        help_text="Records held in this database about the region, by kind: zones, projects, programmes, deposits, "
        "institutions. These count and total what the sources name one by one; they are not official statistics "
        "(a region's reported totals are in `headline`). Money in tenge; each section lists the sources its records cite.",
    )

    def chart(self, data):
        return charts.ranks_chart(data)
