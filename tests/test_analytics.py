"""Series, summaries, facets, region profile, CSV and GeoJSON: numbers computed independently from the records."""
import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from education.models import Institution
from indicators.models import Indicator, Observation, Region
from investments.models import GeologicalDeposit, IndustrialZone, InvestmentProgramme, InvestmentProject

pytestmark = pytest.mark.django_db
SERIES = "/api/v1/indicators/indicators/industrial-output/series/"


def add_output(year, value, qualifier="exact", region="KZ-35"):
    indicator = Indicator.objects.get(code="industrial-output")
    return Observation.objects.create(
        indicator=indicator, region=Region.objects.get(code=region), period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31), value=Decimal(value), qualifier=qualifier, source=indicator.source,
    )


def points(api, **params):
    response = api(SERIES, {"region": "KZ-35", **params}, HTTP_ACCEPT_LANGUAGE="en")  # notes checked in English
    assert response.status_code == 200, response.content
    return response.json()["points"]


# ---------------------------------------------------------------- series


def test_seed_series_is_in_period_order_and_never_compares_7_months_with_12(api):
    series = points(api)
    assert [p["observation"]["period"] for p in series] == ["2024", "2025-01/2025-07"]
    assert [p["change"] for p in series] == [None, None]
    assert "comparable period" in series[1]["change_note"]
    assert series[0]["observation"]["qualifier"] == "more-than"
    assert series[0]["observation"]["source"]["slug"] == "baq-kz-2025-09-05-karaganda-industry"


def test_change_between_comparable_years(api):
    add_output(2023, "2500000000000")
    series = points(api)
    change = series[1]["change"]  # 2024 against 2023
    assert series[1]["observation"]["period"] == "2024"
    assert Decimal(change["absolute"]) == Decimal("3000000000000") - Decimal("2500000000000")
    assert Decimal(change["percent"]) == (Decimal(500) / Decimal(2500) * 100).quantize(Decimal("0.01"))
    assert change["base"] == Observation.objects.get(period_start="2023-01-01").code
    assert change["approximate"] is True  # the 2024 figure is "more than 3 trillion"


def test_no_change_across_the_2022_split_of_karaganda_region(api):
    add_output(2021, "2000000000000")
    add_output(2023, "2500000000000")
    series = points(api)
    by_period = {p["observation"]["period"]: p for p in series}
    assert by_period["2023"]["change"] is None
    assert "2022" in by_period["2023"]["change_note"] and "KZ-62" in by_period["2023"]["change_note"]
    assert by_period["2024"]["change"] is not None
    assert api(SERIES, {"region": "KZ-35"}).json()["territory_changes"] == [{"year": 2022, "code": "KZ-62", "name": "Ұлытау облысы"}]


def test_mrv_and_period_filters(api):
    add_output(2023, "2500000000000")
    assert [p["observation"]["period"] for p in points(api, mrv=1)] == ["2025-01/2025-07"]
    assert [p["observation"]["period"] for p in points(api, mrv=2)] == ["2024", "2025-01/2025-07"]
    assert [p["observation"]["period"] for p in points(api, period_before="2024-06-30")] == ["2023", "2024"]
    assert [p["observation"]["period"] for p in points(api, period_after="2024-01-01", period_before="2024-12-31")] == ["2024"]


def test_series_breakdown_selects_one_series(api):
    response = api("/api/v1/indicators/indicators/production-growth/series/", {"region": "KZ-35", "enterprise": "qarmet", "product": "steel", "lang": "en"})
    [point] = response.json()["points"]
    assert Decimal(point["observation"]["value"]) == Decimal("6.6")
    assert point["change"] is None and "no complete period" in point["change_note"]
    totals = api("/api/v1/indicators/indicators/industrial-enterprises/series/", {"region": "KZ-35"}).json()["points"]
    assert [Decimal(p["observation"]["value"]) for p in totals] == [941]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [({}, "region"), ({"region": "XX-1"}, "region"), ({"region": "KZ-35", "mrv": "0"}, "mrv"),
     ({"region": "KZ-35", "status": "rumour"}, "status"), ({"region": "KZ-35", "period_after": "June"}, "period_after"),
     ({"region": "KZ-35", "colour": "red"}, "colour")],
)
def test_series_bad_parameters_are_400(api, params, parameter):
    response = api(SERIES, params)
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


