"""Regions compared for one period, and figures per capita: checked against the shipped package's CSV files.

The whole package is imported once for the module (`shipped`, tests/conftest.py; each test rolls back in its own
savepoint); expected answers are read from the CSV files themselves, never from the API. The per-capita rule is proved by two independent tables
agreeing: GRP (dataset 1) divided by the mean population of 1 January (datasets 3 and 4) gives the GRP per capita
the Bureau publishes (dataset 2) for every region."""

import csv
import datetime
import io
import json
import re
from collections import Counter
from decimal import Decimal

import pytest

from indicators.api import examples
from indicators.models import Observation
from tests.support import factories as make
from tests.support.packages import SHIPPED

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
COMPARE = "/api/v1/indicators/indicators/{}/compare/"
GRP = COMPARE.format("gross-regional-product")
YEAR_2022 = ("2022-01-01", "2022-12-31")
CSV_HEADER = [
    "region",
    "region_name",
    "value",
    "unit",
    "rank",
    "rank_order",
    "share_of_total",
    "change_base",
    "change_base_period",
    "change_absolute",
    "change_percent",
    "change_approximate",
    "change_note",
    "includes_territory_of",
    "territory",
    "observation",
    "period",
    "frequency",
    "status",
    "flags",
    "qualifier",
    "source",
    "derived",
    "inputs",
    "note",
]


