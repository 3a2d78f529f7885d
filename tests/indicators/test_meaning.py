"""What the API says about the shipped official statistics, each case a reader was misled by: kinds of
period, territory counted once, the sources' footnotes as flags, derived figures that say when their inputs break,
rank direction, and periods asked for that have no figures.

The whole package is imported once for the module (each test rolls back in its own savepoint).
"""

import csv
import io
from decimal import Decimal

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

INDICATORS = "/api/v1/indicators/indicators"


@pytest.fixture
def get(api, shipped):
    def answer(path, **params):
        response = api(path if path.startswith("/") else f"{INDICATORS}/{path}", {"lang": "en", **params})
        return response.status_code, response.json()

    return answer


def rows_with_figures(body):
    return [row for row in body["rows"] if row["value"] is not None]


def share_sum(body):
    return sum(Decimal(row["share_of_total"]) for row in rows_with_figures(body))


def test_per_capita_series_is_annual(get):
    # 16 January-September figures against 15 annual ones: the series (and its chart) holds the annual ones and says so.
    status, series = get("grp-per-capita-kzt/series/", region="KZ-35")
    assert status == 200
    assert series["frequency"] == "annual"
    assert {point["observation"]["frequency"] for point in series["points"]} == {"annual"}
    by_period = {point["observation"]["period"]: point["observation"]["value"] for point in series["points"]}
    assert by_period["2022"] == "6412.9000"
    kinds = {row["frequency"]: row["count"] for row in series["frequencies"]}
    assert kinds["annual"] == len(series["points"]) and kinds["year-to-date"] > 0
    other = next(row for row in series["frequencies"] if row["frequency"] == "year-to-date")
    assert "frequency=year-to-date" in other["url"]
    status, cumulated = get("grp-per-capita-kzt/series/", region="KZ-35", frequency="year-to-date")
    assert {point["observation"]["frequency"] for point in cumulated["points"]} == {"year-to-date"}
    # Ulytau: its only annual figure, not two January-September points under one tick.
    status, ulytau = get("grp-per-capita-kzt/series/", region="KZ-62")
    assert [point["observation"]["period"] for point in ulytau["points"]] == ["2022"]


def test_grp_2017_counts_each_territory_once(get):
    status, published = get("gross-regional-product/compare/", period="2017")
    assert status == 200
    codes = [row["region"]["code"] for row in published["rows"]]
    assert "south-kazakhstan" in codes and "KZ-61" not in codes and "KZ-79" not in codes
    assert {item["region"]["code"] for item in published["excluded"]} == {"KZ-61", "KZ-79"}
    assert abs(share_sum(published) - 1) < Decimal("0.0001"), share_sum(published)
    status, current = get("gross-regional-product/compare/", period="2017", borders="current")
    codes = [row["region"]["code"] for row in current["rows"]]
    assert "KZ-61" in codes and "KZ-79" in codes and "south-kazakhstan" not in codes
    assert [item["region"]["code"] for item in current["excluded"]] == ["south-kazakhstan"]
    assert abs(share_sum(current) - 1) < Decimal("0.0001"), share_sum(current)
    status, early = get("gross-regional-product/compare/", period="2012")
    assert abs(share_sum(early) - 1) < Decimal("0.0001"), share_sum(early)


def test_first_quarter_2018_includes_south_kazakhstan(get):
    status, body = get("gross-regional-product/compare/", period="2018-01..2018-03")
    assert status == 200 and body["frequency"] == "year-to-date"
    counted = rows_with_figures(body)
    assert "south-kazakhstan" in {row["region"]["code"] for row in counted}
    assert len(counted) == 16
    assert abs(share_sum(body) - 1) < Decimal("0.0001"), share_sum(body)
    assert sorted(row["rank"] for row in counted) == list(range(1, 17))
    # The former region's profile ranks it among the same 16 and links to this very list.
    status, profile = get("/api/v1/indicators/regions/south-kazakhstan/profile/")
    [rank] = [rank for rank in profile["ranks"] if rank["indicator"]["code"] == "gross-regional-product"]
    assert rank["regions"] == 16
    assert rank["compare"].endswith("period=2018-01..2018-03")
    # The exact dates, as before, still answer the same list.
    status, dated = get("gross-regional-product/compare/", period="2018-01-01", period_end="2018-03-31")
    assert [row["region"]["code"] for row in dated["rows"]] == [row["region"]["code"] for row in body["rows"]]


