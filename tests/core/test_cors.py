"""CORS: any origin may read; only CORS_WRITE_ORIGINS may write from a browser."""

import pytest

pytestmark = pytest.mark.django_db
ZONES = "/api/v1/investments/zones/"


def preflight(client, method, origin="https://elsewhere.example"):
    return client.options(
        ZONES,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )


def test_any_origin_may_read(client):
    response = preflight(client, "GET")
    assert response["Access-Control-Allow-Origin"] in ("*", "https://elsewhere.example")
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert client.get(ZONES, HTTP_ORIGIN="https://elsewhere.example").has_header("Access-Control-Allow-Origin")


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_another_origin_may_not_write(client, method):
    assert not preflight(client, method).has_header("Access-Control-Allow-Origin")
    response = client.generic(method, ZONES, HTTP_ORIGIN="https://elsewhere.example")
    assert not response.has_header("Access-Control-Allow-Origin")


def test_a_configured_origin_may_write(client, settings):
    settings.CORS_WRITE_ORIGINS = ["https://editor.example"]
    response = preflight(client, "PATCH", origin="https://editor.example")
    assert response.has_header("Access-Control-Allow-Origin")
    assert "PATCH" in response["Access-Control-Allow-Methods"]
