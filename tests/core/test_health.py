"""Health endpoints for load balancers, and what a request gets while the database is unreachable."""

import logging
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client

from regionapi.core.health import OutageLogFilter

pytestmark = pytest.mark.django_db


def test_healthz_and_readyz_answer_without_authentication(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    body = client.get("/readyz").json()
    assert body["status"] == "ok" and body["checks"]["database"] == "ok"


def test_readyz_is_503_when_the_database_does_not_answer(client):
    with mock.patch("regionapi.core.health._database_ready", return_value="unreachable"):
        response = client.get("/readyz")
    assert response.status_code == 503 and response["Retry-After"]


@pytest.mark.parametrize(("path", "json"), [("/api/v1/investments/zones/", True), ("/admin/login/", False)])
def test_a_database_error_of_the_outage_kind_is_a_503_with_retry_after(path, json):
    client = Client(raise_request_exception=False)
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError("gone")):
        response = client.get(path)
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    if json:
        assert response.json()["code"] == "unavailable"


def test_an_outage_logs_one_line_per_kind_per_interval():
    log_filter = OutageLogFilter()

    def record():
        try:
            raise OperationalError("connection refused\nmore detail")
        except OperationalError:
            import sys

            return logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Error: %s", ("/x",), sys.exc_info())

    first, second = record(), record()
    assert log_filter.filter(first) and first.exc_info is None and "connection refused" in first.getMessage()
    assert not log_filter.filter(second)  # the same kind again within the interval: dropped
    other = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "plain", (), None)
    assert log_filter.filter(other)


@pytest.mark.parametrize("path", ["/api/v1/", "/healthz", "/api/schema/"])
def test_what_needs_no_data_answers_while_the_database_is_down(path):
    client = Client(raise_request_exception=False)
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError("gone")):
        with mock.patch(
            "django.db.backends.base.base.BaseDatabaseWrapper.ensure_connection", side_effect=OperationalError("gone")
        ):
            assert client.get(path).status_code == 200


def test_the_server_refuses_to_start_when_the_configured_cache_does_not_answer():
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CACHE_URL"))},
        "DJANGO_ENV_FILE": "",
        "DJANGO_SECRET_KEY": "a-test-only-secret-key",
        "CACHE_URL": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "CACHE_URL names a cache that does not answer" in result.stderr


def test_readyz_logs_one_line_per_interval_while_down(client):
    """A load balancer polls /readyz every few seconds: while the database is down that was one log line per poll."""
    from regionapi.core import health

    health._not_ready_logged["at"] = None
    # The module's logger itself is watched, not the root's records: another test in the same process may have
    # reconfigured logging (a server started in-process), which is not what this test is about.
    with (
        mock.patch("regionapi.core.health._database_ready", return_value="unreachable"),
        mock.patch.object(health.logger, "warning") as warning,
    ):
        for _ in range(5):
            assert client.get("/readyz").status_code == 503
    assert warning.call_count == 1
    message, *arguments = warning.call_args.args
    assert message.startswith("/readyz: not ready") and "database" in message % tuple(arguments)


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_answers_over_plain_http_behind_the_ssl_redirect(client, settings, path):
    """A load balancer polls the process itself over plain HTTP; behind DJANGO_SECURE_SSL_REDIRECT that was a 301."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(path).status_code == 200
    assert client.get("/api/v1/").status_code == 301  # everything else is still redirected
