"""Series, summaries, facets, region profile, CSV and GeoJSON: numbers computed independently from the records.

Each test makes the records it asserts (tests/support/factories.py), in a region, locality or source of its own that it
filters by, so the seed's figures never change an expected answer."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from education.models import Institution
from investments.models import GeologicalDeposit, IndustrialZone, InvestmentProject
from tests.support import factories as make

pytestmark = pytest.mark.django_db
SERIES = "/api/v1/indicators/indicators/industrial-output/series/"


def calendar_year(value):
    return {"period_start": datetime.date(value, 1, 1), "period_end": datetime.date(value, 12, 31)}


JAN_JUL_2025 = {"period_start": datetime.date(2025, 1, 1), "period_end": datetime.date(2025, 7, 31)}


@pytest.fixture
def region(db):
    """A region that lost territory in 2022 to a region formed from part of it (as Ulytau from Karaganda)."""
    parent = make.RegionFactory()
    make.RegionFactory(formed_from=parent, established_year=2022)
    return parent


@pytest.fixture
def output(region):
    """An indicator with the region's figures for 2024 ("more than" 3 trillion) and for January-July 2025."""
    indicator = make.IndicatorFactory(headline=True)
    make.ObservationFactory(
        indicator=indicator, region=region, value=Decimal("3e12"), qualifier="more-than", **calendar_year(2024)
    )
    make.ObservationFactory(indicator=indicator, region=region, value=Decimal("2.7e12"), **JAN_JUL_2025)
    return indicator


def add_output(output, region, year, value, qualifier="exact"):
    return make.ObservationFactory(
        indicator=output, region=region, value=Decimal(value), qualifier=qualifier, **calendar_year(year)
    )


def series_url(indicator):
    return f"/api/v1/indicators/indicators/{indicator.code}/series/"


def points(api, output, region, **params):
    response = api(
        series_url(output), {"region": region.code, **params}, HTTP_ACCEPT_LANGUAGE="en"
    )  # notes checked in English
    assert response.status_code == 200, response.content
    return response.json()["points"]


# ---------------------------------------------------------------- series


def test_series_holds_one_kind_of_period_annual_by_default_and_names_the_others(api, output, region):
    series = points(api, output, region)  # 2024 and January-July 2025: the annual figure, never mixed with 7 months
    assert [p["observation"]["period"] for p in series] == ["2024"]
    assert series[0]["change"] is None and "comparable period" in series[0]["change_note"]
    assert series[0]["observation"]["qualifier"] == "more-than"
    assert series[0]["observation"]["source"]["slug"] == output.source.slug
    body = api(series_url(output), {"region": region.code}).json()
    assert body["frequency"] == "annual"
    assert [(kind["frequency"], kind["count"]) for kind in body["frequencies"]] == [("annual", 1), ("year-to-date", 1)]
    cumulated = points(api, output, region, frequency="year-to-date")
    assert [p["observation"]["period"] for p in cumulated] == ["2025-01/2025-07"]


def test_change_between_comparable_years(api, output, region):
    base = add_output(output, region, 2023, "2500000000000")
    series = points(api, output, region)
    change = series[1]["change"]  # 2024 against 2023
    assert series[1]["observation"]["period"] == "2024"
    assert Decimal(change["absolute"]) == Decimal("3000000000000") - Decimal("2500000000000")
    assert Decimal(change["percent"]) == (Decimal(500) / Decimal(2500) * 100).quantize(Decimal("0.01"))
    assert change["base"] == base.code
    assert change["approximate"] is True  # the 2024 figure is "more than 3 trillion"


def test_no_change_across_the_2022_split_of_a_region(api, output, region):
    add_output(output, region, 2021, "2000000000000")
    add_output(output, region, 2023, "2500000000000")
    series = points(api, output, region)
    by_period = {p["observation"]["period"]: p for p in series}
    split_off = region.split_off.get()
    assert by_period["2023"]["change"] is None
    assert "2022" in by_period["2023"]["change_note"] and split_off.code in by_period["2023"]["change_note"]
    assert by_period["2024"]["change"] is not None
    assert api(series_url(output), {"region": region.code}).json()["territory_changes"] == [
        {"year": 2022, "code": split_off.code, "name": split_off.name_kk}
    ]


