"""Hostile input against every operation of the schema, the region pages and the admin: no answer is a 500, every
API answer that is an error is JSON.

For each operation (path and method of the OpenAPI document), with a staff token so writes reach validation:
a NUL byte and a lone surrogate (the bytes of one, which are not UTF-8) in the record key and in a query parameter,
a page number in superscript and in Arabic-Indic digits, and for writes a body nested 100,000 deep, a 10 MB body, an
unknown field, a NUL byte in every text field, a lone surrogate (`"\\ud800"`) and a byte that is not UTF-8 in every
text and choice field of a JSON body and of a form, and the record's own representation posted again (a duplicate
key). Every read is also asked for as a browser asks (`Accept: text/html`: the browsable API), by an anonymous
client and by a signed-in admin, whose pages carry write forms. The region pages and every admin list and change
page get hostile query parameters (a NUL, a lone surrogate, Arabic-Indic page digits, an unknown ordering or
filter). Concurrent creates of one key are in tests/core/test_concurrent_writes.py, and what gunicorn refuses before Django
sees a request in tests/core/test_gunicorn_refusals.py (both need a real server).
"""

import json
import re
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.support.openapi import openapi

OPENAPI = openapi()
OPERATIONS = [
    (path, method.upper(), operation)
    for path, item in OPENAPI["paths"].items()
    for method, operation in item.items()
    if method in {"get", "post", "put", "patch", "delete"}
]
WRITES = {"POST", "PUT", "PATCH"}
DEEP = "[" * 100_000 + "]" * 100_000
HUGE = b'{"name": "' + b"x" * (10 * 1024 * 1024) + b'"}'


JSON = {"HTTP_ACCEPT": "application/json"}
SURROGATE = "%ED%A0%80"  # U+D800 as UTF-8 would write it if it could: no UTF-8 decoder accepts these bytes


@pytest.fixture
def staff_user(db, django_user_model):
    return django_user_model.objects.create_superuser("hostile", "hostile@example.kz", "a-long-test-password")


@pytest.fixture
def staff(staff_user):
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=staff_user).key}", **JSON}


@pytest.fixture
def browser(staff_user):
    """A signed-in admin's browser session: the browsable API then shows write forms, the admin its pages."""
    session = Client()
    session.force_login(staff_user)
    return session


KEYS: dict[tuple[str, str], str] = {}  # the seed's keys, the same in every test (each rolls back its writes)


def existing_key(client: Client, path: str, name: str, headers: dict) -> str:
    """The key of a record of the resource `path` addresses, or a plausible one when it has none."""
    listing = path.split("{")[0]
    if (listing, name) not in KEYS:
        rows = client.get(listing, {"page_size": 1}, **headers).json().get("results") or []
        KEYS[listing, name] = str(rows[0].get(name) or "missing") if rows else "missing"
    return KEYS[listing, name]


def assert_survived(response, case: str):
    assert response.status_code < 500, (case, response.status_code, response.content[:300])
    if response.status_code not in (204, 304):
        content_type = response.get("Content-Type", "")
        assert content_type.startswith("application/json"), (case, response.status_code, content_type)


def assert_invalid(response, names, case: str):
    """A JSON 400 naming exactly `names`."""
    assert_survived(response, case)
    assert response.status_code == 400, (case, response.status_code, response.content[:300])
    assert set(response.json()["errors"]) == set(names), (case, response.json())


def is_text(spec) -> bool:
    """Whether a property of a request body is sent as a string: a text, a key, a choice, a date or a decimal."""
    if "$ref" in spec:
        return is_text(OPENAPI["components"]["schemas"][spec["$ref"].rsplit("/", 1)[-1]])
    if any(key in spec for key in ("oneOf", "anyOf", "allOf")):
        return any(is_text(member) for key in ("oneOf", "anyOf", "allOf") for member in spec.get(key, []))
    return spec.get("type") == "string"


def body_schema(operation) -> dict:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    reference = content.get("schema", {}).get("$ref", "")
    return OPENAPI["components"]["schemas"].get(reference.rsplit("/", 1)[-1], {}) if reference else {}


def string_fields(operation) -> list[str]:
    """The writable properties of an operation's JSON body that are sent as strings (texts, keys and choices)."""
    properties = body_schema(operation).get("properties", {})
    return [name for name, spec in properties.items() if not spec.get("readOnly") and is_text(spec)]


def text_fields(operation) -> list[str]:
    """The string properties of an operation's JSON body."""
    return [
        name
        for name, spec in body_schema(operation).get("properties", {}).items()
        if spec.get("type") == "string" and not spec.get("readOnly") and "format" not in spec
    ]


