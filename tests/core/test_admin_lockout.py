"""Admin sign-in lockout (django-axes): per user name and address, for a cool-off, with either handler; API tokens
are never affected."""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.test import Client, override_settings
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/admin/login/"
PASSWORD = "a-long-test-password"
HANDLERS = {
    "database": "axes.handlers.database.AxesDatabaseHandler",
    "cache": "axes.handlers.cache.AxesCacheHandler",
}


@pytest.fixture(params=sorted(HANDLERS))
def handler(request):
    """Each test runs with the database handler and with the cache handler (in the tests' per-process cache)."""
    with override_settings(AXES_HANDLER=HANDLERS[request.param]):
        AxesProxyHandler.get_implementation(force=True)
        yield request.param
    AxesProxyHandler.get_implementation(force=True)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.kz", PASSWORD)


def sign_in(password, *, username="editor", address="203.0.113.7"):
    """A fresh browser (no session) posting the admin's sign-in form from `address`."""
    return Client(REMOTE_ADDR=address).post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def fail(times, **who):
    for _ in range(times):
        response = sign_in("wrong-password", **who)
    return response


def test_the_defaults_are_five_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_fewer_failures_than_the_limit_still_allow_a_sign_in(handler, editor):
    response = fail(settings.AXES_FAILURE_LIMIT - 1)
    assert response.status_code == 200  # the form again, with its error
    assert signed_in(sign_in(PASSWORD))


def test_a_successful_sign_in_clears_the_failures(handler, editor):
    fail(settings.AXES_FAILURE_LIMIT - 1)
    assert signed_in(sign_in(PASSWORD))
    fail(settings.AXES_FAILURE_LIMIT - 1)
    assert signed_in(sign_in(PASSWORD))


def test_the_limit_locks_that_user_from_that_address_even_with_the_right_password(handler, editor):
    response = fail(settings.AXES_FAILURE_LIMIT)
    assert response.status_code == 429
    response = sign_in(PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in response.client.session
    page = response.content.decode()
    assert "Sign-in locked" in page and "“editor”" in page and "0:15:00" in page


def test_another_address_and_another_user_are_not_locked(handler, editor, django_user_model):
    django_user_model.objects.create_superuser("colleague", "colleague@example.kz", PASSWORD)
    fail(settings.AXES_FAILURE_LIMIT)
    assert sign_in(PASSWORD).status_code == 429
    assert signed_in(sign_in(PASSWORD, address="198.51.100.20"))
    assert signed_in(sign_in(PASSWORD, username="colleague"))


def test_the_lock_ends_after_the_cool_off(handler, editor):
    with override_settings(AXES_COOLOFF_TIME=timedelta(seconds=2)):
        # The cool-off counts from the first failure: on a loaded machine the failures and the sign-in may take
        # longer than it, and then the lock has rightly ended already; the refusal is checked only when they did not.
        # The cache handler counts it from the last attempt instead (each one sets the key's expiry again), so the
        # wait runs from the end of the refused sign-in: past the cool-off by either count.
        started = time.monotonic()
        fail(settings.AXES_FAILURE_LIMIT)
        refused = sign_in(PASSWORD).status_code
        if time.monotonic() - started < 1.5:
            assert refused == 429
        time.sleep(2.1)  # waits out the cool-off; nothing measures time
        assert signed_in(sign_in(PASSWORD))


def test_an_api_token_of_a_locked_user_still_works(handler, editor):
    """Tokens are checked by DRF against the token table, never through authenticate(): axes never sees them."""
    token = Token.objects.create(user=editor)
    fail(settings.AXES_FAILURE_LIMIT)
    assert sign_in(PASSWORD).status_code == 429
    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION=f"Token {token.key}")
    # Staff only: a 200 proves the token named the user.
    response = client.get("/api/v1/investments/zones/sez-saryarka/history/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    response = client.patch(
        "/api/v1/investments/zones/sez-saryarka/", {"participants": 26}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["participants"] == 26


def test_failed_sign_ins_do_not_raise_the_data_version(editor):
    """Every write raises the version that ETags and the response cache are keyed on; sign-in attempts are not data,
    and an attacker's failures must not empty every cache."""
    from regionapi.core.dataversion import database_version

    before = database_version()
    fail(settings.AXES_FAILURE_LIMIT + 1)
    assert database_version() == before


@pytest.mark.parametrize(
    ("cache_url", "expected"),
    [(None, "database"), ("locmemcache://", "database"), ("redis://127.0.0.1:6379/1", "cache")],
)
def test_the_cache_handler_is_used_when_cache_url_names_a_shared_cache(cache_url, expected):
    env = {key: value for key, value in os.environ.items() if key != "CACHE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DJANGO_ENV_FILE="")
    if cache_url:
        env["CACHE_URL"] = cache_url
    # Reads the settings module only: no app starts, so no cache needs to answer.
    code = "from django.conf import settings; print(settings.AXES_HANDLER)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == HANDLERS[expected], result.stderr
