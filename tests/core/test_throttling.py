"""One rate budget per client (regionapi/core/throttling.py): answers the HTTP cache makes without the view (a 304, a
kept answer served again) and the region pages count as the API's views do, in the same counters; the API root and
the documentation count against nothing and stay reachable past the limit.

The tests on Redis use the `redis` fixture (tests/conftest.py): the one at TEST_REDIS_URL, under a key prefix of their
own whose keys are deleted after.
"""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from regionapi.core import dataversion
from regionapi.core.models import DataVersion

pytestmark = pytest.mark.django_db
ZONE = "/api/v1/investments/zones/sez-saryarka/"
PAGE = "/regions/KZ-35/"
RATES = {"anon": "3/minute", "user": "3/minute"}


@pytest.fixture
def three_a_minute(monkeypatch):
    """Anyone, signed in or not, gets three requests a minute."""
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", RATES)
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", RATES)


def assert_api_429(response):
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60


def test_304s_count_against_the_rate(client, three_a_minute):
    etag = client.get(ZONE)["ETag"]
    assert [client.get(ZONE, HTTP_IF_NONE_MATCH=etag).status_code for _ in range(3)] == [304, 304, 429]
    assert_api_429(client.get(ZONE, HTTP_IF_NONE_MATCH=etag))


def test_answers_served_again_from_redis_count_against_the_rate(client, redis, three_a_minute):
    first = client.get(ZONE)
    again = client.get(ZONE)  # the kept answer, without the view
    assert (first.status_code, again.status_code, again.content) == (200, 200, first.content)
    assert client.get(ZONE, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert_api_429(client.get(ZONE))


def test_signed_in_304s_count_against_the_clients_own_rate(client, admin_user, three_a_minute):
    token = f"Token {Token.objects.create(user=admin_user).key}"
    etag = client.get(ZONE, HTTP_AUTHORIZATION=token)["ETag"]
    assert client.get(ZONE, HTTP_AUTHORIZATION=token, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(ZONE, HTTP_AUTHORIZATION=token, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert_api_429(client.get(ZONE, HTTP_AUTHORIZATION=token, HTTP_IF_NONE_MATCH=etag))
    assert client.get(ZONE).status_code == 200  # anonymous from the same address: another budget


def test_credentials_that_do_not_authenticate_get_401_not_304(client):
    DataVersion.objects.filter(pk=dataversion.ROW).update(changed_at=timezone.now() - timedelta(minutes=1))
    stamp = client.get(ZONE)["Last-Modified"]
    response = client.get(ZONE, HTTP_AUTHORIZATION="Token not-a-real-token", HTTP_IF_MODIFIED_SINCE=stamp)
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"


def test_pages_count_against_the_rate_and_answer_429_as_text(client, three_a_minute):
    assert [client.get(PAGE).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get("/regions/", {"lang": "en"})
    assert response.status_code == 429
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith("Request was throttled. Expected available in")
    assert 0 < int(response["Retry-After"]) <= 60


def test_pages_and_their_304s_from_the_cache_count_too(client, redis, three_a_minute):
    first = client.get(PAGE)
    assert client.get(PAGE).content == first.content  # served again from Redis
    assert client.get(PAGE, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(PAGE).status_code == 429


def test_the_api_and_the_pages_share_one_budget(client, three_a_minute):
    assert client.get(ZONE).status_code == 200
    assert client.get(PAGE).status_code == 200
    assert client.get(ZONE).status_code == 200
    assert client.get(PAGE).status_code == 429
    assert_api_429(client.get(ZONE))


NEVER_COUNTED = [
    "/api/v1/",
    "/api/schema/",
    "/api/docs/",
    "/api/redoc/",
    "/llms.txt",
    "/healthz",
    "/readyz",
    "/static/pages/pages.css",
]


def test_docs_the_api_root_health_and_static_files_stay_reachable_past_the_limit(client, three_a_minute):
    assert [client.get(ZONE).status_code for _ in range(4)] == [200, 200, 200, 429]
    for path in NEVER_COUNTED:
        assert client.get(path).status_code == 200, path


def test_docs_the_api_root_health_and_static_files_count_against_nothing(client, redis, three_a_minute):
    for path in NEVER_COUNTED * 2:  # the second round from the response cache and the browser's cache alike
        response = client.get(path)
        assert response.status_code == 200, path
        if "ETag" in response:
            assert client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304, path
    assert [client.get(ZONE).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_the_schema_has_a_budget_of_its_own(client, monkeypatch):
    """Past the API's limit the schema is still served, but building it is not free for the taking: its own rate."""
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"docs": "2/minute"})
    assert [client.get("/api/schema/", {"version": str(n)}).status_code for n in range(2)] == [200, 200]
    assert client.get("/api/v1/").status_code == 200 and client.get(ZONE).status_code == 200  # the API's budget
    # Last: the schema view runs outside a transaction, and DRF marks the test's own for rollback on a refusal.
    assert client.get("/api/schema/", {"version": "2"}).status_code == 429


@pytest.mark.parametrize("path", ["/api/v1/", "/api/schema/", "/regions/", PAGE])
def test_made_up_parameters_do_not_vary_the_answers_that_ignore_them(client, redis, path, django_assert_num_queries):
    first = client.get(path)
    with django_assert_num_queries(0):  # from the response cache: no view, no SQL
        again = client.get(path, {"utm_source": "x", "made-up": uuid.uuid4().hex})
    assert (again.status_code, again["ETag"], again.content) == (200, first["ETag"], first.content)


def test_answers_vary_by_the_parameters_they_read_only(client):
    assert client.get(PAGE, HTTP_ACCEPT="text/x-made-up")["ETag"] == client.get(PAGE)["ETag"]  # a page is HTML
    assert client.get(PAGE, {"lang": "en"})["ETag"] != client.get(PAGE, {"lang": "ru"})["ETag"]
    assert client.get("/api/v1/?format=json")["ETag"] != client.get("/api/v1/", HTTP_ACCEPT="application/json")["ETag"]
    assert client.get("/api/schema/?format=json")["ETag"] != client.get("/api/schema/")["ETag"]
    assert client.get(ZONE, {"made-up": "1"}).status_code == 400  # a resource refuses what it does not read
