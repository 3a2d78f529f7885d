"""The admin's data package import: an uploaded zip is unpacked safely, previewed by a dry run that writes nothing,
and imported on confirmation by the uploader's session only, recorded in the history as an import."""

import io
import json
import stat
import tempfile
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators import package_uploads
from indicators.admin_datapackage import SESSION_KEY
from indicators.datapackage import datapackage_import
from indicators.models import Observation, Source
from tests.support.packages import GOOD_ROWS, make_package

pytestmark = pytest.mark.django_db
URL = reverse("admin:indicators_observation_import_datapackage")
CHANGELIST = reverse("admin:indicators_observation_changelist")
KARAGANDA_2021 = "colleges--kz-35--2021"


def zipped(folder, *, prefix="", extra=()) -> SimpleUploadedFile:
    """The package folder as an uploaded zip, its files under `prefix`, plus `extra` (ZipInfo or name, content)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, prefix + file.relative_to(folder).as_posix())
        for info, content in extra:
            archive.writestr(info, content)
    return SimpleUploadedFile("statistics.zip", buffer.getvalue(), content_type="application/zip")


@pytest.fixture(autouse=True)
def uploads(tmp_path, monkeypatch):
    """Staged uploads go to this test's own temporary folder; returns a function listing them."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return lambda: sorted(path.name for path in package_uploads.uploads_root().iterdir())


@pytest.fixture
def package(tmp_path):
    return make_package(tmp_path / "package", GOOD_ROWS)


def staff(django_user_model, username, codenames):
    """A staff member with these permissions of the indicators app, and no others."""
    user = django_user_model.objects.create_user(username, password="a-long-test-password", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="indicators", codename__in=codenames))
    return user


@pytest.fixture
def importer(db, django_user_model):
    return staff(
        django_user_model, "importer", ["add_observation", "change_observation", "add_source", "change_source"]
    )


def figures():
    rows = Observation.objects.filter(indicator__code="colleges", period_start="2021-01-01")
    return sorted(rows.values_list("code", "value"))


def preview(client, upload, **data):
    response = client.post(URL, {"package": upload, **data})
    assert response.status_code == 200
    return response


def counts(response) -> dict:
    return {section["outcome"]: section["count"] for section in response.context["sections"]}


def test_the_changelist_links_the_import_page(client, importer):
    client.force_login(importer)
    html = client.get(CHANGELIST).content.decode()
    assert f'href="{URL}"' in html and "Import a data package" in html
    assert client.get(URL).status_code == 200


def test_preview_writes_nothing_and_confirm_imports_as_an_import(client, importer, package, uploads):
    client.force_login(importer)
    before = (figures(), Source.objects.count())
    response = preview(client, zipped(package, prefix="colleges-2021/"))  # in one top-level folder
    assert counts(response) == {"created": 3}  # a source and two figures
    html = response.content.decode()
    assert "Confirm import" in html and "nothing has been written yet" in html
    created = response.context["sections"][0]["records"]
    assert [record["label"] for record in created] == [
        "indicators.Source test-statistics-colleges",
        f"indicators.Observation {KARAGANDA_2021}",
        "indicators.Observation colleges--kz-62--2021",
    ]
    assert (figures(), Source.objects.count()) == before
    token = response.context["token"]
    assert uploads() == [token]

    response = client.post(URL, {"token": token, "action": "confirm"})
    assert response.status_code == 302 and response.url == CHANGELIST
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Imported statistics.zip: 3 created, 0 updated, 0 unchanged."
    ]
    assert figures() == [(KARAGANDA_2021, Decimal("50")), ("colleges--kz-62--2021", Decimal("3"))]
    record = Observation.objects.get(code=KARAGANDA_2021).history.get()
    assert (record.channel, record.history_user) == ("import", importer)
    assert uploads() == []  # the files are gone
    assert client.post(URL, {"token": token, "action": "confirm"}).url == URL  # and the token is spent


def test_preview_lists_updates_with_old_and_new_values_and_editors_changes(client, importer, tmp_path):
    datapackage_import(path=make_package(tmp_path / "v1", GOOD_ROWS))
    Observation.objects.filter(code="colleges--kz-62--2021").update(value=Decimal("4"))  # an editor
    client.force_login(importer)
    new_version = make_package(
        tmp_path / "v2", [GOOD_ROWS[0].replace(",50,", ",51,"), GOOD_ROWS[1].replace(",3,", ",5,")]
    )
    response = preview(client, zipped(new_version))
    assert counts(response) == {"updated": 1, "kept": 1, "unchanged": 1}
    sections = {section["outcome"]: section["records"] for section in response.context["sections"]}
    assert sections["updated"] == [
        {"label": f"indicators.Observation {KARAGANDA_2021}", "fields": [("value", "50", "51")], "missing": []}
    ]
    assert sections["kept"][0]["fields"] == [("value", "4", "5")]
    assert sections["unchanged"] == []  # counted, not listed

    restoring = preview(client, zipped(new_version), restore="on")
    assert counts(restoring) == {"updated": 1, "restored": 1, "unchanged": 1}
    assert figures() == [(KARAGANDA_2021, Decimal("50")), ("colleges--kz-62--2021", Decimal("4"))]
    client.post(URL, {"token": restoring.context["token"], "action": "confirm"})
    assert figures() == [(KARAGANDA_2021, Decimal("51")), ("colleges--kz-62--2021", Decimal("5"))]


