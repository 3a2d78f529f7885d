"""The delete rule (regionapi.core.deletion) holds on every path: a record others still refer to, also through a
many-to-many link, is refused by the model, the API, the admin (one record and "delete selected") and the
importers, with one message, and nothing changes; what nobody refers to, and a record with its own parts, go."""

import ast
from pathlib import Path

import pytest
import tablib
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import DELETION, LogEntry
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from indicators.models import Enterprise, Unit
from investments.models import GeologicalDeposit, InvestmentProject, Mineral, ProjectMilestone, ProjectParticipant
from investments.resources import GeologicalDepositResource, MineralResource
from regionapi.core import deletion
from regionapi.core.admin import ProtectedDeleteMixin

pytestmark = pytest.mark.django_db

MESSAGE = (
    "Test ore is still referred to by 3 geological deposits (Deposit A, Deposit B, Deposit C); "
    "change or delete those first."
)
MESSAGE_RU = (
    "На запись Test ore всё ещё ссылаются: 3 geological deposits (Deposit A, Deposit B, Deposit C); "
    "сначала измените или удалите их."
)
DATA_APPS = ("indicators", "investments", "education")


@pytest.fixture
def ore(article, karaganda):
    """A mineral that three deposits list."""
    mineral = Mineral.objects.create(
        slug="test-ore", name="Test ore", name_ru="Test ore", name_en="Test ore", source=article
    )
    for letter in "ABC":
        deposit = GeologicalDeposit.objects.create(
            slug=f"test-deposit-{letter.lower()}",
            name=f"Deposit {letter}",
            kind="deposit",
            exploration_status="completed",
            region=karaganda,
            source=article,
        )
        deposit.minerals.add(mineral)
    return mineral


@pytest.fixture
def unused(article):
    """A mineral no record refers to."""
    return Mineral.objects.create(slug="test-unused", name="Unused ore", name_en="Unused ore", source=article)


def intact(mineral) -> bool:
    """The mineral is still there and still listed by its three deposits."""
    return Mineral.objects.filter(pk=mineral.pk).exists() and sorted(
        GeologicalDeposit.objects.filter(minerals=mineral).values_list("slug", flat=True)
    ) == ["test-deposit-a", "test-deposit-b", "test-deposit-c"]


def english(error) -> str:
    with translation.override("en"):
        return str(error)


# ---------------------------------------------------------------- the model


def test_deleting_a_referenced_record_is_refused_by_the_model(ore):
    with pytest.raises(ProtectedError) as caught, transaction.atomic():
        ore.delete()
    assert isinstance(caught.value, deletion.DeleteRefused)
    assert english(caught.value) == MESSAGE
    blocking = sorted(obj.slug for obj in caught.value.protected_objects)
    assert blocking == ["test-deposit-a", "test-deposit-b", "test-deposit-c"]
    assert intact(ore)
    assert not ore.history.filter(history_type="-").exists()  # no deletion was recorded either


def test_a_queryset_delete_is_refused_whole(ore, unused):
    """The admin's "delete selected" deletes a QuerySet: one referenced record keeps every selected one."""
    with pytest.raises(deletion.DeleteRefused) as caught, transaction.atomic():
        Mineral.objects.filter(slug__in=["test-ore", "test-unused"]).delete()
    assert english(caught.value) == MESSAGE
    assert intact(ore) and Mineral.objects.filter(slug="test-unused").exists()


def test_a_refusal_leaves_the_surrounding_transaction_usable(ore):
    with pytest.raises(deletion.DeleteRefused):
        deletion.delete_or_refuse(ore)
    assert intact(ore)  # a query after the refusal, in the same transaction: no TransactionManagementError


def test_the_message_follows_the_language_it_is_read_in(ore):
    """A model's delete runs under the data's language; the message is written in the reader's."""
    with pytest.raises(deletion.DeleteRefused) as caught, transaction.atomic():
        ore.delete()
    with translation.override("ru"):
        assert str(caught.value) == MESSAGE_RU
    assert english(caught.value) == MESSAGE


