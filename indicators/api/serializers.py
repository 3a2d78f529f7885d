"""Serializers of the indicators app. They never query: every relation they show is fetched by the view's queryset."""

import re
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators import models
from indicators.api import charts
from indicators.derived import PER_POPULATION
from indicators.profile_sections import SECTIONS
from regionapi.core.analytics import TableSerializerMixin
from regionapi.core.export import csv_columns, flatten
from regionapi.core.serializers import (
    BlankAsNullURLField,
    ChoiceLabelField,
    OptionalCharField,
    RecordSerializer,
    api_url,
    key_field,
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
    formed_from = key_field(RegionBriefSerializer, allow_null=True)
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
            "abolished_year",
            "formed_from",
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
            "source",
            "created_at",
            "updated_at",
        )


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
    period_kind = serializers.ChoiceField(
        choices=models.PeriodKind.choices,
        read_only=True,
        allow_null=True,
        help_text="The span of the period: a calendar year, a quarter, a month, a cumulative part of a year from January "
        "(year-to-date, e.g. January-September), a point in time (a stock on 1 January), open, or other; null without a period.",
    )
    period_kind_label = ChoiceLabelField(
        source="period_kind", choices=models.PeriodKind.choices, help_text="The span of the period in words."
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
            "period_kind",
            "period_kind_label",
            "value",
            "unit",
            "includes_territory_of",
            "qualifier",
            "status",
            "comparison_base",
            "note",
            "source",
            "quote",
            "created_at",
            "updated_at",
        )


# ---------------------------------------------------------------- analytics: series and profiles


PER_HELP = (
    "`population`: divide each figure by the average population of its calendar year, the mean of the population "
    "on 1 January of the year and of the next (indicator population-total). Only for totals that add up over "
    "regions (`additive` indicators; others are a 400). The answer says `derived: true` and gives the formula, the "
    "unit and, per value, the input figures with their sources; a value whose input is missing is null with a note."
)


class DerivedQueryMixin(serializers.Serializer):
    """`per`: a derived figure instead of the reported one (indicators/derived.py)."""

    per = serializers.ChoiceField(choices=[(PER_POPULATION, PER_POPULATION)], required=False, help_text=PER_HELP)

    def validate_per(self, value):
        view = self.context.get("view")
        refusal = view.get_object().per_capita_refusal() if view is not None else ""
        if refusal:
            raise serializers.ValidationError(refusal)
        return value


class SeriesQuerySerializer(DerivedQueryMixin, serializers.Serializer):
    """Query parameters of a series; an unknown key or bad value is a 400 naming the parameter."""

    region = serializers.SlugRelatedField(
        slug_field="code", queryset=models.Region.objects.all(), help_text="Region code, e.g. KZ-35 (required)."
    )
    enterprise = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=models.Enterprise.objects.all(),
        required=False,
        help_text="Breakdown by enterprise (slug); omit for totals.",
    )
    product = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=models.Product.objects.all(),
        required=False,
        help_text="Breakdown by product (slug); omit for totals.",
    )
    size_class = serializers.ChoiceField(
        choices=models.SizeClass.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Breakdown by size class; omit for totals.",
    )
    status = serializers.MultipleChoiceField(
        source="statuses",
        choices=models.ObservationStatus.choices,
        required=False,
        help_text="Only these statuses (repeatable); default all.",
    )
    period_after = serializers.DateField(
        required=False,
        help_text="Only points whose period starts on or after this date; their changes are still measured against "
        "the earlier figures it leaves out.",
    )
    period_before = serializers.DateField(
        required=False, help_text="Only points whose period starts on or before this date."
    )
    mrv = serializers.IntegerField(
        source="most_recent", min_value=1, max_value=1000, required=False, help_text="Only the N most recent values."
    )