def test_a_package_with_a_bad_row_is_refused_with_the_row_named(client, importer, tmp_path, uploads):
    client.force_login(importer)
    bad = make_package(tmp_path / "bad", [*GOOD_ROWS, "KZ-99,Nowhere,colleges,2021-01-01,2021-12-31,5,count"])
    response = preview(client, zipped(bad))
    [problem] = response.context["problems"]
    assert (problem.file, problem.row, problem.field) == ("data/colleges.csv", 4, "region_iso")
    html = response.content.decode()
    assert "<td>data/colleges.csv</td><td>4</td><td>region_iso</td><td>unknown region &#x27;KZ-99&#x27;</td>" in html
    assert "Confirm import" not in html and 'name="token"' not in html
    assert figures() == [] and uploads() == [] and not client.session.get(SESSION_KEY)


def evil_link():
    info = zipfile.ZipInfo("data/link.csv")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, "/etc/passwd"


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ([("../evil.csv", "x")], "outside its own folder ('../evil.csv')"),
        ([("data/../../evil.csv", "x")], "outside its own folder"),
        ([("/tmp/evil.csv", "x")], "absolute path ('/tmp/evil.csv')"),
        ([evil_link()], "symbolic link ('data/link.csv')"),
        ([(f"data/{index}.csv", "x") for index in range(200)], "holds 202 files; a data package may hold at most 200"),
    ],
    ids=["parent", "nested-parent", "absolute", "symlink", "too-many-files"],
)
def test_hostile_zips_are_refused_with_a_form_error(client, importer, package, uploads, extra, error):
    client.force_login(importer)
    response = preview(client, zipped(package, extra=extra))
    assert error in " ".join(response.context["form"].errors["package"])
    assert response.context["sections"] is None and uploads() == [] and figures() == []
    assert not (package.parent / "evil.csv").exists()


def test_a_zip_bomb_is_refused(client, importer, package, uploads, monkeypatch):
    monkeypatch.setattr(package_uploads, "MAX_UNPACKED_BYTES", 10_000)
    client.force_login(importer)
    response = preview(client, zipped(package, extra=[("data/zeros.csv", "0" * 20_000)]))
    assert "unpacks to more than" in response.context["form"].errors["package"][0]
    assert uploads() == []


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [("statistics.zip", b"not a zip", "not a zip archive"), ("statistics.csv", b"a,b", "Upload a .zip file")],
)
def test_what_is_not_a_zip_is_refused(client, importer, name, content, error):
    client.force_login(importer)
    assert error in preview(client, SimpleUploadedFile(name, content)).context["form"].errors["package"][0]


def test_a_zip_without_a_descriptor_where_expected_is_refused(client, importer, package, tmp_path):
    client.force_login(importer)
    other = make_package(tmp_path / "other", GOOD_ROWS)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # two top-level folders: which package is meant?
        for name, folder in (("a/", package), ("b/", other)):
            for file in folder.rglob("*.*"):
                archive.write(file, name + file.relative_to(folder).as_posix())
    response = preview(client, SimpleUploadedFile("two.zip", buffer.getvalue()))
    assert "no datapackage.json at its root or in one top-level folder" in response.context["form"].errors["package"][0]


def test_a_package_naming_a_web_address_is_refused(client, importer, tmp_path):
    """The server would fetch it (frictionless reads remote resources even when untrusted)."""
    client.force_login(importer)
    remote = make_package(tmp_path / "remote", GOOD_ROWS)
    descriptor = json.loads((remote / "datapackage.json").read_text())
    descriptor["resources"][0]["path"] = "http://169.254.169.254/latest/meta-data.csv"
    (remote / "datapackage.json").write_text(json.dumps(descriptor))
    response = preview(client, zipped(remote))
    assert "may only name files inside its zip" in response.context["form"].errors["package"][0]


def test_only_the_uploading_session_can_confirm(client, importer, superuser, package, uploads):
    from django.test import Client

    client.force_login(importer)
    token = preview(client, zipped(package)).context["token"]
    other = Client()
    other.force_login(superuser)
    response = other.post(URL, {"token": token, "action": "confirm"})
    assert response.url == URL and figures() == []
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "This upload is unknown or has expired; upload the package again."
    ]
    # A forged token never names a folder.
    assert client.post(URL, {"token": "../" + token, "action": "confirm"}).url == URL
    assert uploads() == [token]

    response = client.post(URL, {"token": token, "action": "cancel"})
    assert response.url == CHANGELIST and uploads() == [] and figures() == []


def test_an_expired_upload_cannot_be_confirmed_and_is_swept(client, importer, package, uploads, monkeypatch):
    client.force_login(importer)
    token = preview(client, zipped(package)).context["token"]
    monkeypatch.setattr(package_uploads, "UPLOAD_LIFETIME_SECONDS", -1)
    response = client.post(URL, {"token": token, "action": "confirm"})
    assert response.url == URL and figures() == [] and uploads() == []


@pytest.mark.parametrize(
    ("codenames", "status"),
    [
        ([], 403),
        (["change_observation"], 403),
        (["add_observation"], 403),
        (["add_observation", "change_observation"], 403),  # an import also writes its sources
        (["add_observation", "change_observation", "add_source", "change_source"], 200),
    ],
)
def test_the_page_needs_permission_to_add_and_change_observations(
    client, django_user_model, package, codenames, status
):
    client.force_login(staff(django_user_model, "staff", codenames))
    assert client.get(URL).status_code == status
    assert client.post(URL, {"package": zipped(package)}).status_code == status
    assert figures() == []


def test_anonymous_users_are_sent_to_log_in(client, package):
    for response in (client.get(URL), client.post(URL, {"package": zipped(package)})):
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_the_link_is_shown_only_to_those_who_may_import(client, django_user_model):
    client.force_login(staff(django_user_model, "viewer", ["view_observation", "change_observation"]))
    response = client.get(CHANGELIST)
    assert response.status_code == 200 and URL not in response.content.decode()
