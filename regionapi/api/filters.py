"""FilterSet building blocks shared by every app's API: folded search, public-key relations, strict parameters."""
import django_filters
from django import forms
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions

from indicators.models.base import search_filter

# Query parameters every list understands besides its filters.
COMMON_PARAMETERS = {"page", "page_size", "format", "lang", "translations"}


class StrictBooleanField(forms.Field):
    """true/false (also 1/0, yes/no); anything else is an error, never a silently ignored filter."""

    TRUE = {"true", "1", "yes"}
    FALSE = {"false", "0", "no"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(_("Enter true or false."), code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class StableOrderingFilter(django_filters.OrderingFilter):
    """`ordering=` over documented fields, with the primary key as tie-breaker so pages never overlap."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs


def key_filter(queryset, *, field_name: str, to_field: str, label: str) -> django_filters.ModelMultipleChoiceFilter:
    """Filter a relation by the related record's public key; repeat the parameter for several values.

    An unknown key is a 400 naming the parameter. The FilterSet's `filter_by_key` applies it (its type
    hint tells the schema generator that each value is a string).
    """
    return django_filters.ModelMultipleChoiceFilter(
        queryset=queryset,
        field_name=field_name,
        to_field_name=to_field,
        method="filter_by_key",
        label=f"{label} Repeat the parameter to match any of several.",
    )


def choice_filter(choices, *, label: str, field_name: str | None = None) -> django_filters.MultipleChoiceFilter:
    """Filter on a choice field; repeat the parameter to match any of several values."""
    return django_filters.MultipleChoiceFilter(
        choices=choices, field_name=field_name, label=f"{label} Repeat the parameter to match any of several."
    )


LOOKUP_WORDS = {
    "exact": "equal to",
    "gte": "at least",
    "lte": "at most",
    "gt": "more than",
    "lt": "less than",
}


class RegionapiFilterSet(django_filters.FilterSet):
    """Base FilterSet: `search=` over names and descriptions in every language, case-insensitive for any script."""

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        """Filters generated from Meta.fields get a description from the model field's help text and the lookup."""
        filter_ = super().filter_for_field(field, field_name, lookup_expr)
        about = (str(field.help_text) or str(field.verbose_name).capitalize()).rstrip(".")
        word = LOOKUP_WORDS.get(lookup_expr or "exact", lookup_expr)
        kind = "date (YYYY-MM-DD)" if isinstance(field, models.DateField) else "number"
        filter_.label = f"{about}: {word} this {kind}."
        if isinstance(filter_, django_filters.NumberFilter):
            # Keep values within what every database column can compare, so a huge number is a 400, not a 500.
            filter_.extra.setdefault("max_digits", 24)
            filter_.extra.setdefault("decimal_places", 4)
            if isinstance(field, models.IntegerField):
                filter_.extra.update(min_value=-(2**31), max_value=2**31 - 1)
        return filter_

    search = django_filters.CharFilter(
        method="filter_search",
        label="Words to find in names and descriptions, in any language and case; Latin spellings find Cyrillic names (`Qaraghandy`, `Karaganda`, `Қарағанды` and `Караганда` all find Karaganda). Every word must match.",
    )

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_filter(value, "search_text"))

    def filter_by_key(self, queryset, name, value: str):
        """Rows related to any of the records named by their public keys (see key_filter)."""
        if not value:  # an absent parameter arrives as an empty queryset, which django-filter does not skip
            return queryset
        return queryset.filter(**{f"{name}__in": value}).distinct()


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter backend that refuses unknown query parameters instead of silently ignoring them."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        allowed = COMMON_PARAMETERS | (set(filterset.filters) if filterset is not None else set())
        allowed |= getattr(view, "extra_query_parameters", {}).get(getattr(view, "action", None), set())
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            message = _("Unknown query parameter. Allowed: %(allowed)s.") % {"allowed": ", ".join(sorted(allowed))}
            raise exceptions.ValidationError({name: [message] for name in unknown})
        return filterset


class BoundingBoxField(forms.CharField):
    """min_longitude,min_latitude,max_longitude,max_latitude in WGS 84 degrees."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            west, south, east, north = (float(part) for part in value.split(","))
        except ValueError:
            raise forms.ValidationError(_("Give four numbers: min_longitude,min_latitude,max_longitude,max_latitude."), code="invalid")
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise forms.ValidationError(_("Longitudes run from -180 to 180 and latitudes from -90 to 90, minimum first."), code="invalid")
        return west, south, east, north


class BoundingBoxFilter(django_filters.CharFilter):
    field_class = BoundingBoxField


class GeoFilterSetMixin(django_filters.FilterSet):
    """`bbox=` for records with a point: their own coordinates, or else those of `point_fallback` (a relation)."""

    point_fallback: str | None = "locality"
    bbox = BoundingBoxFilter(
        method="filter_bbox",
        label="Bounding box `min_longitude,min_latitude,max_longitude,max_latitude` (WGS 84): only records whose point "
        "(their own, or else their locality's) lies inside.",
    )

    def filter_bbox(self, queryset, name, value):
        west, south, east, north = value
        inside = Q(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
        if self.point_fallback:
            prefix = self.point_fallback
            inside |= Q(latitude__isnull=True) & Q(
                **{
                    f"{prefix}__latitude__gte": south,
                    f"{prefix}__latitude__lte": north,
                    f"{prefix}__longitude__gte": west,
                    f"{prefix}__longitude__lte": east,
                }
            )
        return queryset.filter(inside)