class ChangeSerializer(serializers.Serializer):
    base = serializers.CharField(source="base.code", help_text="Code of the earlier observation compared with.")
    base_period = OptionalCharField(source="base.period_label", read_only=True)
    absolute = serializers.DecimalField(
        max_digits=26,
        decimal_places=4,
        help_text="Difference, in the indicator's unit (percentage points for a percent): a decimal string with 4 decimal places.",
    )
    percent = serializers.DecimalField(
        max_digits=26,
        decimal_places=2,
        allow_null=True,
        help_text="Relative change, percent: a decimal string with 2 decimal places; null when the base is 0.",
    )
    approximate = serializers.BooleanField(
        help_text="True when either figure is stated as 'more than', 'less than' or 'about'."
    )


class ObservationInputSerializer(serializers.ModelSerializer):
    """A reported figure that a derived value is computed from."""

    url = api_url("observation", "code", API)
    indicator = serializers.CharField(source="indicator.code", help_text="Indicator code.")
    region = serializers.CharField(source="region.code", help_text="Region code.")
    period = OptionalCharField(source="period_label", read_only=True, help_text="The period in words.")
    value = serializers.DecimalField(
        max_digits=24,
        decimal_places=4,
        help_text="The figure in its indicator's unit (`unit`), a decimal string with 4 decimal places.",
    )
    unit = serializers.CharField(source="indicator.unit.code", help_text="Unit code of `value`.")
    source = SourceBriefSerializer()

    class Meta:
        model = models.Observation
        fields = ("code", "url", "indicator", "region", "period", "value", "unit", "status", "qualifier", "source")


class DerivedValueSerializer(serializers.Serializer):
    value = serializers.DecimalField(
        max_digits=30,
        decimal_places=4,
        allow_null=True,
        help_text="The derived value in the answer's `derived_unit`, a decimal string with 4 decimal places; null when "
        "an input is missing (`note` says which).",
    )
    change = ChangeSerializer(
        allow_null=True,
        help_text="Change of the derived value against that of the figure the reported one is "
        "compared with (`change.base`).",
    )
    change_note = OptionalCharField(read_only=True, help_text="Why no change is given; null when one is.")
    inputs = ObservationInputSerializer(many=True, help_text="The reported figures the value is computed from.")
    note = OptionalCharField(read_only=True, help_text="Why there is no value; null when there is one.")


class SeriesPointSerializer(serializers.Serializer):
    observation = ObservationSerializer()
    change = ChangeSerializer(allow_null=True)
    change_note = OptionalCharField(read_only=True, help_text="Why no change is given; null when one is.")
    includes_territory_of = serializers.ListField(
        child=serializers.CharField(),
        help_text="Codes of regions split off this one later whose territory this figure still covers (e.g. KZ-62 "
        "Ulytau in Karaganda's figures before 2022, unless the source reports Ulytau on its own for that period). "
        "Changes are never computed between figures that cover different territory.",
    )
    derived_value = DerivedValueSerializer(
        source="derived", allow_null=True, help_text="With `per=`: the figure divided as asked; null without `per`."
    )


class TerritoryChangeSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    code = serializers.CharField(help_text="The region formed from part of this one.")
    name = serializers.CharField()


class SeriesSerializer(TableSerializerMixin, serializers.Serializer):
    # As CSV, one row per point: the observation's columns, then its change (empty when none is given).

    indicator = IndicatorBriefSerializer()
    region = RegionBriefSerializer()
    enterprise = EnterpriseBriefSerializer(allow_null=True)
    product = ProductBriefSerializer(allow_null=True)
    size_class = OptionalCharField(read_only=True, help_text="Breakdown by size class; null for totals.")
    territory_changes = TerritoryChangeSerializer(
        many=True, help_text="Changes of the region's territory: changes are never computed across them."
    )
    derived = serializers.BooleanField(help_text="True with `per=`: each point carries a derived value.")
    formula = OptionalCharField(read_only=True, help_text="How derived values are computed; null without `per`.")
    derived_unit = UnitBriefSerializer(allow_null=True, help_text="The unit of derived values; null without `per`.")
    points = SeriesPointSerializer(many=True)

    def chart(self, data):
        return charts.series_chart(data)

    def csv_columns(self) -> list[str]:
        observation = ObservationSerializer(context=self.context)
        change = [f"change_{name}" for name in ChangeSerializer().fields]
        return [*csv_columns(observation), *change, "change_note", "includes_territory_of", *DERIVED_COLUMNS]

    def csv_rows(self, data) -> list[dict]:
        return [
            {
                **flatten(point["observation"]),
                **_change_cells("change", point["change"]),
                "change_note": point["change_note"],
                "includes_territory_of": "; ".join(point["includes_territory_of"]),
                **_derived_cells(point["derived_value"], data),
            }
            for point in data["points"]
        ]


