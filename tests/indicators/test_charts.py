"""Charts as a format (`format=svg`): the layout module on its own, then the SVG answers of series/, compare/ and the
region profile on the shipped statistics package (imported once for the module: the `shipped` fixture, tests/conftest.py).

Every SVG must parse as XML, say what it is to a screen reader (role="img", <title>, <desc>), name its unit and its
source, carry no script and link only to the API's own records."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from regionapi.core import svg as svgcharts
from tests.support import factories as make

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"
SERIES = "/api/v1/indicators/indicators/{}/series/"
COMPARE = "/api/v1/indicators/indicators/{}/compare/"
PROFILE = "/api/v1/indicators/regions/{}/profile/"
# The unit's name and the source's publisher as each language gives them (from the data's translated columns).
UNIT = {"en": "million tenge", "ru": "миллион тенге", "kk": "миллион теңге"}
PUBLISHER = "Bureau of National Statistics"


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


def view_width(root: ET.Element) -> float:
    return float(root.get("viewBox").split()[2])


def y_tick_labels(root: ET.Element) -> list[tuple[float, str]]:
    """The value axis's labels from the bottom up: (y, text)."""
    axis = next(group for group in root.iter(f"{SVG}g") if group.get("class") == "y-axis")
    ticks = [(float(text.get("y")), text.text) for text in axis.iter(f"{SVG}text")]
    return sorted(ticks, reverse=True)


def number(text: str) -> float:
    """A tick label as a number (4,20 or 4.20; grouped by narrow no-break spaces; a minus sign)."""
    return float(text.replace("\u202f", "").replace(",", ".").replace("\u2212", "-"))


def line_chart(values, *, rate=False, title="A chart", xs=None, ticks=None) -> ET.Element:
    xs = xs or [2000.5 + index for index in range(len(values))]
    ticks = ticks or [""] * len(values)
    points = [
        svgcharts.LinePoint(x=x, value=value, label=f"{x}: {value}", tick=tick)
        for x, value, tick in zip(xs, values, ticks, strict=True)
    ]
    chart = svgcharts.LineChart(title=title, subtitle="Unit: %", source="Source: a", segments=[points], rate=rate)
    with translation.override("en"):
        return ET.fromstring(svgcharts.render_svg(chart).encode())


def no_text_under_11px_on_a_phone(root: ET.Element) -> None:
    """Every font size the chart's style sets, scaled to the width a page shows the chart at on a 390 px phone."""
    style = root.find(f"{SVG}style").text
    sizes = [float(size) for size in re.findall(r"font-size:\s*([\d.]+)px", style)]
    assert sizes and min(sizes) * svgcharts.PHONE_WIDTH / view_width(root) >= 11, sizes


# ---------------------------------------------------------------- the layout, without HTTP


def test_nice_ticks_cover_the_range_with_round_steps():
    assert svgcharts.nice_ticks(0, 8449346.4) == [0, 2000000, 4000000, 6000000, 8000000, 10000000]
    assert svgcharts.nice_ticks(4.1, 10.8) == [4, 6, 8, 10, 12]
    ticks = svgcharts.nice_ticks(70.2, 72.3)
    assert ticks[0] <= 70.2 and ticks[-1] >= 72.3 and len(ticks) <= 7
    assert svgcharts.nice_ticks(5, 5)  # one value: a range around it, not a division by zero


def test_an_axis_writes_every_tick_in_one_format():
    """'5' beside '4.90' on an unemployment axis: each tick had the places of its own size."""
    from regionapi.core.svg import axis_labels

    assert axis_labels(svgcharts.nice_ticks(4.82, 5.13)) == ["4.8", "4.9", "5.0", "5.1", "5.2"]
    assert axis_labels([0.0, 0.5, 1.0]) == ["0.0", "0.5", "1.0"]
    assert axis_labels([0.0, 2000.0, 4000.0]) == ["0", "2\u202f000", "4\u202f000"]


def test_numbers_are_grouped_and_use_the_languages_decimal_separator():
    with translation.override("ru"):
        assert svgcharts.number_text(8449346) == "8\u202f449\u202f346"
        assert svgcharts.number_text(Decimal("4.25")) == "4,25"
        assert svgcharts.number_text(-12.5) == "\u221212,5"
    with translation.override("en"):
        assert svgcharts.number_text(Decimal("4.25")) == "4.25"