def test_mrv_and_period_filters(api, output, region):
    add_output(output, region, 2023, "2500000000000")
    assert [p["observation"]["period"] for p in points(api, output, region, mrv=1)] == ["2024"]
    assert [p["observation"]["period"] for p in points(api, output, region, mrv=2)] == ["2023", "2024"]
    assert [p["observation"]["period"] for p in points(api, output, region, period_before="2024-06-30")] == [
        "2023",
        "2024",
    ]
    assert [
        p["observation"]["period"]
        for p in points(api, output, region, period_after="2024-01-01", period_before="2024-12-31")
    ] == ["2024"]


def test_series_breakdown_selects_one_series(api, region):
    growth = make.IndicatorFactory()
    steelworks, other = make.EnterpriseFactory(), make.EnterpriseFactory()
    steel, iron = make.ProductFactory(), make.ProductFactory()
    from_2025 = {"period_start": datetime.date(2025, 1, 1), "period_end": None}  # the source states no end
    for enterprise, product, value in ((steelworks, steel, "6.6"), (steelworks, iron, "6"), (other, steel, "9")):
        make.ObservationFactory(
            indicator=growth, region=region, enterprise=enterprise, product=product, value=Decimal(value), **from_2025
        )
    response = api(
        series_url(growth), {"region": region.code, "enterprise": steelworks.slug, "product": steel.slug, "lang": "en"}
    )
    [point] = response.json()["points"]
    assert Decimal(point["observation"]["value"]) == Decimal("6.6")
    assert point["change"] is None and "no complete period" in point["change_note"]

    enterprises = make.IndicatorFactory()
    now = {"period_start": datetime.date(2025, 9, 5), "period_end": datetime.date(2025, 9, 5)}
    make.ObservationFactory(indicator=enterprises, region=region, value=941, **now)
    make.ObservationFactory(indicator=enterprises, region=region, value=36, size_class="large", **now)
    totals = api(series_url(enterprises), {"region": region.code}).json()["points"]
    assert [Decimal(p["observation"]["value"]) for p in totals] == [941]


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({}, "region"),
        ({"region": "XX-1"}, "region"),
        ({"region": "KZ-35", "mrv": "0"}, "mrv"),
        ({"region": "KZ-35", "status": "rumour"}, "status"),
        ({"region": "KZ-35", "period_after": "June"}, "period_after"),
        ({"region": "KZ-35", "colour": "red"}, "colour"),
    ],
)
def test_series_bad_parameters_are_400(api, params, parameter):
    response = api(SERIES, params)
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


def test_series_as_csv_has_one_row_per_point(api, output, region):
    add_output(output, region, 2023, "2500000000000")
    rows = read_csv(api(series_url(output), {"region": region.code, "format": "csv"}))
    assert [row["period"] for row in rows] == ["2023", "2024"]
    assert Decimal(rows[1]["change_absolute"]) == Decimal("500000000000")
    assert rows[0]["indicator_name"] == output.name_kk


# ---------------------------------------------------------------- summaries and facets


def test_project_investment_by_status_in_a_locality(api):
    saran, elsewhere = make.LocalityFactory(), make.LocalityFactory()
    for status, locality in (
        ("planned", saran),
        ("planned", saran),
        ("under-construction", saran),
        ("operating", elsewhere),
    ):
        make.InvestmentProjectFactory(status=status, region=locality.region, locality=locality)
    response = api("/api/v1/investments/projects/summary/", {"group_by": "status", "locality": saran.slug})
    expected = {}
    for project in InvestmentProject.objects.filter(locality=saran):
        expected[project.status] = expected.get(project.status, 0) + 1
    assert (
        {row["key"]: row["records"] for row in response.json()["rows"]}
        == expected
        == {"planned": 2, "under-construction": 1}
    )


