"""Exports: every list (and every analytic answer that declares a table) can leave the API as a spreadsheet (CSV)
or, for records with a point, a map layer (GeoJSON). All CSV code is here.

A record's JSON is flattened the same way for both: a nested object becomes its public key under the field's
name plus `<field>_name` (and `<field>_symbol` for a unit); a list of objects becomes their keys joined by "; ".
A CSV's columns come from the endpoint's serializer, never from the data, so every answer of one endpoint
has the same header.

No cell can attack the spreadsheet that opens it (OWASP "CSV injection"): a text that a spreadsheet would evaluate,
one starting with `=`, `+`, `-`, `@`, a tab or a line break, is written with a leading `'`, which spreadsheets
read as "this is text". A real number (`-12.50`) stays as it is. Every CSV the project writes itself (a list's or an
analytic answer's export, the bulk download's files, the data package's tables) goes through one writer that does
this, `CSVWriter`. The admin's CSV and XLSX exports neutralise the cells of the table they write the same way, and
their imports take the `'` off again (`spreadsheet_value`), as the data package's importer does for a package that
declares it, so an exported file imports back unchanged. Imports store such a text as given and list each cell in
their report as a warning (`formula_cells`).
"""

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.urls import reverse
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response

from regionapi.core.declarations import analytic_of
from regionapi.core.formats import CSV, GEOJSON, MODEL_ACTIONS, accepted_format, view_renderers

# A byte-order mark makes spreadsheet programs read the file as UTF-8, so Kazakh letters stay intact.
UTF8_BOM = "\ufeff"


# What a spreadsheet runs as a formula when a cell starts with it (OWASP: =, +, -, @, tab, CR; and a line feed).
_FORMULA_STARTS = frozenset("=+-@\t\r\n")
# What a spreadsheet may skip before it: spaces of every width, a byte-order mark, zero-width characters. A
# full-width sign (＝, ＋, －, ＠) counts as the sign: some spreadsheets read it as one (NFKC folds it).
_SKIPPED = re.compile(r"[ \u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]*")
# A plain number as numbers are written (`-12.50`, `-1e3`: a leading minus at most). A leading plus is text: no
# number is written with one, and a spreadsheet would run `+1` (or turn `+7 701...` into a number).
_PLAIN_NUMBER = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _starts_like_formula(text: str) -> bool:
    """Whether `text` starts with a sign a spreadsheet runs, after what it may skip."""
    if text[:1] in _FORMULA_STARTS:
        return True
    skipped = _SKIPPED.match(text).end()
    return unicodedata.normalize("NFKC", text[skipped : skipped + 1])[:1] in _FORMULA_STARTS


def _formula_like(text: str) -> bool:
    """Whether a spreadsheet would evaluate `text` typed into a cell; a plain number (`-12.50`) is no formula."""
    return _starts_like_formula(text) and not _PLAIN_NUMBER.fullmatch(text)


def _evaluated(text: str) -> bool:
    """Whether `text` is formula-like after any quotes that neutralise it, so that one more quote marks it (a text
    `'-5.2` too: a spreadsheet would show it as -5.2)."""
    return _starts_like_formula(text.lstrip("'")) and not _PLAIN_NUMBER.fullmatch(text)


def spreadsheet_safe(value):
    """`value` as a cell no spreadsheet evaluates: a text that would be read as a formula gets a leading `'`
    (texts that already start with quotes before such a character get one more, so `spreadsheet_value` can tell)."""
    return "'" + value if isinstance(value, str) and _evaluated(value) else value


def spreadsheet_value(value):
    """The value `spreadsheet_safe` was given: its inverse, for reading back an exported file."""
    if isinstance(value, str) and value.startswith("'") and _evaluated(value[1:]):
        return value[1:]
    return value


def looks_like_formula(value) -> bool:
    """A text that a spreadsheet would evaluate if it were typed into a cell; a plain number (`-12.50`) is not."""
    return isinstance(value, str) and _formula_like(value)


@dataclass(frozen=True)
class FormulaCell:
    """A cell of an imported file that looks like a spreadsheet formula: imported as given, reported as a warning
    so that an editor can check it (the text is stored, and neutralised again by every export)."""

    row: int  # numbered from 1 after the header, as the import report numbers rows
    column: str
    value: str

    def __str__(self) -> str:
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f"row {self.row}, column {self.column}: cell looks like a spreadsheet formula ({shown!r}); imported as given"


def formula_cells(headers: list, rows: Iterable[Iterable]) -> list[FormulaCell]:
    """Every cell of a table that looks like a spreadsheet formula, row by row."""
    return [
        FormulaCell(number, str(column), value)
        for number, row in enumerate(rows, start=1)
        for column, value in zip(headers, row)
        if looks_like_formula(value)
    ]


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