def package_rows(name: str) -> list[dict]:
    with (SHIPPED / "data" / f"{name}.csv").open(encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def package_values(name: str, indicator: str, period: tuple[str, str]) -> dict[str, Decimal]:
    """{region code: value} of one indicator and period in a CSV file of the package (KZ is the republic, a blank
    code the former South Kazakhstan region)."""
    return {
        row["region_iso"] or "south-kazakhstan": Decimal(row["value"])
        for row in package_rows(name)
        if row["indicator"] == indicator and (row["period_start"], row["period_end"]) == period
    }


def compare(api, url=GRP, **params):
    response = api(url, {"lang": "en", **params})
    assert response.status_code == 200, response.content
    return response.json()


def rows_by_region(body) -> dict[str, dict]:
    return {row["region"]["code"]: row for row in body["rows"]}


def read_csv(response) -> tuple[list[str], list[dict]]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    text = (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    return reader.fieldnames, list(reader)


# ---------------------------------------------------------------- compare


def test_grp_2022_ranks_the_20_current_regions_as_the_csv_orders_them(api, shipped):
    published = package_values("gross_regional_product", "gross_regional_product", YEAR_2022)
    republic = published.pop("KZ")
    body = compare(api, period="2022")
    assert (body["period"], body["period_start"], body["period_end"]) == ("2022", *YEAR_2022)
    assert body["derived"] is False and body["formula"] is None and body["unit"]["code"] == "million-kzt"
    assert Decimal(body["total"]["value"]) == republic and body["total"]["region"]["code"] == "KZ"
    rows = rows_by_region(body)
    assert len(body["rows"]) == 20 and set(rows) == set(published)  # no former region, no republic
    assert {code: Decimal(row["value"]) for code, row in rows.items()} == published

    # Karaganda's rank is its place among the CSV's values, largest first; so is every region's.
    by_value = sorted(published, key=published.get, reverse=True)
    assert rows["KZ-35"]["rank"] == by_value.index("KZ-35") + 1 == 4
    assert {code: row["rank"] for code, row in rows.items()} == {code: by_value.index(code) + 1 for code in by_value}
    assert [row["rank"] for row in body["rows"]] == list(range(1, 21))  # listed in rank order

    # Shares of the republic's GRP, each the CSV's quotient, together 1 within rounding (sources round to 1 mln).
    shares = {code: Decimal(row["share_of_total"]) for code, row in rows.items()}
    assert shares == {code: (value / republic).quantize(Decimal("0.000001")) for code, value in published.items()}
    assert abs(sum(shares.values()) - 1) < Decimal("0.00002")

    # The change against 2021, by the series' rules: both years on the post-2022 borders for this dataset.
    earlier = package_values("gross_regional_product", "gross_regional_product", ("2021-01-01", "2021-12-31"))
    change = rows["KZ-35"]["change"]
    assert change["base_period"] == "2021" and Decimal(change["absolute"]) == published["KZ-35"] - earlier["KZ-35"]
    assert "KZ-62" in rows["KZ-35"]["territory"] and rows["KZ-71"]["territory"] is None
    assert rows["KZ-35"]["observation"]["code"] == "gross-regional-product--kz-35--2022"


def test_without_a_period_the_latest_period_most_regions_report(api, shipped):
    reported = Counter(
        (row["period_start"], row["period_end"])
        for row in package_rows("gross_regional_product")
        if row["region_iso"] not in ("", "KZ")
    )
    most = max(reported.values())
    latest = max((period for period, count in reported.items() if count == most), key=lambda period: period[::-1])
    body = compare(api)
    assert (body["period_start"], body["period_end"]) == latest == ("2023-01-01", "2023-12-31")
    assert {row["observation"]["status"] for row in body["rows"]} == {"preliminary"}


def test_a_period_names_its_kind_and_one_without_figures_lists_those_with_some(api, shipped):
    # Stocks on 1 January: a year is not a point in time, so `period=2022` lists the dates that have figures.
    response = api(COMPARE.format("population-total"), {"period": "2022"})
    assert response.status_code == 400 and "point: 2000-01-01" in " ".join(response.json()["errors"]["period"])
    body = compare(api, COMPARE.format("population-total"), period="2022-01-01")
    assert (body["period_start"], body["period_end"], body["frequency"]) == ("2022-01-01", "2022-01-01", "point")
    body = compare(api, period="2023-01..2023-09")
    assert body["period"] == "2023-01..2023-09" and body["frequency"] == "year-to-date" and len(body["rows"]) == 20
    assert body["rows"][0]["change"]["base_period"] == "2022-01/2022-09"  # the same span a year earlier
    assert compare(api, period="2023-01-01", period_end="2023-09-30")["rows"] == body["rows"]


def test_a_region_without_a_figure_is_listed_with_nulls_and_former_regions_only_in_their_time(api, shipped):
    Observation.objects.get(code="gross-regional-product--kz-62--2022").delete()
    rows = rows_by_region(compare(api, period="2022"))
    assert len(rows) == 20 and "south-kazakhstan" not in rows
    assert rows["KZ-62"] == {
        "region": rows["KZ-62"]["region"],
        "value": None,
        "rank": None,
        "share_of_total": None,
        "change": None,
        "change_note": None,
        "includes_territory_of": [],
        "territory": None,
        "observation": None,
        "inputs": [],
        "note": "No figure for this period.",
    }
    assert list(rows)[-1] == "KZ-62"  # after the ranked ones

    # 1 January 2015: South Kazakhstan existed (abolished in June 2018) and is listed; Turkistan and Shymkent, formed
    # from it then, and Ulytau, Abai and Jetisu, formed in 2022, are not listed at all.
    population = COMPARE.format("population-total")
    rows = rows_by_region(compare(api, population, period="2015-01-01"))
    published = package_values("population_by_year", "population_total", ("2015-01-01", "2015-01-01"))
    assert Decimal(rows["south-kazakhstan"]["value"]) == published["south-kazakhstan"]
    assert not {"KZ-10", "KZ-33", "KZ-62", "KZ-61", "KZ-79"} & set(rows)
    assert rows["KZ-35"]["includes_territory_of"] == ["KZ-62"] and "KZ-62" in rows["KZ-35"]["territory"]
    # On today's borders: South Kazakhstan's figure stands for Turkistan and Shymkent, which are named as left out.
    body = compare(api, population, period="2015-01-01", borders="current")
    rows = rows_by_region(body)
    assert "KZ-61, KZ-79" in rows["south-kazakhstan"]["territory"]
    assert [item["region"]["code"] for item in body["excluded"]] == ["KZ-61", "KZ-79"]


def test_a_region_formed_later_is_listed_where_the_source_reports_it_on_its_own(api, shipped):
    # GRP of 2021 (dataset 1): Ulytau has its own figure and Karaganda's excludes it, so their shares add up.
    rows = rows_by_region(compare(api, period="2021"))
    assert len(rows) == 20 and "Formed in 2022" in rows["KZ-62"]["territory"]
    assert rows["KZ-35"]["change"] is None and "territory changed in 2022" in rows["KZ-35"]["change_note"]
    assert abs(sum(Decimal(row["share_of_total"]) for row in rows.values()) - 1) < Decimal("0.00002")


def test_shares_only_for_additive_indicators(api, shipped):
    rows = compare(api, COMPARE.format("unemployment-rate"), period="2022")["rows"]
    assert len(rows) == 20 and all(row["share_of_total"] is None for row in rows)
    values = sorted(Decimal(row["value"]) for row in rows)  # lower is better: rank 1 is the lowest
    assert [row["rank"] for row in rows] == [values.index(Decimal(row["value"])) + 1 for row in rows]  # ties share


# ---------------------------------------------------------------- per capita


def test_grp_per_population_equals_the_published_grp_per_capita_for_every_region(api, shipped):
    published = package_values("grp_per_capita", "grp_per_capita_kzt", YEAR_2022)
    published.pop("KZ")
    stored = Observation.objects.count()
    body = compare(api, period="2022", per="population")
    assert body["derived"] is True and body["unit"]["code"] == "thousand-kzt-per-person"
    assert body["unit"]["symbol"] == "thousand KZT per person"
    assert "population-total on 1 January of the year" in body["formula"] and body["formula"].startswith("1000 ×")
    rows = rows_by_region(body)
    assert set(rows) == set(published)
    for code, row in rows.items():
        assert abs(Decimal(row["value"]) / published[code] - 1) <= Decimal("0.001"), (code, row["value"])
        assert row["share_of_total"] is None
    derived = sorted(published, key=lambda code: Decimal(rows[code]["value"]), reverse=True)
    assert {code: row["rank"] for code, row in rows.items()} == {code: derived.index(code) + 1 for code in derived}

    # The inputs, with their codes and sources: 1 January 2022 (dataset 3) and 1 January 2023 (dataset 4).
    inputs = rows["KZ-35"]["inputs"]
    assert [(item["code"], item["source"]["slug"]) for item in inputs] == [
        (
            "gross-regional-product--kz-35--2022",
            "kazakhstan-regional-statistics-gross_regional_product",
        ),
        ("population-total--kz-35--2022-01-01", "kazakhstan-regional-statistics-population_by_year"),
        ("population-total--kz-35--2023-01-01", "kazakhstan-regional-statistics-population_2023"),
    ]
    grp, first, second = (Decimal(item["value"]) for item in inputs)
    assert Decimal(rows["KZ-35"]["value"]) == (grp * 1000 / ((first + second) / 2)).quantize(Decimal("0.0001"))

    # The same value on the series, and nothing derived was stored.
    series = api(
        "/api/v1/indicators/indicators/gross-regional-product/series/",
        {"region": "KZ-35", "per": "population", "period_after": "2022-01-01", "period_before": "2022-01-01"},
    ).json()
    [annual] = [point for point in series["points"] if point["observation"]["period_end"] == "2022-12-31"]
    assert series["derived"] is True and series["derived_unit"]["code"] == "thousand-kzt-per-person"
    assert annual["derived_value"]["value"] == rows["KZ-35"]["value"]
    assert [item["code"] for item in annual["derived_value"]["inputs"]] == [item["code"] for item in inputs]
    assert Observation.objects.count() == stored


def test_a_missing_or_incompatible_population_gives_null_with_a_note(api, shipped):
    # 2023: no population on 1 January 2024 in the package.
    row = rows_by_region(compare(api, period="2023", per="population"))["KZ-35"]
    assert row["value"] is None and row["rank"] is None
    assert row["note"] == "No value derived: no population-total figure of KZ-35 on 2024-01-01."
    assert [item["code"] for item in row["inputs"]] == [
        "gross-regional-product--kz-35--2023",
        "population-total--kz-35--2023-01-01",
    ]
    # 2021: Karaganda's GRP is on the new borders, its population on 1 January 2021 still includes Ulytau.
    row = rows_by_region(compare(api, period="2021", per="population"))["KZ-35"]
    assert row["value"] is None and "population-total--kz-35--2021-01-01" in row["note"]
    # The series says the same per point, and gives the change of derived values where both exist.
    points = {
        point["observation"]["period"]: point
        for point in api(
            "/api/v1/indicators/indicators/gross-regional-product/series/",
            {"region": "KZ-11", "per": "population", "period_after": "2019-01-01", "lang": "en"},
        ).json()["points"]
    }
    change = points["2020"]["derived_value"]["change"]
    assert change["base_period"] == "2019"
    assert Decimal(change["absolute"]) == Decimal(points["2020"]["derived_value"]["value"]) - Decimal(
        points["2019"]["derived_value"]["value"]
    )


# ---------------------------------------------------------------- errors, CSV, query count, documentation


@pytest.mark.parametrize(
    ("code", "params", "parameter"),
    [
        ("gross-regional-product", {"per": "people"}, "per"),
        ("unemployment-rate", {"per": "population"}, "per"),
        ("life-expectancy-at-birth-total", {"per": "population"}, "per"),
        ("gross-regional-product", {"period": "20x2"}, "period"),
        ("gross-regional-product", {"period": "2022-13-01"}, "period"),
        ("gross-regional-product", {"period": "٢٠٢٢"}, "period"),
        ("gross-regional-product", {"period": "0000"}, "period"),
        ("gross-regional-product", {"period_end": "2022-12-31"}, "period_end"),
        ("gross-regional-product", {"period": "2022", "period_end": "2021-12-31"}, "period_end"),
        ("gross-regional-product", {"status": "rumour"}, "status"),
    ],
)
def test_bad_parameters_are_400_naming_them(api, code, params, parameter):
    response = api(COMPARE.format(code), params)
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body["errors"]) == [parameter] and parameter in body["detail"]


def test_series_per_population_refuses_a_rate(api):
    response = api("/api/v1/indicators/indicators/unemployment-rate/series/", {"region": "KZ-35", "per": "population"})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["per"]


def test_csv_has_one_row_per_region_and_the_same_header_whatever_the_query(api, shipped):
    header, rows = read_csv(api(GRP, {"period": "2022", "format": "csv"}))
    assert header == CSV_HEADER
    assert len(rows) == 20 and rows[3]["region"] == "KZ-35" and rows[3]["rank"] == "4"
    assert rows[3]["observation"] == "gross-regional-product--kz-35--2022" and rows[3]["period"] == "2022"
    for params in (
        {"period": "2022", "per": "population"},
        {"period": "2017", "borders": "current"},
        {"period": "2023", "status": "preliminary"},
    ):
        assert read_csv(api(GRP, {**params, "format": "csv"}))[0] == CSV_HEADER, params
    assert read_csv(api(COMPARE.format("unemployment-rate"), {"format": "csv"}))[0] == CSV_HEADER
    _header, derived = read_csv(api(GRP, {"period": "2022", "per": "population", "format": "csv"}))
    assert derived[0]["derived"] == "true" and len(derived[0]["inputs"].split("; ")) == 3


# Queries of compare?period=2022: the data version (HTTP caching), a transaction around the request (2), the
# indicator, the periods reported (grouped by period and kind), regions (2: with the regions split off them), the
# figures with the republic's (3: with their flags and their other values), the earlier figures compared with (3:
# with their flags and other values). None per region.
COMPARE_QUERIES = 13


def test_query_count_does_not_depend_on_the_number_of_regions(api, shipped, django_assert_num_queries):
    with django_assert_num_queries(COMPARE_QUERIES):
        compare(api, period="2022-01-01", period_end="2022-12-31")
    with django_assert_num_queries(COMPARE_QUERIES):
        compare(api, period="2022")
    with django_assert_num_queries(COMPARE_QUERIES + 5):
        # + population (3: with its flags and other values), unit, the publisher's own per-capita figures; `per` is
        # checked against the indicator the answer reads (looked up once per request)
        compare(api, period="2022", per="population")

    # Two regions of an indicator of their own: the same queries as twenty.
    indicator = make.IndicatorFactory(additive=True)
    for region in (make.RegionFactory(), make.RegionFactory()):
        for year in (2021, 2022):
            make.ObservationFactory(
                indicator=indicator,
                region=region,
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 12, 31),
                value=year,
            )
    with django_assert_num_queries(COMPARE_QUERIES):
        body = compare(api, COMPARE.format(indicator.code), period="2022")
    assert [row["rank"] for row in body["rows"][:2]] == [1, 1] and body["rows"][0]["change"]["absolute"] == "1.0000"


