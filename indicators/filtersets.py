"""FilterSets of the indicators app: one per exposed model."""

import django_filters
from django.db.models import Exists, OuterRef, Q

from indicators import models
from indicators.vintages import VINTAGE_HELP, known_on
from regionapi.core.filters import (
    ChangedFilterSet,
    GeoFilterSetMixin,
    RegionapiFilterSet,
    StableOrderingFilter,
    StrictBooleanFilter,
    choice_filter,
    key_filter,
)


def region_filter(field_name="region"):
    return key_filter(
        models.Region.objects.all(),
        field_name=field_name,
        to_field="code",
        label="Region by ISO 3166-2:KZ code, e.g. KZ-35.",
    )


def locality_filter(field_name="locality"):
    return key_filter(
        models.Locality.objects.all(), field_name=field_name, to_field="slug", label="Locality by slug, e.g. saran."
    )


def sector_filter(field_name="sector"):
    """A sector filter that follows OKED's hierarchy: a section matches the records of its divisions too."""
    return key_filter(
        models.Sector.objects.all(),
        field_name=field_name,
        to_field="code",
        method="filter_by_key_or_parent",
        label="Sector by OKED/NACE code, e.g. C or 24; a section also matches its divisions (C matches 24). "
        "`sector_exact` matches only the code given.",
    )


def sector_exact_filter(field_name="sector"):
    """A sector filter on the code itself, without the section's divisions."""
    return key_filter(
        models.Sector.objects.all(),
        field_name=field_name,
        to_field="code",
        label="Sector by OKED/NACE code, that code only: C matches records classified under section C itself, not "
        "those of its divisions (24).",
    )


def enterprise_filter(field_name, label="Enterprise by slug, e.g. qarmet."):
    return key_filter(models.Enterprise.objects.all(), field_name=field_name, to_field="slug", label=label)


def source_filter(field_name="source"):
    return key_filter(models.Source.objects.all(), field_name=field_name, to_field="slug", label="Source by slug.")


def unit_filter(field_name):
    return key_filter(
        models.Unit.objects.all(), field_name=field_name, to_field="code", label="Unit by code, e.g. kzt or hectare."
    )


class SourceFilterSet(RegionapiFilterSet):
    kind = choice_filter(models.SourceKind.choices, label="Kind of publication.")
    language = choice_filter(models.Language.choices, label="Language of the original text.")
    publisher = django_filters.CharFilter(label="Publisher, exact name (e.g. BAQ.KZ).")
    ordering = StableOrderingFilter(
        fields=("slug", "title", "published_on"), label="Sort by slug, title or published_on; prefix - for descending."
    )

    class Meta:
        model = models.Source
        fields = {"published_on": ["exact", "gte", "lte"]}


class UnitFilterSet(ChangedFilterSet):
    code = django_filters.AllValuesMultipleFilter(
        distinct=False, label="Unit code. Repeat the parameter to match any of several."
    )

    class Meta:
        model = models.Unit
        fields = ()


class RegionFilterSet(RegionapiFilterSet):
    code = django_filters.AllValuesMultipleFilter(
        distinct=False, label="ISO 3166-2:KZ code. Repeat the parameter to match any of several."
    )
    kind = choice_filter(models.RegionKind.choices, label="Region or city of republican significance.")
    formed_from = region_filter("formed_from")
    ordering = StableOrderingFilter(
        fields=("code", "name", "established_year"),
        label="Sort by code, name or established_year; prefix - for descending.",
    )

    class Meta:
        model = models.Region
        fields = {"established_year": ["exact", "gte", "lte"]}


class LocalityFilterSet(GeoFilterSetMixin, RegionapiFilterSet):
    point_fallback = None
    search_relations = ("region",)
    region = region_filter()
    kind = choice_filter(models.LocalityKind.choices, label="Kind of locality.")
    ordering = StableOrderingFilter(fields=("slug", "name"), label="Sort by slug or name; prefix - for descending.")

    class Meta:
        model = models.Locality
        fields = ()


class SectorFilterSet(RegionapiFilterSet):
    search_relations = ("parent",)
    level = choice_filter(models.SectorLevel.choices, label="Section or division.")
    parent = sector_filter("parent")
    ordering = StableOrderingFilter(fields=("code", "name"), label="Sort by code or name; prefix - for descending.")

    class Meta:
        model = models.Sector
        fields = ()


class EnterpriseRoleFilterSet(ChangedFilterSet):
    class Meta:
        model = models.EnterpriseRole
        fields = ()


class EnterpriseFilterSet(RegionapiFilterSet):
    search_relations = ("sector", "region", "locality")
    role = key_filter(
        models.EnterpriseRole.objects.all(),
        field_name="roles",
        to_field="code",
        label="Role by code, e.g. explorer or investor.",
    )
    country = django_filters.AllValuesMultipleFilter(
        distinct=False, label="ISO 3166-1 alpha-2 country code, e.g. US. Repeat the parameter to match any of several."
    )
    size_class = choice_filter(models.SizeClass.choices, label="Size class.")
    sector = sector_filter()
    sector_exact = sector_exact_filter()
    region = region_filter()
    locality = locality_filter()
    ordering = StableOrderingFilter(
        fields=("slug", "name", "country"), label="Sort by slug, name or country; prefix - for descending."
    )

    class Meta:
        model = models.Enterprise
        fields = ()


