"""The API root: one index of every resource of every app."""
from collections.abc import Iterable

from django.http import StreamingHttpResponse
from django.urls import reverse as url_reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_field
from django.db import models
from rest_framework import permissions, serializers
from rest_framework.exceptions import APIException
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from indicators.selectors import records_summarize
from regionapi.api.formats import GeoJSONRenderer, csv_columns, csv_lines, feature, flatten
from regionapi.api.language import translations_requested
from regionapi.core.deletion import DeleteRefused, delete_or_refuse


class ApiRootView(APIView):
    """Every resource of the API with its URL. Start here, or at /api/docs/ for the documentation."""

    routers: Iterable[tuple[str, object]] = ()
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="List every resource",
        description="The URL of every list endpoint, keyed by resource name, plus the whole data as a Frictionless "
        "data package (`datapackage`) and the schema and documentation URLs.",
        responses={200: {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}}},
    )
    def get(self, request, format=None):
        index = {}
        for namespace, router in self.routers:
            for prefix, _viewset, basename in router.registry:
                index[prefix] = reverse(f"{namespace}:{basename}-list", request=request, format=format)
        index["datapackage"] = reverse("api-datapackage", request=request)
        index["schema"] = reverse("api-schema", request=request)
        index["docs"] = reverse("api-docs", request=request)
        index["redoc"] = reverse("api-redoc", request=request)
        return Response(index)


class Conflict(APIException):
    status_code = 409
    default_detail = "The request conflicts with the current state of the data."
    default_code = "conflict"


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryRecordSerializer(serializers.Serializer):
    history_id = serializers.IntegerField(source="record.history_id")
    date = serializers.DateTimeField(source="record.history_date")
    type = serializers.ChoiceField(
        source="record.history_type", choices=[("+", "created"), ("~", "changed"), ("-", "deleted")], help_text="+ created, ~ changed, - deleted."
    )
    user = serializers.CharField(source="record.history_user.get_username", allow_null=True, default=None)
    channel = serializers.CharField(source="record.channel")
    changes = serializers.SerializerMethodField()

    def get_changes(self, row) -> list[dict]:
        return [{"field": change.field, "old": _plain(change.old), "new": _plain(change.new)} for change in row["changes"]]


def _plain(value):
    if isinstance(value, list):  # many-to-many: list of through rows as dicts
        return [str(item) for item in value]
    return value if value is None or isinstance(value, (bool, int, float, str)) else str(value)


# ---------------------------------------------------------------- summary and facet serializers


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


class FacetRowSerializer(serializers.Serializer):
    key = GroupKeyField(allow_null=True, help_text="The group's key (a code, slug, choice or year); null: not recorded.")
    label = serializers.CharField(allow_null=True, help_text="The group's name, where it has one.")
    records = serializers.IntegerField(help_text="Records in this database that match the filters, in the group.")


class FacetsSerializer(serializers.Serializer):
    note = serializers.CharField(help_text="What the counts count: records in this database, not official statistics.")
    records = serializers.IntegerField(help_text="Records in this database that match the filters.")
    facets = serializers.DictField(
        child=FacetRowSerializer(many=True), help_text="For each dimension, the matching records counted by group."
    )


