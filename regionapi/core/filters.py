"""FilterSet building blocks shared by every app's API: folded search, public-key relations, strict parameters, and
`updated_after=` with `ordering=updated_at` on every list."""

import copy
import re
from datetime import UTC

import django_filters
from django import forms
from django.conf import settings
from django.db import models
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Collate
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import IsoDateTimeField
from django_filters.filters import FilterMethod
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions

from regionapi.core.collation import collation_name
from regionapi.core.declarations import analytic_of, query_parameters
from regionapi.core.digits import MESSAGE as DIGITS_MESSAGE
from regionapi.core.digits import AsciiDigitsFormMixin
from regionapi.core.formats import FORMAT_PARAMETER
from regionapi.core.search import search_filter
from regionapi.core.translation import translated_expression

# Query parameters every list understands besides its filters.
COMMON_PARAMETERS = {"page", "page_size", FORMAT_PARAMETER, "lang", "translations"}
# What every analytic action of one record (a series, a comparison, a profile) reads besides its own parameters:
# its answer is not a page of records, so paging and `translations` do not apply to it.
ANALYTIC_PARAMETERS = {FORMAT_PARAMETER, "lang"}


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
    """`ordering=` over documented fields, with the primary key as tie-breaker so pages never overlap.

    A translated text (a name, a title) sorts as the reader sees it: the request language's column with the same
    fallback as the record shows, in that language's alphabetical order (see regionapi/core/collation.py). An unknown
    field is a 400 naming `ordering` that lists the allowed ones.
    """

    # Every list sorts by the time of each record's last change (with `updated_after=`, what changed since a time).
    CHANGED = "updated_at"

    def __init__(self, *args, **kwargs):
        fields = tuple(kwargs.get("fields", ()))
        added = self.CHANGED not in fields
        if added:
            kwargs["fields"] = (*fields, self.CHANGED)
        super().__init__(*args, **kwargs)
        if added:
            self.label = f"{self.label} Also `{self.CHANGED}`: the time of each record's last change."
        allowed = ", ".join(self.param_map)
        # %(value)s is filled in by the form field; the allowed names are known now.
        message = gettext_lazy("%(value)s is not a sort field. Allowed: {allowed}; prefix - for descending.")
        self.extra["error_messages"] = {"invalid_choice": format_lazy(message, allowed=allowed)}
        self.label = (
            f"{self.label} Names sort alphabetically in the request language (`lang`); an unknown field is a 400 "
            "listing the allowed ones."
        )

    def get_ordering_value(self, param, model=None):
        descending = param.startswith("-")
        path = self.param_map.get(param.lstrip("-"), param.lstrip("-"))
        expression = translated_expression(model, path)
        if not isinstance(expression, F):  # a translated text: the shown value, in the language's alphabet
            language = translation.get_language() or settings.LANGUAGE_CODE
            expression = Collate(expression, collation_name(language))
        return expression.desc() if descending else expression.asc()

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordering = [self.get_ordering_value(param, qs.model) for param in value if param not in EMPTY_VALUES]
        return qs.order_by(*ordering, "pk")


def key_filter(
    queryset, *, field_name: str, to_field: str, label: str, method: str = "filter_by_key"
) -> django_filters.ModelMultipleChoiceFilter:
    """Filter a relation by the related record's public key; repeat the parameter for several values.

    An unknown key is a 400 naming the parameter. The FilterSet's `filter_by_key` applies it (its type
    hint tells the schema generator that each value is a string); `filter_by_key_or_parent` also keeps rows
    related to the named records' children.
    """
    return django_filters.ModelMultipleChoiceFilter(
        queryset=queryset,
        field_name=field_name,
        to_field_name=to_field,
        method=method,
        distinct=False,
        label=f"{label} Repeat the parameter to match any of several.",
    )


def choice_filter(choices, *, label: str, field_name: str | None = None) -> django_filters.MultipleChoiceFilter:
    """Filter on a choice field; repeat the parameter to match any of several values."""
    return django_filters.MultipleChoiceFilter(
        choices=choices,
        field_name=field_name,
        distinct=False,  # django-filter's default DISTINCT over whole rows; the FilterSet's `qs` dedupes by key
        label=f"{label} Repeat the parameter to match any of several.",
    )


def _joins_to_many(queryset) -> bool:
    """Whether the query joins a table that can hold several rows per record (a reverse or many-to-many relation)."""
    return any(
        getattr(join.join_field, "one_to_many", False) or getattr(join.join_field, "many_to_many", False)
        for join in queryset.query.alias_map.values()
        if getattr(join, "join_field", None) is not None
    )


