"""Bad requests get one clear JSON error shape, never a 500 or an HTML page."""

import pytest

pytestmark = pytest.mark.django_db
ZONES = "/api/v1/investments/zones/"


def error(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"status", "code", "detail", "errors"}
    assert body["status"] == status
    return body


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"participants__gte": "many"}, "participants__gte"),
        ({"as_of": "2025-02-30"}, "as_of"),
        ({"kind": "spaceport"}, "kind"),
        ({"region": "XX-99"}, "region"),
        ({"ordering": "secret_field"}, "ordering"),
        ({"regoin": "KZ-35"}, "regoin"),
        ({"page_size": "lots"}, "page_size"),
        ({"page_size": "1001"}, "page_size"),
        ({"page": "first"}, "page"),
    ],
)
def test_bad_parameter_is_400_naming_it(api, query, parameter):
    body = error(api(ZONES, query), 400)
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [parameter]
    assert parameter in body["detail"]


def test_page_past_the_end_is_404(api):
    assert error(api(ZONES, {"page": 99}), 404)["code"] == "not_found"


def test_unknown_api_url_is_json_404(api):
    body = error(api("/api/v1/no-such-resource/", HTTP_ACCEPT_LANGUAGE="en"), 404)
    assert body == {
        "status": 404,
        "code": "not_found",
        "detail": "No API resource at /api/v1/no-such-resource/.",
        "errors": {},
    }
    error(api("/api/v2/"), 404)


def test_method_not_allowed_is_json_405(admin_client):
    response = admin_client.delete(ZONES)
    assert error(response, 405)["code"] == "method_not_allowed"


def test_error_messages_follow_the_requested_language(api):
    body = error(api(ZONES, {"participants__gte": "x"}, HTTP_ACCEPT_LANGUAGE="ru"), 400)
    assert body["errors"]["participants__gte"] == ["Введите число."]


def test_cors_allows_any_origin_on_the_api(api):
    response = api(ZONES, HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_server_error_is_json_for_the_api(client, settings, monkeypatch):
    from investments.api import views

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.IndustrialZoneViewSet, "list", explode)
    client.raise_request_exception = False
    response = client.get(ZONES, HTTP_ACCEPT_LANGUAGE="en")
    assert error(response, 500) == {
        "status": 500,
        "code": "server_error",
        "detail": "Internal server error.",
        "errors": {},
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/investments/projects/summary/?group_by=status",
        "/api/v1/investments/projects/facets/",
        "/api/v1/indicators/indicators/industrial-output/series/?region=KZ-35",
        "/api/v1/indicators/regions/KZ-35/profile/",
    ],
)
@pytest.mark.parametrize("fmt", ["", "&format=csv"])
def test_bad_translations_on_an_analytic_action_is_a_400(client, path, fmt):
    """Renderers are chosen again while an error is handled: choosing them must not read the query again."""
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}translations=maybe{fmt}")
    assert response.status_code == 400
    # The profile has no CSV form: that parameter is named first.
    assert set(response.json()["errors"]) == ({"format"} if fmt and "profile" in path else {"translations"})


@pytest.mark.django_db
def test_delete_asked_as_csv_answers_204_with_no_body(client, superuser):
    from tests.support import factories as make

    record = make.MineralFactory()
    client.force_login(superuser)
    response = client.delete(f"/api/v1/investments/minerals/{record.slug}/?format=csv")
    assert response.status_code == 204 and response.content == b""


@pytest.mark.django_db
def test_a_nul_character_in_a_json_body_is_a_400(client, superuser):
    client.force_login(superuser)
    response = client.patch(
        "/api/v1/indicators/units/tonne/",
        data='{"translations": {"name": {"en": "a\\u0000b"}}}',
        content_type="application/json",
    )
    body = response.json()
    assert response.status_code == 400 and list(body["errors"]) == ["translations.name.en"]  # the field, named
    assert "NUL" in body["errors"]["translations.name.en"][0]