# Queries of GRP's series/?region=KZ-35: the data version, a transaction around the request (2), the region asked
# for, the indicator, the figures (3: with their flags and other values), the region's split-off regions, their own
# figures of the series.
SERIES_QUERIES = 10


def test_series_per_capita_reads_the_indicator_once(api, shipped, django_assert_num_queries):
    series = "/api/v1/indicators/indicators/gross-regional-product/series/"
    with django_assert_num_queries(SERIES_QUERIES):
        assert api(series, {"region": "KZ-35"}).status_code == 200
    with django_assert_num_queries(SERIES_QUERIES + 5):
        # + population (3: with its flags and other values), unit, the publisher's own per-capita figures; `per` is
        # checked against the indicator the answer reads, not looked up again
        assert api(series, {"region": "KZ-35", "per": "population"}).status_code == 200


def documented(body: dict) -> dict:
    """An answer as the documentation shows it: on the example host, timestamps fixed, the first 3 rows."""
    text = json.dumps({**body, "rows": body["rows"][:3]}).replace("http://testserver/", "https://api.example.kz/")
    return json.loads(re.sub(r'"(created_at|updated_at)": "[^"]+"', r'"\1": "2026-11-26T10:00:00+05:00"', text))


@pytest.mark.parametrize(
    ("example", "params"),
    [("COMPARE", {"period": "2022"}), ("COMPARE_PER_CAPITA", {"period": "2022", "per": "population"})],
)
def test_swagger_examples_are_what_the_api_returns(api, shipped, schema, example, params):
    """The examples are the package's real figures as served in the default language; they must not go stale."""
    assert getattr(examples, example) == documented(api(GRP, params).json())
    content = schema["paths"]["/api/v1/indicators/indicators/{code}/compare/"]["get"]["responses"]["200"]["content"]
    assert getattr(examples, example) in [item["value"] for item in content["application/json"]["examples"].values()]


