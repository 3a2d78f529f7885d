"""One shape, checked from the schema on every endpoint: decimals are strings at their documented scale, unknown is
null (never ""), and a resource's CSV header does not depend on the data."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from config.urls import API_ROUTERS
from tests.support import factories as make

pytestmark = pytest.mark.django_db

RESOURCES = [
    (prefix, namespace, basename, viewset)
    for namespace, router in API_ROUTERS
    for prefix, viewset, basename in router.registry
]
IDS = [prefix for prefix, *_ in RESOURCES]
NOTHING_MATCHES = {"search": "zzqqxxnothingmatches"}


# ---------------------------------------------------------------- walking a response with its schema


def resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in node and len(node["allOf"]) == 1:
        return {**resolve(schema, node["allOf"][0]), **{k: v for k, v in node.items() if k != "allOf"}}
    return node


def scale_of(node: dict) -> int | None:
    """The decimal places a decimal property documents (drf-spectacular writes them into its pattern)."""
    match = re.search(r"\\\.\\d\{0,(\d+)\}", node.get("pattern", ""))
    return int(match.group(1)) if match else None


def check(schema: dict, node: dict, value, path: str, problems: list) -> None:
    """Every value against its schema node: no "", no float, decimals as strings with the documented scale,
    null only where the schema says nullable."""
    node = resolve(schema, node)
    if value == "":
        problems.append(f"{path}: empty string (unknown must be null)")
        return
    if isinstance(value, float):
        problems.append(f"{path}: JSON number {value} (decimals are strings)")
    if value is None:
        if not node.get("nullable") and node:
            problems.append(f"{path}: null, but the schema does not say nullable")
        return
    if node.get("format") == "decimal":
        places = scale_of(node)
        if not isinstance(value, str):
            problems.append(f"{path}: decimal {value!r} is not a string")
        elif places is not None and not re.fullmatch(rf"-?\d+\.\d{{{places}}}", value):
            problems.append(f"{path}: {value!r} does not have {places} decimal places")
    if isinstance(value, dict):
        properties = node.get("properties", {})
        extra = node.get("additionalProperties")
        for key, item in value.items():
            child = properties.get(key, extra if isinstance(extra, dict) else {})
            if not child and properties:
                problems.append(f"{path}.{key}: not in the schema")
            check(schema, child, item, f"{path}.{key}", problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check(schema, node.get("items", {}), item, f"{path}[{index}]", problems)


def response_schema(schema: dict, path: str, method: str = "get") -> dict:
    return schema["paths"][path][method]["responses"]["200"]["content"]["application/json"]["schema"]


def assert_shape(api, schema, url: str, template: str, params=None):
    response = api(url, params or {})
    assert response.status_code == 200, (url, response.content[:300])
    problems = []
    check(schema, response_schema(schema, template), response.json(), url, problems)
    assert not problems, "\n".join(problems[:20])
    return response.json()


def no_empty_strings_or_floats(value, path="") -> list[str]:
    if value == "" or isinstance(value, float):
        return [f"{path}: {value!r}"]
    if isinstance(value, dict):
        return [problem for key, item in value.items() for problem in no_empty_strings_or_floats(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [
            problem
            for index, item in enumerate(value)
            for problem in no_empty_strings_or_floats(item, f"{path}[{index}]")
        ]
    return []


# ---------------------------------------------------------------- JSON


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize(("prefix", "namespace", "basename", "viewset"), RESOURCES, ids=IDS)
def test_lists_and_details_follow_their_schema(api, schema, more_rows, prefix, namespace, basename, viewset, lang):
    list_url = reverse(f"{namespace}:{basename}-list")
    body = assert_shape(api, schema, list_url, list_url, {"page_size": 1000, "lang": lang, "translations": "true"})
    detail_template = next(
        path for path in schema["paths"] if path.startswith(list_url) and path.endswith("}/") and path.count("{") == 1
    )
    for record in body["results"][:25]:
        assert_shape(api, schema, record["url"], detail_template, {"lang": lang})


@pytest.mark.parametrize(
    ("prefix", "namespace", "basename", "viewset"),
    [r for r in RESOURCES if r[3].summary_dimensions],
    ids=[r[0] for r in RESOURCES if r[3].summary_dimensions],
)
def test_summaries_and_facets_follow_their_schema(api, schema, prefix, namespace, basename, viewset):
    summary_url = reverse(f"{namespace}:{basename}-summary")
    for dimension in viewset.summary_dimensions:
        body = assert_shape(api, schema, summary_url, summary_url, {"group_by": dimension})
        assert body["rows"] and all("records" in row for row in body["rows"])
    facets_url = reverse(f"{namespace}:{basename}-facets")
    assert_shape(api, schema, facets_url, facets_url)


def test_region_profile_follows_its_schema_with_decimal_strings(api, schema):
    for code in ("KZ-35", "KZ-79"):
        body = assert_shape(
            api, schema, f"/api/v1/indicators/regions/{code}/profile/", "/api/v1/indicators/regions/{code}/profile/"
        )
    body = api("/api/v1/indicators/regions/KZ-35/profile/").json()
    assert body["records"]["zones"]["investment_kzt"] == str(
        sum(
            Decimal(zone["investment_kzt"])
            for zone in api("/api/v1/investments/zones/", {"region": "KZ-35"}).json()["results"]
            if zone["investment_kzt"]
        ).quantize(Decimal("0.01"))
    )


def test_series_follow_their_schema(api, schema):
    template = "/api/v1/indicators/indicators/{code}/series/"
    for code, params in [
        ("industrial-output", {"region": "KZ-35"}),
        ("industrial-enterprises", {"region": "KZ-35", "size_class": "large"}),
        ("production-growth", {"region": "KZ-35", "enterprise": "qarmet", "product": "steel"}),
    ]:
        body = assert_shape(api, schema, template.replace("{code}", code), template, params)
        assert body["points"]


def test_unknown_is_null_never_empty_on_the_known_cases(api):
    enterprise = api(
        f"/api/v1/indicators/enterprises/{make.EnterpriseFactory().slug}/"
    ).json()  # no country or size given
    assert enterprise["country"] is None and enterprise["size_class"] is None and enterprise["size_class_label"] is None
    region = make.RegionFactory()
    with_jobs = make.IndustrialZoneFactory(region=region, permanent_jobs=1300, permanent_jobs_qualifier="more-than")
    without_jobs = make.IndustrialZoneFactory(region=region)
    zones = {
        zone["slug"]: zone for zone in api("/api/v1/investments/zones/", {"region": region.code}).json()["results"]
    }
    assert zones[without_jobs.slug]["permanent_jobs"] is None
    assert (
        zones[without_jobs.slug]["permanent_jobs_qualifier"] is None
        and zones[without_jobs.slug]["permanent_jobs_qualifier_label"] is None
    )
    assert zones[with_jobs.slug]["permanent_jobs_qualifier"] == "more-than"
    for body in (
        api("/api/v1/investments/zones/facets/").json(),
        api("/api/v1/investments/zones/facets/", {"region": region.code}).json(),
        api("/api/v1/indicators/regions/KZ-35/profile/").json(),
        api(f"/api/v1/indicators/regions/{region.code}/profile/").json(),
    ):
        assert not no_empty_strings_or_floats(body)


def test_decimal_scales_are_documented(schema):
    documented = {}
    for name, component in schema["components"]["schemas"].items():
        for field, node in component.get("properties", {}).items():
            if node.get("format") == "decimal":
                documented[(name, field)] = node
    assert documented
    for (name, field), node in documented.items():
        assert node["type"] == "string", (name, field)
        assert scale_of(node) is not None, (name, field, node)
        assert re.search(r"decimal (string )?with \d+ decimal places", node.get("description", "")), (
            name,
            field,
            node.get("description"),
        )


# ---------------------------------------------------------------- CSV


def csv_header(response) -> list[str]:
    text = (b"".join(response.streaming_content) if response.streaming else response.content).decode("utf-8-sig")
    return next(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("extra", [{}, {"translations": "true", "lang": "ru"}], ids=["default", "translations"])
@pytest.mark.parametrize(("prefix", "namespace", "basename", "viewset"), RESOURCES, ids=IDS)
def test_csv_header_is_the_same_for_list_filtered_empty_and_detail(
    api, monkeypatch, prefix, namespace, basename, viewset, extra
):
    url = reverse(f"{namespace}:{basename}-list")
    params = {"format": "csv", **extra}
    headers = {"list": csv_header(api(url, params))}
    if "search" in viewset.filterset_class.base_filters:
        headers["filtered to nothing"] = csv_header(api(url, {**params, **NOTHING_MATCHES}))
    records = api(url, {"page_size": 1000}).json()["results"]
    with monkeypatch.context() as patch:
        patch.setattr(viewset, "queryset", viewset.queryset.none())
        headers["empty"] = csv_header(api(url, params))
    for record in records:  # every record: one with a relation and one without must not differ
        headers[record["url"]] = csv_header(api(record["url"], params))
    distinct = {tuple(header) for header in headers.values()}
    assert len(distinct) == 1, {name: header for name, header in headers.items() if header != headers["list"]}


def test_csv_of_one_zone_keeps_the_columns_of_absent_relations(api):
    zone = make.IndustrialZoneFactory(locality=None, area=None, area_unit=None)
    header = csv_header(api(f"/api/v1/investments/zones/{zone.slug}/", {"format": "csv"}))
    assert {"locality", "locality_name", "area_unit", "area_unit_symbol", "area_unit_name"} <= set(header)


def test_observations_csv_carries_the_unit(api):
    for unit in (make.UnitFactory(), make.UnitFactory()):
        indicator = make.IndicatorFactory(unit=unit)
        for region in (make.RegionFactory(), make.RegionFactory()):
            make.ObservationFactory(indicator=indicator, region=region)
        response = api("/api/v1/indicators/observations/", {"format": "csv", "indicator": indicator.code})
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        assert len(rows) == 2 and all(row["unit"] == unit.code and row["unit_symbol"] == unit.symbol_kk for row in rows)


def test_series_csv_header_does_not_depend_on_the_breakdown(api):
    url = "/api/v1/indicators/indicators/{}/series/"
    totals = csv_header(api(url.format("industrial-output"), {"region": "KZ-35", "format": "csv"}))
    broken_down = csv_header(
        api(
            url.format("production-growth"),
            {"region": "KZ-35", "enterprise": "qarmet", "product": "steel", "format": "csv"},
        )
    )
    empty = csv_header(api(url.format("industrial-output"), {"region": "KZ-62", "format": "csv"}))
    assert totals == broken_down == empty
    assert {"enterprise", "enterprise_name", "product", "product_name", "unit", "unit_symbol", "change_note"} <= set(
        totals
    )


@pytest.mark.parametrize(
    ("prefix", "namespace", "basename", "viewset"),
    [r for r in RESOURCES if r[3].summary_dimensions],
    ids=[r[0] for r in RESOURCES if r[3].summary_dimensions],
)
def test_summary_csv_header_is_the_same_for_every_dimension_and_when_empty(api, prefix, namespace, basename, viewset):
    url = reverse(f"{namespace}:{basename}-summary")
    headers = {
        tuple(csv_header(api(url, {"group_by": dimension, "format": "csv"})))
        for dimension in viewset.summary_dimensions
    }
    headers.add(
        tuple(
            csv_header(
                api(url, {"group_by": next(iter(viewset.summary_dimensions)), "format": "csv", **NOTHING_MATCHES})
            )
        )
    )
    assert len(headers) == 1


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/indicators/localities/", "localities.csv"),
        ("/api/v1/indicators/enterprise-roles/", "enterprise-roles.csv"),
        ("/api/v1/education/training-programmes/", "training-programmes.csv"),
        ("/api/v1/investments/zones/sez-saryarka/", "zones-sez-saryarka.csv"),
        ("/api/v1/investments/projects/summary/?group_by=status", "projects-summary-status.csv"),
    ],
)
def test_export_file_names(api, url, name):
    response = api(url + ("&" if "?" in url else "?") + "format=csv")
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
