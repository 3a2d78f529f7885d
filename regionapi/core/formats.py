"""Output formats: the one registry of what an answer can leave the API as (`?format=` or the Accept header).

Each format names its `format=` value, its media type, its renderer and which endpoints offer it: the ViewSet's own
actions on records (a list, a record, a write), the analytic actions (a series, a summary) whose response serializer
defines the method that shapes the answer in that format (`csv_rows`, `chart`), and other actions. Every ViewSet
builds its renderers from it (ExportMixin.get_renderers), an analytic answer is shaped by it (analytics.py), the
negotiation refuses a format the endpoint does not offer with a 400 listing those it does (negotiation.py), and the
schema documents each format's body from it (schema.py). A new format is one `register_output_format` call, as
Datasette's `register_output_renderer` hook adds one. Endpoints outside the ViewSets (the data package, the change
feed) declare their renderers themselves.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import import_string

from regionapi.core.declarations import analytic_of

FORMAT_PARAMETER = "format"

CSV_MEDIA_TYPE = "text/csv"
GEOJSON_MEDIA_TYPE = "application/geo+json"
SVG_MEDIA_TYPE = "image/svg+xml"

# The ViewSet's own actions: their answer is records (or nothing), never a computed one.
MODEL_ACTIONS = frozenset({"list", "retrieve", "create", "update", "partial_update", "destroy", "metadata", None})
# The actions whose answer is records with a point, where a ViewSet declares `geo`.
LOCATED_ACTIONS = frozenset({"list", "retrieve"})


@dataclass(frozen=True)
class OutputFormat:
    """One format an answer can leave in, and where it is offered."""

    name: str  # the value of `format=`, and the renderer's `format`
    media_type: str
    renderer: str  # the renderer class, by dotted path (renderers import this module)
    records: frozenset[str] = MODEL_ACTIONS  # the ViewSet's own actions that offer it
    located: bool = False  # offered by those actions only where the ViewSet's records have a point (`geo`)
    # Analytic actions: None, none offers it; "", every one does; a method's name, those whose response serializer
    # defines it (`csv_rows`, `chart`).
    analytic: str | None = ""
    shape: Callable | None = None  # an analytic answer in this format, from its response serializer; None: its data
    other_actions: bool = False  # offered by any other extra action (a record's history)
    attachment: bool = False  # a file to save (Content-Disposition), not an answer to show
    list_answer: str = ""  # the ExportMixin method that answers a list in this format, if not the renderer alone
    record_answer: str = ""  # the same for one record
    body_schema: Callable[[str], dict] | None = None  # the OpenAPI schema of a 200 body, given the action
    summary: str = ""  # what it gives, in a line (/llms.txt lists every format with it)

    def renderer_class(self) -> type:
        return import_string(self.renderer)

    def offered_by(self, view) -> bool:
        """Whether the action `view` is running can answer in this format (decided from classes alone: renderers
        are chosen again while an error is handled)."""
        action = getattr(view, "action", None)
        if action in MODEL_ACTIONS:
            return action in self.records and (
                not self.located or (getattr(view, "geo", False) and action in LOCATED_ACTIONS)
            )
        declared = analytic_of(view)
        if declared is None:
            return self.other_actions
        if self.analytic is None:
            return False
        return not self.analytic or hasattr(declared.response_serializer(type(view)), self.analytic)

    def analytic_answer(self, serializer):
        """An analytic action's answer in this format, from its response serializer."""
        return self.shape(serializer) if self.shape is not None else serializer.data


FORMATS: dict[str, OutputFormat] = {}


def register_output_format(output_format: OutputFormat) -> OutputFormat:
    """Add a format every ViewSet offers where its `OutputFormat` says; registration order is the order of choice
    when the Accept header takes several."""
    FORMATS[output_format.name] = output_format
    return output_format


def output_format(name: str | None) -> OutputFormat | None:
    return FORMATS.get(name or "")


def accepted_format(request) -> OutputFormat | None:
    """The registered format a request is answered in (after negotiation)."""
    return output_format(getattr(getattr(request, "accepted_renderer", None), "format", None))