def test_texts_are_escaped_and_long_source_lines_wrapped():
    chart = svgcharts.BarChart(
        title="<script>alert(1)</script> & co",
        subtitle="Unit: %",
        source="Source: " + "a very long publisher name " * 10,
        bars=[svgcharts.Bar(label="A", value=2.0, text="2"), svgcharts.Bar(label="B", value=None, text="no figure")],
    )
    svg = svgcharts.render_svg(chart)
    root = ET.fromstring(svg.encode())
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    (source,) = classed(root, "text", "source")
    assert len(source.findall(f"{SVG}tspan")) > 1  # wrapped, never cut off
    assert "".join(source.itertext()) == chart.source.strip()  # the lines are the whole text
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
    annual = [point for point in json_points if kind_of(point["observation"]) in {"year", "annual"}]
    assert [point["observation"]["url"] for point in annual] == links


def classed_texts(root, name):
    return ["".join(element.itertext()) for element in classed(root, "text", name)]


def kind_of(observation: dict) -> str:
    """A figure's kind of period (`frequency`; `period_kind` before it was recorded)."""
    return observation.get("frequency") or observation.get("period_kind")


def test_a_series_draws_one_kind_of_period_says_which_and_counts_the_others(api, shipped):
    """Karaganda's unemployment has annual and quarterly figures: the chart draws one kind, names it under the
    title, and says how many figures of other kinds it leaves out."""
    params = {"region": "KZ-35", "lang": "en"}
    root = svg_of(api(SERIES.format("unemployment-rate"), {**params, "format": "svg"}))
    body = api(SERIES.format("unemployment-rate"), params).json()
    links = [link.get("href") for link in root.iter(f"{SVG}a")]
    points = {point["observation"]["url"]: point["observation"] for point in body["points"]}
    drawn = {kind_of(points[link]) for link in links}
    assert len(drawn) == 1 and len(links) > 3
    label = points[links[0]].get("frequency_label") or points[links[0]].get("period_kind_label")
    assert label in "".join(classed_texts(root, "subtitle"))
    others = sum(row["count"] for row in body.get("frequencies") or [] if row["frequency"] != body.get("frequency"))
    left_out = len(body["points"]) - len(links) + others
    assert left_out > 0
    notes = " ".join(classed_texts(root, "note"))
    assert f"{left_out} figures of other kinds of period are not drawn: see the JSON." in notes


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


# ---------------------------------------------------------------- what a newsroom can print


def test_a_level_chart_has_its_value_axis_from_zero():
    """Ulytau's GRP (1.4 to 1.9 million) was drawn on an axis from 1.2 million: growth read as fivefold."""
    root = line_chart([1376916.6, 1609739.8, 1949728.3])
    (bottom, text), *_rest = y_tick_labels(root)
    assert text == "0" and not classed(root, "g", "axis-break")
    root = line_chart([-3.0, 2.0])  # a level below zero: the axis covers zero too
    assert "0" in [text for _y, text in y_tick_labels(root)]


def test_a_rate_far_from_zero_has_a_drawn_axis_break_and_its_lowest_tick_labelled():
    root = line_chart([4.4, 4.2, 4.2, 4.3], rate=True)
    ticks = y_tick_labels(root)
    assert ticks[0][1] == "4.20" and "0" not in [text for _y, text in ticks]
    (mark,) = classed(root, "g", "axis-break")
    assert mark.find(f"{SVG}title").text.startswith("The value axis starts at 4.20, not at zero")
    zigzag = [tuple(map(float, point.split(","))) for point in mark.find(f"{SVG}polyline").get("points").split()]
    plot_bottom = max(float(line.get("y2")) for line in classed(root, "line", "axis"))
    assert all(ticks[0][0] < y < plot_bottom for _x, y in zigzag)  # between the lowest tick and the plot's floor
    assert len({x for x, _y in zigzag}) == 3  # a zig-zag across the axis, not a line along it
    # A rate that keeps more than half the plot from zero is drawn from zero, without a break.
    root = line_chart([4.1, 10.8], rate=True)
    assert number(y_tick_labels(root)[0][1]) == 0 and not classed(root, "g", "axis-break")
    root = line_chart([4.3], rate=True)  # one value: no change to show, from zero
    assert number(y_tick_labels(root)[0][1]) == 0 and not classed(root, "g", "axis-break")