def test_unreferenced_records_are_deleted(unused, ore):
    unused.delete()
    assert not Mineral.objects.filter(slug="test-unused").exists()
    assert Mineral.history.filter(slug="test-unused", history_type="-").exists()  # history rows never block
    for deposit in GeologicalDeposit.objects.filter(slug__startswith="test-deposit-"):
        deposit.delete()  # a deposit's links to its minerals are its own: they go with it
    Mineral.objects.filter(slug="test-ore").delete()  # nothing refers to it any more
    assert not Mineral.objects.filter(slug="test-ore").exists()


def test_changing_the_referrers_first_lets_the_delete_through(ore):
    for deposit in GeologicalDeposit.objects.filter(minerals=ore):
        deposit.minerals.remove(ore)
    ore.delete()
    assert not Mineral.objects.filter(slug="test-ore").exists()


@pytest.fixture
def project(article, karaganda):
    """A project with its parts: a milestone and a participant."""
    project = InvestmentProject.objects.create(
        slug="test-project", name="Test project", status="planned", region=karaganda, source=article
    )
    ProjectMilestone.objects.create(project=project, key="start", name="Start", status="expected", source=article)
    investor = Enterprise.objects.get(slug="ig-global")
    ProjectParticipant.objects.create(project=project, enterprise=investor, role="investor")
    return project


def test_a_record_goes_with_its_parts(project):
    project.delete()
    assert not InvestmentProject.objects.filter(slug="test-project").exists()
    assert not ProjectMilestone.objects.filter(project__slug="test-project").exists()
    assert not ProjectParticipant.objects.filter(project__slug="test-project").exists()
    assert Enterprise.objects.filter(slug="ig-global").exists()


# ---------------------------------------------------------------- the rule itself


def test_what_blocks_a_delete():
    def names(model):
        relations = deletion.blocking_relations(model)
        return sorted(f"{relation.related_model.__name__}.{relation.field.name}" for relation in relations)

    assert names(Mineral) == ["GeologicalDeposit.minerals"]
    assert names(InvestmentProject) == []  # participants and milestones are its parts
    # Relations without a reverse accessor block too: a unit that estimates are measured in stays.
    assert names(Unit) == [
        "Indicator.unit",
        "IndustrialZone.area_unit",
        "InvestmentProject.capacity_unit",
        "ResourceEstimate.unit",
    ]


def test_every_model_with_a_reference_django_would_drop_is_protected():
    unguarded = {
        model
        for app in DATA_APPS
        for model in apps.get_app_config(app).get_models()
        if deletion.unguarded_relations(model)
    }
    assert {Mineral, Enterprise} <= unguarded
    assert unguarded == deletion.protected_models()


def test_referrers_deleted_in_the_same_operation_do_not_block(ore):
    deposits = GeologicalDeposit.objects.filter(minerals=ore)
    ids = set(deposits.values_list("pk", flat=True))
    assert deletion.referrers(ore, deleting={GeologicalDeposit: ids}) == []
    one = deposits.get(slug="test-deposit-a")
    kept = deletion.referrers(ore, deleting={GeologicalDeposit: {one.pk}})
    assert [str(group) for group in kept] == ["2 geological deposits (Deposit B, Deposit C)"]
    # The receiver works the deletion out from its origin: here, one that deletes the three deposits too.
    deletion.refuse_referenced_delete(Mineral, ore, "default", origin=GeologicalDeposit.objects.filter(pk__in=ids))
    with pytest.raises(deletion.DeleteRefused):
        deletion.refuse_referenced_delete(Mineral, ore, "default", origin=GeologicalDeposit.objects.filter(pk=one.pk))


def test_the_rule_imports_no_app():
    tree = ast.parse(Path(deletion.__file__).read_text())
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }
    assert all(name.split(".")[0] in {"django", "collections", "dataclasses"} for name in imported), imported


# ---------------------------------------------------------------- the API


@pytest.fixture
def admin_api(superuser):
    client = APIClient()
    client.force_authenticate(superuser)
    return client