@pytest.mark.parametrize(("path", "method", "operation"), OPERATIONS, ids=[f"{m} {p}" for p, m, _ in OPERATIONS])
def test_hostile_input_never_breaks_an_operation(client, staff, path, method, operation):
    names = re.findall(r"{(\w+)}", path)
    keys = {name: existing_key(client, path, name, staff) for name in names}
    url = path.format(**{name: quote(key) for name, key in keys.items()})
    send = getattr(client, method.lower())

    # A write to a record may need a precondition (API_REQUIRE_IF_MATCH): any version, so that the body is read.
    headers = {**staff, "HTTP_IF_MATCH": "*"} if method in WRITES else staff

    def call(target, body=None, raw=None, content_type="application/json"):
        if raw is not None:
            return client.generic(method, target, raw, content_type=content_type, **headers)
        if method in WRITES:
            return send(target, json.dumps(body or {}), content_type="application/json", **headers)
        return send(target, **headers)

    if names:
        nul_url = path.format(**{name: f"{quote(key)}%00x" for name, key in keys.items()})
        assert_survived(call(nul_url), "NUL in the key")
        surrogate_url = path.format(**{name: f"{quote(key)}{SURROGATE}" for name, key in keys.items()})
        assert_invalid(call(surrogate_url), ["path"], "lone surrogate in the key")
    parameters = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
    for name in parameters[:2]:  # parameters are read by one shared layer: two per operation reach it
        assert_survived(call(f"{url}?{name}=a%00b"), f"NUL in {name}")
        assert_invalid(call(f"{url}?{name}=a{SURROGATE}b"), [name], f"lone surrogate in {name}")
    if "page" in parameters:
        for digits in ("²", "١٢"):
            assert_survived(call(f"{url}?page={quote(digits)}&page_size={quote(digits)}"), f"page={digits}")
    if method in WRITES:
        assert_survived(call(url, raw=DEEP), "deep JSON")
        assert_survived(call(url, raw=HUGE), "10 MB body")
        assert_survived(call(url, {"no_such_field": 1}), "unknown field")
        texts = text_fields(operation)
        if texts:
            assert_survived(call(url, {name: "a\x00b" for name in texts}), "NUL in text fields")
        strings = string_fields(operation)
        if strings:
            assert_invalid(call(url, dict.fromkeys(strings, "a\ud800b")), strings, "lone surrogates in JSON")
            not_utf8 = b"{" + b", ".join(b'"%s": "a\xffb"' % name.encode() for name in strings) + b"}"
            assert_invalid(call(url, raw=not_utf8), strings, "bytes that are not UTF-8 in JSON")
            form = "&".join(f"{name}=a{SURROGATE}b" for name in strings)
            assert_invalid(call(url, raw=form, content_type="application/x-www-form-urlencoded"), strings, "form")
            # Multipart: Django decodes its fields with errors="replace", which stored U+FFFD in place of the bytes.
            parts = b"".join(
                b'--XyZ\r\nContent-Disposition: form-data; name="%s"\r\n\r\na\xffb\r\n' % name.encode()
                for name in strings
            )
            multipart = call(url, raw=parts + b"--XyZ--\r\n", content_type="multipart/form-data; boundary=XyZ")
            assert_invalid(multipart, strings, "bytes that are not UTF-8 in a multipart body")
            # A charset that is a text encoding but cannot read this body.
            for charset in ("idna", "punycode"):
                odd = call(url, raw=b"a=\xff", content_type=f"application/x-www-form-urlencoded; charset={charset}")
                assert_survived(odd, f"form in {charset}")
    if method == "POST" and not names:
        rows = client.get(url, {"page_size": 1}, **staff).json().get("results") or []
        if rows:
            assert_survived(call(url, rows[0]), "the same record posted again")


GETS = [(path, operation) for path, method, operation in OPERATIONS if method == "GET"]


@pytest.mark.parametrize(("path", "operation"), GETS, ids=[path for path, _ in GETS])
def test_every_read_answers_a_browser(client, browser, path, operation):
    """`Accept: text/html`, anonymous and signed in: the browsable API's page, with the status the JSON answer has
    (or 406 where the operation answers in no HTML), and an error as JSON."""
    keys = {name: existing_key(client, path, name, JSON) for name in re.findall(r"{(\w+)}", path)}
    url = path.format(**{name: quote(key) for name, key in keys.items()})
    for who, session in (("anonymous", client), ("staff", browser)):
        expected = session.get(url, **JSON).status_code
        response = session.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code in (expected, 406), (who, response.status_code, expected)
        if response.status_code >= 400:
            assert_survived(response, f"text/html, {who}")
        else:
            assert response["Content-Type"].startswith("text/html"), (who, response["Content-Type"])


# Hostile query parameters for pages outside the API: a NUL, a lone surrogate, a page in Arabic-Indic digits, an
# unknown ordering and an unknown filter (Django's admin names: q, p, o). Search, page and ordering are read by one
# request together; an unknown filter stops a list before them, so it has a request of its own.
PAGE_QUERIES = ["q=a%00b&p=%D9%A1&o=zz", f"q=a{SURROGATE}b&p=99999&o=1.-zz.%00", "no_such_filter=1"]


@pytest.mark.parametrize("path", ["/regions/", "/regions/KZ-35/"])
def test_hostile_query_to_the_region_pages(db, client, path):
    for query in [*PAGE_QUERIES, "lang=%00", f"lang={SURROGATE}"]:
        response = client.get(f"{path}?{query}")
        assert response.status_code < 500, (query, response.status_code)


ADMINS = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", ADMINS, ids=[model._meta.label for model in ADMINS])
def test_hostile_query_to_the_admin(browser, model):
    """A staff superuser's admin list, and change page of its first record (with the list's filters to return to)."""
    info = model._meta.app_label, model._meta.model_name
    queries = [(reverse("admin:%s_%s_changelist" % info), query) for query in PAGE_QUERIES]
    record = model._default_manager.order_by("pk").first()
    if record is not None:
        change = reverse("admin:%s_%s_change" % info, args=[record.pk])
        queries.append((change, f"_changelist_filters=q%3Da%2500b%26o%3Dzz&_to_field={SURROGATE}"))
    for page, query in queries:
        response = browser.get(f"{page}?{query}")
        assert response.status_code < 500, (page, query, response.status_code)
