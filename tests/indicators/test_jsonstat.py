"""A series and a comparison as JSON-stat 2.0 (`format=jsonstat`), read as a client reads them: each answer is valid
JSON-stat 2.0 by jsonstat-validator, pyjstat reads it into a pandas DataFrame, and the figures, labels (kk, ru, en),
statuses and sources equal the JSON answer's and the CSV's, on the shipped package."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
    # pyjstat 2.4.0 calls a function of its own that it has deprecated, whichever of its readers is used.
    pytest.mark.filterwarnings("ignore:Shouldn't use this function anymore:DeprecationWarning"),
]

INDICATORS = "/api/v1/indicators/indicators"
SERIES = f"{INDICATORS}/gross-regional-product/series/"
COMPARE = f"{INDICATORS}/gross-regional-product/compare/"
UNEMPLOYMENT = f"{INDICATORS}/unemployment-rate/series/"
MEDIA_TYPE = "application/vnd.regionapi.jsonstat+json"


def read(api, path, params) -> tuple[dict, dict, list[dict]]:
    """The same question as JSON, JSON-stat (checked valid) and CSV rows."""
    from jsonstat_validator import validate_jsonstat  # imported here: pydantic's models, not at every collection

    answer = api(path, params)
    assert answer.status_code == 200, answer.content[:300]
    stat = api(path, {**params, "format": "jsonstat"})
    assert stat.status_code == 200, stat.content[:300]
    assert stat["Content-Type"].startswith(MEDIA_TYPE)
    document = stat.json()
    assert validate_jsonstat(document) is True
    table = api(path, {**params, "format": "csv"})
    assert table.status_code == 200
    rows = list(csv.DictReader(io.StringIO(table.content.decode("utf-8-sig"))))
    return answer.json(), document, rows


def frame(document: dict):
    from pyjstat import pyjstat  # imported here: pandas is a second of every worker's collection otherwise

    return pyjstat.Dataset.read(json.dumps(document)).write("dataframe")


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_series_is_jsonstat_with_the_json_answers_figures_labels_and_statuses(api, shipped, language):
    answer, document, rows = read(api, SERIES, {"region": "KZ-35", "lang": language})
    points = answer["points"]
    assert document["id"] == ["indicator", "region", "period"] and document["size"] == [1, 1, len(points)]
    assert document["role"] == {"metric": ["indicator"], "geo": ["region"], "time": ["period"]}

    table = frame(document)
    assert len(table) == len(points) == len(rows)
    indicator, region, period = table.columns[:3]
    assert set(table[indicator]) == {answer["indicator"]["name"]}
    assert set(table[region]) == {answer["region"]["name"]}
    assert list(table[period]) == [point["observation"]["period"] for point in points]
    for value, point, row in zip(table["value"], points, rows, strict=True):
        assert Decimal(str(value)) == Decimal(point["observation"]["value"]) == Decimal(row["value"])
    # Exact decimals, each cell's status and provenance, as the JSON answer gives them.
    cells = document["extension"]["regionapi"]["cells"]
    assert document["extension"]["regionapi"]["values"] == [point["observation"]["value"] for point in points]
    statuses = [point["observation"]["status"] for point in points]
    assert [document["status"].get(str(index)) for index in range(len(points))] == statuses
    assert cells["observations"] == [point["observation"]["code"] for point in points]
    assert cells["sources"] == [point["observation"]["source"]["slug"] for point in points]
    assert document["source"] == points[0]["observation"]["source"]["title"]
    # The unit of the metric, in the answer's language.
    unit = document["dimension"]["indicator"]["category"]["unit"]["gross-regional-product"]
    assert (
        unit["label"] == answer["indicator"]["unit"]["name"] and unit["symbol"] == answer["indicator"]["unit"]["symbol"]
    )


def test_karaganda_grp_per_capita_2022_is_the_same_figure_as_json_csv_and_jsonstat_and_says_it_is_derived(api, shipped):
    answer, document, rows = read(api, COMPARE, {"period": "2022", "per": "population", "lang": "en"})
    [row] = [row for row in answer["rows"] if row["region"]["code"] == "KZ-35"]
    [csv_row] = [csv_row for csv_row in rows if csv_row["region"] == "KZ-35"]
    table = frame(document)
    [value] = table.loc[table[table.columns[1]] == row["region"]["name"], "value"]
    assert Decimal(str(value)) == Decimal(row["value"]) == Decimal(csv_row["value"])
    assert document["size"] == [1, len(answer["rows"]), 1]

    # Derived, and says so: the formula in the metric's label and the notes, the derived unit, every input named.
    index = document["dimension"]["region"]["category"]["index"]["KZ-35"]
    assert document["status"][str(index)] == "derived"
    [label] = document["dimension"]["indicator"]["category"]["label"].values()
    assert answer["formula"] in label and document["note"] == [answer["formula"]]
    unit = document["dimension"]["indicator"]["category"]["unit"]["gross-regional-product"]
    assert unit["label"] == answer["unit"]["name"]
    cells = document["extension"]["regionapi"]["cells"]
    assert cells["inputs"][index] == [item["code"] for item in row["inputs"]]
    assert {item["indicator"] for item in row["inputs"]} >= {"gross-regional-product", "population-total"}
    for item in row["inputs"]:
        assert item["source"]["title"] in document["source"]
    assert cells["ranks"][index] == row["rank"]
    assert document["extension"]["regionapi"]["excluded"] == [
        {"region": item["region"]["code"], "reason": item["reason"]} for item in answer["excluded"]
    ]


def test_a_quarterly_unemployment_rate_is_the_same_figure_in_json_csv_and_jsonstat(api, shipped):
    answer, document, rows = read(api, UNEMPLOYMENT, {"region": "KZ-35", "frequency": "quarterly", "lang": "ru"})
    assert answer["frequency"] == "quarterly" and document["extension"]["regionapi"]["frequency"] == "quarterly"
    point = next(point for point in answer["points"] if point["observation"]["period_start"] == "2023-10-01")
    [csv_row] = [row for row in rows if row["code"] == point["observation"]["code"]]
    table = frame(document)
    [value] = table.loc[table[table.columns[2]] == point["observation"]["period"], "value"]
    assert Decimal(str(value)) == Decimal(point["observation"]["value"]) == Decimal(csv_row["value"])
    index = document["dimension"]["period"]["category"]["index"][point["observation"]["period"]]
    assert document["extension"]["regionapi"]["cells"]["sources"][index] == point["observation"]["source"]["slug"]


def test_jsonstat_costs_no_query_more_than_json(api, shipped):
    counts = []
    for extra in ({}, {"format": "jsonstat"}):
        with CaptureQueriesContext(connection) as queries:
            assert api(SERIES, {"region": "KZ-35", **extra}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_errors_and_endpoints_without_a_cube_answer_in_json(api, shipped):
    wrong = api(COMPARE, {"period": "20x2", "format": "jsonstat"})
    assert wrong.status_code == 400 and "period" in wrong.json()["errors"]
    listed = api("/api/v1/indicators/observations/", {"format": "jsonstat"})
    assert listed.status_code == 400 and "format" in listed.json()["errors"]


def test_the_schema_documents_jsonstat_for_series_and_compare(schema):
    for path in (
        "/api/v1/indicators/indicators/{code}/series/",
        "/api/v1/indicators/indicators/{code}/compare/",
    ):
        content = schema["paths"][path]["get"]["responses"]["200"]["content"]
        assert content[MEDIA_TYPE]["schema"]["required"] == ["version", "class", "id", "size", "dimension", "value"]