@pytest.mark.parametrize(
    ("indicator", "rate"),
    [("gross-regional-product", False), ("population-total", False), ("unemployment-rate", True)],
)
@pytest.mark.parametrize("region", ["KZ-35", "KZ-62", "KZ-79"])
def test_every_series_chart_starts_at_zero_or_draws_its_break(api, shipped, indicator, rate, region):
    root = svg_of(api(SERIES.format(indicator), {"region": region, "format": "svg", "lang": "ru"}))
    lowest = number(y_tick_labels(root)[0][1])
    broken = classed(root, "g", "axis-break")
    assert lowest == 0 or (rate and broken and lowest > 0), (lowest, broken)
    assert not (lowest == 0 and broken)


def test_a_long_russian_title_wraps_onto_lines_within_the_chart(api, shipped):
    params = {"region": "KZ-35", "format": "svg", "lang": "ru", "per": "population"}
    root = svg_of(api(SERIES.format("gross-regional-product"), params))
    (title,) = classed(root, "text", "title")
    lines = [line.text for line in title.findall(f"{SVG}tspan")]
    assert len(lines) >= 2
    whole = root.find(f"{SVG}title").text
    assert whole == "Валовой региональный продукт на душу населения: Карагандинская область"
    assert "".join(lines) == whole  # every word drawn, none cut off
    for line in title.findall(f"{SVG}tspan"):
        right = float(line.get("x")) + svgcharts.text_width(line.text.strip(), svgcharts.TITLE_SIZE, bold=True)
        assert right <= view_width(root) - svgcharts.MARGIN, line.text
    baselines = [float(line.get("y")) for line in title.findall(f"{SVG}tspan")]
    assert baselines == sorted(baselines) and len(set(baselines)) == len(baselines)
    # The image grows to fit: nothing is drawn below its height.
    height = float(root.get("viewBox").split()[3])
    assert max(float(text.get("y")) for text in root.iter(f"{SVG}tspan")) < height


@pytest.mark.parametrize(
    ("language", "per_capita", "territory"),
    [
        ("ru", "На душу населения", "Улытауская область"),
        ("kk", "Жан басына шаққанда", "Ұлытау облысы"),
    ],
)
def test_source_line_formula_and_notes_speak_the_language_and_name_no_key(
    api, shipped, language, per_capita, territory
):
    """The source line, the per-capita formula and the border note were English with slugs on ru and kk pages."""
    from indicators.models import Source

    source = Source.objects.get(slug="kazakhstan-regional-statistics-gross_regional_product")
    titles = {"ru": "Валовой региональный продукт по регионам", "kk": "Өңірлер бойынша жалпы өңірлік өнім"}
    source.title_ru, source.title_kk = titles["ru"], titles["kk"]
    source.save()
    params = {"region": "KZ-35", "format": "svg", "lang": language, "per": "population"}
    series = svg_of(api(SERIES.format("gross-regional-product"), params))
    compare = svg_of(
        api(
            COMPARE.format("gross-regional-product"),
            {"period": "2020", "per": "population", "lang": language, "format": "svg"},
        )
    )
    for root in (series, compare):
        words = texts(root)
        (line,) = classed_texts(root, "source")
        assert line.startswith({"ru": "Источник: ", "kk": "Дереккөз: "}[language])
        assert titles[language] in line and "Gross regional product by region" not in line
        assert any(note.startswith(per_capita) for note in classed_texts(root, "note")), classed_texts(root, "note")
        for text in words:  # no record is named by its key: no indicator's code, no region's
            assert not re.search(r"gross-regional-product|population-total|\bKZ-\d+", text), text
    assert any(territory in note for note in classed_texts(series, "note"))


def test_a_quarters_label_stands_under_its_point_and_the_year_under_its_quarters():
    xs = [2022 + (quarter * 3 + 1.5) / 12 for quarter in range(4)] + [
        2023 + (quarter * 3 + 1.5) / 12 for quarter in range(4)
    ]
    root = line_chart([4.4, 4.2, 4.2, 4.2, 4.2, 4.2, 4.2, 4.2], rate=True, xs=xs, ticks=["Q1", "Q2", "Q3", "Q4"] * 2)
    dots = [float(dot.get("cx")) for dot in classed(root, "circle", "dot")]
    quarters = [(float(text.get("x")), text.text) for text in classed(root, "text", "point-tick")]
    assert [text for _x, text in quarters] == ["Q1", "Q2", "Q3", "Q4"] * 2
    assert [x for x, _text in quarters] == dots
    years = {text.text: float(text.get("x")) for text in classed(root, "text", "tick") if text.text in {"2022", "2023"}}
    assert abs(years["2022"] - (dots[0] + dots[3]) / 2) < 0.2 and abs(years["2023"] - (dots[4] + dots[7]) / 2) < 0.2


