"""The bulk download: every resource's CSV and the data package, with size, row count and data
version, made on demand and kept until the next change, each naming the change feed after its version."""

import io
import zipfile
from urllib.parse import parse_qs, urlsplit

import pytest

from config.urls import API_ROUTERS
from indicators.models import Observation
from investments.models import IndustrialZone
from regionapi.core.dataversion import database_version
from regionapi.core.feed import after_version, position_of

pytestmark = pytest.mark.django_db

DOWNLOAD = "/api/v1/download/"
RESOURCES = {prefix: viewset for _namespace, router in API_ROUTERS for prefix, viewset, _basename in router.registry}


@pytest.fixture(autouse=True)
def download_dir(settings, tmp_path):
    settings.API_DOWNLOAD_DIR = str(tmp_path / "downloads")
    return tmp_path / "downloads"


def listing(client, **params) -> dict:
    response = client.get(DOWNLOAD, params, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def fetch(client, url: str, **headers):
    return client.get(url.removeprefix("http://testserver"), **headers)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_resource_and_the_data_package_with_size_rows_and_version(client):
    answer = listing(client)
    version = database_version().number
    assert answer["data_version"] == version
    assert position_of(parse_qs(urlsplit(answer["changes"]).query)["since"][0]) == after_version(version)
    files = {file["name"]: file for file in answer["results"]}
    assert set(files) == {f"{prefix}.csv" for prefix in RESOURCES} | {"datapackage.zip"}
    for prefix, viewset in RESOURCES.items():
        file = files[f"{prefix}.csv"]
        assert file["resource"] == prefix and file["media_type"] == "text/csv"
        assert file["rows"] == viewset.queryset.model.objects.count(), prefix
        assert file["data_version"] == version and file["changes"] == answer["changes"]
        response = fetch(client, file["url"])
        assert response.status_code == 200
        content = body(response)
        assert len(content) == file["size"]
        # The list's own CSV export, every row: the same bytes as ?format=csv of the list.
        listed = client.get(RESOURCES_URL[prefix], {"format": "csv"})
        assert content == body(listed), prefix
    package = files["datapackage.zip"]
    assert package["resource"] is None and package["media_type"] == "application/zip"
    content = body(fetch(client, package["url"]))
    assert len(content) == package["size"] and package["rows"] == Observation.objects.count()
    assert "datapackage.json" in zipfile.ZipFile(io.BytesIO(content)).namelist()


RESOURCES_URL = {
    prefix: f"/api/v1/{namespace.removesuffix('-api')}/{prefix}/"
    for namespace, router in API_ROUTERS
    for prefix, _viewset, _basename in router.registry
}


def test_a_file_names_the_feed_after_its_version_and_answers_304(client):
    response = client.get(DOWNLOAD + "zones.csv")
    assert response.status_code == 200 and response["Content-Disposition"] == 'attachment; filename="zones.csv"'
    link = response["Link"]
    assert link.endswith('>; rel="changes"')
    since = parse_qs(urlsplit(link[1:].split(">")[0]).query)["since"][0]
    assert position_of(since) == after_version(database_version().number)
    assert client.get(DOWNLOAD + "zones.csv", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_kept_until_the_next_change(client, download_dir):
    def files():  # the files, not the lock each variant's maker takes (one per variant, kept)
        return {path.name: path.stat().st_mtime_ns for path in download_dir.iterdir() if path.suffix != ".lock"}

    listing(client)
    kept = files()
    assert listing(client)["data_version"] == database_version().number
    assert files() == kept  # nothing written again

    zone = IndustrialZone.objects.get(slug="sez-saryarka")
    zone.participants = 4242
    zone.save()
    answer = listing(client)
    now = set(files())
    assert now.isdisjoint(kept)  # every file anew, the old ones removed
    assert len(now) == len(kept)
    zones = next(file for file in answer["results"] if file["name"] == "zones.csv")
    assert b"4242" in body(fetch(client, zones["url"]))


def test_a_file_follows_the_language_and_the_host(client, download_dir):
    kazakh = body(client.get(DOWNLOAD + "zones.csv"))
    russian = body(client.get(DOWNLOAD + "zones.csv", {"lang": "ru"}))
    assert "Сарыарка".encode() in russian and kazakh != russian
    other_host = body(client.get(DOWNLOAD + "zones.csv", HTTP_HOST="localhost"))
    assert b"http://localhost/api/v1/investments/zones/" in other_host
    assert len([path for path in download_dir.iterdir() if path.name.startswith("zones-")]) == 6  # 3 files, 3 counts


def test_unknown_files_and_parameters(client):
    response = client.get(DOWNLOAD + "secrets.csv", HTTP_ACCEPT="application/json")
    assert response.status_code == 404 and "zones.csv" in response.json()["detail"]
    for path in (DOWNLOAD, DOWNLOAD + "zones.csv"):
        response = client.get(path, {"page": "2"}, HTTP_ACCEPT="application/json")
        assert response.status_code == 400 and list(response.json()["errors"]) == ["page"]


def test_the_api_root_and_the_schema_name_both(client, schema):
    root = client.get("/api/v1/", HTTP_ACCEPT="application/json").json()
    assert root["download"] == "http://testserver/api/v1/download/"
    assert root["changes"] == "http://testserver/api/v1/changes/"
    operation = schema["paths"]["/api/v1/download/{name}"]["get"]
    names = next(parameter for parameter in operation["parameters"] if parameter["name"] == "name")["schema"]["enum"]
    assert set(names) == {f"{prefix}.csv" for prefix in RESOURCES} | {"datapackage.zip"}
    assert {"text/csv", "application/zip"} == set(operation["responses"]["200"]["content"])
    assert "Link" in operation["responses"]["200"]["headers"]


def test_the_data_package_is_made_once_per_data_version_at_both_addresses(client, monkeypatch):
    """`/api/v1/datapackage/` serves the download's file: the package is written once per data version (a HEAD, a
    second GET or the download's address writes nothing), and a write gives a fresh package holding it."""
    from indicators.datapackage import exporting
    from indicators.models import Indicator

    exports = []
    export = exporting.datapackage_export

    def counted(**kwargs):
        exports.append(kwargs)
        return export(**kwargs)

    monkeypatch.setattr(exporting, "datapackage_export", counted)
    first = client.get("/api/v1/datapackage/")
    content = body(first)
    assert client.head("/api/v1/datapackage/").status_code == 200
    assert body(client.get("/api/v1/datapackage/")) == content
    assert body(client.get(DOWNLOAD + "datapackage.zip")) == content
    assert len(exports) == 1
    assert first["Content-Disposition"] == 'attachment; filename="regionapi-datapackage.zip"'
    since = parse_qs(urlsplit(first["Link"][1:].split(">")[0]).query)["since"][0]
    assert position_of(since) == after_version(database_version().number)

    indicator = Indicator.objects.get(code="industrial-output")
    indicator.name_en = "Industrial output, renamed"
    indicator.save()
    fresh = body(client.get("/api/v1/datapackage/"))
    assert len(exports) == 2 and fresh != content
    assert "Industrial output, renamed" in zipfile.ZipFile(io.BytesIO(fresh)).read("indicators.csv").decode()
    assert body(client.get(DOWNLOAD + "datapackage.zip")) == fresh and len(exports) == 2


def test_a_burst_of_requests_builds_a_package_once(tmp_path, settings):
    """Requests arriving together right after a write each found no file and each built it (seconds for the data
    package): one builds, the others wait for it and serve its file."""
    import threading
    import time

    from regionapi.core.download import Package, made, package_file

    settings.API_DOWNLOAD_DIR = str(tmp_path)
    builds = []

    def write(stream) -> int:
        builds.append(1)
        time.sleep(0.2)  # long enough for every thread to arrive while it is being made
        stream.write(b"package")
        return 1

    file = package_file(Package("burst.zip", "application/zip", write, "a test package"))
    version = database_version()
    start = threading.Barrier(4)
    sizes = []

    def fetch():
        start.wait(timeout=30)
        sizes.append(made(file, None, version, "default").size)

    threads = [threading.Thread(target=fetch) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(builds) == 1 and sizes == [7] * 4