def test_akmola_1997_is_flagged(get):
    status, series = get("gross-regional-product/series/", region="KZ-11")
    points = {point["observation"]["period"]: point for point in series["points"]}
    assert points["1996"]["includes_territory_of"] == ["KZ-71"]
    assert points["1997"]["includes_territory_of"] == []
    assert points["1997"]["change"] is None and "territory changed" in points["1997"]["change_note"]
    assert [flag["flag"] for flag in points["1997"]["observation"]["flags"]] == ["break"]
    assert "Astana" in points["1997"]["observation"]["flags"][0]["note"]


def test_derived_per_capita_says_when_its_denominator_breaks(get):
    # Census steps on 1 January 2009 and 2022; Almaty city's territory on 1 January 2015.
    for region, year in [("KZ-55", "2008"), ("KZ-75", "2014"), ("KZ-55", "2021")]:
        status, series = get("gross-regional-product/series/", region=region, per="population")
        [point] = [point for point in series["points"] if point["observation"]["period"] == year]
        derived = point["derived_value"]
        assert derived["value"] is not None, (region, year, derived["note"])
        assert [flag["flag"] for flag in derived["flags"]] == ["break"], (region, year)
        assert derived["flags"][0]["asserted_by"] == "derived"
        assert derived["published"]["indicator"] == "grp-per-capita-kzt"
        difference = (Decimal(derived["value"]) - Decimal(derived["published"]["value"])) / Decimal(
            derived["published"]["value"]
        )
        assert Decimal(derived["difference_percent"]) == (difference * 100).quantize(Decimal("0.01"))
    # A year whose two populations lie on one side of every break carries no flag.
    status, series = get("gross-regional-product/series/", region="KZ-55", per="population")
    [point] = [point for point in series["points"] if point["observation"]["period"] == "2012"]
    assert point["derived_value"]["flags"] == [] and point["derived_value"]["published"] is not None


def test_footnotes_are_flags(get):
    status, body = get("/api/v1/indicators/observations/", region="KZ-61", indicator="unemployment-rate", year="2012")
    [annual] = [item for item in body["results"] if item["frequency"] == "annual"]
    assert [(flag["flag"], flag["asserted_by"]) for flag in annual["flags"]] == [("estimated", "publisher")]
    assert annual["flags"][0]["sdmx"] == {"attribute": "OBS_STATUS", "code": "E", "note": None}
    status, flagged = get("/api/v1/indicators/observations/", flag="back-calculated", page_size=100)
    assert {item["region"]["code"] for item in flagged["results"]} == {"KZ-61", "KZ-79"}
    assert flagged["count"] == 14
    assert flagged["results"][0]["flags"][0]["sdmx"]["attribute"] == "REGIONAPI_FLAG"
    # A change across the 2015 methodology break is given, and says so.
    status, series = get("unemployment-rate/series/", region="KZ-35")
    [point] = [point for point in series["points"] if point["observation"]["period"] == "2015"]
    assert point["change"] is not None and point["change_note"].startswith("Across a break in series")