def summary_serializer_class(view_class) -> type[serializers.Serializer]:
    """The summary response serializer of a ViewSet: one row per group with its count and measure totals."""
    cached = view_class.__dict__.get("_summary_serializer_class")
    if cached:
        return cached
    model = view_class.queryset.model
    fields = {
        "key": GroupKeyField(allow_null=True, help_text="The group's key (a code, slug, choice or year); null: not recorded."),
        "label": serializers.CharField(allow_null=True, help_text="The group's name, where it has one."),
        "records": serializers.IntegerField(help_text="Records in this database in the group (not an official count)."),
    }
    for measure in view_class.summary_measures:
        model_field = model._meta.get_field(measure)
        about = str(model_field.help_text or model_field.verbose_name).rstrip(".")
        if measure.endswith("_kzt"):
            fields[measure] = serializers.DecimalField(
                max_digits=24, decimal_places=2, allow_null=True,
                help_text=f"Total over the group's records: {about}. Tenge, a decimal string with 2 decimal places; null when no record reports it.",
            )
        else:
            fields[measure] = serializers.IntegerField(
                allow_null=True, help_text=f"Total over the group's records: {about}; null when no record reports it."
            )
        fields[f"{measure}_reported"] = serializers.IntegerField(help_text=f"Records in the group that report {measure}.")
    row = type(f"{model.__name__}SummaryRow", (serializers.Serializer,), fields)
    wrapper = type(
        f"{model.__name__}Summary",
        (serializers.Serializer,),
        {
            "group_by": serializers.ChoiceField(choices=list(view_class.summary_dimensions)),
            "note": serializers.CharField(help_text="What the counts count: records in this database, not official statistics."),
            "rows": row(many=True),
        },
    )
    view_class._summary_serializer_class = wrapper
    return wrapper