def test_series_as_csv_has_one_row_per_point(api):
    add_output(2023, "2500000000000")
    rows = read_csv(api(SERIES, {"region": "KZ-35", "format": "csv"}))
    assert [row["period"] for row in rows] == ["2023", "2024", "2025-01/2025-07"]
    assert Decimal(rows[1]["change_absolute"]) == Decimal("500000000000")
    assert rows[0]["indicator_name"] == "Өнеркәсіптік өндіріс көлемі"


# ---------------------------------------------------------------- summaries and facets


def test_project_investment_by_status_in_saran(api):
    response = api("/api/v1/investments/projects/summary/", {"group_by": "status", "locality": "saran"})
    expected = {}
    for project in InvestmentProject.objects.filter(locality__slug="saran"):
        expected[project.status] = expected.get(project.status, 0) + 1
    assert {row["key"]: row["records"] for row in response.json()["rows"]} == expected == {"planned": 1}


def test_planned_investment_by_status_sums_the_records(api):
    rows = api("/api/v1/investments/projects/summary/", {"group_by": "status"}).json()["rows"]
    for row in rows:
        projects = InvestmentProject.objects.filter(status=row["key"])
        amounts = [p.planned_investment_kzt for p in projects if p.planned_investment_kzt is not None]
        assert row["records"] == projects.count()
        assert row["planned_investment_kzt_reported"] == len(amounts)
        assert (Decimal(row["planned_investment_kzt"]) if row["planned_investment_kzt"] else None) == (sum(amounts) if amounts else None)


def test_zone_totals_by_kind(api):
    rows = {row["key"]: row for row in api("/api/v1/investments/zones/summary/", {"group_by": "kind"}).json()["rows"]}
    for kind, row in rows.items():
        zones = list(IndustrialZone.objects.filter(kind=kind))
        investments = [z.investment_kzt for z in zones if z.investment_kzt is not None]
        assert row["records"] == len(zones)
        assert (Decimal(row["investment_kzt"]) if row["investment_kzt"] else None) == (sum(investments) if investments else None)
    assert Decimal(rows["special-economic-zone"]["output_kzt"]) == Decimal("258000000000")
    assert rows["special-economic-zone"]["permanent_jobs"] == 1300


def test_to_many_dimension_counts_each_record_once_per_group(api):
    rows = {row["key"]: row["records"] for row in api("/api/v1/investments/deposits/summary/", {"group_by": "mineral"}).json()["rows"]}
    for slug, count in rows.items():
        expected = GeologicalDeposit.objects.filter(minerals__slug=slug).count() if slug else GeologicalDeposit.objects.filter(minerals=None).count()
        assert count == expected
    assert rows["gold"] == 1 and rows["cerium"] == 1 and rows[None] == 1


def test_summary_needs_a_documented_group_by(api):
    for params in ({}, {"group_by": "colour"}):
        response = api("/api/v1/investments/zones/summary/", params)
        assert response.status_code == 400 and "group_by" in response.json()["errors"]


def test_facets_honour_the_filters(api):
    body = api("/api/v1/indicators/enterprises/facets/", {"role": "explorer"}).json()
    assert body["records"] == 2
    assert {row["key"]: row["records"] for row in body["facets"]["country"]} == {"TR": 1, "US": 1}


def test_institutions_summary_by_dual_training_uses_text_keys(api, more_rows):
    rows = {row["key"]: row["records"] for row in api("/api/v1/education/institutions/summary/", {"group_by": "dual_training"}).json()["rows"]}
    assert rows == {None: Institution.objects.count()}


# ---------------------------------------------------------------- region profile


