"""/llms.txt (https://llmstxt.org): an agent's index of regionapi in Markdown, as the convention shapes it (a title,
a summary, sections of links), whose every link answers and which lists every resource and every format the API
serves."""

import re

import pytest

from config.urls import API_ROUTERS
from regionapi.core.formats import FORMATS

pytestmark = pytest.mark.django_db
LINK = re.compile(r"\[([^\]]+)\]\((http[^)]+)\)")


def test_llms_txt_is_markdown_in_the_conventions_shape(client):
    response = client.get("/llms.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8" and response["Content-Language"] == "en"
    text = response.content.decode()
    lines = text.splitlines()
    assert lines[0] == "# regionapi" and lines[2].startswith("> ")
    assert [line for line in lines if line.startswith("## ")][0] == "## Start here"
    assert "## Optional" in lines


def test_every_link_answers(client, shipped):  # as `make run` serves it: the packages loaded
    text = client.get("/llms.txt").content.decode()
    links = LINK.findall(text)
    assert len(links) > 20
    for name, url in links:
        path = url.removeprefix("http://testserver")
        assert path != url, url  # absolute, on the host asked
        response = client.get(path)
        assert response.status_code == 200, (name, url, response.status_code)


def test_every_resource_and_format_is_listed(client):
    text = client.get("/llms.txt").content.decode()
    names = {name for name, _url in LINK.findall(text)}
    for _namespace, router in API_ROUTERS:
        for prefix, _viewset, _basename in router.registry:
            assert prefix in names
    for fmt in FORMATS.values():
        assert fmt.summary, f"format {fmt.name} has no summary to list"
        assert f"- `format={fmt.name}` ({fmt.media_type}): {fmt.summary}" in text


def test_only_reads(client):
    response = client.post("/llms.txt", {})
    assert response.status_code == 405
