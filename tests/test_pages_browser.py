"""The region pages in a real browser: headless Chromium (Debian's `chromium`, driven by its own `chromedriver`
through Selenium) opens the region list and two region pages served by gunicorn (tests/live.py) over the seed and
the shipped package's GRP and population tables. Any console error (a CSP refusal included) or failed request fails
the test; every chart image must load; the pages carry no script (they read the same with JavaScript off) and do
not overflow a phone's width. Screenshots go to artifacts/screenshots/ (git-ignored).

One server, one browser, three pages. Without /usr/bin/chromium and /usr/bin/chromedriver the test is skipped,
unless REGIONAPI_BROWSER=required (set by .ci/run), which makes it fail instead. It does not depend on the database
vendor (tests/test_pages.py covers the pages on both), so .ci/run runs it in the SQLite pass only (`-m browser`).
"""

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from tests.live import ROOT, LiveServer
from tests.packages import SHIPPED

pytestmark = [pytest.mark.browser, pytest.mark.slow]

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
# The tables the pages chart: GRP (1993-2023) and population; the rest of the package is not needed here.
RESOURCES = {"gross_regional_product", "population_by_year"}
DESKTOP, PHONE = (1280, 900), (390, 844)


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
def server(browser, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages-browser")
    live = LiveServer("pages", folder, workers=1, threads=4)
    try:
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


def test_region_list_and_two_region_pages_in_chromium(browser, server):
    from selenium.webdriver.common.by import By

    _problems(browser)  # whatever the browser did before the first page
    seen = {}
    for name, path in PAGES.items():
        browser.set_window_size(*DESKTOP)
        browser.get(server.base + path)
        _wait_for_images(browser)
        images = browser.execute_script(
            "return Array.from(document.images).map(i => [i.getAttribute('src'), i.naturalWidth, i.alt])"
        )
        assert all(width > 0 for _src, width, _alt in images), images  # every chart drawn
        assert all(alt for _src, _width, alt in images)
        assert not browser.find_elements(By.TAG_NAME, "script")  # nothing needs JavaScript
        html_lang = browser.find_element(By.TAG_NAME, "html").get_attribute("lang")
        assert html_lang == path.rsplit("lang=", 1)[1]
        _screenshot(browser, name, DESKTOP[0])
        browser.set_window_size(*PHONE)
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is wider than a phone by {overflow}px"
        _screenshot(browser, name, PHONE[0])
        seen[name] = {"images": images, "text": browser.find_element(By.TAG_NAME, "main").text}
        assert _problems(browser) == [], path
    assert "Karaganda" in seen["regions-en"]["text"] and len(seen["regions-en"]["images"]) == 0
    karaganda = seen["karaganda-ru"]
    assert "Карагандинская область" in karaganda["text"] and "Основные показатели" in karaganda["text"]
    charts = [src for src, _width, _alt in karaganda["images"]]
    assert any("gross-regional-product/series/?region=KZ-35&format=svg" in src for src in charts)
    assert any("population-total/series/?region=KZ-35&format=svg" in src for src in charts)
    assert "Ұлытау" in seen["ulytau-kk"]["text"]
