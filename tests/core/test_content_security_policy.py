"""Content-Security-Policy (django-csp): the docs, the admin and the browsable API carry a policy they work under.

Each page is read as a browser would apply the policy: every script file and stylesheet comes from this server,
every inline script carries the request's nonce or is listed by its hash, every inline event handler is listed by
its hash with 'unsafe-hashes', and every image is from this server or a data: URI. (A real browser, headless
Chromium, loaded these pages under this policy and reported no violation; see docs/operating.md.)
"""

import base64
import hashlib
from html.parser import HTMLParser

import pytest
from django.test import Client
from drf_spectacular.settings import patched_settings

pytestmark = pytest.mark.django_db

# Script types a browser runs; any other (application/json, ...) is data, which the policy does not govern.
JAVASCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


class Page(HTMLParser):
    """The parts of an HTML page that a Content-Security-Policy governs."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict] = []  # {"src", "nonce", "type", "text"}
        self.handlers: list[str] = []  # the source of each on...= attribute
        self.stylesheets: list[str] = []
        self.images: list[str] = []
        self._script = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.handlers += [value or "" for name, value in attrs if name.startswith("on")]
        if tag == "script":
            self._script = {
                "src": attributes.get("src"),
                "nonce": attributes.get("nonce"),
                "type": (attributes.get("type") or "").lower(),
                "text": "",
            }
            self.scripts.append(self._script)
        elif tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            self.stylesheets.append(attributes.get("href") or "")
        elif tag == "img":
            self.images.append(attributes.get("src") or "")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data


def same_origin(url: str) -> bool:
    return (url.startswith("/") and not url.startswith("//")) or url.startswith("http://testserver/")


def sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def violations(response) -> list[str]:
    """What a browser would refuse on this page under its Content-Security-Policy header."""
    policy = directives(response["Content-Security-Policy"])
    scripts = policy.get("script-src", policy["default-src"])
    images = policy.get("img-src", policy["default-src"])
    styles = policy.get("style-src", policy["default-src"])
    page = Page(response.content.decode())
    found = []
    if "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts:
        found.append(f"script-src allows too much: {scripts}")
    for script in page.scripts:
        if script["type"] not in JAVASCRIPT_TYPES:
            continue
        if script["src"] is not None:
            if not (same_origin(script["src"]) and "'self'" in scripts):
                found.append(f"script file from elsewhere: {script['src']}")
        elif (
            not (script["nonce"] and f"'nonce-{script['nonce']}'" in scripts) and sha256(script["text"]) not in scripts
        ):
            found.append(f"inline script without a matching nonce or hash: {script['text'][:80]!r}")
    for handler in page.handlers:
        if not ("'unsafe-hashes'" in scripts and sha256(handler) in scripts):
            found.append(f"inline event handler not listed by hash: {handler!r}")
    for href in page.stylesheets:
        if not (same_origin(href) and "'self'" in styles):
            found.append(f"stylesheet from elsewhere: {href}")
    for src in page.images:
        if not ((same_origin(src) and "'self'" in images) or (src.startswith("data:") and "data:" in images)):
            found.append(f"image from elsewhere: {src}")
    return found


def test_the_checker_finds_what_a_browser_would_refuse():
    """The checker itself can fail: a page with each kind of violation gets each reported."""
    from django.http import HttpResponse

    response = HttpResponse(
        '<script>alert(1)</script><script nonce="old">alert(2)</script><script src="https://cdn.example/x.js"></script>'
        '<button onclick="go()">x</button><link rel="stylesheet" href="https://cdn.example/x.css">'
        '<img src="https://cdn.example/x.png"><script type="application/json">{"data": 1}</script>'
    )
    response["Content-Security-Policy"] = "default-src 'self'; script-src 'self' 'nonce-new'; img-src 'self' data:"
    assert len(violations(response)) == 6


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/", "/admin/login/"])
def test_the_docs_and_the_admin_sign_in_work_under_the_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert violations(response) == []


def test_swagger_ui_starts_from_an_inline_script_with_this_requests_nonce(client):
    nonces = []
    for _ in range(2):
        response = client.get("/api/docs/")
        [inline] = [script for script in Page(response.content.decode()).scripts if script["src"] is None]
        assert "SwaggerUIBundle(" in inline["text"]
        assert f"'nonce-{inline['nonce']}'" in directives(response["Content-Security-Policy"])["script-src"]
        nonces.append(inline["nonce"])
    assert nonces[0] != nonces[1]  # a nonce is never reused


def test_redoc_with_settings_starts_from_an_inline_script_with_the_nonce(client):
    with patched_settings({"REDOC_UI_SETTINGS": {"hideDownloadButton": True}}):
        response = client.get("/api/redoc/")
    [inline] = [script for script in Page(response.content.decode()).scripts if script["src"] is None]
    assert "Redoc.init(" in inline["text"] and inline["nonce"]
    assert violations(response) == []


ADMIN_PAGES = [
    "/admin/",
    "/admin/investments/industrialzone/",
    "/admin/investments/industrialzone/add/",
    "/admin/investments/industrialzone/import/",
    "/admin/investments/industrialzone/export/",
    "/admin/investments/investmentproject/add/",
    "/admin/indicators/observation/",
    "/admin/indicators/observation/import-datapackage/",
    "/admin/authtoken/tokenproxy/add/",
    "/admin/auth/user/add/",
    "/admin/axes/accessattempt/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_work_under_the_policy(client, superuser, path):
    client.force_login(superuser)
    response = client.get(path)
    assert response.status_code == 200
    assert violations(response) == []


def test_a_records_change_and_history_pages_work_under_the_policy(client, superuser):
    from investments.models import IndustrialZone

    client.force_login(superuser)
    zone = IndustrialZone.objects.get(slug="sez-saryarka")
    for path in (
        f"/admin/investments/industrialzone/{zone.pk}/change/",
        f"/admin/investments/industrialzone/{zone.pk}/history/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert violations(response) == [], path


def test_the_export_pages_select_all_box_is_allowed_by_its_hash(client, superuser):
    """django-import-export's one inline event handler: if a new version changes it, its hash in the settings must
    change too, or the box stops working."""
    client.force_login(superuser)
    response = client.get("/admin/investments/industrialzone/export/")
    assert Page(response.content.decode()).handlers == ["onSelectToggleChange(event)"]
    assert violations(response) == []


def test_the_lockout_page_works_under_the_policy(django_user_model):
    django_user_model.objects.create_user("someone", password="a-long-test-password")
    browser = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        response = browser.post("/admin/login/", {"username": "someone", "password": "wrong"})
    assert response.status_code == 429
    assert violations(response) == []


def test_the_browsable_api_works_under_the_policy(client):
    response = client.get("/api/v1/investments/zones/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert violations(response) == []


def test_json_answers_carry_the_policy_too(client):
    response = client.get("/api/v1/investments/zones/", HTTP_ACCEPT="application/json")
    assert directives(response["Content-Security-Policy"])["default-src"] == ["'self'"]