def test_region_profile(api):
    body = api("/api/v1/indicators/regions/KZ-35/profile/").json()
    headline = {(row["indicator"]["code"], row["size_class"] or ""): row for row in body["headline"]}
    assert headline[("industrial-output", "")]["period"] == "2025-01/2025-07"  # the latest of 2024 and Jan-Jul 2025
    assert Decimal(headline[("industrial-output", "")]["value"]) == Decimal("2.7e12")
    assert {size: Decimal(headline[("industrial-enterprises", size)]["value"]) for size in ("", "large", "medium", "small")} == {
        "": 941, "large": 36, "medium": 67, "small": 838,
    }
    assert ("production-growth", "") not in headline  # broken down by enterprise: not a regional headline
    for row in body["headline"]:
        assert row["source"]["slug"] and row["quote"]
    assert list(body) == ["region", "territory_changes", "headline", "records"]  # reported figures before record counts
    sections = body["records"]
    assert sections["zones"]["records"] == IndustrialZone.objects.filter(region__code="KZ-35").count()
    assert Decimal(sections["zones"]["investment_kzt"]) == sum(z.investment_kzt for z in IndustrialZone.objects.exclude(investment_kzt=None))
    assert sections["projects"]["records"] == InvestmentProject.objects.count()
    assert Decimal(sections["projects"]["invested_kzt"]) == Decimal("572900000000")
    assert sections["programmes"]["records"] == InvestmentProgramme.objects.count() == 2
    assert sections["deposits"]["records"] == 3 and "cerium" in sections["deposits"]["minerals"]
    assert sections["institutions"] == {
        "records": 1,
        "records_by_kind": [{"key": "college", "label": "Колледж", "records": 1}],
        "records_with_dual_training": 0,
        "sources": ["baq-kz-2025-09-05-karaganda-industry"],
    }
    assert sections["programmes"]["programmes"][0]["total_kzt"] == "173000000000.00"  # a decimal string, never a float
    assert body["territory_changes"][0]["code"] == "KZ-62"


def test_profile_of_a_region_without_data_is_empty_not_an_error(api):
    body = api("/api/v1/indicators/regions/KZ-79/profile/").json()
    assert body["headline"] == [] and body["records"]["zones"]["records"] == 0


# ---------------------------------------------------------------- CSV


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    text = raw.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.parametrize("how", ["format", "accept"])
def test_zones_csv_parses_back_to_the_json_rows(api, how):
    url = "/api/v1/investments/zones/"
    response = api(url, {"format": "csv"}) if how == "format" else api(url, HTTP_ACCEPT="text/csv")
    rows = read_csv(response)
    records = api(url, {"page_size": 1000}).json()["results"]
    assert [row["slug"] for row in rows] == [record["slug"] for record in records]
    for row, record in zip(rows, records):
        assert row["name"] == record["name"]
        assert row["region"] == record["region"]["code"] and row["region_name"] == record["region"]["name"]
        assert row["investment_kzt"] == (record["investment_kzt"] or "")
        assert row["quote"] == record["quote"]
    assert "Сарыарқа" in response_text(api(url, {"format": "csv"}))


def response_text(response):
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_honours_filters_and_is_not_paginated(api, more_rows):
    rows = read_csv(api("/api/v1/investments/deposits/", {"format": "csv", "page_size": 1, "mineral": "gold"}))
    assert {row["slug"] for row in rows} == set(GeologicalDeposit.objects.filter(minerals__slug="gold").values_list("slug", flat=True))
    assert len(rows) == 4


def test_csv_of_a_bad_filter_is_a_json_400(api):
    response = api("/api/v1/investments/zones/", {"format": "csv", "kind": "spaceport"})
    assert response.status_code == 400 and response["Content-Type"] == "application/json"


def test_csv_query_count_does_not_grow_with_rows(api, more_rows):
    with CaptureQueriesContext(connection) as few:
        read_csv(api("/api/v1/investments/deposits/", {"format": "csv", "kind": "prospective-site"}))
    with CaptureQueriesContext(connection) as many:
        read_csv(api("/api/v1/investments/deposits/", {"format": "csv"}))
    assert len(few) == len(many)


# ---------------------------------------------------------------- GeoJSON


def geojson(api, url, **params):
    response = api(url, {"format": "geojson", **params})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection" and isinstance(body["features"], list)
    for item in body["features"]:
        assert item["type"] == "Feature" and isinstance(item["properties"], dict)
        if item["geometry"] is not None:
            longitude, latitude = item["geometry"]["coordinates"]
            assert item["geometry"]["type"] == "Point" and -180 <= longitude <= 180 and -90 <= latitude <= 90
    return body["features"]