def test_planned_investment_by_status_sums_the_records(api, region):
    for status, amount in (
        ("planned", "100"),
        ("planned", "250"),
        ("planned", None),
        ("under-construction", None),
        ("operating", "7"),
    ):
        make.InvestmentProjectFactory(status=status, region=region, planned_investment_kzt=amount and Decimal(amount))
    rows = api("/api/v1/investments/projects/summary/", {"group_by": "status", "region": region.code}).json()["rows"]
    for row in rows:
        projects = InvestmentProject.objects.filter(status=row["key"], region=region)
        amounts = [p.planned_investment_kzt for p in projects if p.planned_investment_kzt is not None]
        assert row["records"] == projects.count()
        assert row["planned_investment_kzt_reported"] == len(amounts)
        assert (Decimal(row["planned_investment_kzt"]) if row["planned_investment_kzt"] else None) == (
            sum(amounts) if amounts else None
        )
    assert {row["key"]: (row["records"], row["planned_investment_kzt"]) for row in rows} == {
        "operating": (1, "7.00"),
        "planned": (3, "350.00"),
        "under-construction": (1, None),
    }


def test_zone_totals_by_kind(api, region):
    make.IndustrialZoneFactory(
        kind="special-economic-zone",
        region=region,
        investment_kzt=Decimal("211e9"),
        output_kzt=Decimal("258e9"),
        permanent_jobs=1300,
    )
    make.IndustrialZoneFactory(kind="industrial-zone", region=region, investment_kzt=Decimal("472e9"))
    make.IndustrialZoneFactory(kind="industrial-zone", region=region, investment_kzt=Decimal("8e9"), permanent_jobs=20)
    make.IndustrialZoneFactory(kind="industrial-park", region=region)
    rows = {
        row["key"]: row
        for row in api("/api/v1/investments/zones/summary/", {"group_by": "kind", "region": region.code}).json()["rows"]
    }
    for kind, row in rows.items():
        zones = list(IndustrialZone.objects.filter(kind=kind, region=region))
        investments = [z.investment_kzt for z in zones if z.investment_kzt is not None]
        assert row["records"] == len(zones)
        assert (Decimal(row["investment_kzt"]) if row["investment_kzt"] else None) == (
            sum(investments) if investments else None
        )
    assert set(rows) == {"special-economic-zone", "industrial-zone", "industrial-park"}
    assert Decimal(rows["special-economic-zone"]["output_kzt"]) == Decimal("258000000000")
    assert rows["special-economic-zone"]["permanent_jobs"] == 1300
    assert (rows["industrial-zone"]["investment_kzt"], rows["industrial-zone"]["permanent_jobs"]) == (
        "480000000000.00",
        20,
    )
    assert rows["industrial-park"]["investment_kzt"] is None and rows["industrial-park"]["investment_kzt_reported"] == 0


def test_to_many_dimension_counts_each_record_once_per_group(api, region):
    gold, copper, cerium = (make.MineralFactory() for _ in range(3))
    for minerals in ([gold, copper], [gold], [cerium], []):
        make.GeologicalDepositFactory(region=region, minerals=minerals)
    url = "/api/v1/investments/deposits/summary/"
    rows = {
        row["key"]: row["records"] for row in api(url, {"group_by": "mineral", "region": region.code}).json()["rows"]
    }
    for slug, count in rows.items():
        deposits = GeologicalDeposit.objects.filter(region=region)
        expected = deposits.filter(minerals__slug=slug).count() if slug else deposits.filter(minerals=None).count()
        assert count == expected
    assert rows == {gold.slug: 2, copper.slug: 1, cerium.slug: 1, None: 1}


def test_summary_needs_a_documented_group_by(api):
    for params in ({}, {"group_by": "colour"}):
        response = api("/api/v1/investments/zones/summary/", params)
        assert response.status_code == 400 and "group_by" in response.json()["errors"]


def test_facets_honour_the_filters(api):
    explorer, investor = make.EnterpriseRoleFactory(), make.EnterpriseRoleFactory()
    for country, role in (("TR", explorer), ("US", explorer), ("US", investor), ("DE", investor)):
        make.EnterpriseFactory(country=country, roles=[role])
    body = api("/api/v1/indicators/enterprises/facets/", {"role": explorer.code}).json()
    assert body["records"] == 2
    assert {row["key"]: row["records"] for row in body["facets"]["country"]} == {"TR": 1, "US": 1}


