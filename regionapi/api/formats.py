"""CSV and GeoJSON: every list can leave the API as a spreadsheet or a map layer.

A record's JSON is flattened the same way for both: a nested object becomes its public key under the field's
name plus `<field>_name` (and `<field>_symbol` for a unit); a list of objects becomes their keys joined by "; ".
A CSV's columns come from the endpoint's serializer, never from the data, so every answer of one endpoint
has the same header.
"""
import csv
import io
import json
from collections.abc import Iterable, Iterator

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer

CSV_MEDIA_TYPE = "text/csv"
GEOJSON_MEDIA_TYPE = "application/geo+json"
# A byte-order mark makes spreadsheet programs read the file as UTF-8, so Kazakh letters stay intact.
UTF8_BOM = "\ufeff"


def _first_scalar(value):
    while isinstance(value, dict) and value:
        value = next(iter(value.values()))
    return value


# Of a related record embedded as a brief object, these fields get a column of their own beside its key.
BRIEF_COLUMNS = ("symbol", "name")


def _brief_fields(field) -> list[str]:
    brief = getattr(field, "brief_serializer", None)  # a relation by key, read as a brief object
    if brief is not None:
        return list(brief.Meta.fields)
    if isinstance(field, serializers.Serializer):
        return list(field.fields)
    return []


def csv_columns(serializer: serializers.Serializer) -> list[str]:
    """Column names of a serializer's flattened records, in field order: the same whatever the data (a related
    record that is absent leaves its columns empty)."""
    columns = []
    for name, field in serializer.fields.items():
        if name == "translations":  # one column per language of each translated field, when asked for
            if field.context.get("translations"):
                columns.extend(field.column_names())
            continue
        columns.append(name)
        embedded = _brief_fields(field)
        columns.extend(f"{name}_{part}" for part in BRIEF_COLUMNS if part in embedded)
    return columns


def flatten(record: dict) -> dict:
    """One flat row from a serialized record (see the module docstring)."""
    row = {}
    for name, value in record.items():
        if name == "translations":
            row.update({f"{field}_{code}": text for field, texts in value.items() for code, text in texts.items()})
        elif isinstance(value, dict):
            row[name] = _first_scalar(value)
            row.update({f"{name}_{part}": value[part] for part in BRIEF_COLUMNS if part in value})
        elif isinstance(value, list):
            row[name] = "; ".join(str(_first_scalar(item)) for item in value if _first_scalar(item) is not None)
        else:
            row[name] = value
    return row


def csv_lines(columns: list[str], rows: Iterable[dict]) -> Iterator[str]:
    """The CSV text, one line at a time: byte-order mark and header first."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    yield UTF8_BOM + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
        yield buffer.getvalue()


class CSVRenderer(BaseRenderer):
    """text/csv for `?format=csv` or `Accept: text/csv`. Lists stream from the view; this renders the rows of
    series and summaries (a list of flat dicts)."""

    media_type = CSV_MEDIA_TYPE
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else [data]
        rows = [flatten(row) for row in rows]
        view = (renderer_context or {}).get("view")
        columns = view.get_csv_columns() if hasattr(view, "get_csv_columns") else None
        if columns is None:  # a view that does not declare its columns: those of the rows, in order
            columns = list(dict.fromkeys(column for row in rows for column in row))
        return "".join(csv_lines(columns, rows)).encode(self.charset)


class GeoJSONRenderer(BaseRenderer):
    """application/geo+json for `?format=geojson`: an RFC 7946 FeatureCollection."""

    media_type = GEOJSON_MEDIA_TYPE
    format = "geojson"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")


def point_of(instance) -> tuple[list[float] | None, str | None]:
    """A record's point as GeoJSON [longitude, latitude] and how precise it is: its own coordinates ("exact"),
    its locality's ("locality", an approximation), or none."""
    if getattr(instance, "latitude", None) is not None:
        precision = "locality" if instance._meta.model_name == "locality" else "exact"
        return [float(instance.longitude), float(instance.latitude)], precision
    locality = getattr(instance, "locality", None)
    if locality is not None and locality.latitude is not None:
        return [float(locality.longitude), float(locality.latitude)], "locality"
    return None, None


def feature(instance, record: dict) -> dict:
    coordinates, precision = point_of(instance)
    properties = flatten(record)
    properties["location_precision"] = precision
    return {
        "type": "Feature",
        "id": record.get("url"),
        "geometry": {"type": "Point", "coordinates": coordinates} if coordinates else None,
        "properties": properties,
    }


FORMAT_PARAMETER = "format"


class FormatFirstNegotiation(DefaultContentNegotiation):
    """`?format=` wins over the Accept header, so `?format=csv` works from any client; without it, Accept decides.

    A format the endpoint cannot give is a 400 naming `format` and listing the ones it can: the URL exists, only
    the parameter is wrong (DRF's own answer, a 404, would say the resource is missing).
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        fmt = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if fmt is not None:  # case does not matter (CSV is csv); an empty value is no format at all
            fmt = fmt.strip().lower()
            matching = [renderer for renderer in renderers if renderer.format == fmt]
            if not matching:
                formats = ", ".join(dict.fromkeys(renderer.format for renderer in renderers))
                message = _("This endpoint has no format %(format)s. Give one of: %(formats)s.") % {
                    "format": fmt,
                    "formats": formats,
                }
                raise exceptions.ValidationError({FORMAT_PARAMETER: [message]})
            return matching[0], matching[0].media_type
        return super().select_renderer(request, renderers, format_suffix)
