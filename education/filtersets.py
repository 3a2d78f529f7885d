"""FilterSets of the education app."""

import django_filters

from education import models
from indicators.filtersets import enterprise_filter, locality_filter, region_filter
from regionapi.core.filters import (
    GeoFilterSetMixin,
    RegionapiFilterSet,
    StableOrderingFilter,
    StrictBooleanFilter,
    choice_filter,
)


class InstitutionFilterSet(GeoFilterSetMixin, RegionapiFilterSet):
    search_relations = ("region", "locality", "specialties", "specialties__partner_enterprises")
    kind = choice_filter(models.InstitutionKind.choices, label="University or college.")
    region = region_filter()
    locality = locality_filter()
    dual_training = StrictBooleanFilter(
        label="Has introduced dual training (institutions where it is unknown match neither)."
    )
    partner = enterprise_filter(
        "specialties__partner_enterprises", label="Partner enterprise of a speciality, by slug."
    )
    specialty_opened_year = django_filters.NumberFilter(
        field_name="specialties__opened_year", label="Has a speciality opened in this year."
    )
    specialty_opened_year__gte = django_filters.NumberFilter(
        field_name="specialties__opened_year", lookup_expr="gte", label="Has a speciality opened in or after this year."
    )
    specialty_opened_year__lte = django_filters.NumberFilter(
        field_name="specialties__opened_year",
        lookup_expr="lte",
        label="Has a speciality opened in or before this year.",
    )
    ordering = StableOrderingFilter(fields=("name", "slug"), label="Sort by name or slug; prefix - for descending.")

    class Meta:
        model = models.Institution
        fields = ()


class TrainingProgrammeFilterSet(RegionapiFilterSet):
    ordering = StableOrderingFilter(fields=("slug", "name"), label="Sort by slug or name; prefix - for descending.")

    class Meta:
        model = models.TrainingProgramme
        fields = ()
