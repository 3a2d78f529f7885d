"""A series and a comparison as JSON-stat 2.0 datasets (`format=jsonstat`, regionapi/core/jsonstat.py), made from
the JSON answer itself, so that the two never differ: the same figures, labels in the same language, the same
statuses, with each cell's figure, source, release and flags (or, for a derived value, its inputs) in
`extension.regionapi`.

A series is indicator x region x period (1 x 1 x its points); a comparison indicator x region x period
(1 x its regions x 1). A derived answer (`per=`) is labelled so: its metric's label carries the formula, its unit is
the derived one and each cell's status is `derived`.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from regionapi.core.jsonstat import Dimension, dataset

DERIVED = "derived"


def series_dataset(data: dict) -> dict:
    indicator, region, points = data["indicator"], data["region"], data["points"]
    derived = data["derived"]
    observations = [point["observation"] for point in points]
    values = [
        (point["derived_value"] or {}).get("value") if derived else point["observation"]["value"] for point in points
    ]
    keys = [observation["period"] or observation["code"] for observation in observations]
    if len(set(keys)) != len(keys):  # two figures of one period (never in one kind of period): keyed by figure
        keys = [observation["code"] for observation in observations]
    cells = {
        "observations": [observation["code"] for observation in observations],
        **_provenance(observations),
        "includes_territory_of": [point["includes_territory_of"] for point in points],
    }
    if derived:
        cells["inputs"] = [
            [item["code"] for item in (point["derived_value"] or {}).get("inputs", [])] for point in points
        ]
    return dataset(
        label=f"{indicator['name']}, {region['name']}",
        dimensions=[
            _metric(indicator, data["derived_unit"] if derived else indicator["unit"], values, data["formula"]),
            Dimension("region", _("Region"), ((region["code"], region["name"]),), role="geo"),
            Dimension("period", _("Period"), tuple((key, key) for key in keys), role="time"),
        ],
        values=values,
        status=[DERIVED if derived else observation["status"] for observation in observations],
        note=[data["formula"]] if derived and data["formula"] else None,
        source=_sources(observations + [item for point in points for item in _inputs(point["derived_value"])]),
        updated=_latest_release(observations),
        extension={
            "frequency": data["frequency"],
            "derived": derived,
            "territory_changes": data["territory_changes"],
            "cells": cells,
        },
    )


def compare_dataset(data: dict) -> dict:
    indicator, rows = data["indicator"], data["rows"]
    derived = data["derived"]
    observations = [row["observation"] or {} for row in rows]
    values = [row["value"] for row in rows]
    period = data["period"] or data["frequency"]
    cells = {
        "observations": [observation.get("code") for observation in observations],
        **_provenance(observations),
        "ranks": [row["rank"] for row in rows],
        "shares_of_total": [row["share_of_total"] for row in rows],
        "notes": [row["note"] for row in rows],
        "includes_territory_of": [row["includes_territory_of"] for row in rows],
    }
    if derived:
        cells["inputs"] = [[item["code"] for item in row["inputs"]] for row in rows]
    return dataset(
        label=f"{indicator['name']}, {period}",
        dimensions=[
            _metric(indicator, data["unit"], values, data["formula"]),
            Dimension(
                "region", _("Region"), tuple((row["region"]["code"], row["region"]["name"]) for row in rows), role="geo"
            ),
            Dimension("period", _("Period"), ((period, period),), role="time"),
        ],
        values=values,
        status=[DERIVED if derived else observation.get("status") for observation in observations],
        note=[data["formula"]] if derived and data["formula"] else None,
        source=_sources(observations + [item for row in rows for item in row["inputs"]]),
        updated=_latest_release(observations),
        extension={
            "frequency": data["frequency"],
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "borders": data["borders"],
            "ranking": data["ranking"],
            "excluded": [{"region": item["region"]["code"], "reason": item["reason"]} for item in data["excluded"]],
            "derived": derived,
            "cells": cells,
        },
    )


def _metric(indicator: dict, unit: dict | None, values: list, formula: str | None) -> Dimension:
    """The indicator as the metric dimension: one category, in the answer's unit (with the decimals its values
    have); a derived answer's label names the formula."""
    label = f"{indicator['name']} ({formula})" if formula else indicator["name"]
    decimals = max(
        (-Decimal(value).normalize().as_tuple().exponent for value in values if value is not None), default=0
    )
    return Dimension(
        "indicator",
        _("Indicator"),
        ((indicator["code"], label),),
        role="metric",
        units={
            indicator["code"]: {
                "label": (unit or {}).get("name") or "",
                "symbol": (unit or {}).get("symbol") or "",
                "decimals": max(decimals, 0),
            }
        },
    )


def _provenance(observations: list[dict]) -> dict:
    return {
        "sources": [(observation.get("source") or {}).get("slug") for observation in observations],
        "released_on": [observation.get("released_on") for observation in observations],
        "flags": [[flag["flag"] for flag in observation.get("flags") or []] for observation in observations],
    }


def _inputs(derived_value: dict | None) -> list[dict]:
    return (derived_value or {}).get("inputs", [])


def _sources(observations: list[dict]) -> str:
    """The titles of the figures' sources (a derived value's inputs' too), each once."""
    titles = (observation["source"]["title"] for observation in observations if observation.get("source"))
    return "; ".join(dict.fromkeys(titles))


def _latest_release(observations: list[dict]) -> str | None:
    """The latest release among the figures: when the dataset last changed at its source."""
    return max(
        (observation["released_on"] for observation in observations if observation.get("released_on")), default=None
    )
