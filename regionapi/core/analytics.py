"""Analytic actions: answers computed from records (summaries, facets, a series, a profile), declared one way.

To add one, decorate a ViewSet method with `analytic_action`: name the serializer of its query parameters (they
are validated, documented and allowed past the strict filter check) and of its answer. The method receives the
validated parameters and returns what the response serializer shapes. The answer leaves as CSV when the response
serializer defines `csv_columns()` and `csv_rows(data)` (see `TableSerializerMixin`); otherwise `format=csv` is a 400.
It leaves as an SVG chart (`format=svg`) when the response serializer defines `chart(data)` (regionapi/core/svg/);
otherwise `format=svg` is a 400 listing the formats it has. Which format an answer offers, and how it is shaped in
it, is the registry's (regionapi/core/formats.py).
With `filtered=True` the action is documented with the list filters, which it applies through
`self.filtered_queryset()`. (A detail action's `self.get_object()` applies them too, as DRF does.)

    @analytic_action(detail=True, query=SeriesQuerySerializer, response=SeriesSerializer, file_name_parameters=("region",))
    def series(self, request, params, *args, **kwargs):
        \"\"\"The description shown in the docs.\"\"\"
        return selectors.indicator_series_get(indicator=self.get_object(), **params)
"""

import functools
import inspect
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from regionapi.core.declarations import Analytic, SerializerSource
from regionapi.core.digits import serializer_digit_errors
from regionapi.core.formats import accepted_format
from regionapi.core.grouping import records_summarize


def analytic_action(
    *,
    detail: bool,
    response: SerializerSource,
    query: SerializerSource | None = None,
    filtered: bool = False,
    file_name_parameters: tuple[str, ...] = (),
    url_path: str | None = None,
    **schema,
):
    """Declare an analytic action (see the module docstring); `schema` goes to drf-spectacular's `extend_schema`."""
    declared = Analytic(response=response, query=query, filtered=filtered, file_name_parameters=file_name_parameters)

    def decorator(method):
        @functools.wraps(method)
        def view(self, request, *args, **kwargs):
            query_class = declared.query_serializer(type(self))
            params = {}
            if query_class is not None:
                query_serializer = query_class(data=request.query_params, context=self.get_serializer_context())
                digit_errors = serializer_digit_errors(query_serializer.fields, request.query_params)
                if digit_errors:
                    raise serializers.ValidationError(digit_errors)
                repeated = _repeated_single_values(query_serializer.fields, request.query_params)
                if repeated:
                    raise serializers.ValidationError(repeated)
                query_serializer.is_valid(raise_exception=True)
                params = query_serializer.validated_data
            result = method(self, request, params, *args, **kwargs)
            serializer = declared.response_serializer(type(self))(result, context=self.get_serializer_context())
            fmt = accepted_format(request)  # offered for this answer, as the registry says (formats.py)
            return Response(fmt.analytic_answer(serializer) if fmt is not None else serializer.data)

        view.analytic = declared
        if method.__doc__ and "description" not in schema:
            schema["description"] = _paragraphs(method.__doc__)
        if not isinstance(response, type):  # built per ViewSet: documented by the schema class (schema.py)
            schema.setdefault("responses", None)
        else:
            schema.setdefault("responses", response)
        if isinstance(query, type):
            schema.setdefault("parameters", [query])
        if not filtered:
            schema.setdefault("filters", False)
        if schema.get("responses") is None:
            schema.pop("responses")
        view = action(detail=detail, url_path=url_path or method.__name__.replace("_", "-"))(view)
        return extend_schema(**schema)(view)

    return decorator


def _repeated_single_values(fields, query_params) -> dict[str, list[str]]:
    """{name: [message]} for each parameter given more than once that takes one value: a serializer reads the last
    one, and `region=KZ-35&region=KZ-62` answered for KZ-62 alone, unsaid."""
    many = (serializers.ListField, serializers.MultipleChoiceField, serializers.ManyRelatedField)
    return {
        name: [_("Give this parameter once: it takes one value.")]
        for name, field in fields.items()
        if len(query_params.getlist(name)) > 1 and not isinstance(field, many)
    }


def _paragraphs(docstring: str) -> str:
    """A docstring as documentation text: the lines of each paragraph joined, paragraphs kept apart."""
    return "\n\n".join(" ".join(block.split()) for block in inspect.cleandoc(docstring).split("\n\n"))


class TableSerializerMixin:
    # A response serializer whose answer also leaves as CSV: `csv_rows(data)` gives one dict per row and
    # `csv_columns()` the header, from serializers, never from the data. (A comment: a docstring would become
    # the description of every such component in the schema.)

    def csv_columns(self) -> list[str]:
        raise NotImplementedError

    def csv_rows(self, data) -> Iterable[dict]:
        raise NotImplementedError


# ---------------------------------------------------------------- summaries and facets


@extend_schema_field({"type": "string", "nullable": True})
class GroupKeyField(serializers.Field):
    """A group's key as text (true/false for yes-no dimensions), null for records without a value."""

    def to_representation(self, value):
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)


RECORDS_NOTE = gettext_lazy(
    "Counts and totals of the records held in this database that match the filters: what the sources name "
    "one by one, not official statistics. Figures the sources report as totals (e.g. 941 enterprises in the "
    "region) are observations: see /api/v1/indicators/observations/ and the region profile's `headline`."
)
GROUP_KEY_HELP = "The group's key (a code, slug, choice or year); null: not recorded."