def test_institutions_summary_by_dual_training_uses_text_keys(api, region):
    for dual_training in (True, False, None, None):
        make.InstitutionFactory(region=region, dual_training=dual_training)
    url = "/api/v1/education/institutions/summary/"
    rows = {
        row["key"]: row["records"]
        for row in api(url, {"group_by": "dual_training", "region": region.code}).json()["rows"]
    }
    assert (
        rows
        == {"true": 1, "false": 1, None: Institution.objects.filter(region=region, dual_training=None).count()}
        == {"true": 1, "false": 1, None: 2}
    )


# ---------------------------------------------------------------- region profile

NOW = {"period_start": datetime.date(2025, 9, 5), "period_end": datetime.date(2025, 9, 5)}


@pytest.fixture
def profiled(region, output):
    """The region's headline figures and records of every kind the profile counts, and a neighbour's that it must not.
    Returns the records by kind."""
    source = output.source
    enterprises = make.IndicatorFactory(headline=True, source=source)
    for size_class, value in (("", 941), ("large", 36), ("medium", 67), ("small", 838)):
        make.ObservationFactory(indicator=enterprises, region=region, size_class=size_class, value=value, **NOW)
    growth = make.IndicatorFactory(headline=True, source=source)  # reported only by enterprise: no regional headline
    make.ObservationFactory(
        indicator=growth, region=region, enterprise=make.EnterpriseFactory(), value=6, **calendar_year(2025)
    )
    colleges = make.IndicatorFactory(headline=True, source=source)
    make.ObservationFactory(indicator=colleges, region=region, value=52, **NOW)
    neighbour = make.RegionFactory()
    zones = [
        make.IndustrialZoneFactory(
            region=region, source=source, kind="special-economic-zone", investment_kzt=Decimal("211e9")
        ),
        make.IndustrialZoneFactory(region=region, source=source, investment_kzt=Decimal("472e9")),
        make.IndustrialZoneFactory(region=region, source=source),
    ]
    make.IndustrialZoneFactory(region=neighbour, investment_kzt=Decimal("5e9"))
    projects = [
        make.InvestmentProjectFactory(region=region, source=source, invested_kzt=Decimal("572.9e9")),
        make.InvestmentProjectFactory(region=region, source=source, invested_kzt=Decimal("100e9")),
        make.InvestmentProjectFactory(region=region, source=source),
    ]
    make.InvestmentProjectFactory(region=neighbour, invested_kzt=Decimal("1e9"))
    programmes = [
        make.InvestmentProgrammeFactory(region=region, source=source, end_year=2030, total_kzt=Decimal("4.5e12")),
        make.InvestmentProgrammeFactory(
            region=region, source=source, start_year=2025, end_year=2025, total_kzt=Decimal("173e9")
        ),
    ]
    rare_earth = make.MineralFactory()
    deposits = [
        make.GeologicalDepositFactory(region=region, source=source, minerals=[rare_earth]),
        make.GeologicalDepositFactory(region=region, source=source, kind="prospective-site"),
        make.GeologicalDepositFactory(
            region=region, source=source, kind="prospective-site", minerals=[make.MineralFactory()]
        ),
    ]
    make.GeologicalDepositFactory(region=neighbour)
    college = make.InstitutionFactory(region=region, source=source, kind="college")
    make.InstitutionFactory(region=neighbour, dual_training=True)
    return {
        "colleges": colleges,
        "zones": zones,
        "projects": projects,
        "programmes": programmes,
        "deposits": deposits,
        "rare_earth": rare_earth,
        "college": college,
    }


