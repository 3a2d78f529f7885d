"""Consistency checks (indicators/consistency.yaml, indicators/consistency.py): they pass on the seed and on the official package,
an edited figure fails exactly the check it breaks with both figures named, in `check_data`, the API report, the
write's `warnings` and the admin."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from indicators import consistency

CHECKS = "/api/v1/indicators/checks/"
SMALL = "industrial-enterprises--kz-35--small--2025-09-05"
ALL = "industrial-enterprises--kz-35--2025-09-05"
# The checks whose figures the seed article holds; the others need the official package.
SEED_CHECKS = {"industrial-enterprises-by-size", "zone-participants-by-stage", "colleges-with-dual-training"}


@pytest.fixture
def writer(superuser):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=superuser).key}")
    return client


def statuses() -> dict[str, str]:
    return {result.key: result.status for result in consistency.run_checks()}


def check_data() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("check_data", stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


def test_every_declared_check_has_a_known_kind_and_a_description():
    entries = consistency.declarations()
    assert len({entry["key"] for entry in entries}) == len(entries) > 8
    assert all(entry["kind"] in consistency.KINDS and entry["description"] for entry in entries)


def test_the_seed_passes_its_checks(db):
    found = statuses()
    assert {key: found[key] for key in SEED_CHECKS} == dict.fromkeys(SEED_CHECKS, consistency.PASS)
    assert consistency.FAIL not in found.values()
    assert check_data()[0] == 0


def test_an_edited_figure_fails_exactly_its_check_naming_both_figures(db, writer):
    response = writer.patch(f"/api/v1/indicators/observations/{SMALL}/", {"value": "839"}, format="json")
    assert response.status_code == 200  # warned, not refused
    warnings = response.json()["warnings"]
    assert len(warnings) == 1 and "industrial-enterprises-by-size" in warnings[0]
    assert SMALL in warnings[0] and ALL in warnings[0]

    failed = {key for key, status in statuses().items() if status == consistency.FAIL}
    assert failed == {"industrial-enterprises-by-size"}
    code, output = check_data()
    assert code == 1
    failing = [line for line in output.splitlines() if "FAILS" in line]
    assert len(failing) == 1 and SMALL in failing[0] and ALL in failing[0]
    assert "expected 941" in failing[0] and "found 942" in failing[0]

    report = writer.get(CHECKS, {"status": "fail"}).json()
    assert [check["key"] for check in report] == ["industrial-enterprises-by-size"]
    (case,) = report[0]["cases"]
    assert {figure["key"] for figure in case["figures"]} == {
        ALL,
        SMALL,
        *(SMALL.replace("small", size) for size in ("large", "medium")),
    }
    assert (case["expected"], case["found"]) == ("941.0000", "942.0000")
    for figure in case["figures"]:  # every figure links to its record
        assert writer.get(figure["url"]).status_code == 200

    # Put back, the warning goes.
    response = writer.patch(f"/api/v1/indicators/observations/{SMALL}/", {"value": "838"}, format="json")
    assert response.json()["warnings"] == []


def test_a_zone_whose_stages_do_not_add_up_is_warned_in_the_api_and_the_admin(db, writer, client, superuser):
    response = writer.patch("/api/v1/investments/zones/saran-industrial-zone/", {"participants": 13}, format="json")
    assert response.status_code == 200
    assert any("zone-participants-by-stage" in warning for warning in response.json()["warnings"])
    zone = response.json()
    client.force_login(superuser)
    from investments.models import IndustrialZone

    pk = IndustrialZone.objects.get(slug=zone["slug"]).pk
    page = client.get(reverse("admin:investments_industrialzone_change", args=[pk]))
    assert "zone-participants-by-stage" in page.content.decode()


def test_a_figure_outside_its_bounds_fails(db, writer, article):
    body = {
        "indicator": "industry-share-of-economy",
        "region": "KZ-35",
        "period_start": "2020-01-01",
        "period_end": "2020-12-31",
        "value": "140",
        "source": article.slug,
    }
    response = writer.post("/api/v1/indicators/observations/", body, format="json")
    assert response.status_code == 201
    assert any("rates-within-0-100" in warning for warning in response.json()["warnings"])
    assert statuses()["rates-within-0-100"] == consistency.FAIL


def test_the_report_costs_a_query_per_check_and_refuses_bad_parameters(db, client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CHECKS, {"cases": "all"}).status_code == 200
    assert len(queries) <= len(consistency.declarations()) + 4
    for query in ({"status": "maybe"}, {"cases": "some"}):
        response = client.get(CHECKS, query)
        assert response.status_code == 400 and set(response.json()["errors"]) == set(query)


def test_the_documented_example_is_what_the_api_answers(db, client):
    """The Swagger example (indicators/api/examples/checks.json) of a check on the seed's figures, as served now."""
    from indicators.api import examples

    text = client.get(CHECKS, {"cases": "all"}).content.decode()
    served = json.loads(text.replace("http://testserver/", "https://api.example.kz/"))
    documented = examples.CHECKS[0]
    assert next(check for check in served if check["key"] == documented["key"]) == documented
