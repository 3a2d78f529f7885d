"""Charts as a format (`format=svg`): the layout module on its own, then the SVG answers of series/, compare/ and the
region profile on the shipped statistics package (imported once for the module, as tests/test_compare.py does).

Every SVG must parse as XML, say what it is to a screen reader (role="img", <title>, <desc>), name its unit and its
source, carry no script and link only to the API's own records."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from indicators.datapackage import datapackage_import
from regionapi.core import charts
from tests import factories as make
from tests.packages import SHIPPED

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
SERIES = "/api/v1/indicators/indicators/{}/series/"
COMPARE = "/api/v1/indicators/indicators/{}/compare/"
PROFILE = "/api/v1/indicators/regions/{}/profile/"
# The unit's name and the source's publisher as each language gives them (from the data's translated columns).
UNIT = {"en": "million tenge", "ru": "миллион тенге", "kk": "миллион теңге"}
PUBLISHER = "Bureau of National Statistics"


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker):
    with make.kept_for_the_scope(django_db_blocker):
        datapackage_import(path=SHIPPED)
        yield


def svg_of(response) -> ET.Element:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # parses, or the test fails here
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-title chart-desc"
    assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
    assert root.find(f".//{SVG}script") is None and b"<script" not in response.content
    assert b"http://" not in response.content.replace(b"http://www.w3.org/", b"").replace(b"http://testserver/", b"")
    return root


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def classed(root: ET.Element, tag: str, name: str) -> list[ET.Element]:
    return [element for element in root.iter(f"{SVG}{tag}") if name in (element.get("class") or "").split()]


# ---------------------------------------------------------------- the layout, without HTTP


def test_nice_ticks_cover_the_range_with_round_steps():
    assert charts.nice_ticks(0, 8449346.4) == [0, 2000000, 4000000, 6000000, 8000000, 10000000]
    assert charts.nice_ticks(4.1, 10.8) == [4, 6, 8, 10, 12]
    ticks = charts.nice_ticks(70.2, 72.3)
    assert ticks[0] <= 70.2 and ticks[-1] >= 72.3 and len(ticks) <= 7
    assert charts.nice_ticks(5, 5)  # one value: a range around it, not a division by zero


def test_an_axis_writes_every_tick_in_one_format():
    """'5' beside '4.90' on an unemployment axis: each tick had the places of its own size."""
    from regionapi.core.charts import axis_labels

    assert axis_labels(charts.nice_ticks(4.82, 5.13)) == ["4.8", "4.9", "5.0", "5.1", "5.2"]
    assert axis_labels([0.0, 0.5, 1.0]) == ["0.0", "0.5", "1.0"]
    assert axis_labels([0.0, 2000.0, 4000.0]) == ["0", "2\u202f000", "4\u202f000"]


def test_numbers_are_grouped_and_use_the_languages_decimal_separator():
    with translation.override("ru"):
        assert charts.number_text(8449346) == "8\u202f449\u202f346"
        assert charts.number_text(Decimal("4.25")) == "4,25"
        assert charts.number_text(-12.5) == "\u221212,5"
    with translation.override("en"):
        assert charts.number_text(Decimal("4.25")) == "4.25"


def test_texts_are_escaped_and_long_source_lines_wrapped():
    chart = charts.BarChart(
        title="<script>alert(1)</script> & co",
        subtitle="Unit: %",
        source="Source: " + "a very long publisher name " * 10,
        bars=[charts.Bar(label="A", value=2.0, text="2"), charts.Bar(label="B", value=None, text="no figure")],
    )
    svg = charts.render_svg(chart)
    root = ET.fromstring(svg.encode())
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert len(classed(root, "text", "source")) > 1  # wrapped, never cut off
    assert len(classed(root, "rect", "bar")) == 1  # no bar for a region without a figure


# ---------------------------------------------------------------- series


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_grp_series_of_karaganda_draws_1993_to_2023_with_the_border_change_marked(api, shipped, language):
    response = api(SERIES.format("gross-regional-product"), {"region": "KZ-35", "format": "svg", "lang": language})
    root = svg_of(response)
    assert response["Content-Language"] == language
    words = texts(root)
    assert any(UNIT[language] in text for text in words), words[:3]  # the unit, in the request's language
    assert any(PUBLISHER in text for text in classed_texts(root, "source"))
    # One dot per annual figure, 1993 to 2023, each titled with its period and linking to its record.
    dots = classed(root, "circle", "dot")
    periods = [dot.find(f"{SVG}title").text.split(":")[0] for dot in dots]
    assert periods == [str(year) for year in range(1993, 2024)]
    links = [link.get("href") for link in root.iter(f"{SVG}a")]
    assert len(links) == 31 and all("/api/v1/indicators/observations/" in link for link in links)
    # The 2022 border change: a marked line, and the series drawn in two stretches (with and without Ulytau).
    markers = classed(root, "g", "border-change")
    assert len(markers) == 1 and "2022" in "".join(markers[0].itertext())
    assert len(classed(root, "polyline", "line")) == 2
    json_points = api(SERIES.format("gross-regional-product"), {"region": "KZ-35", "lang": language}).json()["points"]
    annual = [point for point in json_points if point["observation"]["period_kind"] == "year"]
    assert [point["observation"]["url"] for point in annual] == links


def classed_texts(root, name):
    return ["".join(element.itertext()) for element in classed(root, "text", name)]


def test_a_series_with_mixed_periods_draws_the_most_frequent_kind_and_says_so(api, shipped):
    root = svg_of(api(SERIES.format("unemployment-rate"), {"region": "KZ-35", "format": "svg", "lang": "en"}))
    notes = classed_texts(root, "note")
    assert any("not drawn: see the JSON" in note for note in notes)


def test_a_series_without_figures_is_an_empty_chart_not_an_error(api, shipped):
    region = make.RegionFactory()
    root = svg_of(api(SERIES.format("gross-regional-product"), {"region": region.code, "format": "svg"}))
    assert not classed(root, "circle", "dot")


# ---------------------------------------------------------------- compare


def test_compare_draws_20_bars_sorted_with_karaganda_highlighted(api, shipped):
    params = {"period": "2022", "highlight": "KZ-35", "lang": "en"}
    root = svg_of(api(COMPARE.format("gross-regional-product"), {**params, "format": "svg"}))
    body = api(COMPARE.format("gross-regional-product"), params).json()
    bars = classed(root, "rect", "bar")
    assert len(bars) == 20
    widths = [float(bar.get("width")) for bar in bars]
    assert widths == sorted(widths, reverse=True)
    shown = [bar.find(f"{SVG}title").text.split(":")[0] for bar in bars]
    # 2022's figures are on today's borders (Ulytau, Jetisu and Abai reported on their own): no star, no note.
    assert shown == [row["region"]["name"] for row in body["rows"] if row["value"] is not None]
    assert not [note for note in classed_texts(root, "note") if "borders" in note]
    highlighted = classed(root, "rect", "highlighted")
    assert len(highlighted) == 1 and highlighted[0].find(f"{SVG}title").text.startswith("Karaganda")
    assert "Highlighted: Karaganda" in root.find(f"{SVG}desc").text
    assert any(UNIT["en"] in text for text in texts(root))
    assert any(PUBLISHER in text for text in classed_texts(root, "source"))
    assert body == api(COMPARE.format("gross-regional-product"), {"period": "2022", "lang": "en"}).json()


def test_a_figure_on_other_borders_than_todays_is_starred_and_only_it(api, shipped):
    """2020: Karaganda's figure still covers Ulytau's territory (and Almaty region's Jetisu's, East Kazakhstan's
    Abai's): starred, with the note; the stars were drawn on 2022's figures too, which are on today's borders."""
    params = {"period": "2020", "lang": "en"}
    root = svg_of(api(COMPARE.format("gross-regional-product"), {**params, "format": "svg"}))
    body = api(COMPARE.format("gross-regional-product"), params).json()
    shown = [bar.find(f"{SVG}title").text.split(":")[0] for bar in classed(root, "rect", "bar")]
    starred = {row["region"]["name"] + " *" for row in body["rows"] if row["includes_territory_of"]}
    assert "Karaganda *" in starred and starred <= set(shown)
    assert len([label for label in shown if label.endswith(" *")]) == len(starred)
    assert any("borders" in note for note in classed_texts(root, "note"))


def test_highlight_of_an_unknown_region_is_a_json_400(api, shipped):
    response = api(COMPARE.format("gross-regional-product"), {"highlight": "KZ-99", "format": "svg"})
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert "highlight" in response.json()["errors"]


# ---------------------------------------------------------------- the profile, errors, caching


def test_profile_draws_the_regions_ranks(api, shipped):
    root = svg_of(api(PROFILE.format("KZ-35"), {"format": "svg", "lang": "ru"}))
    body = api(PROFILE.format("KZ-35"), {"lang": "ru"}).json()
    ranks = {rank["indicator"]["code"]: rank for rank in body["ranks"]}
    assert ranks["gross-regional-product"]["regions"] == 20 and ranks["population-total"]["regions"] == 20
    compare = api(ranks["gross-regional-product"]["compare"].replace("http://testserver", ""), {"lang": "en"}).json()
    karaganda = next(row for row in compare["rows"] if row["region"]["code"] == "KZ-35")
    assert ranks["gross-regional-product"]["rank"] == karaganda["rank"]
    assert len(classed(root, "circle", "dot")) == len(body["ranks"])
    assert f"{karaganda['rank']} из 20" in texts(root)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/indicators/indicators/",  # a list: no chart
        "/api/v1/investments/zones/summary/?group_by=kind",
        "/api/v1/indicators/regions/KZ-35/",
    ],
)
def test_format_svg_where_nothing_is_drawn_is_a_json_400_naming_format(api, url):
    response = api(url + ("&" if "?" in url else "?") + "format=svg")
    assert response.status_code == 400 and response.json()["errors"].keys() == {"format"}