@pytest.mark.parametrize(
    ("path", "query", "parameter"),
    [
        (ZONES, {"page": "²"}, "page"),  # a superscript: a digit to str.isdigit(), not to int()
        (ZONES, {"page_size": "٥٠"}, "page_size"),  # Arabic-Indic digits: int() would read 50
        (ZONES, {"participants__gte": "１２"}, "participants__gte"),  # fullwidth digits: a filter
        (ZONES, {"as_of": "٢٠٢٥-01-01"}, "as_of"),  # a date filter
        ("/api/v1/indicators/indicators/industrial-output/series/", {"region": "KZ-35", "mrv": "３"}, "mrv"),
    ],
)
def test_numbers_and_dates_take_ascii_digits_only(api, path, query, parameter):
    body = error(api(path, query), 400)
    assert list(body["errors"]) == [parameter]


@pytest.fixture
def writer(superuser):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(superuser)
    return client


def test_a_write_naming_an_unknown_field_or_changing_a_read_only_one_is_400(writer, article):
    zone = writer.get(ZONES).json()["results"][0]
    url = zone["url"]
    body = error(writer.patch(url, {"nmae": "typo"}, format="json"), 400)
    assert list(body["errors"]) == ["nmae"]
    body = error(writer.patch(url, {"created_at": "2000-01-01T00:00:00Z"}, format="json"), 400)
    assert list(body["errors"]) == ["created_at"]
    body = error(writer.post(ZONES, {"url": "http://elsewhere/"}, format="json"), 400)
    assert "url" in body["errors"]
    # What was read may be sent back unchanged, read-only fields included.
    assert writer.patch(url, {"created_at": zone["created_at"], "url": zone["url"]}, format="json").status_code == 200


def test_a_body_number_in_other_digits_is_400(writer, article):
    url = writer.get(ZONES).json()["results"][0]["url"]
    body = error(writer.patch(f"{url}?lang=en", {"investment_kzt": "١٠٠"}, format="json"), 400)
    assert body["errors"] == {"investment_kzt": ["Write numbers and dates with the digits 0-9."]}
    body = error(writer.patch(f"{url}?lang=ru", {"investment_kzt": "١٠٠"}, format="json"), 400)
    assert body["errors"] == {"investment_kzt": ["Пишите числа и даты цифрами 0-9."]}


def test_deep_json_and_huge_bodies_are_json_errors(writer, article):
    url = writer.get(ZONES).json()["results"][0]["url"]
    deep = "[" * 100_000 + "]" * 100_000  # past the JSON decoder's recursion limit
    error(writer.generic("PATCH", url, deep, content_type="application/json"), 400)
    nested = '{"name": ' + "[" * 40 + "]" * 40 + "}"  # decodes, but deeper than any record
    assert "32" in error(writer.generic("PATCH", url, nested, content_type="application/json"), 400)["detail"]
    huge = '{"note": "' + "x" * (10 * 1024 * 1024) + '"}'
    assert error(writer.generic("PATCH", url, huge, content_type="application/json"), 413)["code"] == "too_large"
    form = "&".join(f"f{index}=1" for index in range(2000))  # over Django's DATA_UPLOAD_MAX_NUMBER_FIELDS
    error(writer.generic("POST", ZONES, form, content_type="application/x-www-form-urlencoded"), 400)


def test_the_same_figure_posted_twice_is_a_409_naming_its_generated_code(writer, article):
    body = {
        "indicator": "industrial-output",
        "region": "KZ-35",
        "period_start": "1990-01-01",
        "period_end": "1990-12-31",
        "value": "1.0000",
        "source": article.slug,
    }
    first = writer.post("/api/v1/indicators/observations/", body, format="json")
    assert first.status_code == 201, first.json()
    detail = error(writer.post("/api/v1/indicators/observations/", body, format="json"), 409)["detail"]
    assert first.json()["code"] in detail