def related_search_filter(model, value: str, fields: tuple[str, ...], relations: tuple[str, ...]) -> Q:
    """Rows of `model` where every word of `value` is found in one of `fields` or in the `search_text` of a
    record at one of `relations`.

    One query: each word is `pk IN (subqueries)` (see regionapi.core.search), so a row is never repeated, no
    DISTINCT is needed, and each table's text is matched where its search index can answer.
    """
    return search_filter(model, value, *fields, *(f"{relation}__search_text" for relation in relations))


class AwareDateTimeField(IsoDateTimeField):
    """An ISO 8601 date and time that names its time zone (`Z` or an offset such as `+05:00`): a time without one
    means a different instant in Almaty and in London, so it is refused rather than guessed."""

    default_error_messages = {
        "invalid": gettext_lazy(
            "Enter a date and time in ISO 8601 with a time zone, e.g. 2025-01-31T12:00:00Z or 2025-01-31T17:00:00+05:00."
        ),
        "naive": gettext_lazy(
            "Give the time zone: Z (UTC) or an offset such as +05:00 (encode the + in a URL), e.g. "
            "2025-01-31T12:00:00Z."
        ),
        "digits": DIGITS_MESSAGE,
    }
    # A `+` left unencoded in a query string arrives as a space: "...T17:00:00 05:00" is read as "+05:00".
    SPACE_FOR_PLUS = re.compile(r" (\d\d(?::?\d\d)?)$")
    # What is read at all (parse_datetime alone lets trailing characters through): date, time, optional zone.
    SHAPE = re.compile(r"\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d([.,]\d{1,9})?)?(Z|z|[+-]\d\d(:?\d\d)?)?)?", re.ASCII)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not text.isascii():
            raise forms.ValidationError(self.error_messages["digits"], code="invalid")
        text = self.SPACE_FOR_PLUS.sub(r"+\1", text)
        if not self.SHAPE.fullmatch(text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            parsed = parse_datetime(text) or parse_datetime(f"{text}T00:00")  # a date alone: told to add a zone
        except ValueError:  # well formed, but not a date (month 13, hour 25)
            parsed = None
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if parsed.tzinfo is None:
            raise forms.ValidationError(self.error_messages["naive"], code="invalid")
        try:
            # In UTC: Python takes offsets up to 24 hours, PostgreSQL only up to 16 (a -22:11 was a database error).
            return parsed.astimezone(UTC)
        except OverflowError:  # 0001-01-01T00:00-05:00 is before the first instant a datetime can hold
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class AwareDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = AwareDateTimeField


LOOKUP_WORDS = {
    "exact": "equal to",
    "gte": "at least",
    "lte": "at most",
    "gt": "more than",
    "lt": "less than",
}


def _filter_copy(filter_: django_filters.Filter) -> django_filters.Filter:
    """A filter of its own for one FilterSet, as a deep copy gives, without copying what no request changes: its own
    attributes (the FilterSet sets `model` and `parent`, a range filter its `lookup_expr`) and its own `extra` (a
    filter with a queryset or choices puts them there); no form field yet (`_field` is built per FilterSet); a
    `method=` bound to the copy, so it finds the copy's FilterSet."""
    copied = copy.copy(filter_)
    copied.extra = dict(filter_.extra)
    copied.__dict__.pop("_field", None)
    if isinstance(copied.__dict__.get("filter"), FilterMethod):
        copied.filter = FilterMethod(copied)
    return copied


class FilterCopies(dict):
    """A FilterSet class's filters, which every FilterSet instance (one per list request) copies: django-filter deep
    copies them, down to the help texts, lazy translations and choices of each, which took 6 of the 18 ms of a list
    request of projects. Each filter is copied one level down instead (_filter_copy)."""

    def __deepcopy__(self, memo):
        return {name: _filter_copy(filter_) for name, filter_ in self.items()}


class ChangedFilterSet(django_filters.FilterSet):
    """Base of every list's FilterSet: `updated_after=` and `ordering=updated_at` (both read the `updated_at` index
    every resource model has, regionapi.core.indexes.updated_at_index); numbers and dates in the digits 0-9 only
    (regionapi.core.digits). A FilterSet that declares its own `ordering` gets `updated_at` in it too."""

    updated_after = AwareDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gt",
        label="Only records whose last change (`updated_at`) is after this time: ISO 8601 with a time zone, "
        "`2025-01-31T12:00:00Z` or `2025-01-31T17:00:00+05:00` (+ written %2B in a URL); without one, a 400. "
        "A quick look at what changed; to follow every change, deletions and changes of a record's parts included, "
        "without missing one, read the change feed (`/api/v1/changes/`).",
    )
    ordering = StableOrderingFilter(
        fields=(StableOrderingFilter.CHANGED,),
        label="Sort by updated_at (the time of each record's last change); prefix - for descending.",
    )

    @classmethod
    def get_filters(cls):
        return FilterCopies(super().get_filters())

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (AsciiDigitsFormMixin, form_class), {})


