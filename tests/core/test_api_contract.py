"""The generic endpoint contract, applied to every resource of every app's router (NetBox's idea)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.urls import API_ROUTERS

pytestmark = pytest.mark.django_db

RESOURCES = [
    (namespace, prefix, basename, viewset)
    for namespace, router in API_ROUTERS
    for prefix, viewset, basename in router.registry
]
IDS = [prefix for _, prefix, _, _ in RESOURCES]


def list_url(namespace, basename):
    return reverse(f"{namespace}:{basename}-list")


def test_api_root_lists_every_resource(api):
    body = api("/api/v1/").json()
    for namespace, prefix, basename, _ in RESOURCES:
        assert body[prefix] == "http://testserver" + list_url(namespace, basename)


@pytest.mark.parametrize(("namespace", "prefix", "basename", "viewset"), RESOURCES, ids=IDS)
def test_list_shape_and_detail_by_public_key(api, namespace, prefix, basename, viewset):
    response = api(list_url(namespace, basename))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == viewset.queryset.model.objects.count() > 0
    first = body["results"][0]
    key = first[viewset.lookup_field]
    assert first["url"] == "http://testserver" + reverse(f"{namespace}:{basename}-detail", args=[key])
    detail = api(first["url"])
    assert detail.status_code == 200
    assert detail.json() == first


@pytest.mark.parametrize(("namespace", "prefix", "basename", "viewset"), RESOURCES, ids=IDS)
def test_unknown_key_is_json_404(api, namespace, prefix, basename, viewset):
    response = api(reverse(f"{namespace}:{basename}-detail", args=["no-such-key"]))
    assert response.status_code == 404
    assert response.json() == {"status": 404, "code": "not_found", "detail": response.json()["detail"], "errors": {}}


@pytest.mark.parametrize("extra", [{}, {"lang": "ru", "translations": "true"}], ids=["default", "all-languages"])
@pytest.mark.parametrize(("namespace", "prefix", "basename", "viewset"), RESOURCES, ids=IDS)
def test_query_count_does_not_grow_with_page_size(api, more_rows, namespace, prefix, basename, viewset, extra):
    url = list_url(namespace, basename)
    counts = []
    for page_size in (1, 1000):
        with CaptureQueriesContext(connection) as queries:
            response = api(url, {"page_size": page_size, **extra})
        assert response.status_code == 200
        counts.append(len(queries))
    assert len(response.json()["results"]) > 1
    assert counts[0] == counts[1], f"{prefix}: {counts[0]} queries at page size 1, {counts[1]} at 1000"


@pytest.mark.parametrize(("namespace", "prefix", "basename", "viewset"), RESOURCES, ids=IDS)
def test_anonymous_writes_are_refused_and_change_nothing(client, namespace, prefix, basename, viewset):
    before = viewset.queryset.model.objects.count()
    response = client.post(list_url(namespace, basename), {}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert response.json()["status"] == response.status_code
    assert viewset.queryset.model.objects.count() == before


@pytest.mark.parametrize(("namespace", "prefix", "basename", "viewset"), RESOURCES, ids=IDS)
def test_every_filter_is_documented_in_the_schema(schema, namespace, prefix, basename, viewset):
    path = list_url(namespace, basename)
    operation = schema["paths"][path]["get"]
    documented = {parameter["name"]: parameter for parameter in operation["parameters"]}
    for name in viewset.filterset_class.base_filters:
        assert name in documented, f"{prefix}: filter {name} is not in the schema"
        assert documented[name].get("description"), f"{prefix}: filter {name} has no description"
        assert documented[name]["schema"].get("type"), f"{prefix}: filter {name} has no type"
    assert operation["summary"] and operation["description"]
    assert {"200", "400", "404", "429"} <= set(operation["responses"])
