"""The region pages (/regions/, /regions/CODE/) on the shipped statistics package, imported once for the module
(`shipped`, tests/conftest.py): their figures are the API's records (each number links to its JSON and says the same),
they speak kk/ru/en, an unknown region is an HTML 404 of ours, they are cached like API reads, and their query
counts do not grow with the number of regions, figures or records. The browser test is tests/pages/test_region_pages_browser.py.
"""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import override_settings

from indicators.models import Observation
from tests.support import factories as make

pytestmark = pytest.mark.django_db
LIST = "/regions/"
KARAGANDA = "/regions/KZ-35/"


class Links(HTMLParser):
    """Every link of a page with its text, and every image."""

    def __init__(self):
        super().__init__()
        self.links, self.images, self._open = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self._open.append([attrs.get("href"), attrs.get("class") or "", ""])
        elif tag == "img":
            self.images.append(attrs)

    def handle_data(self, data):
        for link in self._open:
            link[2] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self.links.append(tuple(self._open.pop()))


def parsed(response) -> Links:
    links = Links()
    links.feed(response.content.decode())
    return links


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/html; charset=utf-8"
    return response


def figure_value(text: str) -> Decimal:
    """A figure as a page shows it (8 449 346,4 or 8 449 346.4, maybe after a qualifier) as a number."""
    number = re.search(r"[\u2212-]?[\d\u202f]+(?:[.,]\d+)?$", text.strip()).group(0)
    return Decimal(number.replace("\u202f", "").replace(",", ".").replace("\u2212", "-"))


def assert_figures_are_their_records(client, links: Links) -> int:
    """Every figure on the page links to its observation's JSON, and shows that record's value."""
    figures = [(href, text) for href, css, text in links.links if "figure" in css.split()]
    assert figures
    for href, text in figures:
        assert href.startswith("/api/v1/indicators/observations/"), href
        record = client.get(href, HTTP_ACCEPT="application/json").json()
        assert Decimal(record["value"]) == figure_value(text), (href, text)
    return len(figures)


# ---------------------------------------------------------------- the regions list


def test_region_list_shows_every_region_with_its_latest_figures(client, shipped):
    response = page(client, LIST, lang="en")
    links = parsed(response)
    regions = {href for href, _css, _text in links.links if re.fullmatch(r"/regions/[^/]+/", href or "")}
    assert len(regions) == 20 and KARAGANDA in regions  # 17 regions and 3 cities; the republic is the total row
    assert "/regions/south-kazakhstan/" not in regions  # abolished in 2018
    assert assert_figures_are_their_records(client, links) >= 20 * 4
    text = response.content.decode()
    assert "Karaganda" in text and "Republic of Kazakhstan" in text
    assert "A table, not a map" in text  # and why: no boundary data ships


def test_region_list_in_kazakh_by_default_and_russian_on_request(client, shipped):
    kazakh = page(client, LIST)
    assert kazakh["Content-Language"] == "kk" and '<html lang="kk">' in kazakh.content.decode()
    assert "Қазақстан өңірлері" in kazakh.content.decode()
    russian = page(client, LIST, lang="ru")
    assert "Регионы Казахстана" in russian.content.decode() and "Карагандинская область" in russian.content.decode()
    assert client.get(LIST, HTTP_ACCEPT_LANGUAGE="ru")["Content-Language"] == "ru"