def view_renderers(view, renderers: list) -> list:
    """The renderers of the action `view` is running: of `renderers` (the view's declared ones), those whose format
    it offers (a renderer of a format not registered here is kept), then every other registered format it offers."""
    present = {renderer.format for renderer in renderers}
    added = [fmt.renderer_class()() for fmt in FORMATS.values() if fmt.name not in present and fmt.offered_by(view)]
    kept = [renderer for renderer in renderers if (fmt := FORMATS.get(renderer.format)) is None or fmt.offered_by(view)]
    return kept + added


# ---------------------------------------------------------------- the API's formats

POINT = {
    "type": "object",
    "nullable": True,
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {
            "type": "array",
            "items": {"type": "number"},
            "minItems": 2,
            "maxItems": 2,
            "description": "[longitude, latitude], WGS 84.",
        },
    },
}
FEATURE = {
    "type": "object",
    "description": "A GeoJSON Feature (RFC 7946). `properties` holds the record's CSV columns and `location_precision`: "
    "`exact` (the record's own point), `locality` (its locality's point, an approximation) or null (no point).",
    "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "id": {"type": "string", "nullable": True},
        "geometry": POINT,
        "properties": {"type": "object", "additionalProperties": True},
    },
    "required": ["type", "geometry", "properties"],
}
FEATURE_COLLECTION = {
    "type": "object",
    "description": "A GeoJSON FeatureCollection (RFC 7946) of every record matching the filters (not paginated).",
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": FEATURE},
    },
    "required": ["type", "features"],
}

JSON = register_output_format(
    OutputFormat(
        "json",
        "application/json",
        "rest_framework.renderers.JSONRenderer",
        other_actions=True,
        summary="the default: records and answers as JSON, decimals as strings, unknown as null",
    )
)
# DRF's browsable API, its forms showing a relation by its key (regionapi/core/browsable.py).
API = register_output_format(
    OutputFormat(
        "api",
        "text/html",
        "regionapi.core.browsable.BrowsableAPIRenderer",
        other_actions=True,
        summary="DRF's browsable API: the JSON answer as an HTML page, for a browser",
    )
)
CSV = register_output_format(
    OutputFormat(
        "csv",
        CSV_MEDIA_TYPE,
        "regionapi.core.export.CSVRenderer",
        analytic="csv_rows",
        shape=lambda serializer: list(serializer.csv_rows(serializer.data)),
        attachment=True,
        list_answer="csv_response",
        body_schema=lambda action: {"type": "string", "description": "UTF-8 CSV with a header row."},
        summary="any list (every match, not a page), series, comparison or summary as CSV; the header is the same "
        "whatever the data",
    )
)
GEOJSON = register_output_format(
    OutputFormat(
        "geojson",
        GEOJSON_MEDIA_TYPE,
        "regionapi.core.export.GeoJSONRenderer",
        records=LOCATED_ACTIONS,
        located=True,
        analytic=None,
        attachment=True,
        list_answer="geojson_response",
        record_answer="geojson_record",
        body_schema=lambda action: FEATURE_COLLECTION if action == "list" else FEATURE,
        summary="a list or a record of the resources whose records have a point, as GeoJSON",
    )
)
SVG = register_output_format(
    OutputFormat(
        "svg",
        SVG_MEDIA_TYPE,
        "regionapi.core.svg.SVGRenderer",
        records=frozenset(),
        analytic="chart",
        shape=lambda serializer: serializer.chart(serializer.data),
        body_schema=lambda action: {
            "type": "string",
            "description": "An SVG image of the answer (`format=svg`): title, unit, source line and the figures "
            "drawn, in the request's language, with no script.",
        },
        summary="a series, a comparison or a region's profile drawn as an SVG chart",
    )
)
JSONSTAT = register_output_format(
    OutputFormat(
        "jsonstat",
        "application/vnd.regionapi.jsonstat+json",  # regionapi/core/jsonstat.py says why not application/json
        "regionapi.core.jsonstat.JSONStatRenderer",
        records=frozenset(),
        analytic="jsonstat",
        shape=lambda serializer: serializer.jsonstat(serializer.data),
        body_schema=lambda action: import_string("regionapi.core.jsonstat.DATASET_SCHEMA"),
        summary="a series or a comparison as a JSON-stat 2.0 dataset (pandas: pyjstat; R: rjstat)",
    )
)
