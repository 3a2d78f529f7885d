"""The region pages in a real browser: headless Chromium (Debian's `chromium`, driven by its own `chromedriver`
through Selenium) opens the region list and two region pages served by gunicorn (tests/support/live.py) over the seed and
the shipped package's GRP, population and unemployment tables. Any console error (a CSP refusal included) or failed
request fails the test; every chart image must load; the pages carry no script (they read the same with JavaScript
off) and do not overflow a phone's width. Screenshots of each page at 1280 px and at 390 px go to
artifacts/screenshots/ (git-ignored).

What a newsroom prints must read on a phone, at both widths:
- no heading is clipped (its content wider than its box: scrollWidth over clientWidth), and no chart text runs out of
  its image: each SVG is opened on its own, at its natural size, and every <text>'s box must lie within the viewBox;
- no text renders under 11 px: in HTML the computed font size of every rendered text; in a chart shown as an <img>,
  the font size of each <text> scaled by the image's rendered width over its viewBox width (the viewBox read from the
  SVG fetched apart and parsed with the standard XML parser, the font sizes from the browser's computed style of the
  SVG opened on its own, so the chart's stylesheet is applied as Chromium applies it);
- the language switch is on the first screen, inside the width, not covered.

One server, one browser, three pages. Without /usr/bin/chromium and /usr/bin/chromedriver the test is skipped,
unless REGIONAPI_BROWSER=required (set by .ci/run), which makes it fail instead. It does not depend on the database
vendor (tests/pages/test_region_pages.py covers the pages on both), so .ci/run runs it in the SQLite pass only (`-m browser`).
"""

import json
import os
import shutil
import time
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.support.live import ROOT, LiveServer
from tests.support.packages import SHIPPED

# django_db: the server's database is a copy of the worker's (tests/support/databases.py), which must be made.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db]