def _cell(value) -> str:
    """A CSV cell: empty for None (unknown), true/false for a boolean (as the JSON writes it, whatever the column),
    any text made safe for spreadsheets."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return spreadsheet_safe(value)


class CSVWriter:
    """The project's one CSV writer: `csv.writer`, except that every text cell goes through `spreadsheet_safe`, so no
    file it writes holds a live formula, and that a cell holding a line break of either kind is quoted whatever the
    line terminator (`csv.writer` ending lines in a line feed leaves a carriage return bare, and readers split the row
    there). A number or a date is written as it is, a boolean as true or false; None is an empty cell."""

    def __init__(self, stream, *, lineterminator: str = "\r\n"):
        self._stream = stream
        self._lineterminator = lineterminator
        self._line = io.StringIO()
        self._writer = csv.writer(self._line, lineterminator="\r\n")  # quotes every cell holding \r or \n

    def writerow(self, cells: Iterable) -> None:
        self._line.seek(0)
        self._line.truncate()
        self._writer.writerow([_cell(cell) for cell in cells])
        self._stream.write(self._line.getvalue().removesuffix("\r\n") + self._lineterminator)

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for cells in rows:
            self.writerow(cells)


def csv_lines(columns: list[str], rows: Iterable[dict]) -> Iterator[str]:
    """The CSV text, one line at a time: byte-order mark and header first; a row's keys outside `columns` are left
    out, a column the row lacks is empty."""
    buffer = io.StringIO()
    writer = CSVWriter(buffer)
    writer.writerow(columns)
    yield UTF8_BOM + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row.get(column) for column in columns)
        yield buffer.getvalue()


class CSVRenderer(BaseRenderer):
    """text/csv for `?format=csv` or `Accept: text/csv`. Lists stream from the view; this renders the rows of
    analytic answers (series, summaries: a list of dicts), under the columns the view declares."""

    media_type = CSV.media_type
    format = CSV.name
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:  # no body (a 204 after a delete): no file either
            return b""
        rows = data if isinstance(data, list) else [data]
        rows = [flatten(row) for row in rows]
        view = (renderer_context or {}).get("view")
        columns = view.get_csv_columns() if hasattr(view, "get_csv_columns") else None
        if columns is None:  # a view that does not declare its columns: those of the rows, in order
            columns = list(dict.fromkeys(column for row in rows for column in row))
        return "".join(csv_lines(columns, rows)).encode(self.charset)


class GeoJSONRenderer(BaseRenderer):
    """application/geo+json for `?format=geojson`: an RFC 7946 FeatureCollection."""

    media_type = GEOJSON.media_type
    format = GEOJSON.name
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


class ExportMixin:
    """A ViewSet's lists and records as CSV (streamed, every row that matches the filters, no pagination) and, where
    `geo` is set, as GeoJSON. Analytic actions leave as CSV when their response serializer defines `csv_rows`."""

    geo = False

    def get_renderers(self):
        """The formats the running action offers, as the registry of formats says (regionapi/core/formats.py)."""
        return view_renderers(self, super().get_renderers())

    def has_table(self) -> bool:
        """Whether the running analytic action's answer has a CSV form (its response serializer defines csv_rows).
        Decided from classes alone: renderers are chosen again while an error is handled."""
        declared = analytic_of(self)
        return declared is not None and hasattr(declared.response_serializer(type(self)), "csv_rows")

    def get_csv_columns(self) -> list[str] | None:
        """The CSV header of the current action, from its serializer: never from the data."""
        if self.action in {"list", "retrieve"}:
            return csv_columns(self.get_serializer())
        if not self.has_table():  # a write's or OPTIONS answer as CSV: the columns of the data
            return None
        return analytic_of(self).response_serializer(type(self))(context=self.get_serializer_context()).csv_columns()

    def list(self, request, *args, **kwargs):
        fmt = accepted_format(request)
        if fmt is not None and fmt.list_answer:  # a whole list as a file: every matching row, not a page
            return getattr(self, fmt.list_answer)(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        fmt = accepted_format(request)
        if fmt is not None and fmt.record_answer:
            return getattr(self, fmt.record_answer)(self.get_object())
        return super().retrieve(request, *args, **kwargs)

    def csv_records(self, queryset) -> Iterator[dict]:
        """The flat rows of `queryset`'s records, read a chunk at a time (a list's CSV, a bulk download's file)."""
        serializer = self.get_serializer()  # one for every row: each row is only represented
        # The rows are read while the response streams, after the request's database routing has ended: read them
        # from the database chosen now (a replica), not from wherever a read outside a request goes.
        queryset = queryset.using(queryset.db)
        return (flatten(serializer.to_representation(instance)) for instance in queryset.iterator(chunk_size=500))

    def csv_response(self, queryset):
        response = StreamingHttpResponse(
            csv_lines(self.get_csv_columns(), self.csv_records(queryset)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.export_name()}.csv"'
        return response

    def geojson_record(self, instance):
        return Response(feature(instance, self.get_serializer(instance).data))

    def geojson_response(self, queryset):
        serializer = self.get_serializer()
        features = [
            feature(instance, serializer.to_representation(instance)) for instance in queryset.iterator(chunk_size=500)
        ]
        return Response({"type": "FeatureCollection", "features": features})

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        fmt = accepted_format(request)
        if fmt is not None and fmt.attachment and response.status_code < 400:  # an SVG chart is shown, not saved
            response["Content-Disposition"] = f'attachment; filename="{self.export_name()}.{fmt.name}"'
        return response

    def resource_name(self) -> str:
        """The resource's name in its URL (`localities`, `enterprise-roles`), which names its export files."""
        list_path = reverse(f"{self.request.resolver_match.namespace}:{self.basename}-list")
        return list_path.rstrip("/").rsplit("/", 1)[-1]

    def export_name(self) -> str:
        """File name (without extension) of an export: the resource, then the record, the action and the query
        parameters that say what an analytic export holds (`group_by`, the region of a series or a summary)."""
        parts = [self.resource_name()]
        lookup = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        if lookup:
            parts.append(str(lookup))
        if self.action not in MODEL_ACTIONS:
            parts.append(self.action)
            naming = getattr(analytic_of(self), "file_name_parameters", ())
            parts.extend(self.request.query_params[name] for name in naming if self.request.query_params.get(name))
        return "-".join(parts)
