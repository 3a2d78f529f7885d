"""Serializers of the indicators app. They never query: every relation they show is fetched by the view's queryset."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators import models
from indicators.api import charts
from indicators.derived import PER_POPULATION
from indicators.flags import sdmx_of
from indicators.periods import Period, period_parse, period_text
from indicators.profile_sections import SECTIONS
from indicators.territory import AS_PUBLISHED, BORDERS
from regionapi.core.analytics import TableSerializerMixin
from regionapi.core.export import csv_columns, flatten
from regionapi.core.serializers import (
    BlankAsNullURLField,
    ChoiceLabelField,
    OptionalCharField,
    RecordSerializer,
    api_url,
    blank_as_null,
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
    frequency = serializers.ChoiceField(
        choices=models.Frequency.choices,
        required=False,
        help_text="The kind of period the series holds (one kind a series): annual, quarterly, year-to-date... Default: "
        "annual where the series has annual figures, else its most numerous kind; the answer's `frequencies` lists "
        "the others. A kind the series lacks is a 400 listing the kinds it has.",
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
    flags = FlagSerializer(
        many=True,
        help_text="Caveats worked out from the inputs (asserted_by: derived): a break where the year's average "
        "population straddles a break in the population series (a census step, a territory change).",
    )
    published = ObservationInputSerializer(
        allow_null=True,
        help_text="The publisher's own per-capita figure for the same region and period, where it publishes one "
        "(GRP per capita beside GRP ÷ population); null otherwise.",
    )
    difference_percent = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text="(derived − published) ÷ published × 100, a decimal string with 2 decimal places; null without a "
        "published figure.",
    )


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


class FrequencyCountSerializer(serializers.Serializer):
    frequency = serializers.ChoiceField(choices=models.Frequency.choices)
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Figures of this kind in the series.")
    url = serializers.URLField(allow_null=True, help_text="The series of this kind.")


class TerritoryChangeSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    code = serializers.CharField(help_text="The region formed from part of this one.")
    name = serializers.CharField()


class SeriesSerializer(TableSerializerMixin, serializers.Serializer):
    # As CSV, one row per point: the observation's columns, then its change (empty when none is given).

    indicator = IndicatorBriefSerializer()
    frequency = blank_as_null(serializers.ChoiceField)(
        choices=models.Frequency.choices,
        allow_blank=True,
        allow_null=True,
        help_text="The one kind of period the points hold: as asked (`frequency=`), else annual where the series has "
        "annual figures, else its most numerous kind; null only for figures without a period.",
    )
    frequency_label = ChoiceLabelField(source="frequency", choices=models.Frequency.choices)
    frequencies = serializers.SerializerMethodField(
        help_text="Every kind of period the series has, with its number of figures and the link to that series."
    )
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

    @extend_schema_field(FrequencyCountSerializer(many=True))
    def get_frequencies(self, series) -> list[dict]:
        request = self.context.get("request")
        rows = []
        for kind, count in series.frequencies.items():
            url = None
            if request is not None:
                query = request.query_params.copy()
                query["frequency"] = kind
                url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
            label = models.Frequency(kind).label
            rows.append({"frequency": kind, "label": str(label), "count": count, "url": url})
        return rows

    def chart(self, data):
        return charts.series_chart(data)

    def csv_columns(self) -> list[str]:
        observation = ObservationSerializer(context=self.context)
        change = [f"change_{name}" for name in ChangeSerializer().fields]
        # The point's territory is its figure's (`includes_territory_of` among the observation's columns): not twice.
        return [*csv_columns(observation), *change, "change_note", *DERIVED_COLUMNS]

    def csv_rows(self, data) -> list[dict]:
        return [
            {
                **flatten(point["observation"]),
                **_change_cells("change", point["change"]),
                "change_note": point["change_note"],
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
    "derived_flags",
    "derived_published",
    "derived_published_value",
    "derived_difference_percent",
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
        "derived_flags": "; ".join(flag["flag"] for flag in derived["flags"]),
        "derived_published": (derived["published"] or {}).get("code"),
        "derived_published_value": (derived["published"] or {}).get("value"),
        "derived_difference_percent": derived["difference_percent"],
    }


# ---------------------------------------------------------------- analytics: regions compared


@extend_schema_field(OpenApiTypes.STR)
class PeriodField(serializers.Field):
    """A period as indicators.periods reads it: 2022, 2023-Q1, 2023-01..2023-09, 2023-01, 2023-01-01."""

    default_error_messages = {
        "invalid": _(
            "Give a year (2022), a quarter (2023-Q1), months from January (2023-01..2023-09), a month (2023-01) or a "
            "date (2023-01-01), in the digits 0-9."
        )
    }

    def to_internal_value(self, data):
        period = period_parse(str(data))
        if period is None:
            self.fail("invalid")
        return period

    def to_representation(self, value):
        return period_text(value.start, value.end, value.frequency)


class CompareQuerySerializer(DerivedQueryMixin, serializers.Serializer):
    """Query parameters of a comparison of regions; an unknown key or bad value is a 400 naming the parameter."""

    period = PeriodField(
        required=False,
        help_text="The period, which also names its kind: a year (2022: annual figures), a quarter (2023-Q1: "
        "quarterly figures), months from January (2023-01..2023-09: figures cumulated from January), a month "
        "(2023-01) or a date (2023-01-01: a point in time, e.g. the population on 1 January). A period without "
        "figures is a 400 listing the periods that have some, by kind. Default: the period of `frequency` most "
        "regions report, the latest of equals.",
    )
    period_end = serializers.DateField(
        required=False,
        help_text="With a date in `period`: the last day of the period, for a span no other syntax names "
        "(`period=2018-01-01&period_end=2018-03-31`: the figures with exactly these dates, of any kind).",
    )
    frequency = serializers.ChoiceField(
        choices=models.Frequency.choices,
        required=False,
        help_text="The kind of period compared, without `period` (default: annual where the indicator has annual "
        "figures, else its most reported kind) or where a date and `period_end` fit several kinds.",
    )
    borders = serializers.ChoiceField(
        choices=[(name, name) for name in BORDERS],
        default=AS_PUBLISHED,
        help_text="Which units are counted, each territory once: as_published (default: the units of the period, "
        "e.g. South Kazakhstan whole in 2015 and in January-March 2018, not its back-calculated parts) or current "
        "(today's units: the parts where the publisher gives them all, else the former unit, marked). Units left out "
        "are listed in `excluded` with the reason.",
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
        end = data.pop("period_end", None)
        period = data.get("period")
        if end is not None:
            if period is None or period.frequency != models.Frequency.POINT:
                raise serializers.ValidationError(
                    {"period_end": [_("Give the period's first day as a date in `period` too (2018-01-01).")]}
                )
            if end < period.start:
                raise serializers.ValidationError({"period_end": [_("The period ends before it starts.")]})
            data["period"] = Period(period.start, end, "")
        return data


class RankingSerializer(serializers.Serializer):
    direction = serializers.ChoiceField(
        choices=models.Direction.choices, help_text="Which way the indicator's figures are better."
    )
    order = serializers.ChoiceField(
        choices=[("ascending", "ascending"), ("descending", "descending")],
        help_text="ascending: rank 1 is the lowest value; descending: the highest.",
    )
    meaning = serializers.CharField(help_text="What rank 1 is, in words: '1 = the lowest value (lower is better)'.")


class ExclusionSerializer(serializers.Serializer):
    region = RegionBriefSerializer()
    reason = serializers.CharField(help_text="Why the unit is not counted: whose figure covers its territory.")


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
        allow_null=True,
        help_text="1 for the best `value` by the indicator's direction (the lowest unemployment, the highest life "
        "expectancy; the highest where neither is better: `ranking` says which); equal values share a rank (1, 1, 3); "
        "null without one.",
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
    period = OptionalCharField(
        read_only=True,
        help_text="The compared period in the syntax `period=` reads (2022, 2023-Q1, 2023-01..2023-09, 2023-01-01).",
    )
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    frequency = serializers.ChoiceField(choices=models.Frequency.choices, help_text="The kind of period compared.")
    frequency_label = ChoiceLabelField(source="frequency", choices=models.Frequency.choices)
    borders = serializers.ChoiceField(
        choices=[(name, name) for name in BORDERS],
        help_text="Which units are counted: as_published (the units of the period) or current (today's).",
    )
    ranking = RankingSerializer(help_text="Which end rank 1 is.")
    excluded = ExclusionSerializer(
        many=True,
        help_text="Units not counted so that no territory is counted twice (a former region beside its "
        "back-calculated parts), each with the reason; empty when none is left out.",
    )
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
            "rank_order",
            "share_of_total",
            *change,
            "change_note",
            "includes_territory_of",
            "territory",
            "observation",
            "period",
            "frequency",
            "status",
            "flags",
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
                    "rank_order": data["ranking"]["order"],
                    "share_of_total": row["share_of_total"],
                    **_change_cells("change", row["change"]),
                    "change_note": row["change_note"],
                    "includes_territory_of": "; ".join(row["includes_territory_of"]),
                    "territory": row["territory"],
                    "observation": observation.get("code"),
                    "period": data["period"],
                    "frequency": data["frequency"],
                    "status": observation.get("status"),
                    "flags": "; ".join(flag["flag"] for flag in observation.get("flags") or []),
                    "qualifier": observation.get("qualifier"),
                    "source": (observation.get("source") or {}).get("slug"),
                    "derived": data["derived"],
                    "inputs": "; ".join(item["code"] for item in row["inputs"]),
                    "note": row["note"],
                }
            )
        return rows


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