def test_zones_take_their_locality_point_marked_approximate(api):
    features = {f["properties"]["slug"]: f for f in geojson(api, "/api/v1/investments/zones/")}
    assert features["saran-industrial-zone"]["geometry"]["coordinates"] == [72.85, 49.78333]
    assert features["saran-industrial-zone"]["properties"]["location_precision"] == "locality"
    assert features["sez-saryarka"]["geometry"] is None  # the source names no locality
    assert features["temirtau-metallurgical-cluster-park"]["geometry"]["coordinates"] == [72.95, 50.1]


def test_own_coordinates_win_over_the_locality(api):
    IndustrialZone.objects.filter(slug="saran-industrial-zone").update(latitude=Decimal("49.8"), longitude=Decimal("72.9"))
    feature = next(f for f in geojson(api, "/api/v1/investments/zones/") if f["properties"]["slug"] == "saran-industrial-zone")
    assert feature["geometry"]["coordinates"] == [72.9, 49.8]
    assert feature["properties"]["location_precision"] == "exact"


@pytest.mark.parametrize("url", ["/api/v1/indicators/localities/", "/api/v1/investments/zones/", "/api/v1/investments/projects/",
                                 "/api/v1/investments/deposits/", "/api/v1/education/institutions/"])
def test_every_geo_resource_is_valid_geojson(api, url):
    assert len(geojson(api, url)) == api(url).json()["count"]


def test_bbox_keeps_what_lies_inside(api):
    around_saran = "72.8,49.7,72.9,49.8"
    assert {f["properties"]["slug"] for f in geojson(api, "/api/v1/investments/zones/", bbox=around_saran)} == {
        "saran-industrial-zone", "saran-industrial-park",
    }
    assert {f["properties"]["slug"] for f in geojson(api, "/api/v1/indicators/localities/", bbox="72,49,74,51")} == {"karaganda", "temirtau", "saran"}
    for bad in ("1,2,3", "a,b,c,d", "10,10,0,0", "0,-100,10,10"):
        response = api("/api/v1/investments/zones/", {"bbox": bad})
        assert response.status_code == 400 and "bbox" in response.json()["errors"]


def test_localities_name_their_gazetteer(api):
    saran = api("/api/v1/indicators/localities/saran/").json()
    assert (saran["latitude"], saran["longitude"]) == ("49.78333", "72.85000")
    assert saran["coordinates_source"]["slug"] == "wikipedia-ru-city-coordinates"


# ---------------------------------------------------------------- bounded queries


@pytest.mark.parametrize(
    ("url", "params", "budget"),
    [
        (SERIES, {"region": "KZ-35"}, 8),
        ("/api/v1/indicators/regions/KZ-35/profile/", {}, 30),
        ("/api/v1/investments/projects/summary/", {"group_by": "investor_country"}, 4),
        ("/api/v1/investments/deposits/facets/", {}, 12),
    ],
)
def test_analytics_query_budget(api, more_rows, url, params, budget, django_assert_max_num_queries):
    with django_assert_max_num_queries(budget):
        assert api(url, params).status_code == 200


# ---------------------------------------------------------------- record counts are not reported figures


def test_summaries_and_facets_say_they_count_records_not_official_figures(api, schema):
    body = api("/api/v1/indicators/enterprises/summary/", {"group_by": "size_class", "lang": "en"}).json()
    assert "records held in this database" in body["note"]
    assert all(set(row) >= {"key", "label", "records"} and "count" not in row for row in body["rows"])
    facets = api("/api/v1/indicators/enterprises/facets/", {"lang": "ru"}).json()
    assert "записей этой базы данных" in facets["note"] and "records" in facets and "count" not in facets
    for path in ("/api/v1/indicators/enterprises/summary/", "/api/v1/indicators/enterprises/facets/", "/api/v1/indicators/regions/{code}/profile/"):
        assert "records held in this database" in schema["paths"][path]["get"]["description"].replace("**", "")


def test_profile_puts_reported_figures_before_record_counts(api):
    body = api("/api/v1/indicators/regions/KZ-35/profile/").json()
    assert list(body) == ["region", "territory_changes", "headline", "records"]
    reported_colleges = [row for row in body["headline"] if row["indicator"]["code"] == "colleges"]
    assert reported_colleges and Decimal(reported_colleges[0]["value"]) == 52
    assert body["records"]["institutions"]["records"] == 1  # the one college the article describes by name
    assert "with_dual_training" not in body["records"]["institutions"]
