"""Analytics: every region's figure for one period, ranked, with its query parameters. They never query."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators import models
from indicators.api import charts, jsonstat
from indicators.api.serializers.briefs import IndicatorBriefSerializer, RegionBriefSerializer, UnitBriefSerializer
from indicators.api.serializers.resources import ObservationSerializer
from indicators.api.serializers.series import (
    ChangeSerializer,
    DerivedQueryMixin,
    ObservationInputSerializer,
    change_cells,
)
from indicators.periods import Period, period_parse, period_text
from indicators.territory import AS_PUBLISHED, BORDERS
from regionapi.core.analytics import TableSerializerMixin
from regionapi.core.serializers import (
    ChoiceLabelField,
    OptionalCharField,
)

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

    def jsonstat(self, data) -> dict:
        return jsonstat.compare_dataset(data)

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
                    **change_cells("change", row["change"]),
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
