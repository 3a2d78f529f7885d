"""The registry of output formats (regionapi/core/formats.py): each format's renderer says what the registry says,
every ViewSet offers what the registry says, and a format registered once is offered wherever it declares."""

import dataclasses

import pytest
from rest_framework.renderers import BaseRenderer

from regionapi.core import formats

UNITS = "/api/v1/indicators/units/"
SERIES = "/api/v1/indicators/indicators/industrial-output/series/"


class TextRenderer(BaseRenderer):
    media_type = "text/plain"
    format = "text"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return f"{len(data) if isinstance(data, list | dict) else 0} items".encode()


@pytest.mark.parametrize("output_format", list(formats.FORMATS.values()), ids=lambda fmt: fmt.name)
def test_each_renderer_is_its_registered_format(output_format):
    renderer = output_format.renderer_class()
    assert (renderer.format, renderer.media_type) == (output_format.name, output_format.media_type)


@pytest.mark.parametrize(
    ("path", "params", "offered"),
    [
        (UNITS, {}, "json, api, csv"),
        ("/api/v1/indicators/localities/", {}, "json, api, csv, geojson"),
        (SERIES, {"region": "KZ-35"}, "json, api, csv, svg, jsonstat"),
        ("/api/v1/investments/zones/facets/", {}, "json, api, csv"),
    ],
)
def test_an_endpoint_offers_what_the_registry_says(api, karaganda, path, params, offered):
    response = api(path, {**params, "format": "nothing", "lang": "en"})
    assert response.status_code == 400
    assert response.json()["errors"]["format"] == [f"This endpoint has no format nothing. Give one of: {offered}."]


def test_a_registered_format_is_offered_where_it_declares(api, db, monkeypatch):
    text = formats.OutputFormat(
        "text", "text/plain", f"{__name__}.TextRenderer", records=frozenset({"list"}), analytic=None
    )
    monkeypatch.setitem(formats.FORMATS, "text", text)
    response = api(UNITS, {"format": "text"})
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    first = api(UNITS).json()["results"][0]["code"]
    refused = api(f"{UNITS}{first}/", {"format": "text"})  # a record: not among the actions it declares
    assert refused.status_code == 400 and "text" not in refused.json()["errors"]["format"][0].split(": ")[-1]
    monkeypatch.setitem(formats.FORMATS, "text", dataclasses.replace(text, records=frozenset()))
    assert api(UNITS, {"format": "text"}).status_code == 400