class FacetRowSerializer(serializers.Serializer):
    key = GroupKeyField(allow_null=True, help_text=GROUP_KEY_HELP)
    label = serializers.CharField(allow_null=True, help_text="The group's name, where it has one.")
    records = serializers.IntegerField(help_text="Records in this database that match the filters, in the group.")


class FacetsSerializer(TableSerializerMixin, serializers.Serializer):
    note = serializers.CharField(help_text="What the counts count: records in this database, not official statistics.")
    records = serializers.IntegerField(help_text="Records in this database that match the filters.")
    facets = serializers.DictField(
        child=FacetRowSerializer(many=True), help_text="For each dimension, the matching records counted by group."
    )

    def csv_columns(self) -> list[str]:
        return ["facet", *FacetRowSerializer().fields]

    def csv_rows(self, data) -> Iterable[dict]:
        return [{"facet": name, **row} for name, rows in data["facets"].items() for row in rows]


class SummaryTableMixin(TableSerializerMixin):
    def csv_columns(self) -> list[str]:
        return list(self.fields["rows"].child.fields)

    def csv_rows(self, data) -> Iterable[dict]:
        return data["rows"]


def _measure_field(model, measure: str) -> serializers.Field:
    model_field = model._meta.get_field(measure)
    about = str(model_field.help_text or model_field.verbose_name).rstrip(".")
    if measure.endswith("_kzt"):
        return serializers.DecimalField(
            max_digits=24,
            decimal_places=2,
            allow_null=True,
            help_text=f"Total over the group's records: {about}. Tenge, a decimal string with 2 decimal places; null "
            "when no record reports it.",
        )
    return serializers.IntegerField(
        allow_null=True, help_text=f"Total over the group's records: {about}; null when no record reports it."
    )


@functools.cache
def summary_serializer_class(view_class) -> type[serializers.Serializer]:
    """The summary response serializer of a ViewSet: one row per group with its count and measure totals."""
    model = view_class.queryset.model
    fields = {
        "key": GroupKeyField(allow_null=True, help_text=GROUP_KEY_HELP),
        "label": serializers.CharField(allow_null=True, help_text="The group's name, where it has one."),
        "records": serializers.IntegerField(help_text="Records in this database in the group (not an official count)."),
    }
    for measure in view_class.summary_measures:
        fields[measure] = _measure_field(model, measure)
        fields[f"{measure}_reported"] = serializers.IntegerField(
            help_text=f"Records in the group that report {measure}."
        )
    row = type(f"{model.__name__}SummaryRow", (serializers.Serializer,), fields)
    return type(
        f"{model.__name__}Summary",
        (SummaryTableMixin, serializers.Serializer),
        {
            "group_by": serializers.ChoiceField(choices=list(view_class.summary_dimensions)),
            "note": serializers.CharField(
                help_text="What the counts count: records in this database, not official statistics."
            ),
            "rows": row(many=True),
        },
    )


class DimensionField(serializers.ChoiceField):
    """The name of a dimension; a missing or unknown one is a 400 listing the dimensions."""

    def fail(self, key, **kwargs):
        if key in {"required", "invalid_choice", "null", "blank"}:
            raise serializers.ValidationError(
                _("Choose one of: %(names)s.") % {"names": ", ".join(self.choices)}, code=key
            )
        super().fail(key, **kwargs)


@functools.cache
def summary_query_class(view_class) -> type[serializers.Serializer]:
    """`group_by`: one of the ViewSet's documented dimensions."""
    group_by = DimensionField(choices=list(view_class.summary_dimensions), help_text="The dimension to group by.")
    return type(f"{view_class.queryset.model.__name__}SummaryQuery", (serializers.Serializer,), {"group_by": group_by})


class AnalyticsMixin:
    """`summary` (counts and totals by one dimension) and `facets` (counts by every dimension) of the filtered list,
    for ViewSets that declare `summary_dimensions` (and optionally `summary_measures`); absent for the others."""

    summary_dimensions: dict = {}
    summary_measures: tuple[str, ...] = ()

    @classmethod
    def get_extra_actions(cls):
        actions = super().get_extra_actions()
        if not cls.summary_dimensions:
            actions = [method for method in actions if method.__name__ not in {"summary", "facets"}]
        return actions

    def filtered_queryset(self):
        """The list's rows after its filters, for aggregation (values() cannot be combined with prefetching)."""
        return self.filter_queryset(self.get_queryset()).prefetch_related(None)

    @analytic_action(
        detail=False,
        response=summary_serializer_class,
        query=summary_query_class,
        filtered=True,
        file_name_parameters=("group_by", "region"),
    )
    def summary(self, request, params, *args, **kwargs):
        group_by = params["group_by"]
        dimension = self.summary_dimensions[group_by]
        rows = records_summarize(self.filtered_queryset(), dimension=dimension, measures=self.summary_measures)
        return {"group_by": group_by, "rows": rows, "note": str(RECORDS_NOTE)}

    @analytic_action(detail=False, response=FacetsSerializer, filtered=True, file_name_parameters=("region",))
    def facets(self, request, params, *args, **kwargs):
        queryset = self.filtered_queryset()
        facets = {
            name: records_summarize(queryset, dimension=dimension, measures=())
            for name, dimension in self.summary_dimensions.items()
        }
        return {"records": queryset.count(), "facets": facets, "note": str(RECORDS_NOTE)}
