"""The OpenAPI schema is a tested artifact; Swagger UI and ReDoc work offline and with DEBUG off."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_schema_validates_without_warnings(tmp_path):
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yaml"),
        stdout=StringIO(),
        stderr=StringIO(),
    )


def test_schema_is_served_as_yaml_and_json(client):
    assert client.get("/api/schema/").content.startswith(b"openapi: 3")
    assert (
        client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["info"]["title"]
        == "regionapi"
    )


def test_enums_have_names_not_hashes(schema):
    names = set(schema["components"]["schemas"])
    assert not [name for name in names if re.search(r"\d{3}Enum$", name)]
    assert {"ZoneKindEnum", "ProjectStatusEnum", "ObservationStatusEnum"} <= names


def test_every_operation_has_summary_description_and_main_examples(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method} {path}"
            assert operation.get("description"), f"{method} {path}"
    for path in (
        "/api/v1/investments/zones/{slug}/",
        "/api/v1/indicators/observations/{code}/",
        "/api/v1/investments/projects/{slug}/",
    ):
        content = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        assert content.get("examples"), path


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_docs_render_from_local_assets(client, page, debug):
    with override_settings(DEBUG=debug):
        response = client.get(page)
        assert response.status_code == 200
        html = response.content.decode()
        assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
        assert assets, "no script or stylesheet found"
        for asset in assets:
            assert asset.startswith("/static/"), f"{asset} would need the network"
            assert client.get(asset).status_code == 200, asset


@pytest.mark.parametrize(
    ("example", "path"),
    [
        ("indicators.api.examples.OBSERVATION", "/api/v1/indicators/observations/industrial-output--kz-35--2024/"),
        ("investments.api.examples.ZONE", "/api/v1/investments/zones/sez-saryarka/"),
        ("investments.api.examples.PROJECT", "/api/v1/investments/projects/wind-power-station-150-mw/"),
    ],
)
def test_documented_examples_are_what_the_api_returns(api, example, path):
    """The examples in the docs are seed records as served in the default language; they must not go stale."""
    import json
    from importlib import import_module

    module, name = example.rsplit(".", 1)
    documented = json.dumps(getattr(import_module(module), name), sort_keys=True)
    served = api(path).json()
    text = json.dumps(served, sort_keys=True).replace("http://testserver/", "https://api.example.kz/")
    text = re.sub(r'"(created_at|updated_at)": "[^"]+"', r'"\1": "2026-11-26T10:00:00+05:00"', text)
    assert text == documented


def test_reads_are_anonymous_writes_and_history_need_credentials(schema):
    """Swagger shows a lock only where one is needed: `{}` (anonymous) is offered on public reads only."""
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            anonymous = {} in operation["security"]
            credentials = {"tokenAuth": []} in operation["security"] and {"cookieAuth": []} in operation["security"]
            assert credentials, f"{method} {path}"
            public_read = method in ("get", "head") and not path.endswith("/history/")
            assert anonymous is public_read, f"{method} {path}"


def test_summaries_are_grammatical(schema):
    summaries = {operation["summary"] for operations in schema["paths"].values() for operation in operations.values()}
    assert {
        "Create an indicator",
        "List investment projects",
        "Retrieve an industrial zone",
        "List localities",
        "Delete a unit",
        "Update an enterprise role",
        "Change history of an observation",
        "Replace a geological deposit",
    } <= summaries
    for summary in summaries:
        assert not re.search(r"\ba [aeio]|\ban [^aeiou]|ys\b|\bone (?!region|indicator)", summary), summary


def test_history_is_paginated_and_documented_as_a_list(schema):
    operation = schema["paths"]["/api/v1/investments/zones/{slug}/history/"]["get"]
    assert {"page", "page_size"} <= {parameter["name"] for parameter in operation["parameters"]}
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(schema["components"]["schemas"][body]["properties"]) == {"count", "next", "previous", "results"}
    assert "Staff only" in operation["description"]


@pytest.mark.parametrize("path", ["/", "/admin/"])
def test_site_root_and_admin_view_site_lead_to_the_api(client, superuser, path):
    client.force_login(superuser)
    if path == "/":
        response = client.get(path)
        assert (response.status_code, response["Location"]) == (302, "/api/v1/")
    else:
        assert 'href="/api/v1/"' in client.get(path).content.decode()
    assert client.get("/api/v1/", HTTP_ACCEPT="application/json").status_code == 200


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_docs_load_nothing_from_other_hosts(client, page):
    html = client.get(page).content.decode()
    external = [
        url for url in re.findall(r'(?:src|href)\s*=\s*["\']([^"\']+)', html) if re.match(r"(?:https?:)?//", url)
    ]
    assert not [url for url in external if not re.match(r"(?:https?:)?//testserver/", url)]
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