class ProductFilterSet(RegionapiFilterSet):
    search_relations = ("sector",)
    sector = sector_filter()
    sector_exact = sector_exact_filter()
    ordering = StableOrderingFilter(fields=("slug", "name"), label="Sort by slug or name; prefix - for descending.")

    class Meta:
        model = models.Product
        fields = ()


class IndicatorFilterSet(RegionapiFilterSet):
    code = django_filters.AllValuesMultipleFilter(
        distinct=False, label="Indicator code. Repeat the parameter to match any of several."
    )
    unit = unit_filter("unit")
    ordering = StableOrderingFilter(fields=("code", "name"), label="Sort by code or name; prefix - for descending.")

    class Meta:
        model = models.Indicator
        fields = ()


class ObservationFilterSet(RegionapiFilterSet):
    search_columns = ("code",)  # figures have no names of their own; their code reads like one
    search_relations = ("indicator", "region", "enterprise", "product")
    indicator = key_filter(
        models.Indicator.objects.all(),
        field_name="indicator",
        to_field="code",
        label="Indicator by code, e.g. industrial-output.",
    )
    region = region_filter()
    enterprise = enterprise_filter("enterprise", label="Breakdown by enterprise (slug).")
    product = key_filter(
        models.Product.objects.all(), field_name="product", to_field="slug", label="Breakdown by product (slug)."
    )
    size_class = choice_filter(models.SizeClass.choices, label="Breakdown by enterprise size class.")
    breakdown = StrictBooleanFilter(
        method="filter_breakdown",
        label="false: only totals (no enterprise, product or size-class breakdown); true: only broken-down figures.",
    )
    status = choice_filter(models.ObservationStatus.choices, label="Actual, preliminary, planned, target or forecast.")
    qualifier = choice_filter(models.Qualifier.choices, label="How exactly the source states the figure.")
    comparison_base = choice_filter(models.ComparisonBase.choices, label="For growth figures: what they compare with.")
    frequency = choice_filter(
        models.Frequency.choices, label="The kind of period: annual, quarterly, monthly, year-to-date, point..."
    )
    flag = django_filters.MultipleChoiceFilter(
        field_name="flags__flag",
        choices=models.FlagKind.choices,
        distinct=False,
        method="filter_flag",
        label="Only figures carrying this flag (estimated, preliminary, back-calculated, break, confidential); "
        "repeatable: any of them.",
    )
    source = source_filter()
    period_after = django_filters.DateFilter(
        method="filter_period_after", label="Only figures whose period starts on or after this date (YYYY-MM-DD)."
    )
    period_before = django_filters.DateFilter(
        method="filter_period_before",
        label="Only figures whose period ends on or before this date (YYYY-MM-DD); an open period counts from its start.",
    )
    year = django_filters.NumberFilter(
        field_name="period_start",
        lookup_expr="year",
        min_value=1,
        max_value=9999,
        label="Only figures whose period starts in this year (1-9999).",
    )
    ordering = StableOrderingFilter(
        fields=("code", "period_start", "period_end", "value", ("indicator__code", "indicator")),
        label="Sort by code, period_start, period_end, value or indicator; prefix - for descending.",
    )

    vintage = django_filters.CharFilter(method="filter_vintage", label=VINTAGE_HELP)

    class Meta:
        model = models.Observation
        fields = {"value": ["exact", "gte", "lte"]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if known_on() is not None:  # the value filters and ordering read the value the vintage shows
            for name in ("value", "value__gte", "value__lte"):
                self.filters[name].field_name = "known_value"
            self.filters["ordering"].param_map = {**self.filters["ordering"].param_map, "value": "known_value"}

    def filter_queryset(self, queryset):
        day = known_on()  # read by VintageMiddleware from the same parameter
        if day is not None and queryset._known_on is None:
            queryset = queryset.known_as_of(day)
        return super().filter_queryset(queryset)

    def filter_vintage(self, queryset, name, value):
        return queryset  # applied first, in filter_queryset, so that the value filters read the vintage's values

    def filter_flag(self, queryset, name, value):
        if not value:
            return queryset
        # EXISTS, not a join: a figure with two of the flags is listed once, without DISTINCT over the wide rows.
        flagged = models.ObservationFlag.objects.filter(observation=OuterRef("pk"), flag__in=value)
        return queryset.filter(Exists(flagged))

    def filter_breakdown(self, queryset, name, value):
        totals = Q(enterprise__isnull=True, product__isnull=True, size_class="")
        return queryset.exclude(totals) if value else queryset.filter(totals)

    def filter_period_after(self, queryset, name, value):
        return queryset.filter(period_start__gte=value)

    def filter_period_before(self, queryset, name, value):
        # The period's last day is period_end, or period_start when the period is open: spelled as two conditions
        # rather than COALESCE(period_end, period_start), so each can use the index on its column.
        return queryset.filter(Q(period_end__lte=value) | Q(period_end__isnull=True, period_start__lte=value))