# A series' CSV columns for a derived value: empty without `per`, so the header never depends on the query.
DERIVED_COLUMNS = [
    "derived_value",
    "derived_unit",
    "derived_change_absolute",
    "derived_change_percent",
    "derived_change_note",
    "derived_inputs",
    "derived_note",
]


def _change_cells(prefix: str, change: dict | None) -> dict:
    return {f"{prefix}_{name}": value for name, value in (change or {}).items()}


def _derived_cells(derived: dict | None, data: dict) -> dict:
    if derived is None:
        return {}
    change = derived["change"] or {}
    return {
        "derived_value": derived["value"],
        "derived_unit": data["derived_unit"]["code"],
        "derived_change_absolute": change.get("absolute"),
        "derived_change_percent": change.get("percent"),
        "derived_change_note": derived["change_note"],
        "derived_inputs": "; ".join(item["code"] for item in derived["inputs"]),
        "derived_note": derived["note"],
    }


# ---------------------------------------------------------------- analytics: regions compared


@extend_schema_field(OpenApiTypes.STR)
class PeriodField(serializers.Field):
    """A year (2022) or the first day of a period (2022-01-01), in the digits 0-9."""

    default_error_messages = {"invalid": _("Give a year (2022) or a date (2022-01-01).")}

    def to_internal_value(self, data):
        text = str(data)
        try:
            if re.fullmatch(r"[0-9]{4}", text) and int(text) >= 1:
                return {"year": int(text)}
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
                return {"period_start": date.fromisoformat(text)}
        except ValueError:
            pass
        self.fail("invalid")

    def to_representation(self, value):
        return str(value)


class CompareQuerySerializer(DerivedQueryMixin, serializers.Serializer):
    """Query parameters of a comparison of regions; an unknown key or bad value is a 400 naming the parameter."""

    period = PeriodField(
        required=False,
        help_text="The period: a year (2022: the calendar year where the indicator has figures for it, else the period "
        "within that year most regions report, e.g. the population on 1 January) or the first day of a period "
        "(2022-01-01). Default: the period most regions report, the latest of equals.",
    )
    period_end = serializers.DateField(
        required=False,
        help_text="Last day of the period, with `period`: `period=2023&period_end=2023-09-30` is January-September "
        "2023.",
    )
    status = serializers.MultipleChoiceField(
        source="statuses",
        choices=models.ObservationStatus.choices,
        required=False,
        help_text="Only figures of these statuses (repeatable); default all. Where a region has several figures for "
        "the period, the actual one is compared, else the preliminary one, else the first by code.",
    )
    highlight = serializers.SlugRelatedField(
        slug_field="code",
        queryset=models.Region.objects.all(),
        required=False,
        help_text="With `format=svg`: the region (code, e.g. KZ-35) whose bar the chart highlights. The JSON and CSV "
        "answers are the same with or without it.",
    )

    def validate(self, data):
        period = data.pop("period", {})
        end = data.get("period_end")
        if end is not None:
            if not period:
                raise serializers.ValidationError({"period_end": [_("Give the period's start in `period` too.")]})
            start = period.get("period_start") or date(period["year"], 1, 1)
            if end < start:
                raise serializers.ValidationError({"period_end": [_("The period ends before it starts.")]})
            period = {"period_start": start}
        return {**data, **period}