def region_table(response) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The regions table: its column headings' text, and each body row's region link and figure texts."""

    class Table(HTMLParser):
        def __init__(self):
            super().__init__()
            self.headings, self.rows, self.cell, self.part = [], [], None, ""

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "thead" or tag == "tbody" or tag == "tfoot":
                self.part = tag
            elif tag == "tr" and self.part == "tbody":
                self.rows.append(["", []])
            elif tag in ("th", "td"):
                self.cell = ""
            elif tag == "a" and self.part == "tbody" and (attrs.get("href") or "").startswith("/regions/"):
                self.rows[-1][0] = attrs["href"]

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

        def handle_endtag(self, tag):
            if tag in ("th", "td") and self.cell is not None:
                if self.part == "thead":
                    self.headings.append(" ".join(self.cell.split()))
                elif self.part == "tbody" and tag == "td":
                    self.rows[-1][1].append(self.cell.strip())
                self.cell = None

    table = Table()
    table.feed(response.content.decode())
    return table.headings, [(href, figures) for href, figures in table.rows]


def test_region_list_shows_one_period_per_column_named_under_its_heading(client, shipped):
    """The columns mixed kinds and periods (January-September beside a year, a quarter of 2023 beside 2022's
    years): each column now holds one period, annual where annual figures exist, named under its heading."""
    response = page(client, LIST, lang="en")
    links = parsed(response)
    periods: dict[str, set] = {}
    for href, css, _text in links.links:
        if "figure" in css.split():
            record = client.get(href, HTTP_ACCEPT="application/json").json()
            periods.setdefault(record["indicator"]["code"], set()).add((record["period_start"], record["period_end"]))
    assert set(periods) == {"population-total", "gross-regional-product", "grp-per-capita-kzt", "unemployment-rate"}
    assert all(len(shown) == 1 for shown in periods.values()), periods
    assert periods["gross-regional-product"] == {("2023-01-01", "2023-12-31")}  # the year, not January-September
    assert periods["unemployment-rate"] == {("2022-01-01", "2022-12-31")}  # annual, not the fourth quarter of 2023
    assert periods["grp-per-capita-kzt"] == {("2022-01-01", "2022-12-31")}
    assert periods["population-total"] == {("2023-01-01", "2023-01-01")}
    headings, rows = region_table(response)
    assert headings[1:] == [
        "Population persons · as of 2023-01-01",
        "Gross regional product million KZT · 2023",
        "Gross regional product per capita (tenge) thousand KZT · 2022",
        "Unemployment rate % · 2022",
    ]
    assert len(rows) == 20 and all(len(figures) == 4 for _href, figures in rows)
    # The period under each heading links to the comparison of that period.
    assert "/api/v1/indicators/indicators/gross-regional-product/compare/?period=2023" in [
        href for href, *_ in links.links
    ]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_region_list_sorts_on_the_server_by_a_columns_heading(client, shipped, language):
    default = region_table(page(client, LIST, lang=language))[1]
    assert [href for href, _figures in default] == sorted(href for href, _figures in default)  # by code
    links = parsed(page(client, LIST, lang=language))
    sorts = [href for href, css, _text in links.links if "sort" in css.split()]
    assert sorts[0] == f"?sort=region&lang={language}"
    assert f"?sort=-gross-regional-product&lang={language}" in sorts  # a figure's column: the highest first
    response = page(client, LIST, lang=language, sort="-gross-regional-product")
    rows = region_table(response)[1]
    values = [figure_value(figures[1]) for _href, figures in rows if figures[1] != "—"]
    assert values == sorted(values, reverse=True) and len(values) == 20
    text = response.content.decode()
    assert 'aria-sort="descending"' in text and f'href="?sort=gross-regional-product&amp;lang={language}"' in text
    # The language switch keeps the order.
    other = "ru" if language == "en" else "en"
    assert f'href="?lang={other}&amp;sort=-gross-regional-product"' in text
    ascending = region_table(page(client, LIST, lang=language, sort="unemployment-rate"))[1]
    values = [figure_value(figures[3]) for _href, figures in ascending]
    assert values == sorted(values)
    names = region_table(page(client, LIST, lang=language, sort="-region"))[1]
    assert len(names) == 20 and names != default


def test_region_list_sorted_by_name_follows_the_languages_alphabet(client, shipped):
    from regionapi.core.collation import sort_key

    response = page(client, LIST, lang="kk", sort="region")
    names = re.findall(r'<th scope="row"><a href="/regions/[^"]+/">([^<]+)</a>', response.content.decode())
    assert len(names) == 20 and names == sorted(names, key=lambda name: sort_key(name, "kk"))


@pytest.mark.parametrize("sort", ["population", "-", "region&sort=-region", "%00"])
def test_an_unknown_sort_is_a_400_page_listing_the_orders(client, sort):
    response = client.get(f"{LIST}?lang=en&sort={sort}")
    assert response.status_code == 400 and response["Content-Type"] == "text/html; charset=utf-8"
    text = response.content.decode()
    assert "Bad request" in text and "-gross-regional-product" in text and "Traceback" not in text


def test_each_order_of_the_list_is_its_own_cached_answer(client, shipped):
    plain = page(client, LIST, lang="en")
    sorted_ = page(client, LIST, lang="en", sort="-population-total")
    assert plain["ETag"] != sorted_["ETag"]
    assert (
        client.get(LIST, {"lang": "en", "sort": "-population-total"}, HTTP_IF_NONE_MATCH=sorted_["ETag"]).status_code
        == 304
    )
    assert client.get(LIST, {"lang": "en"}, HTTP_IF_NONE_MATCH=sorted_["ETag"]).status_code == 200
    assert page(client, LIST, lang="en", fbclid="x")["ETag"] == plain["ETag"]  # any other parameter: no matter


# ---------------------------------------------------------------- one region


def test_karaganda_in_russian_shows_figures_charts_ranks_and_records(client, shipped):
    response = page(client, KARAGANDA, lang="ru")
    text = response.content.decode()
    assert response["Content-Language"] == "ru" and '<html lang="ru">' in text
    assert "Карагандинская область" in text and "Основные показатели" in text
    links = parsed(response)
    assert_figures_are_their_records(client, links)
    # A chart per headline series, GRP and population among them, each drawn by the API in the page's language.
    charts = [image["src"] for image in links.images]
    for indicator in ("gross-regional-product", "population-total"):
        src = f"/api/v1/indicators/indicators/{indicator}/series/?region=KZ-35&format=svg&lang=ru"
        assert src in charts
        assert client.get(src)["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert all(image.get("alt") for image in links.images)
    # Its rank on each official headline figure, linking to the comparison it comes from.
    ranks = [(href, text) for href, _css, text in links.links if "/compare/" in (href or "") and " из " in text]
    assert len(ranks) >= 5
    grp_rank = next(href for href, text in ranks if "gross-regional-product/" in href)
    compare = client.get(grp_rank, {"lang": "ru"}, HTTP_ACCEPT="application/json").json()
    karaganda = next(row for row in compare["rows"] if row["region"]["code"] == "KZ-35")
    assert f"{karaganda['rank']} из 20" in [text for href, text in ranks if href == grp_rank]
    # Its records, and the article's sentences behind its figures, verbatim.
    assert "Индустриальные зоны" in text and "/api/v1/investments/zones/sez-saryarka/" in text
    assert "Колледжи" in text and "Что говорят источники" in text
    quote = Observation.objects.get(region__code="KZ-35", indicator__code="colleges").quote
    assert quote in text


def test_region_without_records_says_so(client, shipped):
    text = page(client, "/regions/KZ-71/", lang="en").content.decode()  # Astana: official figures only
    assert "None recorded." in text and "What the sources say" not in text


@pytest.mark.parametrize("debug", [False, True])
def test_unknown_region_is_our_html_404_never_the_debug_page(client, debug):
    with override_settings(DEBUG=debug):
        for url in ("/regions/KZ-99/", "/regions/%00/", "/regions/a%20b/"):
            response = client.get(url, {"lang": "en"})
            assert response.status_code == 404 and response["Content-Type"] == "text/html; charset=utf-8"
            text = response.content.decode()
            assert "Not found" in text and 'href="/regions/"' in text and "Traceback" not in text


def test_unsupported_language_is_a_400_naming_lang(client):
    response = client.get(LIST, {"lang": "xx"})
    assert response.status_code == 400 and response.json()["errors"].keys() == {"lang"}


def test_pages_read_only(client):
    assert client.post(LIST).status_code == 405
    assert client.head(KARAGANDA).status_code == 200


# ---------------------------------------------------------------- caching and speed


def test_pages_are_cached_like_api_reads(client, shipped, superuser):
    first = page(client, KARAGANDA, lang="ru")
    etag = first["ETag"]
    assert etag.startswith('W/"') and "public" in first["Cache-Control"]
    assert client.get(KARAGANDA, {"lang": "ru"}, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert page(client, KARAGANDA, lang="en")["ETag"] != etag  # the language is part of the answer
    observation = Observation.objects.filter(region__code="KZ-35").first()
    client.force_login(superuser)
    response = client.patch(
        f"/api/v1/indicators/observations/{observation.code}/",
        {"note": "changed"},
        content_type="application/json",
    )
    assert response.status_code == 200
    client.logout()
    assert client.get(KARAGANDA, {"lang": "ru"}, HTTP_IF_NONE_MATCH=etag).status_code == 200  # a write moved it on


def queries_of(client, url, **params) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, {"lang": "en", **params}).status_code == 200
    return sum(1 for query in captured if query["sql"].lstrip().upper().startswith("SELECT"))  # not BEGIN/COMMIT


# The pinned counts of SELECTs, the data version's included (regionapi/core/caching.py). The list: indicators, the
# regions, each column's period, the figures of those periods (picked and read in one). A region: the region and its
# split-off regions; headline figures picked and read, and their flags; their ranks, and the regions' history they
# count territories by; the series to draw; then for zones, projects, deposits and colleges a page and a count; the
# latest figure of every other indicator (picked and read in one) and their other values (the "revised: was" note).
LIST_QUERIES = 5
REGION_QUERIES = 21  # with the headline figures' other values, the other indicators, the revised figures


def test_query_counts_do_not_grow_with_regions_figures_or_records(client, shipped):
    assert queries_of(client, LIST) == LIST_QUERIES
    assert queries_of(client, KARAGANDA) == REGION_QUERIES
    # More regions with figures, more figures and more records of every kind: the same counts.
    karaganda = make.RegionFactory._meta.model.objects.get(code="KZ-35")
    grp = Observation.objects.filter(region=karaganda, indicator__code="gross-regional-product").first()
    for index in range(3):
        region = make.RegionFactory()
        make.ObservationFactory(
            region=region, indicator=grp.indicator, period_start=grp.period_start, period_end=grp.period_end
        )
        make.IndustrialZoneFactory(region=karaganda)
        make.InvestmentProjectFactory(region=karaganda)
        make.GeologicalDepositFactory(region=karaganda)
        make.InstitutionFactory(region=karaganda, kind="college")
        other = make.IndicatorFactory(headline=False)  # one more line of the other indicators
        make.ObservationFactory(region=karaganda, indicator=other)
    assert queries_of(client, LIST) == LIST_QUERIES
    assert queries_of(client, LIST, sort="-gross-regional-product") == LIST_QUERIES
    assert queries_of(client, KARAGANDA) == REGION_QUERIES
    assert queries_of(client, "/regions/KZ-62/") == REGION_QUERIES


def test_pages_are_linked_from_the_api_root_and_the_docs(client, schema):
    root = client.get("/api/v1/", HTTP_ACCEPT="application/json").json()
    assert root["pages"] == "http://testserver/regions/"
    assert "[/regions/](/regions/)" in schema["info"]["description"]
    assert "format=svg" in schema["info"]["description"]


@pytest.mark.parametrize(
    "url",
    [
        "/regions/?lang=%00",
        "/regions/KZ-35/?lang=ru&lang=en",
        "/regions/KZ-35%00/",
        "/regions/%C2%B2/",
        "/api/v1/indicators/indicators/gross-regional-product/compare/?format=svg&highlight=KZ%00",
        "/api/v1/indicators/indicators/gross-regional-product/series/?format=svg&region=%C2%B2",
        "/api/v1/indicators/regions/KZ-35%00/profile/?format=svg",
    ],
)
def test_hostile_input_to_pages_and_charts_is_a_4xx_never_a_500(client, url):
    response = client.get(url)
    assert 400 <= response.status_code < 500, (url, response.status_code)
    if url.startswith("/api/") or "lang=" in url:
        assert response["Content-Type"] == "application/json"
