"""Write access: the permission matrix, validation, protected deletes, throttling and tokens."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from config.urls import API_ROUTERS
from tests.support import factories as make

pytestmark = pytest.mark.django_db
ARTICLE = "baq-kz-2025-09-05-karaganda-industry"
DATA_APPS = ("indicators", "investments", "education")

# A valid record to create through each resource, and a change to make to it.
WRITES = {
    "sources": (
        {"slug": "test-source", "title": "Test", "kind": "news-article", "publisher": "Test", "language": "kk"},
        {"title": "Renamed"},
    ),
    "units": ({"code": "test-unit", "symbol": "tu", "name": "test unit"}, {"symbol": "tu2"}),
    "regions": (
        {"code": "KZ-99", "name": "Test region", "kind": "region", "source": "iso-3166-2-kz"},
        {"name": "Renamed"},
    ),
    "localities": (
        {"slug": "test-town", "name": "Test town", "kind": "town", "region": "KZ-35", "source": ARTICLE},
        {"name": "Renamed"},
    ),
    "sectors": (
        {"code": "99", "name": "Test division", "level": "division", "parent": "C", "source": "nace-rev-2"},
        {"name": "Renamed"},
    ),
    "enterprise-roles": ({"code": "test-role", "name": "Test role"}, {"name": "Renamed"}),
    "enterprises": (
        {"slug": "test-co", "name": "Test Co", "roles": ["investor"], "country": "KZ", "source": ARTICLE},
        {"country": "TR"},
    ),
    "products": ({"slug": "test-product", "name": "Test product", "sector": "C"}, {"name": "Renamed"}),
    "indicators": ({"code": "test-indicator", "name": "Test", "unit": "count", "source": ARTICLE}, {"name": "Renamed"}),
    "observations": (
        {
            "code": "test-observation",
            "indicator": "colleges",
            "region": "KZ-62",
            "period_start": "2024-01-01",
            "period_end": "2024-12-31",
            "value": "1",
            "source": ARTICLE,
        },
        {"value": "2.0000"},
    ),
    "zones": (
        {
            "slug": "test-zone",
            "name": "Test zone",
            "kind": "industrial-park",
            "status": "proposed",
            "region": "KZ-35",
            "locality": "saran",
            "source": ARTICLE,
        },
        {"participants": 4},
    ),
    "programmes": (
        {"slug": "test-programme", "name": "Test", "region": "KZ-35", "project_count": 3, "source": ARTICLE},
        {"total_kzt": "1000.00"},
    ),
    "projects": (
        {
            "slug": "test-project",
            "name": "Test",
            "status": "planned",
            "region": "KZ-35",
            "zone": "saran-industrial-park",
            "source": ARTICLE,
        },
        {"status": "commissioned"},
    ),
    "minerals": ({"slug": "test-mineral", "name": "Test", "source": ARTICLE}, {"name": "Renamed"}),
    "deposits": (
        {
            "slug": "test-deposit",
            "name": "Test",
            "kind": "deposit",
            "exploration_status": "identified",
            "region": "KZ-35",
            "minerals": ["gold"],
            "source": ARTICLE,
        },
        {"explorers": ["ig-global"]},
    ),
    "institutions": (
        {
            "slug": "test-institution",
            "name": "Test",
            "kind": "college",
            "region": "KZ-35",
            "dual_training": True,
            "source": ARTICLE,
        },
        {"dual_training": False},
    ),
    "training-programmes": ({"slug": "test-training", "name": "Test", "source": ARTICLE}, {"name": "Renamed"}),
}
RESOURCES = {
    prefix: (namespace, basename, viewset)
    for namespace, router in API_ROUTERS
    for prefix, viewset, basename in router.registry
}


def test_every_resource_has_a_write_case():
    assert set(WRITES) == set(RESOURCES)


def client_for(user=None):
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def roles(db, django_user_model):
    editors = Group.objects.create(name="editors")
    editors.permissions.set(Permission.objects.filter(content_type__app_label__in=DATA_APPS))
    editor = django_user_model.objects.create_user("editor", password="a-long-test-password")
    editor.groups.add(editors)
    return {
        "anonymous": None,
        "no-permission": django_user_model.objects.create_user("reader", password="a-long-test-password"),
        "editor": editor,
        "admin": django_user_model.objects.create_superuser("root", password="a-long-test-password"),
    }


EXPECTED = {
    "anonymous": {"GET": 200, "POST": 401, "PATCH": 401, "DELETE": 401},
    "no-permission": {"GET": 200, "POST": 403, "PATCH": 403, "DELETE": 403},
    "editor": {"GET": 200, "POST": 201, "PATCH": 200, "DELETE": 204},
    "admin": {"GET": 200, "POST": 201, "PATCH": 200, "DELETE": 204},
}
MATRIX = [
    (role, method, prefix) for role in EXPECTED for method in ("GET", "POST", "PATCH", "DELETE") for prefix in WRITES
]


@pytest.mark.parametrize(("role", "method", "prefix"), MATRIX, ids=[f"{r}-{m}-{p}" for r, m, p in MATRIX])
def test_permission_matrix(roles, role, method, prefix):
    namespace, basename, viewset = RESOURCES[prefix]
    payload, change = WRITES[prefix]
    key_field = viewset.lookup_field
    list_url = reverse(f"{namespace}:{basename}-list")
    model = viewset.queryset.model
    if method != "POST":  # the record to read, change or delete, created by an admin
        created = client_for(roles["admin"]).post(list_url, payload, format="json")
        assert created.status_code == 201, created.json()
    detail_url = reverse(f"{namespace}:{basename}-detail", args=[payload[key_field]])
    before = sorted(model.objects.values_list("pk", flat=True)), list(model.objects.values().order_by("pk"))
    client = client_for(roles[role])
    response = {
        "GET": lambda: client.get(detail_url),
        "POST": lambda: client.post(list_url, payload, format="json"),
        "PATCH": lambda: client.patch(detail_url, change, format="json"),
        "DELETE": lambda: client.delete(detail_url),
    }[method]()
    assert response.status_code == EXPECTED[role][method], getattr(response, "data", response)
    after = sorted(model.objects.values_list("pk", flat=True)), list(model.objects.values().order_by("pk"))
    if response.status_code in (401, 403):
        assert after == before
        assert response.json()["status"] == response.status_code
        if response.status_code == 401:
            assert response["WWW-Authenticate"] == "Token"
    elif method == "POST":
        body = response.json()
        assert body[key_field] == payload[key_field]
        assert model.objects.filter(**{key_field: payload[key_field]}).exists()
    elif method == "PATCH":
        body = response.json()
        for field, value in change.items():
            shown = body[field]
            if isinstance(shown, list):
                shown = [item["slug"] for item in shown]
            assert shown == value
    elif method == "DELETE":
        assert not model.objects.filter(**{key_field: payload[key_field]}).exists()


@pytest.fixture
def editor_client(roles):
    return client_for(roles["editor"])


@pytest.mark.parametrize(
    ("prefix", "payload", "field"),
    [
        ("zones", {"investment_kzt": "-1"}, "investment_kzt"),
        ("zones", {"kind": "spaceport"}, "kind"),
        ("zones", {"region": "KZ-62"}, "locality"),  # Saran lies in KZ-35: the model's clean() says so
        ("zones", {"participants": 1, "participants_operating": 2, "participants_implementing": 0}, "non_field_errors"),
        ("zones", {"area": "5"}, "non_field_errors"),  # an area needs its unit
        ("observations", {"period_start": "2024-12-31", "period_end": "2024-01-01"}, "period_end"),
        ("observations", {"status": "rumoured"}, "status"),
        ("observations", {"region": "XX-00"}, "region"),
        ("enterprises", {"country": "usa"}, "country"),
        ("enterprises", {"country": "us"}, "non_field_errors"),  # the ISO alpha-2 constraint
        ("deposits", {"minerals": ["kryptonite"]}, "minerals"),
        ("projects", {"inferred": ["status", "colour"]}, "inferred"),  # not a field of a project
        ("zones", {"inferred": ["source"]}, "inferred"),  # provenance is never a reading
        ("observations", {"inferred": "period_start"}, "inferred"),  # a list, not a string
        ("institutions", {"inferred": [1]}, "inferred"),
    ],
)
def test_bad_writes_are_400_naming_the_field(editor_client, prefix, payload, field):
    namespace, basename, viewset = RESOURCES[prefix]
    model = viewset.queryset.model
    count = model.objects.count()
    response = editor_client.post(
        reverse(f"{namespace}:{basename}-list"), {**WRITES[prefix][0], **payload}, format="json"
    )
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"], response.json()
    assert model.objects.count() == count


def zone_with_a_project():
    zone = make.IndustrialZoneFactory()
    make.InvestmentProjectFactory(zone=zone, region=zone.region)
    return f"/api/v1/investments/zones/{zone.slug}/"


def source_of_a_figure():
    source = make.SourceFactory()
    make.ObservationFactory(source=source)
    return f"/api/v1/indicators/sources/{source.slug}/"


def mineral_of_a_deposit():
    mineral = make.MineralFactory()
    make.GeologicalDepositFactory(minerals=[mineral])
    return f"/api/v1/investments/minerals/{mineral.slug}/"


def region_of_a_locality():
    return f"/api/v1/indicators/regions/{make.LocalityFactory().region.code}/"


def explorer_of_a_deposit():
    explorer = make.EnterpriseFactory()
    make.GeologicalDepositFactory(explorers=[explorer])
    return f"/api/v1/indicators/enterprises/{explorer.slug}/"


@pytest.mark.parametrize(
    ("record", "mentions"),
    [
        (zone_with_a_project, "investment project"),
        (source_of_a_figure, "observation"),
        (mineral_of_a_deposit, "geological deposit"),
        (region_of_a_locality, "localit"),
        (explorer_of_a_deposit, "geological deposit"),
    ],
)
def test_deleting_what_others_depend_on_is_409(roles, record, mentions):
    url = record()
    response = client_for(roles["admin"]).delete(url)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict" and mentions in body["detail"]
    assert client_for(None).get(url).status_code == 200


def test_throttling_answers_429_with_retry_after(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "1000/minute"})
    statuses = [client.get("/api/v1/investments/zones/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/investments/zones/")
    assert response.json()["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60


def test_a_made_up_forwarded_for_is_no_new_budget(client, monkeypatch):
    """DRF keyed an anonymous client by the whole X-Forwarded-For header unless told how many proxies append to it:
    a new made-up value per request was a fresh budget."""
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "1000/minute"})
    statuses = [
        client.get("/api/v1/investments/zones/", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}").status_code
        for number in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_behind_one_proxy_the_address_it_saw_is_the_client(client, monkeypatch, settings):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute", "user": "1000/minute"})
    monkeypatch.setitem(settings.REST_FRAMEWORK, "NUM_PROXIES", 1)
    from rest_framework.settings import api_settings

    api_settings.reload()
    try:
        first = client.get("/api/v1/investments/zones/", HTTP_X_FORWARDED_FOR="made-up, 192.0.2.1")
        second = client.get("/api/v1/investments/zones/", HTTP_X_FORWARDED_FOR="other, 192.0.2.1")
        other = client.get("/api/v1/investments/zones/", HTTP_X_FORWARDED_FOR="192.0.2.2")
    finally:
        monkeypatch.undo()
        api_settings.reload()
    assert (first.status_code, second.status_code, other.status_code) == (200, 429, 200)


def test_authenticated_clients_have_their_own_rate(roles, monkeypatch):
    from rest_framework.throttling import UserRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute", "user": "3/minute"})
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"anon": "1/minute", "user": "3/minute"})
    client = client_for(roles["editor"])
    assert [client.get("/api/v1/investments/zones/").status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_bad_token_is_401(client):
    response = client.get("/api/v1/investments/zones/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"


def test_schema_documents_token_auth(schema):
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }


def test_tokens_are_managed_in_the_admin(admin_client):
    assert admin_client.get("/admin/authtoken/tokenproxy/add/").status_code == 200


def test_each_data_model_has_history():
    for app in DATA_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__name__ == "LoadedRecord":  # bookkeeping of loads, not data: nobody edits it
                continue
            if model.__name__ == "ObservationAlias":  # a figure's former keys, written when its key changes
                continue
            if (
                not model.__name__.startswith("Historical")
                and model._meta.auto_created is False
                and "_" not in model.__name__
            ):
                assert hasattr(model, "history"), model


def test_inferred_marks_are_written_served_and_recorded(editor_client):
    zone = make.IndustrialZoneFactory(
        status="operating", as_of=datetime.date(2025, 9, 5), participants=3, inferred=["status"]
    )
    url = f"/api/v1/investments/zones/{zone.slug}/"
    response = editor_client.patch(url, {"inferred": ["status", "as_of", "participants"]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["inferred"] == ["status", "as_of", "participants"]
    assert APIClient().get(url, HTTP_ACCEPT="application/json").json()["inferred"] == [
        "status",
        "as_of",
        "participants",
    ]
    record = zone.history.latest()
    assert [change.field for change in record.diff_against(record.prev_record).changes] == ["inferred"]


def test_unknown_name_in_inferred_is_a_400_naming_it(editor_client):
    response = editor_client.patch(
        "/api/v1/investments/projects/qarmet-modernisation/", {"inferred": ["target_year", "colour"]}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["inferred"]
    assert "colour" in response.json()["errors"]["inferred"][0]


def test_every_fact_resource_serves_inferred(roles):
    from indicators.models import SourcedModel

    facts = [
        prefix
        for prefix, (_ns, _basename, viewset) in RESOURCES.items()
        if issubclass(viewset.queryset.model, SourcedModel)
    ]
    assert len(facts) >= 10
    for prefix in facts:
        namespace, basename, _viewset = RESOURCES[prefix]
        row = (
            APIClient()
            .get(reverse(f"{namespace}:{basename}-list"), {"page_size": 1}, HTTP_ACCEPT="application/json")
            .json()["results"][0]
        )
        assert isinstance(row["inferred"], list), prefix