def test_an_invalid_query_with_format_svg_is_json(api):
    response = api(SERIES.format("gross-regional-product"), {"format": "svg"})  # no region
    assert response.status_code == 400 and response["Content-Type"] == "application/json"


def test_svg_is_cached_like_every_read(client, shipped):
    url = SERIES.format("gross-regional-product") + "?region=KZ-35&format=svg"
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"].startswith('W/"')
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url.replace("svg", "json")).get("ETag") != first["ETag"]


def test_schema_documents_format_svg_as_an_image(schema):
    for path in (
        "/api/v1/indicators/indicators/{code}/series/",
        "/api/v1/indicators/indicators/{code}/compare/",
        "/api/v1/indicators/regions/{code}/profile/",
    ):
        operation = schema["paths"][path]["get"]
        formats = next(p for p in operation["parameters"] if p["name"] == "format")["schema"]["enum"]
        assert "svg" in formats
        assert operation["responses"]["200"]["content"]["image/svg+xml"]["schema"]["type"] == "string"
    assert "svg" not in str(schema["paths"]["/api/v1/indicators/indicators/"]["get"]["parameters"])


@pytest.mark.parametrize(
    ("language", "words"), [("en", "per capita"), ("ru", "на душу населения"), ("kk", "жан басына шаққанда")]
)
def test_a_per_capita_comparison_chart_says_per_capita(api, shipped, language, words):
    """Its bars are derived per-capita values: titled just "GRP, 2022" it read as the GRP itself."""
    params = {"period": "2022", "per": "population", "lang": language, "format": "svg"}
    root = svg_of(api(COMPARE.format("gross-regional-product"), params))
    assert words in root.find(f"{SVG}title").text
    plain = svg_of(api(COMPARE.format("gross-regional-product"), {**params, "per": ""}))
    assert words not in plain.find(f"{SVG}title").text


def test_a_years_label_stands_under_its_annual_point(api, shipped):
    """Labels stood at 1 January while each point sits at the middle of its period."""
    root = svg_of(api(SERIES.format("gross-regional-product"), {"region": "KZ-35", "format": "svg", "lang": "en"}))
    points = {dot.find(f"{SVG}title").text: float(dot.get("cx")) for dot in classed(root, "circle", "dot")}
    labels = {tick.text: float(tick.get("x")) for tick in classed(root, "text", "tick") if tick.text.isdigit()}
    years = [year for year in labels if len(year) == 4]
    assert years
    for year in years:
        point = next(x for label, x in points.items() if label.startswith(f"{year}:"))
        assert abs(labels[year] - point) < 0.2, year
