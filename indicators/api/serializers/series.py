"""Analytics: an indicator's series, with its query parameters and the derived values (per capita) it and a
comparison share. They never query: the selectors (indicators/selectors/) fetch what they show."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators import models
from indicators.api import charts, jsonstat
from indicators.api.serializers.briefs import (
    API,
    EnterpriseBriefSerializer,
    FlagSerializer,
    IndicatorBriefSerializer,
    ProductBriefSerializer,
    RegionBriefSerializer,
    SourceBriefSerializer,
    UnitBriefSerializer,
)
from indicators.api.serializers.resources import ObservationSerializer
from indicators.derived import PER_POPULATION
from regionapi.core.analytics import TableSerializerMixin
from regionapi.core.export import csv_columns, flatten
from regionapi.core.serializers import (
    ChoiceLabelField,
    OptionalCharField,
    api_url,
    blank_as_null,
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

    def jsonstat(self, data) -> dict:
        return jsonstat.series_dataset(data)

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
                **change_cells("change", point["change"]),
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


def change_cells(prefix: str, change: dict | None) -> dict:
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