class DataViewSetMixin:
    """Behaviour shared by every resource ViewSet.

    - Lists also leave as CSV (`?format=csv` or `Accept: text/csv`), streamed, every row that matches the
      filters (no pagination), and, where `geo` is set, as a GeoJSON FeatureCollection (`?format=geojson`).
    - Errors are always JSON, whatever format was asked for.
    - `summary` and `facets` group the filtered list by the dimensions a ViewSet declares.
    """

    geo = False
    summary_dimensions: dict = {}
    summary_measures: tuple[str, ...] = ()
    # Query parameters an action accepts besides the list filters (checked by StrictFilterBackend).
    extra_query_parameters: dict[str, set[str]] = {"summary": {"group_by"}}

    @classmethod
    def get_extra_actions(cls):
        actions = super().get_extra_actions()
        if not cls.summary_dimensions:
            actions = [method for method in actions if method.__name__ not in {"summary", "facets"}]
        if not hasattr(cls.queryset.model, "history"):
            actions = [method for method in actions if method.__name__ != "history"]
        return actions

    # Actions whose answer has no CSV form (a profile is a nested document, a history a list of changes).
    csv_actions_excluded = {"profile", "history"}

    def get_renderers(self):
        renderers = super().get_renderers()
        action_name = getattr(self, "action", None)
        if action_name in self.csv_actions_excluded:
            renderers = [renderer for renderer in renderers if renderer.format != "csv"]
        if self.geo and action_name in {"list", "retrieve"}:
            renderers.append(GeoJSONRenderer())
        return renderers

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["translations"] = translations_requested(self.request)
        return context

    def retrieve(self, request, *args, **kwargs):
        if getattr(request.accepted_renderer, "format", None) == "geojson":
            instance = self.get_object()
            return Response(feature(instance, self.get_serializer(instance).data))
        return super().retrieve(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code >= 400:
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = "application/json"
        elif getattr(getattr(request, "accepted_renderer", None), "format", None) in {"csv", "geojson"}:
            extension = request.accepted_renderer.format
            response["Content-Disposition"] = f'attachment; filename="{self.export_name()}.{extension}"'
        return response

    # ---------------------------------------------------------------- exports

    def resource_name(self) -> str:
        """The resource's name in its URL (`localities`, `enterprise-roles`), which names its export files."""
        list_path = url_reverse(f"{self.request.resolver_match.namespace}:{self.basename}-list")
        return list_path.rstrip("/").rsplit("/", 1)[-1]

    def export_name(self) -> str:
        """File name (without extension) of an export: the resource, then the record and the action."""
        parts = [self.resource_name()]
        lookup = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        if lookup:
            parts.append(str(lookup))
        if self.action not in {"list", "retrieve"}:
            parts.append(self.action)
        parts.extend(str(value) for name, value in self.export_name_parameters())
        return "-".join(parts)

    def export_name_parameters(self) -> list[tuple[str, str]]:
        """Query parameters that say what an analytic export holds (`group_by`, a series' region)."""
        return [(name, self.request.query_params[name]) for name in ("group_by", "region") if self.request.query_params.get(name) and self.action not in {"list", "retrieve"}]

    def get_csv_columns(self) -> list[str] | None:
        """The CSV header of the current action, from its serializer: never from the data."""
        if self.action in {"list", "retrieve"}:
            return csv_columns(self.get_serializer())
        if self.action == "summary":
            return list(summary_serializer_class(type(self))().fields["rows"].child.fields)
        if self.action == "facets":
            return ["facet", *FacetRowSerializer().fields]
        return None

    def list(self, request, *args, **kwargs):
        fmt = getattr(request.accepted_renderer, "format", None)
        if fmt == "csv":
            return self.csv_response(self.filter_queryset(self.get_queryset()))
        if fmt == "geojson":
            return self.geojson_response(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)

    def csv_response(self, queryset):
        records = (flatten(self.get_serializer(instance).data) for instance in queryset.iterator(chunk_size=500))
        response = StreamingHttpResponse(csv_lines(self.get_csv_columns(), records), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.export_name()}.csv"'
        return response

    def geojson_response(self, queryset):
        features = [feature(instance, self.get_serializer(instance).data) for instance in queryset.iterator(chunk_size=500)]
        return Response({"type": "FeatureCollection", "features": features})

    def perform_destroy(self, instance):
        """Delete the record unless others still refer to it (the rule of regionapi.core.deletion): then 409."""
        try:
            delete_or_refuse(instance)
        except DeleteRefused as exc:
            raise Conflict(str(exc)) from exc

    @extend_schema(
        description="Every change to the record, newest first: when, who, through which channel (admin, api, import, "
        "seed, system) and which fields changed from what to what. Paginated like every list (`page`, `page_size`; "
        "`{count, next, previous, results}`). Staff only: a token or session of a staff user; 401 without one, 403 "
        "for other users.",
        responses=HistoryRecordSerializer(many=True),
        filters=False,
    )
    @action(detail=True, url_path="history", permission_classes=[permissions.IsAdminUser])
    def history(self, request, *args, **kwargs):
        instance = self.get_object()
        records = instance.history.select_related("history_user").order_by("-history_date", "-history_id")
        # One page of versions, and the version just before its oldest, to diff against: the cost follows the
        # page size, not the length of the record's history.
        page = list(self.paginate_queryset(records))
        older = None
        if page:
            last = page[-1]
            older = records.filter(
                models.Q(history_date__lt=last.history_date) | models.Q(history_date=last.history_date, history_id__lt=last.history_id)
            ).first()
        rows = [
            {"record": record, "changes": record.diff_against(previous).changes if previous is not None else []}
            for record, previous in zip(page, [*page[1:], older])
        ]
        return self.get_paginated_response(HistoryRecordSerializer(rows, many=True).data)

    def _summary_queryset(self):
        # values() cannot be combined with prefetching; the filters stay.
        return self.filter_queryset(self.get_queryset()).prefetch_related(None)

    @action(detail=False, url_path="summary")
    def summary(self, request, *args, **kwargs):
        group_by = request.query_params.get("group_by")
        if group_by not in self.summary_dimensions:
            raise ValidationError({"group_by": [_("Choose one of: %(names)s.") % {"names": ", ".join(self.summary_dimensions)}]})
        rows = records_summarize(
            self._summary_queryset(), dimension=self.summary_dimensions[group_by], measures=self.summary_measures
        )
        data = summary_serializer_class(type(self))({"group_by": group_by, "rows": rows, "note": str(RECORDS_NOTE)}).data
        if getattr(request.accepted_renderer, "format", None) == "csv":
            return Response(data["rows"])
        return Response(data)

    @action(detail=False, url_path="facets")
    def facets(self, request, *args, **kwargs):
        queryset = self._summary_queryset()
        facets = {
            name: records_summarize(queryset, dimension=dimension, measures=())
            for name, dimension in self.summary_dimensions.items()
        }
        data = FacetsSerializer({"records": queryset.count(), "facets": facets, "note": str(RECORDS_NOTE)}).data
        if getattr(request.accepted_renderer, "format", None) == "csv":
            return Response([{"facet": name, **row} for name, rows in data["facets"].items() for row in rows])
        return Response(data)