class RegionapiFilterSet(ChangedFilterSet):
    """Base FilterSet of searchable records: `search=` over names and descriptions in every language,
    case-insensitive for any script; and what every list has (ChangedFilterSet)."""

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
        label="Words to find in names and descriptions, in any language and case; Latin spellings find Cyrillic names (`Qaraghandy`, `Karaganda`, `Қарағанды` and `Караганда` all find Karaganda). Every word must match, in the record's own names or in those of the records it shows (its region, indicator, enterprise, ...).",
    )

    # What `search=` looks in: the record's own folded text, and the relations whose records the resource
    # embeds (their names are on screen beside the record's own, so a reader expects them to be found).
    search_columns: tuple[str, ...] = ("search_text",)
    search_relations: tuple[str, ...] = ()

    @property
    def qs(self):
        """The filtered rows, each once. A filter through a to-many relation (a participant, a mineral) joins rows that
        can repeat a record; then the rows are `pk IN (the filtered primary keys)` rather than a DISTINCT over every
        column, and a list without such a filter runs no DISTINCT at all."""
        if not hasattr(self, "_qs"):
            filtered = super().qs
            if _joins_to_many(filtered):
                ordering = filtered.query.order_by
                filtered = self.queryset.filter(pk__in=filtered.order_by().values("pk"))
                filtered = filtered.order_by(*ordering) if ordering else filtered
            self._qs = filtered
        return self._qs

    def filter_search(self, queryset, name, value):
        return queryset.filter(related_search_filter(queryset.model, value, self.search_columns, self.search_relations))

    def filter_by_key(self, queryset, name, value: str):
        """Rows related to any of the records named by their public keys (see key_filter)."""
        if _no_keys(value):
            return queryset
        return queryset.filter(**{f"{name}__in": value})  # rows repeated by a to-many join: see `qs`

    def filter_by_key_or_parent(self, queryset, name, value: str):
        """Rows related to any of the named records or to one of their children (records whose `parent` it
        is): `sector=C` also keeps records of C's divisions."""
        if _no_keys(value):
            return queryset
        return queryset.filter(Q(**{f"{name}__in": value}) | Q(**{f"{name}__parent__in": value}))


def _no_keys(value) -> bool:
    """Whether a key filter was left out: django-filter does not skip it, and hands its method an empty queryset
    (`.none()`), which is told without running it (`not value` compiled the query: 5 ms of every list request)."""
    if isinstance(value, QuerySet):
        return value.query.is_empty()
    return not value


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter backend that refuses unknown query parameters instead of silently ignoring them.

    A request for one record (a detail, its writes, its history) that sends no filter at all skips the FilterSet:
    it could only leave the queryset as it is, and building it (a deep copy of every filter) was a third of a
    detail request's time. With any other parameter it runs as for a list, so filters and unknown names behave alike.
    """

    def filter_queryset(self, request, queryset, view):
        declared = analytic_of(view)
        if declared is not None and not declared.filtered:
            # An analytic action of one record reads its own parameters, never the list's filters: a list filter
            # would only narrow the record's lookup (`series/?unit=percent` was a 404) or be ignored unsaid.
            allowed = ANALYTIC_PARAMETERS | query_parameters(view) | set(getattr(view, "analytic_parameters", ()))
            _refuse_unknown(request, allowed)
            return queryset
        if getattr(view, "detail", False) and set(request.query_params) <= COMMON_PARAMETERS:
            return queryset
        return super().filter_queryset(request, queryset, view)

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        allowed = COMMON_PARAMETERS | (set(filterset.filters) if filterset is not None else set())
        allowed |= query_parameters(view)  # those of an analytic action (analytics.py)
        _refuse_unknown(request, allowed)
        return filterset


def _refuse_unknown(request, allowed: set[str]) -> None:
    """A 400 naming each query parameter that is not in `allowed`, listing those that are."""
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        message = _("Unknown query parameter. Allowed: %(allowed)s.") % {"allowed": ", ".join(sorted(allowed))}
        raise exceptions.ValidationError({name: [message] for name in unknown})


class BoundingBoxField(forms.CharField):
    """min_longitude,min_latitude,max_longitude,max_latitude in WGS 84 degrees."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            west, south, east, north = (float(part) for part in value.split(","))
        except ValueError:
            raise forms.ValidationError(
                _("Give four numbers: min_longitude,min_latitude,max_longitude,max_latitude."), code="invalid"
            )
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise forms.ValidationError(
                _("Longitudes run from -180 to 180 and latitudes from -90 to 90, minimum first."), code="invalid"
            )
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
