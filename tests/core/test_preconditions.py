"""Optimistic concurrency (regionapi/core/preconditions.py): a record's read names its version in a strong ETag;
PUT, PATCH and DELETE with a stale `If-Match` (or `If-Unmodified-Since`) get 412 and change nothing; a deployment can
require a precondition (428). The admin refuses an edit of a field someone else changed after the form was opened.
The same under real concurrency on PostgreSQL: tests/core/test_concurrent_writes.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import http_date
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from investments.models import GeologicalDeposit, IndustrialZone, Mineral
from regionapi.core.preconditions import version_of_tag

ZONE = "/api/v1/investments/zones/sez-saryarka/"


@pytest.fixture
def writer(superuser):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=superuser).key}")
    return client


def zone_row():
    return IndustrialZone.objects.filter(slug="sez-saryarka").values().get()


def test_a_record_is_read_with_a_strong_etag_naming_its_version(writer, client):
    for reader in (writer, client):
        tag = reader.get(ZONE, HTTP_ACCEPT="application/json")["ETag"]
        assert not tag.startswith("W/") and version_of_tag(tag) is not None
    # Lists and other answers keep a weak tag: they are not one record.
    assert client.get("/api/v1/investments/zones/", HTTP_ACCEPT="application/json")["ETag"].startswith("W/")


def test_patch_with_the_current_etag_writes_and_answers_the_new_one(writer):
    tag = writer.get(ZONE)["ETag"]
    response = writer.patch(ZONE, {"participants": 31}, format="json", HTTP_IF_MATCH=tag)
    assert response.status_code == 200, response.json()
    assert zone_row()["participants"] == 31
    new_tag = response["ETag"]
    assert version_of_tag(new_tag) != version_of_tag(tag)
    assert writer.get(ZONE)["ETag"] == new_tag  # what a read of the written record says
    assert writer.patch(ZONE, {"participants": 32}, format="json", HTTP_IF_MATCH=new_tag).status_code == 200


@pytest.mark.parametrize("method", ["patch", "put", "delete"])
def test_a_stale_if_match_is_412_and_changes_nothing(writer, method):
    stale = writer.get(ZONE)["ETag"]
    assert writer.patch(ZONE, {"participants": 40}, format="json").status_code == 200  # someone else's write
    before, history = zone_row(), IndustrialZone.objects.get(slug="sez-saryarka").history.count()
    body = {**writer.get(ZONE).json(), "participants": 41} if method == "put" else {"participants": 41}
    response = getattr(writer, method)(ZONE, body, format="json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412, response.content
    assert response.json()["code"] == "precondition_failed"
    assert version_of_tag(response["ETag"]) == version_of_tag(writer.get(ZONE)["ETag"])
    assert zone_row() == before
    assert IndustrialZone.objects.get(slug="sez-saryarka").history.count() == history
    # The ETag the 412 gave lets the write through.
    retried = getattr(writer, method)(ZONE, body, format="json", HTTP_IF_MATCH=response["ETag"])
    assert retried.status_code in {200, 204}, retried.content


@pytest.mark.parametrize(
    "if_match",
    ['W/"{answer}.{version}"', '"{answer}"', '"{answer}.1"', "*-not-a-tag", '"a.b.c"', '"x.١٢٣"'],
)
def test_weak_foreign_and_malformed_tags_never_match(writer, if_match):
    tag = writer.get(ZONE)["ETag"]
    answer, version = tag.strip('"').rsplit(".", 1)
    before = zone_row()
    response = writer.patch(
        ZONE, {"participants": 50}, format="json", HTTP_IF_MATCH=if_match.format(answer=answer, version=version)
    )
    assert response.status_code == 412 and response["Content-Type"] == "application/json"
    assert zone_row() == before


def test_star_and_a_list_of_tags_match(writer):
    tag = writer.get(ZONE)["ETag"]
    assert writer.patch(ZONE, {"participants": 51}, format="json", HTTP_IF_MATCH="*").status_code == 200
    current = writer.get(ZONE)["ETag"]
    assert writer.patch(ZONE, {"participants": 52}, format="json", HTTP_IF_MATCH=f"{tag}, {current}").status_code == 200


def test_if_unmodified_since(writer):
    zone = IndustrialZone.objects.get(slug="sez-saryarka")
    before = http_date(zone.updated_at.timestamp() - 3600)
    assert writer.patch(ZONE, {"participants": 60}, format="json", HTTP_IF_UNMODIFIED_SINCE=before).status_code == 412
    assert zone_row()["participants"] != 60
    after = http_date(zone.updated_at.timestamp() + 3600)
    assert writer.patch(ZONE, {"participants": 61}, format="json", HTTP_IF_UNMODIFIED_SINCE=after).status_code == 200
    # Not an HTTP date: ignored, as RFC 9110 asks.
    assert (
        writer.patch(ZONE, {"participants": 62}, format="json", HTTP_IF_UNMODIFIED_SINCE="yesterday").status_code == 200
    )


def test_a_link_change_alone_moves_the_version(writer, article, karaganda):
    deposit = GeologicalDeposit.objects.create(
        slug="test-deposit",
        name="Test",
        kind="deposit",
        exploration_status="completed",
        region=karaganda,
        source=article,
    )
    url = f"/api/v1/investments/deposits/{deposit.slug}/"
    tag = writer.get(url)["ETag"]
    gold = Mineral.objects.get(slug="gold")
    response = writer.patch(url, {"minerals": [gold.slug]}, format="json", HTTP_IF_MATCH=tag)
    assert response.status_code == 200, response.json()
    assert version_of_tag(response["ETag"]) != version_of_tag(tag)
    assert writer.patch(url, {"minerals": []}, format="json", HTTP_IF_MATCH=tag).status_code == 412


def test_a_precondition_can_be_required(writer, settings):
    settings.API_REQUIRE_IF_MATCH = {"PUT", "PATCH", "DELETE"}
    before = zone_row()
    for method in ("patch", "put", "delete"):
        response = getattr(writer, method)(ZONE, {"participants": 70}, format="json")
        assert response.status_code == 428 and "If-Match" in response.json()["detail"]
    assert zone_row() == before
    assert (
        writer.patch(ZONE, {"participants": 70}, format="json", HTTP_IF_MATCH=writer.get(ZONE)["ETag"]).status_code
        == 200
    )
    # Creates and reads need none.
    assert writer.get(ZONE).status_code == 200


def test_a_blind_put_is_refused_by_default_and_a_patch_is_not(writer):
    """Two PUTs sent without a precondition: the second replaces the whole record, erasing the first writer's change
    unseen (30 of 30 rounds lost one). By default a PUT needs If-Match; a PATCH writes only what it sends."""
    body = writer.get(ZONE).json()
    before = zone_row()
    response = writer.put(ZONE, {**body, "participants": 70}, format="json")
    assert response.status_code == 428 and "If-Match" in response.json()["detail"]
    assert zone_row() == before
    response = writer.put(ZONE, {**body, "participants": 70}, format="json", HTTP_IF_MATCH=writer.get(ZONE)["ETag"])
    assert response.status_code == 200, response.json()
    assert writer.patch(ZONE, {"participants": 71}, format="json").status_code == 200


def test_a_detail_304_compares_the_answer_and_needs_no_record_query(db, client):
    tag = client.get(ZONE, HTTP_ACCEPT="application/json")["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(ZONE, HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=tag)
    assert response.status_code == 304 and response["ETag"] == tag
    assert not [query for query in queries if "industrialzone" in query["sql"]]


def test_the_schema_documents_preconditions(schema):
    operation = schema["paths"]["/api/v1/investments/zones/{slug}/"]["patch"]
    assert {"If-Match", "If-Unmodified-Since"} <= {parameter["name"] for parameter in operation["parameters"]}
    assert {"412", "428"} <= set(operation["responses"])
    assert "412" not in schema["paths"]["/api/v1/investments/zones/{slug}/"]["get"]["responses"]


# ---------------------------------------------------------------- the admin


def admin_form_data(response) -> dict:
    from tests.core.test_edits_survive_reloads import admin_form_data as form_data

    return form_data(response)


def test_the_admin_refuses_to_overwrite_a_field_someone_changed_after_the_form_opened(client, superuser, writer):
    zone = IndustrialZone.objects.get(slug="sez-saryarka")
    client.force_login(superuser)
    url = reverse("admin:investments_industrialzone_change", args=[zone.pk])
    data = admin_form_data(client.get(url))
    assert writer.patch(ZONE, {"participants": 80}, format="json").status_code == 200  # saved after the form opened
    data["participants"] = "81"
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the refusal
    message = str(response.context["adminform"].form.non_field_errors())
    assert "admin" in message and "participants" in message.lower() or "Participants" in message, message
    zone.refresh_from_db()
    assert zone.participants == 80
    # Opened again, the form shows the newer value and saves.
    data = admin_form_data(client.get(url))
    data["participants"] = "81"
    again = client.post(url, data)
    assert again.status_code == 302, again.context["adminform"].form.errors
    zone.refresh_from_db()
    assert zone.participants == 81