def test_the_api_refuses_with_409_and_the_message(admin_api, ore):
    response = admin_api.delete("/api/v1/investments/minerals/test-ore/?lang=en")
    assert response.status_code == 409
    assert response.json() == {"status": 409, "code": "conflict", "detail": MESSAGE, "errors": {}}
    assert intact(ore)
    response = admin_api.delete("/api/v1/investments/minerals/test-ore/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.json()["detail"] == MESSAGE_RU


def test_the_api_names_referrers_without_a_reverse_accessor(admin_api):
    """Estimates refer to their unit through a relation with no name on the unit's side; they are named all the same."""
    response = admin_api.delete("/api/v1/indicators/units/tonne/?lang=en")
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "resource estimate" in detail and "change or delete those first" in detail


def test_the_api_deletes_what_nobody_refers_to(admin_api, unused, project):
    assert admin_api.delete("/api/v1/investments/minerals/test-unused/").status_code == 204
    assert not Mineral.objects.filter(slug="test-unused").exists()
    assert admin_api.delete("/api/v1/investments/projects/test-project/").status_code == 204
    assert not ProjectMilestone.objects.filter(project__slug="test-project").exists()


# ---------------------------------------------------------------- the admin


def test_every_admin_of_the_data_follows_the_rule():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in DATA_APPS:
            assert isinstance(model_admin, ProtectedDeleteMixin), model


@pytest.fixture
def admin_client_(client, superuser):
    client.force_login(superuser)
    return client


def deleted_log(mineral) -> bool:
    return LogEntry.objects.filter(object_id=str(mineral.pk), action_flag=DELETION).exists()


def test_the_admin_delete_page_lists_the_referrers_as_protected(admin_client_, ore):
    url = reverse("admin:investments_mineral_delete", args=[ore.pk])
    response = admin_client_.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert MESSAGE in html
    assert "would require deleting the following protected related objects" in html
    deposit = GeologicalDeposit.objects.get(slug="test-deposit-a")
    link = reverse("admin:investments_geologicaldeposit_change", args=[deposit.pk])
    assert f'Geological deposit: <a href="{link}">Deposit A</a>' in html
    assert "relationship" not in html  # the links are not listed as going away
    assert 'name="post"' not in html and "Yes, I" not in html  # no form to confirm

    response = admin_client_.post(url, {"post": "yes"})  # confirming anyway
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    assert intact(ore) and not deleted_log(ore)


def test_the_admin_delete_selected_action_lists_the_referrers_as_protected(admin_client_, ore, unused):
    url = reverse("admin:investments_mineral_changelist")
    selected = {"action": "delete_selected", "_selected_action": [ore.pk, unused.pk]}
    response = admin_client_.post(url, selected)
    html = response.content.decode()
    assert response.status_code == 200
    assert MESSAGE in html
    assert "would require deleting the following protected related objects" in html

    response = admin_client_.post(url, {**selected, "post": "yes"})
    assert MESSAGE in response.content.decode()
    assert intact(ore) and Mineral.objects.filter(slug="test-unused").exists()
    assert not deleted_log(ore) and not deleted_log(unused)


@pytest.fixture
def page_without_the_rule(monkeypatch):
    """The confirmation page as if it had been shown before a deposit listed the mineral: Django's own check only."""
    monkeypatch.setattr(ProtectedDeleteMixin, "get_deleted_objects", admin.ModelAdmin.get_deleted_objects)


def test_an_admin_delete_that_gets_past_the_page_is_refused_by_the_model(admin_client_, ore, page_without_the_rule):
    url = reverse("admin:investments_mineral_delete", args=[ore.pk])
    response = admin_client_.post(url, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("admin:investments_mineral_change", args=[ore.pk])
    assert MESSAGE in response.content.decode()
    assert intact(ore) and not deleted_log(ore)


def test_a_delete_selected_that_gets_past_the_page_is_refused_by_the_model(
    admin_client_, ore, unused, page_without_the_rule
):
    selected = {"action": "delete_selected", "_selected_action": [ore.pk, unused.pk], "post": "yes"}
    response = admin_client_.post(reverse("admin:investments_mineral_changelist"), selected, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert MESSAGE in html and "Successfully deleted" not in html
    assert intact(ore) and Mineral.objects.filter(slug="test-unused").exists()
    assert not deleted_log(ore) and not deleted_log(unused)


def test_the_admin_deletes_what_nobody_refers_to(admin_client_, unused, project):
    response = admin_client_.post(reverse("admin:investments_mineral_delete", args=[unused.pk]), {"post": "yes"})
    assert response.status_code == 302 and not Mineral.objects.filter(slug="test-unused").exists()
    assert deleted_log(unused)
    selected = {"action": "delete_selected", "_selected_action": [project.pk], "post": "yes"}
    response = admin_client_.post(reverse("admin:investments_investmentproject_changelist"), selected)
    assert response.status_code == 302
    assert not InvestmentProject.objects.filter(slug="test-project").exists()
    assert not ProjectMilestone.objects.filter(project__slug="test-project").exists()


# ---------------------------------------------------------------- importers


class DeletingMineralResource(MineralResource):
    """The project's mineral resource with import-export's own way to delete: rows marked `delete` = 1.

    The project's resources do not delete; one that did, this way, would meet the rule as every other path does."""

    def for_delete(self, row, instance):
        return row.get("delete") == "1"


def test_an_import_that_deletes_a_referenced_record_is_refused_whole(ore, unused):
    dataset = tablib.Dataset(["test-unused", "1"], ["test-ore", "1"], headers=["slug", "delete"])
    result = DeletingMineralResource().import_data(dataset)
    assert result.has_errors()
    [(row, [error])] = result.row_errors()
    assert row == 2 and english(error.error) == MESSAGE
    assert intact(ore) and Mineral.objects.filter(slug="test-unused").exists()  # a failed import changes nothing


def test_an_import_deletes_what_nobody_refers_to(unused):
    result = DeletingMineralResource().import_data(tablib.Dataset(["test-unused", "1"], headers=["slug", "delete"]))
    assert not result.has_errors() and result.totals["delete"] == 1
    assert not Mineral.objects.filter(slug="test-unused").exists()


def test_an_import_that_unlinks_the_referrers_lets_the_delete_through(ore):
    """The message's advice through the importers: re-import the deposits without the mineral, then delete it."""
    resource = GeologicalDepositResource()
    exported = resource.export(GeologicalDeposit.objects.filter(minerals=ore))
    dataset = tablib.Dataset(headers=exported.headers)
    for row in exported.dict:
        row["minerals"] = ";".join(key for key in row["minerals"].split(";") if key != "test-ore")
        dataset.append([row[header] for header in exported.headers])
    result = resource.import_data(dataset)
    assert not result.has_errors() and not result.has_validation_errors()
    assert not GeologicalDeposit.objects.filter(minerals=ore).exists()
    ore.delete()
    assert not Mineral.objects.filter(slug="test-ore").exists()


def form_data(response) -> dict:
    """What the browser would send back for an admin change page, unchanged: the form and every inline row."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for bound in form:
            names = [bound.html_name] + ([bound.html_initial_name] if bound.field.show_hidden_initial else [])
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            elif isinstance(value, list):
                value = [str(item) for item in value]
            for name in names:
                data[name] = value if isinstance(value, list) else str(value)
    return data


def test_an_inline_delete_that_gets_past_validation_is_refused_with_the_message(admin_client_, article, monkeypatch):
    """Django's inline form refuses to delete a protected row; one that a reference reached after the check is
    refused by the rule when saved: the message is shown, the whole edit is undone, no error page."""
    from django.contrib.admin import options

    from indicators.models import Locality, Region

    region = Region.objects.create(code="KZ-98", name="Test region", kind="region", source=article)
    town = Locality.objects.create(slug="test-town", name="Test town", kind="town", region=region, source=article)
    Enterprise.objects.create(slug="test-co", name="Test Co", locality=town, source=article)
    url = reverse("admin:indicators_region_change", args=[region.pk])
    data = form_data(admin_client_.get(url))
    data["localities-0-DELETE"] = "on"

    class CheckedEarlier(options.NestedObjects):
        def collect(self, objs, *args, **kwargs):
            pass  # the inline form's check saw no reference yet

    monkeypatch.setattr(options, "NestedObjects", CheckedEarlier)
    response = admin_client_.post(url, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(url, 302)]
    message = "Test town is still referred to by 1 enterprise (Test Co); change or delete those first."
    assert message in response.content.decode()
    assert Locality.objects.filter(slug="test-town", region=region).exists()
