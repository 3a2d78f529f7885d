"""Hostile input against every operation of the schema: no answer is a 500, every answer is JSON.

For each operation (path and method of the OpenAPI document), with a staff token so writes reach validation:
a NUL byte in the record key and in a query parameter, a page number in superscript and in Arabic-Indic digits,
and for writes a body nested 100,000 deep, a 10 MB body, an unknown field, a NUL byte in every text field, and
the record's own representation posted again (a duplicate key). Concurrent creates of one key are in
tests/test_concurrency.py (they need a real server and PostgreSQL).
"""

import json
import re
from urllib.parse import quote

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework.authtoken.models import Token

OPENAPI = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
OPERATIONS = [
    (path, method.upper(), operation)
    for path, item in OPENAPI["paths"].items()
    for method, operation in item.items()
    if method in {"get", "post", "put", "patch", "delete"}
]
WRITES = {"POST", "PUT", "PATCH"}
DEEP = "[" * 100_000 + "]" * 100_000
HUGE = b'{"name": "' + b"x" * (10 * 1024 * 1024) + b'"}'


@pytest.fixture
def staff(db, django_user_model):
    user = django_user_model.objects.create_superuser("hostile", "hostile@example.kz", "a-long-test-password")
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}", "HTTP_ACCEPT": "application/json"}


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


def text_fields(operation) -> list[str]:
    """The string properties of an operation's JSON body."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    reference = content.get("schema", {}).get("$ref", "")
    schema = OPENAPI["components"]["schemas"].get(reference.rsplit("/", 1)[-1], {}) if reference else {}
    return [
        name
        for name, spec in schema.get("properties", {}).items()
        if spec.get("type") == "string" and not spec.get("readOnly") and "format" not in spec
    ]


@pytest.mark.parametrize(("path", "method", "operation"), OPERATIONS, ids=[f"{m} {p}" for p, m, _ in OPERATIONS])
def test_hostile_input_never_breaks_an_operation(client, staff, path, method, operation):
    names = re.findall(r"{(\w+)}", path)
    keys = {name: existing_key(client, path, name, staff) for name in names}
    url = path.format(**{name: quote(key) for name, key in keys.items()})
    send = getattr(client, method.lower())

    def call(target, body=None, raw=None, **extra):
        if raw is not None:
            return client.generic(method, target, raw, content_type="application/json", **staff, **extra)
        if method in WRITES:
            return send(target, json.dumps(body or {}), content_type="application/json", **staff)
        return send(target, **staff)

    if names:
        nul_url = path.format(**{name: f"{quote(key)}%00x" for name, key in keys.items()})
        assert_survived(call(nul_url), "NUL in the key")
    parameters = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
    for name in parameters[:2]:  # parameters are read by one shared layer: two per operation reach it
        assert_survived(call(f"{url}?{name}=a%00b"), f"NUL in {name}")
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
    if method == "POST" and not names:
        rows = client.get(url, {"page_size": 1}, **staff).json().get("results") or []
        if rows:
            assert_survived(call(url, rows[0]), "the same record posted again")