def test_region_profile(api, region, output, profiled):
    body = api(f"/api/v1/indicators/regions/{region.code}/profile/").json()
    headline = {(row["indicator"]["code"], row["size_class"] or ""): row for row in body["headline"]}
    assert headline[(output.code, "")]["period"] == "2025-01/2025-07"  # the latest of 2024 and Jan-Jul 2025
    assert Decimal(headline[(output.code, "")]["value"]) == Decimal("2.7e12")
    enterprises = next(code for code, size in headline if size == "large")
    assert {size: Decimal(headline[(enterprises, size)]["value"]) for size in ("", "large", "medium", "small")} == {
        "": 941,
        "large": 36,
        "medium": 67,
        "small": 838,
    }
    assert len(headline) == 6  # output, 4 sizes of enterprises, colleges: not the figure broken down by enterprise
    for row in body["headline"]:
        assert row["source"]["slug"] == output.source.slug and row["quote"]
    # Reported figures (and their ranks among the regions) before record counts.
    assert list(body) == ["region", "territory_changes", "headline", "ranks", "records"]
    sections = body["records"]
    assert sections["zones"]["records"] == len(profiled["zones"]) == 3
    assert (
        Decimal(sections["zones"]["investment_kzt"])
        == sum(z.investment_kzt for z in profiled["zones"] if z.investment_kzt)
        == Decimal("683e9")
    )
    assert sections["projects"]["records"] == len(profiled["projects"]) == 3
    assert Decimal(sections["projects"]["invested_kzt"]) == Decimal("672900000000")
    assert sections["programmes"]["records"] == len(profiled["programmes"]) == 2
    assert sections["deposits"]["records"] == 3 and profiled["rare_earth"].slug in sections["deposits"]["minerals"]
    assert sections["institutions"] == {
        "records": 1,
        "records_by_kind": [{"key": "college", "label": "Колледж", "records": 1}],
        "records_with_dual_training": 0,
        "sources": [output.source.slug],
    }
    assert sections["programmes"]["programmes"][0]["total_kzt"] == "173000000000.00"  # a decimal string, never a float
    assert body["territory_changes"][0]["code"] == region.split_off.get().code


def test_profile_of_a_region_without_data_is_empty_not_an_error(api):
    body = api(f"/api/v1/indicators/regions/{make.RegionFactory().code}/profile/").json()
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
def test_zones_csv_parses_back_to_the_json_rows(api, region, how):
    locality = make.LocalityFactory(region=region)
    zones = [
        make.IndustrialZoneFactory(region=region, locality=locality, investment_kzt=Decimal("472e9"), quote="Сөйлем."),
        make.IndustrialZoneFactory(region=region),
    ]
    url, only = "/api/v1/investments/zones/", {"region": region.code}
    response = api(url, {"format": "csv", **only}) if how == "format" else api(url, only, HTTP_ACCEPT="text/csv")
    rows = read_csv(response)
    records = api(url, {"page_size": 1000, **only}).json()["results"]
    assert [row["slug"] for row in rows] == [record["slug"] for record in records]
    assert {row["slug"] for row in rows} == {zone.slug for zone in zones}
    for row, record in zip(rows, records, strict=True):
        assert row["name"] == record["name"]
        assert row["region"] == record["region"]["code"] and row["region_name"] == record["region"]["name"]
        assert row["investment_kzt"] == (record["investment_kzt"] or "")
        assert row["quote"] == (record["quote"] or "")
    assert zones[0].name_kk in response_text(api(url, {"format": "csv", **only}))  # Kazakh letters survive


def response_text(response):
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_honours_filters_and_is_not_paginated(api):
    gold = make.MineralFactory()
    deposits = [make.GeologicalDepositFactory(minerals=[gold]) for _ in range(4)]
    make.GeologicalDepositFactory(minerals=[make.MineralFactory()])
    rows = read_csv(api("/api/v1/investments/deposits/", {"format": "csv", "page_size": 1, "mineral": gold.slug}))
    assert {row["slug"] for row in rows} == {deposit.slug for deposit in deposits}
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


def located(region, latitude, longitude):
    """A locality of the region with its point, from a gazetteer."""
    return make.LocalityFactory(
        region=region,
        latitude=Decimal(latitude),
        longitude=Decimal(longitude),
        coordinates_source=make.SourceFactory(kind="reference-work"),
    )