def test_a_stock_on_1_january_is_labelled_under_its_point(api, shipped):
    """Population on 1 January is drawn at 1 January: its year's label stood half a year to the right of it."""
    root = svg_of(api(SERIES.format("population-total"), {"region": "KZ-35", "format": "svg", "lang": "en"}))
    points = {
        dot.find(f"{SVG}title").text.split(":")[0]: float(dot.get("cx")) for dot in classed(root, "circle", "dot")
    }
    labels = {tick.text: float(tick.get("x")) for tick in classed(root, "text", "tick") if tick.text.isdigit()}
    years = [year for year in labels if len(year) == 4]
    assert years
    for year in years:
        point = next(x for label, x in points.items() if year in label)
        assert abs(labels[year] - point) < 0.2, year


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (SERIES.format("gross-regional-product"), {"region": "KZ-35"}),
        (SERIES.format("unemployment-rate"), {"region": "KZ-62"}),
        (COMPARE.format("gross-regional-product"), {"period": "2020", "highlight": "KZ-35"}),
        (PROFILE.format("KZ-35"), {}),
    ],
)
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_no_chart_text_under_11px_on_a_phone_and_none_wider_than_the_chart(api, shipped, url, params, language):
    """Shown at the width a region page gives it on a 390 px phone, no chart draws text under 11 px (the browser
    test measures the real pages); every line, by the layout's estimate of its width, ends inside the image."""
    root = svg_of(api(url, {**params, "format": "svg", "lang": language}))
    no_text_under_11px_on_a_phone(root)
    right_edge = view_width(root) - svgcharts.MARGIN + 0.5
    for text in root.iter(f"{SVG}text"):
        anchor = text.get("text-anchor", "start")
        title = "title" in (text.get("class") or "").split()
        size = svgcharts.TITLE_SIZE if title else svgcharts.TEXT_SIZE
        for line in text.findall(f"{SVG}tspan") or [text]:
            if anchor == "start" and line.get("x") and (line.text or "").strip():
                width = svgcharts.text_width(line.text.strip(), size, bold=title)
                assert float(line.get("x")) + width <= right_edge, line.text


def test_a_cumulation_says_how_far_it_runs(api, shipped):
    """GRP per capita was drawn from January-September figures without saying so: Karaganda 2022 read about 4,190
    beside an annual 6,412.9."""
    from indicators.api.charts import series_chart

    data = api(SERIES.format("gross-regional-product"), {"region": "KZ-35", "lang": "ru"}).json()
    if "frequencies" in data:  # a series holds one kind of period: the cumulations are a series of their own
        params = {"region": "KZ-35", "lang": "ru", "frequency": "year-to-date"}
        data = api(SERIES.format("gross-regional-product"), params).json()
    cumulated = [point for point in data["points"] if kind_of(point["observation"]) == "year-to-date"]
    september = [point for point in cumulated if point["observation"]["period_end"].endswith("-09-30")]
    assert september
    with translation.override("ru"):
        chart = series_chart({**data, "points": september, "frequencies": [], "frequency_label": None})
    assert chart.subtitle.endswith(": Январь–сентябрь"), chart.subtitle


def test_ranks_and_comparisons_say_which_end_rank_1_is(api, shipped):
    """A rank counts from the better end where the indicator has a direction (1 = the lowest unemployment): the
    ranks chart said "1 = highest" for every line."""
    root = svg_of(api(PROFILE.format("KZ-35"), {"format": "svg", "lang": "en"}))
    body = api(PROFILE.format("KZ-35"), {"lang": "en"}).json()
    labels = classed_texts(root, "label")
    for rank in body["ranks"]:
        assert any(label.endswith(f"; {rank['ranking']['meaning']}") for label in labels), rank["ranking"]
    assert "1 = highest" not in " ".join(classed_texts(root, "subtitle"))
    assert "lower is better" in " ".join(labels)  # unemployment
    params = {"period": "2022", "lang": "en"}
    compare = svg_of(api(COMPARE.format("unemployment-rate"), {**params, "format": "svg"}))
    meaning = api(COMPARE.format("unemployment-rate"), params).json()["ranking"]["meaning"]
    assert meaning in " ".join(classed_texts(compare, "subtitle")) and meaning in compare.find(f"{SVG}desc").text