CHROMIUM = Path(os.environ.get("REGIONAPI_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("REGIONAPI_CHROMEDRIVER", "/usr/bin/chromedriver"))
# Headless and quiet: without the background-networking flags Chromium calls home, which a closed network refuses.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
PAGES = {
    "regions-en": "/regions/?lang=en",
    "karaganda-ru": "/regions/KZ-35/?lang=ru",
    "ulytau-kk": "/regions/KZ-62/?lang=kk",
}
# The tables the pages chart: GRP (1993-2023), population and unemployment (a rate: its axis may break); the rest of
# the package is not needed here.
RESOURCES = {"gross_regional_product", "population_by_year", "unemployment_rate"}
DESKTOP, PHONE = (1280, 900), (390, 844)
SMALLEST_TEXT = 11  # px, on screen
SVG = "{http://www.w3.org/2000/svg}"
FAVICON_MISSING = (
    "/favicon.ico",
    "/favicon.ico - Failed to load resource: the server responded with a status of 404 (Not Found)",
)

# Every rendered text node of the page whose computed font size is under the limit: [tag, text, size].
SMALL_TEXT = """
const limit = arguments[0], small = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode, element = node.parentElement;
  if (!node.textContent.trim() || !element) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  if (!Array.from(range.getClientRects()).some(r => r.width > 0 && r.height > 0)) continue;  // not rendered
  const style = getComputedStyle(element);
  if (style.visibility !== 'visible') continue;
  const size = parseFloat(style.fontSize);
  if (size < limit) small.push([element.tagName, node.textContent.trim().slice(0, 60), size]);
}
return small;
"""
# Headings and captions whose content is wider than their box (clipped, or spilling over what is beside them).
CLIPPED = """
return Array.from(document.querySelectorAll('h1, h2, h3, caption, figcaption, th, header.site, nav, .lead'))
  .filter(e => e.getClientRects().length && getComputedStyle(e).display !== 'inline')
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => [e.tagName, e.textContent.trim().slice(0, 60), e.scrollWidth, e.clientWidth]);
"""
# Each entry of the language switch: [text, left, right, top, bottom, not covered, font size].
LANGUAGE_SWITCH = """
window.scrollTo(0, 0);
const nav = document.querySelector('nav.languages');
if (!nav) return [];
return Array.from(nav.querySelectorAll('a, strong')).map(e => {
  const r = e.getBoundingClientRect();
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return [e.textContent.trim(), r.left, r.right, r.top, r.bottom, !!hit && (hit === e || e.contains(hit)),
          parseFloat(getComputedStyle(e).fontSize)];
});
"""
# The images of a page: [absolute URL, rendered width of the picture (the content box: the border is not the
# image), natural width].
IMAGES = """
return Array.from(document.images).map(i => {
  const style = getComputedStyle(i);
  const border = parseFloat(style.borderLeftWidth) + parseFloat(style.borderRightWidth)
    + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  return [i.src, i.getBoundingClientRect().width - border, i.naturalWidth, i.alt];
});
"""
# Every <text> of an SVG opened on its own: [text, computed font size, bbox x, y, width, height] in viewBox units.
SVG_TEXTS = """
return Array.from(document.querySelectorAll('text')).map(t => {
  const b = t.getBBox();
  return [t.textContent, parseFloat(getComputedStyle(t).fontSize), b.x, b.y, b.width, b.height];
});
"""


def _browser_or_skip():
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        reason = f"no headless browser: {', '.join(missing)} missing (apt-get install chromium chromium-driver)"
        if os.environ.get("REGIONAPI_BROWSER") == "required":
            pytest.fail(reason + "; REGIONAPI_BROWSER=required")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={DESKTOP[0]},{DESKTOP[1]}")
    # Console messages, and the network events that tell a failed request.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    return driver


def _small_package(folder: Path) -> Path:
    """The shipped package with only the tables the pages chart (a smaller import keeps the test cheap)."""
    shutil.copytree(SHIPPED, folder, dirs_exist_ok=True)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [resource for resource in descriptor["resources"] if resource["name"] in RESOURCES]
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def browser():
    driver = _browser_or_skip()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def server(browser, django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages-browser")
    live = LiveServer("pages", folder, workers=1, threads=4)
    try:
        with django_db_blocker.unblock():
            live.make()
        live.manage("import_datapackage", str(_small_package(folder / "package")), "-v0")
        live.start()
        yield live
    finally:
        live.drop()


def _problems(driver) -> list[str]:
    """Console errors and failed requests since the last call (reading the logs empties them)."""
    found = [f"console: {entry['message']}" for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.responseReceived" and params["response"]["status"] >= 400:
            found.append(f"HTTP {params['response']['status']}: {params['response']['url']}")
        elif message["method"] == "Network.loadingFailed" and not params.get("canceled"):
            found.append(f"request failed: {params.get('errorText')} ({params.get('type')})")
    return found


def _wait_for_images(driver, timeout: float = 30) -> None:
    """Until the page has loaded and every image has arrived (scrolled into view: charts load lazily)."""
    deadline = time.monotonic() + timeout
    driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    while time.monotonic() < deadline:
        if driver.execute_script(
            "return document.readyState === 'complete' && Array.from(document.images).every(i => i.complete)"
        ):
            return
        time.sleep(0.2)
    raise AssertionError("images still loading after 30 s")


def _screenshot(driver, name: str, width: int) -> Path:
    """The whole page at `width` pixels wide, and its first screen (`-top`, what a reader sees first)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(SCREENSHOTS / f"{name}-{width}-top.png"))
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(height, 600), 12000))
    driver.execute_script("window.scrollTo(0, 0)")
    path = SCREENSHOTS / f"{name}-{width}.png"
    driver.save_screenshot(str(path))
    return path


def _readable(driver, where: str) -> list[str]:
    """What a reader could not read on the page as it is laid out now: small or clipped text."""
    found = [f"{where}: {tag} '{text}' at {size}px" for tag, text, size in driver.execute_script(SMALL_TEXT, 11)]
    found += [
        f"{where}: {tag} '{text}' clipped ({scroll} > {client})"
        for tag, text, scroll, client in driver.execute_script(CLIPPED)
    ]
    return found


def _svg_of(driver, url: str) -> tuple[float, float, list]:
    """The chart at `url`: its viewBox (fetched and parsed apart) and its texts as Chromium draws it alone."""
    with urllib.request.urlopen(url, timeout=60) as response:
        root = ET.fromstring(response.read())
    _x, _y, width, height = (float(number) for number in root.get("viewBox").split())
    count = sum(1 for text in root.iter(f"{SVG}text"))
    driver.get(url)
    texts = [text for text in driver.execute_script(SVG_TEXTS) if text[0].strip()]
    assert len(texts) == sum(1 for text in root.iter(f"{SVG}text") if "".join(text.itertext()).strip()), url
    assert count, url
    return width, height, texts


@pytest.fixture(scope="module")
def visits(browser, server):
    """Each page at 1280 px and at 390 px: what the checks below need, and the screenshots."""
    from selenium.webdriver.common.by import By

    _problems(browser)  # whatever the browser did before the first page
    seen = {}
    for name, path in PAGES.items():
        seen[name] = visit = {"unreadable": [], "problems": [], "images": {}}
        for width, height in (DESKTOP, PHONE):
            browser.set_window_size(width, height)
            browser.get(server.base + path)
            _wait_for_images(browser)
            images = browser.execute_script(IMAGES)
            visit["images"][width] = images
            visit["unreadable"] += _readable(browser, f"{path} at {width}px")
            if width == PHONE[0]:
                overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
                visit["overflow"] = overflow
                visit["languages"] = browser.execute_script(LANGUAGE_SWITCH)
                visit["inner"] = browser.execute_script("return [window.innerWidth, window.innerHeight]")
            else:
                visit["scripts"] = len(browser.find_elements(By.TAG_NAME, "script"))
                visit["lang"] = browser.find_element(By.TAG_NAME, "html").get_attribute("lang")
                visit["text"] = browser.find_element(By.TAG_NAME, "main").text
                visit["linked_charts"] = browser.execute_script(
                    "return Array.from(document.querySelectorAll('a[href*=\"format=svg\"]')).map(a => a.href)"
                )
            _screenshot(browser, name, width)
            visit["problems"] += _problems(browser)
    yield seen


def test_region_list_and_two_region_pages_in_chromium(visits):
    for name, path in PAGES.items():
        visit = visits[name]
        for images in visit["images"].values():
            assert all(natural > 0 for _src, _width, natural, _alt in images), images  # every chart drawn
            assert all(alt for _src, _width, _natural, alt in images)
        assert visit["scripts"] == 0  # nothing needs JavaScript
        assert visit["lang"] == path.rsplit("lang=", 1)[1]
        assert visit["overflow"] <= 1, f"{path} is wider than a phone by {visit['overflow']}px"
        assert visit["problems"] == [], path
    assert "Karaganda" in visits["regions-en"]["text"] and not visits["regions-en"]["images"][DESKTOP[0]]
    karaganda = visits["karaganda-ru"]
    assert "Карагандинская область" in karaganda["text"] and "Основные показатели" in karaganda["text"]
    charts = [src for src, _width, _natural, _alt in karaganda["images"][DESKTOP[0]]]
    assert any("gross-regional-product/series/?region=KZ-35&format=svg" in src for src in charts)
    assert any("population-total/series/?region=KZ-35&format=svg" in src for src in charts)
    assert "Ұлытау" in visits["ulytau-kk"]["text"]
    for name in PAGES:
        assert (SCREENSHOTS / f"{name}-{DESKTOP[0]}.png").exists() and (SCREENSHOTS / f"{name}-{PHONE[0]}.png").exists()


def test_no_html_text_under_11px_and_no_heading_clipped(visits):
    unreadable = [line for visit in visits.values() for line in visit["unreadable"]]
    assert unreadable == [], "\n".join(unreadable)


def test_the_language_switch_is_on_a_phones_first_screen(visits):
    for name, path in PAGES.items():
        visit = visits[name]
        inner_width, inner_height = visit["inner"]
        entries = visit["languages"]
        assert [entry[0] for entry in entries] == ["kk", "ru", "en"], path
        for text, left, right, top, bottom, uncovered, size in entries:
            assert 0 <= left and right <= inner_width and 0 <= top and bottom <= inner_height, (path, text)
            assert uncovered, (path, text)
            assert size >= SMALLEST_TEXT, (path, text, size)


def test_charts_on_a_phone_have_no_text_under_11px_and_none_runs_out_of_the_image(browser, visits):
    """A chart in a page is scaled to the page's width: on a 390 px phone its text is drawn at the font size times
    the image's width over the viewBox's. Every chart the pages show or link to is opened on its own to check that
    no text runs out of it (a clipped title)."""
    shown = {}  # URL: the narrowest width it is drawn at
    for name in ("karaganda-ru", "ulytau-kk"):
        for images in visits[name]["images"].values():
            for src, width, _natural, _alt in images:
                shown[src] = min(width, shown.get(src, width))
    assert len(shown) >= 4
    linked = {href for name in ("karaganda-ru", "ulytau-kk") for href in visits[name]["linked_charts"]}
    assert {url for url in shown} <= linked  # each image links to itself as SVG, and the ranks' compare charts too
    problems, smallest = [], {}
    for url in sorted(linked):
        view_width, view_height, texts = _svg_of(browser, url)
        for text, size, x, y, width, height in texts:
            if x < -0.5 or y < -0.5 or x + width > view_width + 0.5 or y + height > view_height + 0.5:
                problems.append(f"{url}: '{text}' runs out of the chart ({x:.0f}, {y:.0f}, {width:.0f}, {height:.0f})")
            if url in shown:
                on_screen = size * shown[url] / view_width
                smallest[url] = min(on_screen, smallest.get(url, on_screen))
                if on_screen < SMALLEST_TEXT:
                    problems.append(f"{url}: '{text}' drawn at {on_screen:.1f}px ({size}px at {shown[url]:.0f}px)")
    assert problems == [], "\n".join(problems[:40]) + f"\n({len(problems)} in all)"
    assert min(shown.values()) < 400 and set(smallest) == set(shown)  # the phone's widths were measured
    # An SVG opened on its own has no <link rel="icon">: Chromium asks for /favicon.ico, which is not ours to serve.
    assert [problem for problem in _problems(browser) if not problem.endswith(FAVICON_MISSING)] == []