def test_zones_take_their_locality_point_marked_approximate(api, region):
    saran, temirtau = located(region, "49.78333", "72.85"), located(region, "50.1", "72.95")
    in_saran, in_temirtau = (
        make.IndustrialZoneFactory(region=region, locality=saran),
        make.IndustrialZoneFactory(region=region, locality=temirtau),
    )
    nowhere = make.IndustrialZoneFactory(region=region)  # the source names no locality
    features = {f["properties"]["slug"]: f for f in geojson(api, "/api/v1/investments/zones/", region=region.code)}
    assert features[in_saran.slug]["geometry"]["coordinates"] == [72.85, 49.78333]
    assert features[in_saran.slug]["properties"]["location_precision"] == "locality"
    assert features[nowhere.slug]["geometry"] is None
    assert features[in_temirtau.slug]["geometry"]["coordinates"] == [72.95, 50.1]


def test_own_coordinates_win_over_the_locality(api, region):
    zone = make.IndustrialZoneFactory(region=region, locality=located(region, "49.78333", "72.85"))
    IndustrialZone.objects.filter(pk=zone.pk).update(latitude=Decimal("49.8"), longitude=Decimal("72.9"))
    [feature] = geojson(api, "/api/v1/investments/zones/", region=region.code)
    assert feature["geometry"]["coordinates"] == [72.9, 49.8]
    assert feature["properties"]["location_precision"] == "exact"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/indicators/localities/",
        "/api/v1/investments/zones/",
        "/api/v1/investments/projects/",
        "/api/v1/investments/deposits/",
        "/api/v1/education/institutions/",
    ],
)
def test_every_geo_resource_is_valid_geojson(api, url):
    assert len(geojson(api, url)) == api(url).json()["count"]


def test_bbox_keeps_what_lies_inside(api, region):
    inside = [located(region, "49.75", "72.82"), located(region, "49.79", "72.88")]
    outside = located(region, "50.1", "72.95")
    zones = [make.IndustrialZoneFactory(region=region, locality=locality) for locality in [*inside, outside]]
    make.IndustrialZoneFactory(region=region)  # no point: never inside a box
    box = "72.8,49.7,72.9,49.8"
    assert {
        f["properties"]["slug"] for f in geojson(api, "/api/v1/investments/zones/", bbox=box, region=region.code)
    } == {zone.slug for zone in zones[:2]}
    everything = "72,49,74,51"
    assert {
        f["properties"]["slug"]
        for f in geojson(api, "/api/v1/indicators/localities/", bbox=everything, region=region.code)
    } == {locality.slug for locality in [*inside, outside]}
    for bad in ("1,2,3", "a,b,c,d", "10,10,0,0", "0,-100,10,10"):
        response = api("/api/v1/investments/zones/", {"bbox": bad})
        assert response.status_code == 400 and "bbox" in response.json()["errors"]


def test_localities_name_their_gazetteer(api, region):
    saran = located(region, "49.78333", "72.85")
    body = api(f"/api/v1/indicators/localities/{saran.slug}/").json()
    assert (body["latitude"], body["longitude"]) == ("49.78333", "72.85000")
    assert body["coordinates_source"]["slug"] == saran.coordinates_source.slug


# ---------------------------------------------------------------- bounded queries


@pytest.mark.parametrize(
    ("url", "params", "budget"),
    # Each budget includes the data version's query (regionapi/core/caching.py: read from the database when the
    # cache is per-process, as in the tests).
    [
        (SERIES, {"region": "KZ-35"}, 10),  # the points' other values (vintages) with them
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
    for path in (
        "/api/v1/indicators/enterprises/summary/",
        "/api/v1/indicators/enterprises/facets/",
        "/api/v1/indicators/regions/{code}/profile/",
    ):
        assert "records held in this database" in schema["paths"][path]["get"]["description"].replace("**", "")


def test_profile_puts_reported_figures_before_record_counts(api, region, profiled):
    body = api(f"/api/v1/indicators/regions/{region.code}/profile/").json()
    assert list(body) == ["region", "territory_changes", "headline", "ranks", "records"]
    reported_colleges = [row for row in body["headline"] if row["indicator"]["code"] == profiled["colleges"].code]
    assert reported_colleges and Decimal(reported_colleges[0]["value"]) == 52  # the region's count, as reported
    assert body["records"]["institutions"]["records"] == 1  # the one college described by name
    assert "with_dual_training" not in body["records"]["institutions"]
