"""Errors name what was wrong, filters follow the data's structure, names sort in each
language's alphabet. Runs on SQLite and PostgreSQL alike."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators import filtersets as f
from indicators.models import Enterprise, Locality, Observation, Product, Region, Sector
from investments import filtersets as inv
from regionapi.core.collation import sorted_names
from tests.support import factories as make
from tests.support.filtering import keys

pytestmark = pytest.mark.django_db

REGIONS = "/api/v1/indicators/regions/"
UNITS = "/api/v1/indicators/units/"
ZONES = "/api/v1/investments/zones/"
ENTERPRISES = "/api/v1/indicators/enterprises/"
OBSERVATIONS = "/api/v1/indicators/observations/"


def error(response, status=400):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"status", "code", "detail", "errors"}
    return body


# ---------------------------------------------------------------- 5. errors say what was wrong


@pytest.mark.parametrize(
    ("path", "fmt", "formats"),
    [
        (REGIONS, "xml", "json, api, csv"),
        (UNITS, "geojson", "json, api, csv"),
        (ZONES, "xml", "json, api, csv, geojson"),
        (ZONES + "sez-saryarka/", "pdf", "json, api, csv, geojson"),
    ],
)
def test_unknown_format_is_400_listing_the_endpoints_formats(api, path, fmt, formats):
    body = error(api(path, {"format": fmt}, HTTP_ACCEPT_LANGUAGE="en"))
    assert body == {
        "status": 400,
        "code": "invalid",
        "detail": "Invalid input: format.",
        "errors": {"format": [f"This endpoint has no format {fmt}. Give one of: {formats}."]},
    }


def test_known_formats_still_work(api):
    assert api(ZONES, {"format": "geojson"}).json()["type"] == "FeatureCollection"
    assert api(UNITS, {"format": "csv"})["Content-Type"].startswith("text/csv")
    assert api(UNITS, {"format": "CSV"})["Content-Type"].startswith("text/csv")  # case does not matter, as for lang


def test_an_empty_format_is_400_too(api):
    assert error(api(UNITS, {"format": ""}))["errors"]["format"]


@pytest.mark.parametrize("value", ["EN", "En", " en"])
def test_lang_is_case_insensitive(api, value):
    response = api(REGIONS, {"lang": value, "code": "KZ-35"})
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    karaganda = Region.objects.get(code="KZ-35")
    assert karaganda.name_en != karaganda.name_kk
    assert response.json()["results"][0]["name"] == karaganda.name_en


def test_unknown_lang_is_still_a_400(api):
    assert list(error(api(REGIONS, {"lang": "de"}))["errors"]) == ["lang"]


def test_bad_ordering_is_400_listing_the_allowed_fields(api):
    body = error(api(REGIONS, {"ordering": "-secret"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert body["errors"] == {
        "ordering": [
            "-secret is not a sort field. Allowed: code, name, established_year, updated_at; prefix - for descending."
        ]
    }
    body = error(api(ZONES, {"ordering": "name,bogus"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert "bogus is not a sort field" in body["errors"]["ordering"][0]
    assert "investment_kzt" in body["errors"]["ordering"][0]


def test_schema_documents_format_and_ordering(schema):
    operation = schema["paths"][REGIONS]["get"]
    ordering = next(parameter for parameter in operation["parameters"] if parameter["name"] == "ordering")
    assert "alphabetically in the request language" in ordering["description"]
    assert "400 listing the allowed" in ordering["description"]
    assert "Any other `format` is a 400" in operation["description"]


# ---------------------------------------------------------------- 6. filters follow the data's structure


def test_sector_section_matches_its_divisions():
    section = make.SectorFactory()
    division, other_division = (make.SectorFactory(level="division", parent=section) for _ in range(2))
    in_division = {make.EnterpriseFactory(sector=division).slug for _ in range(2)}
    in_section = {make.EnterpriseFactory(sector=section).slug}
    in_other_division = {make.EnterpriseFactory(sector=other_division).slug}
    division_products = {make.ProductFactory(sector=division).slug for _ in range(2)}
    section_products = {make.ProductFactory(sector=section).slug}

    assert keys(f.EnterpriseFilterSet, f"sector={division.code}") == in_division
    assert keys(f.EnterpriseFilterSet, f"sector={section.code}") == in_division | in_section | in_other_division
    assert (
        keys(f.EnterpriseFilterSet, f"sector_exact={section.code}")
        == in_section
        == set(Enterprise.objects.filter(sector=section).values_list("slug", flat=True))
    )
    assert keys(f.EnterpriseFilterSet, f"sector_exact={division.code}") == in_division
    assert keys(f.ProductFilterSet, f"sector={section.code}") == division_products | section_products
    assert (
        keys(f.ProductFilterSet, f"sector_exact={section.code}")
        == section_products
        == set(Product.objects.filter(sector=section).values_list("slug", flat=True))
    )


def test_sector_hierarchy_on_projects(article, karaganda):
    from investments.models import InvestmentProject

    division = Sector.objects.get(code="24")
    InvestmentProject.objects.create(
        slug="test-steel-mill",
        name="Test steel mill",
        region=karaganda,
        sector=division,
        status="planned",
        source=article,
    )
    assert "test-steel-mill" in keys(inv.InvestmentProjectFilterSet, "sector=C")
    assert "test-steel-mill" not in keys(inv.InvestmentProjectFilterSet, "sector_exact=C")
    assert "test-steel-mill" in keys(inv.InvestmentProjectFilterSet, "sector_exact=24")


def test_sector_filters_are_documented(schema):
    parameters = {parameter["name"]: parameter for parameter in schema["paths"][ENTERPRISES]["get"]["parameters"]}
    assert "divisions" in parameters["sector"]["description"]
    assert "that code only" in parameters["sector_exact"]["description"]


def test_observations_search_reaches_region_and_indicator_names(api, karaganda):
    colleges = make.IndicatorFactory(name_kk="Сынақ колледждері", name_ru="Тестовые колледжи", name_en="Test colleges")
    in_karaganda = make.ObservationFactory(indicator=colleges, region=karaganda)
    elsewhere = make.RegionFactory(name_kk="Зедланд облысы", name_ru="Зедландская область", name_en="Zedland")
    make.ObservationFactory(region=elsewhere)  # another indicator
    in_region = set(Observation.objects.filter(region__code="KZ-35").values_list("code", flat=True))
    assert in_karaganda.code in in_region
    found = {row["code"] for row in api(OBSERVATIONS, {"search": "Karaganda", "page_size": 1000}).json()["results"]}
    assert found == in_region
    # Words may match different embedded records: the indicator's name and the region's.
    both = keys(f.ObservationFilterSet, "search=колледждері Қарағанды", key="code")
    assert in_karaganda.code in both
    assert both == keys(f.ObservationFilterSet, "search=колледждері&region=KZ-35", key="code")
    assert not keys(f.ObservationFilterSet, "search=колледждері Zedland", key="code")


@pytest.fixture
def embedded(db):
    """Records found through the names of the records they embed: an enterprise by its locality's, localities by their
    region's, products by their sector's. Returns {model: its records made here}."""
    made = make.rows_made_from_now(Enterprise, Locality, Product)
    region = make.RegionFactory(name_kk="Зедланд облысы", name_ru="Зедландская область", name_en="Zedland")
    town = make.LocalityFactory(slug="w-town", region=region, name_kk="Жаңатау", name_ru="Жанатау", name_en="Zhanatau")
    make.LocalityFactory(slug="w-village", region=region)
    make.LocalityFactory(slug="w-elsewhere")
    make.EnterpriseFactory(slug="w-plant", locality=town, region=region)
    make.EnterpriseFactory(slug="w-other-plant", region=region)
    metallurgy = make.SectorFactory(
        name_kk="Сынақ металлургиясы", name_ru="Тестовая металлургия", name_en="Test metallurgy"
    )
    make.ProductFactory(slug="w-iron", sector=metallurgy)
    make.ProductFactory(slug="w-steel", sector=metallurgy)
    make.ProductFactory(slug="w-bread")
    return made


@pytest.mark.parametrize(
    ("filterset", "query", "key", "expected"),
    [
        (f.EnterpriseFilterSet, "search=Жаңатау", "slug", {"w-plant"}),  # its locality
        (f.EnterpriseFilterSet, "search=Zhanatau", "slug", {"w-plant"}),
        (f.LocalityFilterSet, "search=Zedland", "slug", {"w-town", "w-village"}),  # their region
        (f.ProductFilterSet, "search=металлургия", "slug", {"w-iron", "w-steel"}),  # their sector
    ],
)
def test_search_reaches_embedded_records(embedded, filterset, query, key, expected):
    assert keys(filterset, query, key, among=embedded[filterset._meta.model]) == expected


def test_search_through_to_many_relations_keeps_each_row_once(more_rows, article):
    """Two matching specialities of one college: a join would list the college twice; a subquery does not, and
    needs no DISTINCT."""
    from education.filtersets import InstitutionFilterSet
    from education.models import Institution, Specialty
    from regionapi.core.filters import related_search_filter

    college = Institution.objects.get(slug="test-college-0")
    Specialty.objects.create(
        institution=college, key="welding-2", name="Underwater welding", opened_year=2025, source=article
    )
    condition = related_search_filter(Institution, "welding", ("search_text",), InstitutionFilterSet.search_relations)
    with CaptureQueriesContext(connection) as queries:
        rows = list(Institution.objects.filter(condition).values_list("slug", flat=True))
    assert sorted(rows) == ["test-college-0", "test-college-1", "test-college-2"]
    assert len(queries) == 1 and "DISTINCT" not in queries[0]["sql"].upper()
    assert sorted(keys(InstitutionFilterSet, "search=test partner")) == [
        "test-college-0",
        "test-college-1",
        "test-college-2",
    ]


# ---------------------------------------------------------------- 7. names sort in each language's alphabet

KAZAKH_ORDER = [
    "Абай",
    "ақжол",
    "Әлем",
    "Бота",
    "Гүл",
    "Ғалым",
    "Ель",
    "Ёлка",
    "Кент",
    "Қала",
    "«Сарыарқа»",
    "Уақыт",
    "Ұлы",
    "Үкі",
    "Хан",
    "Һәм",
    "Ыстық",
    "Іле",
]
# Ё is Е at the first level (as in Russian dictionaries), after it when the words are otherwise equal.
RUSSIAN_ORDER = [
    "Абрикос",
    "ананас",
    "Еда",
    "Ёж",
    "Елка",
    "Ёлка",
    "Жук",
    "«Заря»",
    "Ива",
    "Шар",
    "Щука",
    "юла",
    "Яблоко",
]
ENGLISH_ORDER = ["Alpha", "«Beta»", "eagle", "Éclair", "Edam", "Zeta"]


def make_enterprises(article, names, column):
    """Enterprises of a made-up country (filterable apart from the seed), created in reverse alphabetical order so
    that the primary key cannot give the expected order by accident."""
    for index, name in enumerate(reversed(names)):
        Enterprise.objects.create(slug=f"sort-{index}", name=name, **{column: name}, country="ZZ", source=article)


def listed(api, language, ordering="name"):
    response = api(ENTERPRISES, {"lang": language, "ordering": ordering, "country": "ZZ", "page_size": 100})
    assert response.status_code == 200, response.content
    return [row["name"] for row in response.json()["results"]]


def test_kazakh_names_sort_in_the_kazakh_alphabet(api, article):
    make_enterprises(article, KAZAKH_ORDER, "name_kk")
    assert listed(api, "kk") == KAZAKH_ORDER
    assert listed(api, "kk", "-name") == KAZAKH_ORDER[::-1]
    assert sorted_names(reversed(KAZAKH_ORDER), "kk") == KAZAKH_ORDER


def test_russian_names_sort_in_the_russian_alphabet(api, article):
    make_enterprises(article, RUSSIAN_ORDER, "name_ru")
    assert listed(api, "ru") == RUSSIAN_ORDER
    assert listed(api, "ru", "-name") == RUSSIAN_ORDER[::-1]


def test_english_names_sort_in_the_english_alphabet(api, article):
    make_enterprises(article, ENGLISH_ORDER, "name_en")
    assert listed(api, "en") == ENGLISH_ORDER


def test_ordering_uses_the_shown_name_with_its_fallback(api, article):
    """A record without a Kazakh name shows its Russian one in Kazakh, and sorts by it."""
    Enterprise.objects.create(slug="sort-a", name="Яр", name_kk="Яр", country="ZZ", source=article)
    Enterprise.objects.create(slug="sort-b", name="Бота", name_kk="", name_ru="Бота", country="ZZ", source=article)
    Enterprise.objects.create(
        slug="sort-c", name="Әлем", name_kk="Әлем", name_ru="Яблоко", country="ZZ", source=article
    )
    assert listed(api, "kk") == ["Әлем", "Бота", "Яр"]
    assert listed(api, "ru") == ["Бота", "Яблоко", "Яр"]


def test_equal_names_keep_the_primary_key_order(api, article):
    first = Enterprise.objects.create(slug="sort-z", name="абай", name_kk="абай", country="ZZ", source=article)
    second = Enterprise.objects.create(slug="sort-a", name="«Абай»", name_kk="«Абай»", country="ZZ", source=article)
    assert first.pk < second.pk
    assert listed(api, "kk") == ["абай", "«Абай»"]
    assert listed(api, "kk", "-name") == ["абай", "«Абай»"]


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/v1/investments/projects/", {"participant_role": "operator"}),  # DISTINCT over a to-many join
        ("/api/v1/investments/deposits/", {"mineral": "gold"}),
        ("/api/v1/education/institutions/", {"region": "KZ-35"}),
        ("/api/v1/indicators/sources/", {"ordering": "title"}),
    ],
)
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_ordering_by_translated_text_works_with_every_filter(api, more_rows, path, query, language):
    for _ in range(2):  # rows for every filter below besides the seed's
        make.ProjectParticipantFactory(role="operator")
    query = {"ordering": "name", **query, "lang": language, "page_size": 1000}
    response = api(path, query)
    assert response.status_code == 200, response.content
    field = query["ordering"]
    shown = [row[field] for row in response.json()["results"]]
    assert len(shown) > 1
    assert shown == sorted_names(shown, language)


def test_format_and_ordering_errors_follow_the_language(api):
    body = error(api(REGIONS, {"format": "xml", "lang": "ru"}))
    assert body["errors"]["format"] == ["У этого ресурса нет формата xml. Укажите один из: json, api, csv."]
    body = error(api(REGIONS, {"ordering": "x", "lang": "kk"}))
    assert body["errors"]["ordering"][0].startswith(
        "x — сұрыптау өрісі емес. Рұқсат етілгендері: code, name, established_year, updated_at;"
    )


@pytest.mark.django_db
def test_each_filterset_has_filters_of_its_own():
    """A FilterSet copies its class's filters one level down (regionapi/core/filters.py, FilterCopies) rather than
    deep copying them: what a request sets or builds on a filter (its FilterSet, its form field, its queryset or
    choices in `extra`) is never seen by another request's, and a `method=` filter calls its own FilterSet."""
    queryset = inv.InvestmentProjectFilterSet._meta.model.objects.all()
    first = inv.InvestmentProjectFilterSet(data={"region": ["KZ-35"]}, queryset=queryset)
    second = inv.InvestmentProjectFilterSet(data={}, queryset=queryset)
    assert first.is_valid() and second.is_valid()
    base = inv.InvestmentProjectFilterSet.base_filters
    for name, filter_ in first.filters.items():
        other = second.filters[name]
        assert len({id(filter_), id(other), id(base[name])}) == 3, name
        assert filter_.extra is not other.extra and filter_.extra is not base[name].extra, name
        assert (filter_.parent, other.parent) == (first, second), name
        assert filter_.field is not other.field, name
    bound = [filter_ for filter_ in first.filters.values() if filter_.method]
    assert bound and all(filter_.filter.f is filter_ for filter_ in bound)
    assert first.qs.count() <= second.qs.count()  # each filtered by what it was given
