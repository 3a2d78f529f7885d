"""The browsable API (a browser's `Accept: text/html`) for a signed-in admin: a record's page carries an HTML form to
change it, whose relation fields offer the related records by key and select the record's own, as its JSON read
shows them (regionapi/core/browsable.py). Every read in HTML, anonymous and signed in: tests/core/test_hostile_input.py."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def browser(superuser, settings):
    """A signed-in admin's browser, on a deployment that lets a PUT go without If-Match (API_REQUIRE_IF_MATCH empty):
    only then does a record's page carry the HTML form of a PUT (by default a PUT needs one, which a form cannot
    send: the last test)."""
    settings.API_REQUIRE_IF_MATCH = set()
    session = Client()
    session.force_login(superuser)
    return session


def selected(html: str) -> dict[str, list[str]]:
    """{field name: the values of its selected options} of every <select> in a page."""
    return {
        match["name"]: re.findall(r'<option value="([^"]*)"\s+selected', match["options"])
        for match in re.finditer(r'<select[^>]*name="(?P<name>[^"]+)"[^>]*>(?P<options>.*?)</select>', html, re.S)
    }


def test_a_records_form_selects_its_own_relations_by_key(browser):
    url = "/api/v1/investments/zones/saran-industrial-park/"
    record = browser.get(url, **JSON).json()
    response = browser.get(url, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    fields = selected(response.content.decode())
    assert {name: fields[name] for name in ("region", "locality", "source", "kind")} == {
        "region": [record["region"]["code"]],
        "locality": [record["locality"]["slug"]],
        "source": [record["source"]["slug"]],
        "kind": [record["kind"]],
    }
    assert fields["operator"] == [""]  # no operator: the empty choice


def test_a_many_relation_selects_every_related_record(browser):
    deposits = browser.get("/api/v1/investments/deposits/", {"page_size": 1000}, **JSON).json()["results"]
    record = next(deposit for deposit in deposits if len(deposit["minerals"]) > 1)
    response = browser.get(record["url"], HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert sorted(selected(response.content.decode())["minerals"]) == sorted(m["slug"] for m in record["minerals"])


def test_a_list_page_offers_a_create_form_with_relations_by_key(browser):
    response = browser.get("/api/v1/investments/zones/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    region_options = re.search(r'<select[^>]*name="region"[^>]*>(.*?)</select>', response.content.decode(), re.S)
    assert 'value="KZ-35"' in region_options[1]


def test_no_form_offers_a_write_that_needs_a_precondition(client, superuser):
    """A browser's form sends no If-Match, and a PUT needs one (API_REQUIRE_IF_MATCH): its form could only ever get a
    428. PATCH, which needs none by default, is offered."""
    client.force_login(superuser)
    html = client.get("/api/v1/investments/zones/sez-saryarka/", HTTP_ACCEPT="text/html").content.decode()
    assert "Make a PUT request" not in html and "Make a PATCH request" in html
