"""The admin asks the model permissions the API asks: a staff user changes nothing they could not change through the
API, whatever admin path they take (add, change, delete, bulk actions, history revert, import, export, data package
import), and the matrix of who may import and export follows the same rule as the API's (tests/core/test_write_access.py):
an import needs add and change, an export needs view."""

import json
import re

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import JSONField
from django.forms.models import model_to_dict
from django.urls import NoReverseMatch, reverse

from investments.models import IndustrialZone
from regionapi.core.dataversion import database_version
from tests.support.factories import IndustrialZoneFactory

pytestmark = pytest.mark.django_db
REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
ZONES_CSV = "slug,participants\nsez-saryarka,999\n"


@pytest.fixture
def bare_staff(django_user_model):
    """Staff (may open the admin) with no permission at all."""
    return django_user_model.objects.create_user("bare-staff", password="a-long-test-password", is_staff=True)


def staff_with(django_user_model, name: str, *codenames: str):
    user = django_user_model.objects.create_user(name, password="a-long-test-password", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def form_data(obj) -> dict:
    """A record's own fields as an admin form posts them (every language of a translated field included)."""
    data = {}
    json_fields = {field.name for field in obj._meta.fields if isinstance(field, JSONField)}
    for name, value in model_to_dict(obj).items():
        if value is None:
            continue
        if name in json_fields:
            data[name] = json.dumps(value)
        elif isinstance(value, list):
            data[name] = [getattr(item, "pk", item) for item in value]
        else:
            data[name] = getattr(value, "pk", value)
    return data


def url(name: str, *args) -> str | None:
    try:
        return reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return None


def attempts(model, model_admin) -> list[tuple[str, str, dict]]:
    """(method, URL, data) of every way the admin offers to write one model's records, with data it would take."""
    info = f"{model._meta.app_label}_{model._meta.model_name}"
    obj = model._default_manager.first()
    found = [
        ("GET", url(f"{info}_changelist"), {}),
        ("POST", url(f"{info}_add"), form_data(obj) if obj is not None else {}),
        ("GET", url(f"{info}_import"), {}),
        ("GET", url(f"{info}_export"), {}),
        ("POST", url(f"{info}_export"), {"format": "0", "resource": "0"}),
        (
            "POST",
            url(f"{info}_import"),
            {"import_file": SimpleUploadedFile("rows.csv", b"slug\nx\n"), "format": "0", "resource": "0"},
        ),
        ("POST", url(f"{info}_process_import"), {"import_file_name": "rows.csv", "format": "0", "resource": "0"}),
        ("GET", url(f"{info}_import_datapackage"), {}),
        ("POST", url(f"{info}_import_datapackage"), {"token": "x"}),
    ]
    if obj is not None:
        found += [
            ("POST", url(f"{info}_change", obj.pk), form_data(obj)),
            ("POST", url(f"{info}_delete", obj.pk), {"post": "yes"}),
            ("GET", url(f"{info}_history", obj.pk), {}),
            (
                "POST",
                url(f"{info}_changelist"),
                {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
            ),
        ]
        history = getattr(obj, "history", None)
        if history is not None and history.exists():
            version = history.first()
            found.append(("POST", url(f"{info}_simple_history", obj.pk, version.history_id), form_data(obj)))
    return [(method, where, data) for method, where, data in found if where is not None]


def test_a_staff_user_without_permissions_changes_nothing_through_any_admin_path(client, bare_staff):
    client.force_login(bare_staff)
    before, logged = database_version().number, LogEntry.objects.count()
    refused = []
    for model, model_admin in REGISTERED:
        for method, where, data in attempts(model, model_admin):
            response = client.get(where) if method == "GET" else client.post(where, data)
            if response.status_code != 403:
                refused.append((method, where, response.status_code))
    assert refused == []
    assert database_version().number == before and LogEntry.objects.count() == logged


def test_the_admin_import_of_the_report_is_refused_without_permission(client, bare_staff):
    """The finding: Import and confirm changed a zone's participants from 24 to 999 for a staff user with no
    permission."""
    client.force_login(bare_staff)
    upload = SimpleUploadedFile("zones.csv", ZONES_CSV.encode(), content_type="text/csv")
    response = client.post(
        "/admin/investments/industrialzone/import/", {"import_file": upload, "format": "0", "resource": "0"}
    )
    assert response.status_code == 403
    assert IndustrialZone.objects.get(slug="sez-saryarka").participants != 999


@pytest.mark.parametrize(
    ("codenames", "may_export", "may_import"),
    [
        ((), False, False),
        (("view_industrialzone",), True, False),
        (("view_industrialzone", "add_industrialzone"), True, False),
        (("view_industrialzone", "change_industrialzone"), True, False),
        (("view_industrialzone", "add_industrialzone", "change_industrialzone"), True, True),
        (("change_industrialzone",), True, False),
    ],
)
def test_import_and_export_follow_the_apis_permissions(client, django_user_model, codenames, may_export, may_import):
    client.force_login(staff_with(django_user_model, "matrix", *codenames))
    assert client.get("/admin/investments/industrialzone/export/").status_code == (200 if may_export else 403)
    page = client.get("/admin/investments/industrialzone/import/")
    assert page.status_code == (200 if may_import else 403)
    upload = SimpleUploadedFile("zones.csv", ZONES_CSV.encode(), content_type="text/csv")
    preview = client.post(
        "/admin/investments/industrialzone/import/", {"import_file": upload, "format": "0", "resource": "0"}
    )
    assert preview.status_code == (200 if may_import else 403)
    if not may_import:
        return
    hidden = dict(re.findall(r'name="(\w+)" value="([^"]*)"', preview.content.decode()))
    confirmed = client.post(
        "/admin/investments/industrialzone/process_import/",
        {name: hidden[name] for name in ("import_file_name", "original_file_name", "format", "resource")},
    )
    assert confirmed.status_code == 302, confirmed.content.decode()[:2000]
    assert IndustrialZone.objects.get(slug="sez-saryarka").participants == 999


def test_the_changelist_offers_import_and_export_only_to_those_who_may(client, django_user_model):
    client.force_login(staff_with(django_user_model, "viewer", "view_industrialzone"))
    html = client.get("/admin/investments/industrialzone/").content.decode()
    assert "/admin/investments/industrialzone/export/" in html
    assert "/admin/investments/industrialzone/import/" not in html


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[model._meta.label for model, _ in REGISTERED])
def test_every_history_and_revert_page_renders_for_a_superuser(client, superuser, model, model_admin):
    """The revert page of a record whose model has no search copy was a 500 (the history excluded a field the model
    does not have)."""
    obj = model._default_manager.first()
    history = getattr(obj, "history", None)
    if history is None or not history.exists():
        pytest.skip("no record with history")
    client.force_login(superuser)
    info = f"{model._meta.app_label}_{model._meta.model_name}"
    assert client.get(reverse(f"admin:{info}_history", args=[obj.pk])).status_code == 200
    revert = reverse(f"admin:{info}_simple_history", args=[obj.pk, history.first().history_id])
    assert client.get(revert).status_code == 200


@pytest.mark.parametrize(
    ("codenames", "may_change", "may_delete"),
    [
        (("view_industrialzone",), False, False),
        (("view_industrialzone", "change_industrialzone"), True, False),
        (("view_industrialzone", "delete_industrialzone"), False, True),
    ],
)
def test_change_delete_and_revert_follow_the_apis_permissions(
    client, django_user_model, codenames, may_change, may_delete
):
    """As the API: a change (an edit, a history revert) needs change, a delete (one, or "delete selected") delete.
    django-simple-history let a user who may only view a history post its revert form (logging a change)."""
    zone = IndustrialZone.objects.get(slug="saran-industrial-park")
    before = zone.participants
    earlier = zone.history.first()
    zone.participants = (before or 0) + 100
    zone.save()
    client.force_login(staff_with(django_user_model, "partial", *codenames))
    base = f"/admin/investments/industrialzone/{zone.pk}"
    logged = LogEntry.objects.count()
    revert = client.post(f"{base}/history/{earlier.history_id}/", form_data(earlier.instance))
    assert revert.status_code == (302 if may_change else 403)
    assert (IndustrialZone.objects.get(pk=zone.pk).participants == before) is may_change
    assert (LogEntry.objects.count() > logged) is may_change
    # A zone nothing refers to, which the delete rule lets go.
    alone = IndustrialZoneFactory()
    assert client.post(f"/admin/investments/industrialzone/{alone.pk}/delete/", {"post": "yes"}).status_code == (
        302 if may_delete else 403
    )
    if not may_delete:
        client.post(
            "/admin/investments/industrialzone/",
            {"action": "delete_selected", "_selected_action": [alone.pk], "post": "yes"},
        )
    assert IndustrialZone.objects.filter(pk=alone.pk).exists() is not may_delete