def test_ranks_follow_the_indicators_direction(get):
    status, body = get("unemployment-rate/compare/", period="2022")
    assert body["ranking"] == {
        "direction": "lower-is-better",
        "order": "ascending",
        "meaning": "1 = the lowest value (lower is better)",
    }
    counted = rows_with_figures(body)
    lowest = min(Decimal(row["value"]) for row in counted)
    assert all(row["rank"] == 1 for row in counted if Decimal(row["value"]) == lowest)
    status, life = get("life-expectancy-at-birth-total/compare/", period="2022")
    assert life["ranking"]["order"] == "descending"
    highest = max(Decimal(row["value"]) for row in rows_with_figures(life))
    assert rows_with_figures(life)[0]["value"] == f"{highest:.4f}"
    status, profile = get("/api/v1/indicators/regions/KZ-35/profile/")
    [rank] = [rank for rank in profile["ranks"] if rank["indicator"]["code"] == "unemployment-rate"]
    assert rank["ranking"]["order"] == "ascending"


def test_periods_name_their_kind(get):
    status, quarter = get("unemployment-rate/compare/", period="2023-Q1")
    assert status == 200 and quarter["frequency"] == "quarterly" and quarter["period_end"] == "2023-03-31"
    # No annual figure for 2023: not the fourth quarter instead, but a 400 listing the periods that have figures.
    status, body = get("unemployment-rate/compare/", period="2023")
    assert status == 400 and "period" in body["errors"]
    status, body = get("unemployment-rate/compare/", period="1990")
    assert status == 400
    listed = " ".join(body["errors"]["period"])
    assert "annual: 2001, 2002" in listed and "2023-Q4" in listed
    status, body = get("unemployment-rate/series/", region="KZ-35", frequency="monthly")
    assert status == 400 and "frequency" in body["errors"]
    status, body = get("unemployment-rate/series/", region="KZ-35", page_size="5")
    assert status == 400 and "page_size" in str(body["errors"])


def test_an_indicator_says_its_direction_and_what_its_figures_cover(get):
    status, indicator = get("unemployment-rate/")
    assert indicator["direction"] == "lower-is-better" and indicator["coverage"].endswith("/coverage/")
    status, per_capita = get("grp-per-capita-kzt/")
    assert per_capita["per_capita_of"]["code"] == "gross-regional-product"
    status, body = get("unemployment-rate/coverage/")
    kinds = {row["frequency"]: row for row in body["coverage"]}
    assert list(kinds) == ["annual", "quarterly"]
    assert (kinds["annual"]["first"], kinds["annual"]["last"], kinds["annual"]["periods"]) == ("2001", "2022", 22)
    assert (kinds["quarterly"]["first"], kinds["quarterly"]["last"]) == ("2001-Q1", "2023-Q4")
    assert "south-kazakhstan" in {region["code"] for region in kinds["quarterly"]["regions"]}
    status, grp = get("gross-regional-product/coverage/")
    assert {row["frequency"]: row["last"] for row in grp["coverage"]} == {
        "annual": "2023",
        "year-to-date": "2023-01..2023-09",
    }


def test_statistical_csv_never_repeats_a_column_and_writes_booleans_one_way(api, shipped):
    for path, params in [
        ("gross-regional-product/series/", {"region": "KZ-35", "per": "population"}),
        ("gross-regional-product/compare/", {"period": "2022", "per": "population"}),
        ("unemployment-rate/compare/", {"period": "2023-Q1"}),
        ("unemployment-rate/coverage/", {}),
    ]:
        response = api(f"{INDICATORS}/{path}", {**params, "format": "csv"})
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        header = rows[0]
        assert len(header) == len(set(header)), (path, [name for name in header if header.count(name) > 1])
        cells = {cell for row in rows[1:] for cell in row}
        assert not cells & {"True", "False", "TRUE", "FALSE"}, path


def test_a_former_regions_page_says_when_it_was_abolished_and_what_was_formed_from_it(client, shipped):
    page = client.get("/regions/south-kazakhstan/", {"lang": "en"}).content.decode()
    assert "Abolished in 2018." in page
    assert "Turkistan was formed from part of it in 2018." in page and "Shymkent was formed from part of it" in page
    page = client.get("/regions/KZ-79/", {"lang": "ru"}).content.decode()
    assert "Южно-Казахстанская область" in page
