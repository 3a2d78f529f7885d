"""Property-based runs of the whole OpenAPI schema against the app in-process: no server error and no response that
breaks the schema, whatever parameters and bodies the schema allows or forbids.

- Every read with a staff token (so histories answer too): schemathesis's coverage phase, positive cases only
  (every enum value and the boundary values of every parameter, a request each), and 12 generated examples each,
  valid and invalid. The coverage phase's invalid cases (about 7,900 requests, as long again as the rest of this
  pass) are left to the generated invalid examples and the 400 tests (tests/core/test_api_errors.py,
  tests/core/test_parameter_errors.py).
- Every write with a staff token, so that requests reach validation: 10 generated bodies each, valid and invalid
  (half the earlier budget, for a `make test` under 3 minutes). The hostile bodies every write must refuse are
  tests of their own (tests/core/test_api_errors.py).
- Every operation anonymously, 3 generated examples each: an account changes only whether a write or a history is
  allowed, and an anonymous write can only ever be refused, so a bigger budget there would test nothing more.

A path that addresses a record (`{slug}`, `{code}`) gets the key of a record that exists when the request goes as
staff, so reads, changes and deletes reach the record, its serializer and its validation rather than a 404.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests.support.openapi import openapi

# Generated in-process (no request, no database) so it can be loaded while tests are collected.
OPENAPI = openapi()
WITH_COVERAGE = schemathesis.openapi.from_dict(
    OPENAPI, config=SchemathesisConfig.from_dict({"phases": {"coverage": {"generation": {"mode": "positive"}}}})
)
GENERATED_ONLY = schemathesis.openapi.from_dict(
    OPENAPI, config=SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
)
WITH_COVERAGE.app = GENERATED_ONLY.app = application
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
SETTINGS = {"deadline": None, "suppress_health_check": list(HealthCheck), "derandomize": True}


@pytest.fixture(autouse=True)
def keep_test_connection():
    """Requests go through the real WSGI handler, whose signals would close the test's database connection
    (Django's test client disconnects the same receivers)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def as_staff(db, django_user_model):
    """Sends a case with a superuser's token, its record key (if its path has one) replaced by an existing one."""
    user = django_user_model.objects.create_superuser("schemathesis", "schemathesis@example.kz", "a-long-test-password")
    headers = {"Authorization": f"Token {Token.objects.create(user=user).key}"}

    keys = {}  # path parameter -> an existing record's key, looked up again after a delete

    def send(case):
        for name in case.path_parameters or {}:
            if name not in keys:
                keys[name] = existing_key(case.operation.path, name)
            if keys[name] is not None:
                case.path_parameters[name] = keys[name]
            elif case.path_parameters[name] in sibling_routes(case.operation.path, name):
                # No record is left (the deletes took them all), and the generated key is the name of another of the
                # resource's operations (`summary` in `/deposits/{slug}/`): that URL is the other operation, not this
                # one. A key that no record has stands in for it.
                case.path_parameters[name] = "no-such-record"
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        if case.method.upper() == "DELETE" and response.status_code == 204:
            keys.clear()
        return response

    return send


def sibling_routes(path: str, name: str) -> set[str]:
    """The fixed path segments that stand where `{name}` stands in `path`: `summary`, `facets` for
    `/api/v1/investments/deposits/{slug}/`."""
    prefix = path.split("{" + name + "}", 1)[0]
    return {
        other[len(prefix) :].split("/", 1)[0]
        for other in OPENAPI["paths"]
        if other.startswith(prefix) and not other[len(prefix) :].startswith("{")
    } - {""}


def existing_key(path: str, name: str) -> str | None:
    """The key (`name`) of a record of the resource that `path` (`/api/v1/investments/zones/{slug}/...`) addresses."""
    body = Client().get(path.split("{")[0], {"page_size": 50}, HTTP_ACCEPT="application/json").json()
    # Django's test client connects close_old_connections again when it is done; the WSGI calls that follow would
    # then close the test's database connection (on PostgreSQL), so it is taken off again.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    return next((row[name] for row in body.get("results", []) if row.get(name)), None)


@WITH_COVERAGE.include(method="GET").parametrize()
@settings(max_examples=12, **SETTINGS)
def test_every_read_as_staff(case, as_staff):
    as_staff(case)


@GENERATED_ONLY.exclude(method="GET").parametrize()
@settings(max_examples=10, **SETTINGS)
def test_every_write_as_staff(case, as_staff):
    as_staff(case)


@GENERATED_ONLY.parametrize()
@settings(max_examples=3, **SETTINGS)
def test_every_operation_anonymously(case, db):
    response = case.call_and_validate(checks=CHECKS)
    if case.method.upper() != "GET":
        assert response.status_code >= 400, "an anonymous write went through"
