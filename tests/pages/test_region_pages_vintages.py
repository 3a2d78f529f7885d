"""A region's page and its figures' several values: every other indicator's latest figure below the
headline table, with its source's trust level; the "revised: was" note where a figure's value revised an earlier
release (Karaganda's GRP of 2023, which BNS revised in table 5927 of the second shipped package); `vintage=` on the
pages: the figures as known on a day, said under the heading and kept by every link to a figure answer.

The shipped package and the 2010-2023 rows of table 5927 (its GRP resource, as tests/indicators/test_vintages.py imports it) are
imported once for the module: without the table's 2024-2025 rows, 2023 stays the latest GRP of Karaganda, the one
the headline table shows, so that its revision is on the page. Each test rolls back in its own savepoint.
"""

import csv
import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from indicators.datapackage import datapackage_import
from indicators.models import Indicator, ObservationValue, Region, ValueRole
from pages.templatetags.pages import figure
from tests.indicators.test_vintages import grp_of_table_5927
from tests.pages.test_region_pages import assert_figures_are_their_records, page, parsed, queries_of
from tests.support import factories as make

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

KARAGANDA = "/regions/KZ-35/"
VINTAGE = "2025-06-30"
REVISED, PRELIMINARY = Decimal("7711828.2"), Decimal("8449346.4")