def test_the_seed_and_the_official_package_pass_every_consistency_check(shipped):
    """The declared consistency checks on everything the product ships (the seed-only cases: tests/indicators/test_consistency_checks.py)."""
    from io import StringIO

    from django.core.management import call_command

    from indicators import consistency

    found = {result.key: result.status for result in consistency.run_checks()}
    jumps = found.pop("no-jumps")
    # One package: no figure has a second source (the revision of GRP 2023 by the second: tests/indicators/test_vintages.py).
    assert found.pop("sources-agree") == consistency.NOT_APPLICABLE
    assert set(found.values()) == {consistency.PASS}, found
    assert jumps in {consistency.PASS, consistency.WARN}  # flag only: the 1993-1994 inflation is a real jump
    call_command("check_data", stdout=StringIO())  # exits 0: no CommandError


@pytest.mark.parametrize("region", ["KZ-35", "KZ-63", "KZ-19", "south-kazakhstan"])
@pytest.mark.parametrize("indicator", ["gross-regional-product", "population-total"])
def test_a_series_says_what_territory_each_figure_covers_as_its_record_does(api, shipped, indicator, region):
    """series/ works out the territory of its figures in one pass (indicators/selectors/series.py, _territory_covered); each
    figure's record works it out in SQL (with_territory). Both say the same of every figure."""
    series = api(f"/api/v1/indicators/indicators/{indicator}/series/", {"region": region}).json()
    records = api(
        "/api/v1/indicators/observations/",
        {"indicator": indicator, "region": region, "page_size": 1000},
    ).json()["results"]
    totals = {row["code"]: row["includes_territory_of"] for row in records if row["size_class"] is None}
    shown = {point["observation"]["code"]: point["observation"]["includes_territory_of"] for point in series["points"]}
    assert shown and shown == {code: totals[code] for code in shown}
    if region == "KZ-35":
        assert ["KZ-62"] in shown.values() and [] in shown.values()  # before the split, and after
