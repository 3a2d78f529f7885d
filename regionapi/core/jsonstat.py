"""JSON-stat 2.0 (https://json-stat.org/format/): a cube-shaped answer as one JSON-stat dataset, the shape
Eurostat serves and pandas users read with pyjstat (R users with rjstat).

An answer says what its cube is: its dimensions in order, each with its categories (key and label, in the
request's language) and its role (`time`, `geo`, `metric`), and one value per cell in row-major order (the last
dimension varies fastest). JSON-stat values are JSON numbers; the API's decimal strings are kept exact beside them
(`extension.regionapi.values`), with each cell's status and what else the answer says of it.

Served for `format=jsonstat` as `application/vnd.regionapi.jsonstat+json`: JSON-stat has no registered media type
of its own, and the OpenAPI schema documents each format under its own type (regionapi/core/formats.py). Any JSON
client reads it.
"""

from dataclasses import dataclass
from decimal import Decimal
from math import prod

from rest_framework.renderers import JSONRenderer

JSONSTAT_MEDIA_TYPE = "application/vnd.regionapi.jsonstat+json"
JSONSTAT_VERSION = "2.0"


@dataclass(frozen=True)
class Dimension:
    """One dimension of a cube: `categories` are (key, label) pairs in the cube's order."""

    id: str
    label: str
    categories: tuple[tuple[str, str], ...]
    role: str | None = None  # "time", "geo" or "metric"
    # For a metric dimension: each category's unit, {"label": ..., "symbol": ..., "decimals": ...}.
    units: dict[str, dict] | None = None


def number(value: str | Decimal | None) -> float | int | None:
    """A decimal string of the API as a JSON number (JSON-stat's values are numbers); None stays null."""
    if value is None:
        return None
    decimal = Decimal(value)
    return int(decimal) if decimal == decimal.to_integral_value() else float(decimal)


def dataset(
    *,
    label: str,
    dimensions: list[Dimension],
    values: list[str | None],
    status: list[str | None] | None = None,
    note: list[str] | None = None,
    source: str | None = None,
    updated: str | None = None,
    extension: dict | None = None,
) -> dict:
    """A JSON-stat 2.0 dataset of `values` (decimal strings or None, one per cell in row-major order)."""
    size = [len(dimension.categories) for dimension in dimensions]
    if prod(size) != len(values):
        raise ValueError(f"a cube of size {size} holds {prod(size)} values, not {len(values)}")
    document = {
        "version": JSONSTAT_VERSION,
        "class": "dataset",
        "label": label,
        "id": [dimension.id for dimension in dimensions],
        "size": size,
        "dimension": {dimension.id: _dimension(dimension) for dimension in dimensions},
        "value": [number(value) for value in values],
    }
    roles = {}
    for dimension in dimensions:
        if dimension.role is not None:
            roles.setdefault(dimension.role, []).append(dimension.id)
    if roles:
        document["role"] = roles
    if status is not None and any(status):
        document["status"] = {str(index): value for index, value in enumerate(status) if value}
    if source:
        document["source"] = source
    if updated:
        document["updated"] = updated
    if note:
        document["note"] = note
    document["extension"] = {"regionapi": {"values": values, **(extension or {})}}
    return document


def _dimension(dimension: Dimension) -> dict:
    category = {
        "index": {key: position for position, (key, _label) in enumerate(dimension.categories)},
        "label": dict(dimension.categories),
    }
    if dimension.units is not None:
        category["unit"] = dimension.units
    return {"label": dimension.label, "category": category}


class JSONStatRenderer(JSONRenderer):
    """`format=jsonstat`: the dataset an analytic view shaped (its response serializer's `jsonstat`); anything else
    (an error) is the API's JSON."""

    media_type = JSONSTAT_MEDIA_TYPE
    format = "jsonstat"


# The OpenAPI schema of a JSON-stat answer (formats.py): the dataset's required members, the rest as the standard says.
DATASET_SCHEMA = {
    "type": "object",
    "description": "A JSON-stat 2.0 dataset (https://json-stat.org/format/): `id` and `size` name the dimensions and "
    "their number of categories, `dimension` their categories and labels in the request's language, `value` one "
    "number (or null) per cell in row-major order, `status` the status of the cells that have one; "
    "`extension.regionapi` holds the exact decimal values and what the JSON answer says of each cell.",
    "properties": {
        "version": {"type": "string", "enum": [JSONSTAT_VERSION]},
        "class": {"type": "string", "enum": ["dataset"]},
        "label": {"type": "string"},
        "id": {"type": "array", "items": {"type": "string"}},
        "size": {"type": "array", "items": {"type": "integer"}},
        "role": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "dimension": {"type": "object", "additionalProperties": {"type": "object"}},
        "value": {"type": "array", "items": {"type": "number", "nullable": True}},
        "status": {"type": "object", "additionalProperties": {"type": "string"}},
        "note": {"type": "array", "items": {"type": "string"}},
        "source": {"type": "string"},
        "updated": {"type": "string"},
        "extension": {"type": "object"},
    },
    "required": ["version", "class", "id", "size", "dimension", "value"],
}