class CompareRowSerializer(serializers.Serializer):
    region = RegionBriefSerializer()
    value = serializers.DecimalField(
        max_digits=30,
        decimal_places=4,
        allow_null=True,
        help_text="What is compared: the region's figure or, with `per=`, its derived value, in the answer's `unit`, a "
        "decimal string with 4 decimal places; null when there is none (`note` says why).",
    )
    rank = serializers.IntegerField(
        allow_null=True, help_text="1 for the highest `value`; equal values share a rank (1, 1, 3); null without one."
    )
    share_of_total = serializers.DecimalField(
        max_digits=12,
        decimal_places=6,
        allow_null=True,
        help_text="The figure divided by the republic's (`total`), a decimal string with 6 decimal places (0.25 is a "
        "quarter); only for indicators whose regions add up to the republic (`additive`), and never for derived "
        "values; null otherwise.",
    )
    change = ChangeSerializer(
        allow_null=True,
        help_text="Change of `value` against the latest earlier figure of the region over the same calendar span, by "
        "the rules of the series (never across a border change).",
    )
    change_note = OptionalCharField(read_only=True, help_text="Why no change is given; null when one is.")
    includes_territory_of = serializers.ListField(
        child=serializers.CharField(),
        help_text="Codes of regions formed from part of this one later whose territory the figure still covers.",
    )
    territory = OptionalCharField(
        read_only=True,
        help_text="Where the figure's borders differ from today's or from other periods' (the 2022 reform); null when "
        "they do not.",
    )
    observation = ObservationSerializer(allow_null=True, help_text="The reported figure; null when there is none.")
    inputs = ObservationInputSerializer(
        many=True, help_text="With `per=`: the reported figures `value` is computed from; empty otherwise."
    )
    note = OptionalCharField(read_only=True, help_text="Why `value` is null; null when it is given.")


class CompareSerializer(TableSerializerMixin, serializers.Serializer):
    # As CSV, one row per region, in rank order; the header is the same whatever the query.

    indicator = IndicatorBriefSerializer()
    period = OptionalCharField(read_only=True, help_text="The compared period in words; null without figures.")
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    derived = serializers.BooleanField(help_text="True with `per=`: `value`s are derived, not reported.")
    formula = OptionalCharField(read_only=True, help_text="How derived values are computed; null without `per`.")
    unit = UnitBriefSerializer(help_text="The unit of every `value`: the indicator's, or the derived one.")
    total = ObservationSerializer(
        allow_null=True, help_text="The republic's figure for the period (region KZ); null when none is reported."
    )
    rows = CompareRowSerializer(many=True)

    def chart(self, data):
        highlight = getattr(self.instance, "highlight", None)
        return charts.compare_chart(data, highlight=highlight.code if highlight is not None else "")

    def csv_columns(self) -> list[str]:
        change = [f"change_{name}" for name in ChangeSerializer().fields]
        return [
            "region",
            "region_name",
            "value",
            "unit",
            "rank",
            "share_of_total",
            *change,
            "change_note",
            "includes_territory_of",
            "territory",
            "observation",
            "period",
            "status",
            "qualifier",
            "source",
            "derived",
            "inputs",
            "note",
        ]

    def csv_rows(self, data) -> list[dict]:
        rows = []
        for row in data["rows"]:
            observation = row["observation"] or {}
            rows.append(
                {
                    "region": row["region"]["code"],
                    "region_name": row["region"]["name"],
                    "value": row["value"],
                    "unit": data["unit"]["code"],
                    "rank": row["rank"],
                    "share_of_total": row["share_of_total"],
                    **_change_cells("change", row["change"]),
                    "change_note": row["change_note"],
                    "includes_territory_of": "; ".join(row["includes_territory_of"]),
                    "territory": row["territory"],
                    "observation": observation.get("code"),
                    "period": data["period"],
                    "status": observation.get("status"),
                    "qualifier": observation.get("qualifier"),
                    "source": (observation.get("source") or {}).get("slug"),
                    "derived": "true" if data["derived"] else "false",
                    "inputs": "; ".join(item["code"] for item in row["inputs"]),
                    "note": row["note"],
                }
            )
        return rows


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
    rank = serializers.IntegerField(help_text="1 for the highest value; equal values share a rank.")
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