def up_to_2023(folder: Path) -> Path:
    """Table 5927's GRP without its 2024 and 2025 rows (the file changes, so its size and hash are dropped)."""
    data = folder / "data" / "gross_regional_product_table_5927.csv"
    rows = list(csv.DictReader(io.StringIO(data.read_text(encoding="utf-8"))))
    kept = [row for row in rows if row["period_start"] < "2024"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(kept)
    data.write_text(out.getvalue(), encoding="utf-8")
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for key in ("bytes", "hash", "rows"):
        descriptor["resources"][0].pop(key, None)
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def revised(shipped, django_db_blocker, tmp_path_factory):
    with make.kept_for_the_scope(django_db_blocker):
        datapackage_import(path=up_to_2023(grp_of_table_5927(tmp_path_factory.mktemp("economy") / "package")))
        yield


def section(text: str, heading_id: str) -> str:
    """The HTML of one section of a page, from its heading to the next section."""
    start = text.index(f'id="{heading_id}"')
    end = text.find("<section", start)
    return text[start : end if end != -1 else None]


def row_of(html: str, name: str) -> str:
    """The table row whose heading names `name`."""
    start = html.index(name)
    return html[html.rindex("<tr>", 0, start) : html.index("</tr>", start)]


@pytest.fixture
def investment():
    """A non-headline indicator as the economy package describes investment (a Russian and an English name, no
    Kazakh one), graded B, with Karaganda's figures of 2024 and 2025 (the latter revised) and of January-June 2025,
    and a second one with quarters and a single day's figure."""
    karaganda = Region.objects.get(code="KZ-35")
    release = make.SourceFactory(publisher="BNS", trust_level="B", published_on=datetime.date(2026, 8, 24))
    earlier = make.SourceFactory(publisher="BNS", trust_level="B", published_on=datetime.date(2026, 1, 15))
    indicator = make.IndicatorFactory(
        code="test-investment",
        name_kk="",
        name_ru="Инвестиции в основной капитал",
        name_en="Investment in fixed capital",
        source=release,
        headline=False,
    )
    figures = {}
    for start, end, value in (
        ("2024-01-01", "2024-12-31", "100"),
        ("2025-01-01", "2025-12-31", "200.5"),
        ("2025-01-01", "2025-06-30", "999"),  # later than nothing but of another kind: never beside a year's
    ):
        figures[start, end] = make.ObservationFactory(
            indicator=indicator,
            region=karaganda,
            period_start=datetime.date.fromisoformat(start),
            period_end=datetime.date.fromisoformat(end),
            value=Decimal(value),
            status="preliminary",
            source=release,
            released_on=release.published_on,
        )
    ObservationValue.objects.create(
        observation=figures["2025-01-01", "2025-12-31"],
        source=earlier,
        value=Decimal("150"),
        status="preliminary",
        released_on=earlier.published_on,
        role=ValueRole.SUPERSEDED,
    )
    quarterly = make.IndicatorFactory(code="test-quarterly", headline=False, name_en="Quarterly test figures")
    for start, end, value in (
        ("2024-07-01", "2024-09-30", "3"),
        ("2024-10-01", "2024-12-31", "4"),
        ("2025-01-01", "2025-01-01", "5"),  # the latest, but the only one of its kind
    ):
        make.ObservationFactory(
            indicator=quarterly,
            region=karaganda,
            period_start=datetime.date.fromisoformat(start),
            period_end=datetime.date.fromisoformat(end),
            value=Decimal(value),
        )
    return indicator


def test_other_indicators_list_each_ones_latest_figure_with_its_trust_level(client, revised, investment):
    response = page(client, KARAGANDA, lang="en")
    others = section(response.content.decode(), "others")
    # Every indicator with figures for the region but the headline ones, by name.
    names = ["Investment in fixed capital", "Life expectancy at birth, female", "Quarterly test figures"]
    assert [others.index(name) for name in names] == sorted(others.index(name) for name in names)
    assert "Gross regional product</th>" not in others and "Population</th>" not in others
    # The latest year's figure, not the later half-year's; its unit, period, source, grade and release.
    row = row_of(others, "Investment in fixed capital")
    assert f">{figure(Decimal('200.5'))}</a>" in row and ">999<" not in row and ">100<" not in row
    assert investment.unit.symbol in row and ">2025</a>" in row and "vintage=" not in row
    assert 'class="trust" title="Trust B: a third party&#x27;s processed copy' in row and ">trust B</span>" in row
    assert "released 2026-08-24" in row
    assert "revised: was 150 (preliminary, released 2026-01-15)" in row
    # Quarters are the quarterly indicator's most common kind: its latest quarter, not the later single day.
    assert ">4</a>" in row_of(others, "Quarterly test figures") and "2024-10/2024-12" in others
    # The legend says what each grade on the page means, in the package's words.
    assert "<li><strong>B</strong>: a third party&#x27;s processed copy of a named table of the publisher" in (
        response.content.decode()
    )
    assert_figures_are_their_records(client, parsed(response))


def test_a_name_missing_in_the_pages_language_is_shown_in_its_own_and_says_so(client, revised, investment):
    kazakh = section(page(client, KARAGANDA, lang="kk").content.decode(), "others")
    row = row_of(kazakh, "Инвестиции в основной капитал")
    assert '<span lang="ru">Инвестиции в основной капитал</span>' in row
    assert "(Орыс тілі)" in row and "Бұл тілде атауы жоқ" in row and "сенім B" in row
    english = row_of(section(page(client, KARAGANDA, lang="en").content.decode(), "others"), "Investment in")
    assert 'lang="' not in english.split("</th>")[0]  # its own name: nothing to mark


@pytest.mark.parametrize(
    ("language", "note"),
    [
        ("en", "revised: was {was} (preliminary, released 2024-04-27)"),
        ("ru", "пересмотрено: было {was} (предварительное, опубликовано 2024-04-27)"),
        ("kk", "қайта қаралды: бұрын {was} болған (алдын ала, 2024-04-27 жарияланған)"),
    ],
)
def test_karaganda_grp_2023_says_it_revised_the_preliminary_value(client, revised, language, note):
    text = page(client, KARAGANDA, lang=language).content.decode()
    grp = Indicator.objects.get(code="gross-regional-product").name
    row = row_of(section(text, "headline"), f"{grp}</th>")
    with translation.override(language):  # the language's decimal separator
        assert f">{figure(REVISED)}</a>" in row
        assert note.format(was=figure(PRELIMINARY)) in row
    assert "2026-08-24" in row and "B</span>" in row  # the revision's release, and table 5927's grade
    # Figures never revised say nothing of the kind: the headline's note, and the same figure among the revised ones.
    assert text.count('class="revised"') == 2
    assert f">{figure(REVISED)}</a>" in row_of(section(text, "revisions"), f"{grp}</th>")


def test_a_vintage_shows_the_figures_as_known_that_day_and_links_keep_it(client, revised):
    response = page(client, KARAGANDA, lang="en", vintage=VINTAGE)
    text = response.content.decode()
    assert f"Figures as known on {VINTAGE}" in text
    row = row_of(section(text, "headline"), "Gross regional product</th>")
    assert f">{figure(PRELIMINARY)}</a>" in row and "revised:" not in row  # nothing had revised it yet
    assert "released 2024-04-27" in row and "trust B" not in row  # the BNS file of 2024, not graded
    links = parsed(response)
    answers = [
        href
        for href, _css, _text in links.links
        if href and any(part in href for part in ("/observations/", "/series/", "/compare/", "/profile/"))
    ]
    assert answers and all(f"vintage={VINTAGE}" in href for href in answers)
    assert links.images and all(f"vintage={VINTAGE}" in image["src"] for image in links.images)
    # Each figure links to its record as known that day, which says the same.
    assert_figures_are_their_records(client, links)
    assert f'href="/regions/?vintage={VINTAGE}"' in text  # back to the list, same day
    listed = page(client, "/regions/", lang="en", vintage=VINTAGE).content.decode()
    assert f"Figures as known on {VINTAGE}" in listed and f'/regions/KZ-35/?vintage={VINTAGE}"' in listed


def test_each_vintage_is_its_own_cached_answer(client, revised):
    current = page(client, KARAGANDA, lang="en")
    then = page(client, KARAGANDA, lang="en", vintage=VINTAGE)
    assert current["ETag"] != then["ETag"]
    assert f">{figure(PRELIMINARY)}</a>" in then.content.decode()
    assert f">{figure(PRELIMINARY)}</a>" not in section(current.content.decode(), "headline")


@pytest.mark.parametrize("url", [KARAGANDA, "/regions/"])
def test_a_bad_vintage_is_a_400(client, url):
    response = client.get(url, {"lang": "en", "vintage": "2025-13-01"})
    assert response.status_code == 400 and "vintage" in response.content.decode()


# A region with a vintage: as without (REGION_QUERIES, tests/pages/test_region_pages.py), and the earlier values the day shows for
# the headline figures (Karaganda's GRP of 2023), read in bulk once (indicators.models: `_vintages_show`).
REGION_QUERIES_WITH_VINTAGE = 25  # and for the revised figures: their flags, other values and the day's values
# Karaganda with a revised figure: its flags and other values too, for the list of revised figures (none on that day).
REVISED_FIGURES_QUERIES = 2
# The list with a vintage: as without (LIST_QUERIES), and the earlier values the day shows (every region's GRP of
# 2023), in bulk: never a query per figure.
LIST_QUERIES_WITH_VINTAGE = 6


def test_query_counts_with_a_vintage_or_more_indicators_do_not_grow(client, revised, investment):
    from tests.pages.test_region_pages import LIST_QUERIES, REGION_QUERIES

    assert queries_of(client, "/regions/") == LIST_QUERIES
    assert queries_of(client, "/regions/", vintage=VINTAGE) == LIST_QUERIES_WITH_VINTAGE
    assert queries_of(client, KARAGANDA) == REGION_QUERIES + REVISED_FIGURES_QUERIES
    assert queries_of(client, KARAGANDA, vintage=VINTAGE) == REGION_QUERIES_WITH_VINTAGE
    karaganda = Region.objects.get(code="KZ-35")
    for _index in range(3):
        indicator = make.IndicatorFactory(headline=False)
        for year in (2021, 2022):
            make.ObservationFactory(
                indicator=indicator,
                region=karaganda,
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 12, 31),
            )
    assert Indicator.objects.filter(headline=False, observations__region=karaganda).distinct().count() >= 15
    assert queries_of(client, KARAGANDA) == REGION_QUERIES + REVISED_FIGURES_QUERIES
    assert queries_of(client, KARAGANDA, vintage=VINTAGE) == REGION_QUERIES_WITH_VINTAGE
