"""Every filter of the indicators FilterSets, applied directly to records each test makes (`world`): the seed's rows
are left out of what is filtered, so a seed edit never changes an expected answer."""

import datetime
from decimal import Decimal

import pytest
from django.http import QueryDict

from indicators import filtersets as f
from indicators import models
from tests.support import factories as make
from tests.support.filtering import errors, keys

pytestmark = pytest.mark.django_db

POINT = {"period_start": datetime.date(2025, 9, 5), "period_end": datetime.date(2025, 9, 5)}
YEAR_2024 = {"period_start": datetime.date(2024, 1, 1), "period_end": datetime.date(2024, 12, 31)}
JAN_JUL_2025 = {"period_start": datetime.date(2025, 1, 1), "period_end": datetime.date(2025, 7, 31)}
FROM_2025 = {"period_start": datetime.date(2025, 1, 1), "period_end": None}
NO_PERIOD = {"period_start": None, "period_end": None}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """A small economy with every value the cases below filter on, and a neighbour for each that does not match, made
    once for the module. Returns {model: its records made here}."""
    with make.kept_for_the_scope(django_db_blocker):
        yield make_world()


def make_world():
    made = make.rows_made_from_now(
        models.Source,
        models.Unit,
        models.Region,
        models.Locality,
        models.Sector,
        models.Enterprise,
        models.Product,
        models.Indicator,
        models.Observation,
    )
    news = make.SourceFactory(
        slug="w-news",
        kind="news-article",
        language="kk",
        publisher="Test-Herald",
        published_on=datetime.date(2025, 9, 5),
    )
    classifier = make.SourceFactory(slug="w-classifier", kind="classifier", language="en", publisher="Eurostat")
    release = make.SourceFactory(
        slug="w-release",
        kind="statistical-release",
        language="ru",
        publisher="Test-Bureau",
        published_on=datetime.date(2024, 1, 15),
    )

    kzt, tonne, percent, count = (make.UnitFactory(code=code) for code in ("w-kzt", "w-tonne", "w-percent", "w-count"))

    karaganda = make.RegionFactory(
        code="KZ-W1",
        source=classifier,
        name_kk="Қарағанды облысы",
        name_ru="Карагандинская область",
        name_en="Karaganda",
    )
    split_off = make.RegionFactory(
        code="KZ-W2", kind="city", formed_from=karaganda, established_year=2022, source=classifier
    )
    make.RegionFactory(code="KZ-W3", kind="city", established_year=1997, source=classifier)

    city = make.LocalityFactory(slug="w-city-1", kind="city", region=karaganda, source=news)
    make.LocalityFactory(slug="w-city-2", kind="city", region=karaganda, source=news)
    make.LocalityFactory(slug="w-town", kind="town", region=karaganda, source=news)

    section = make.SectorFactory(code="WA", source=classifier)
    metals = make.SectorFactory(code="W1", level="division", parent=section, source=classifier)
    make.SectorFactory(code="W2", level="division", parent=section, source=classifier)
    mining = make.SectorFactory(
        code="W3", level="division", parent=make.SectorFactory(code="WB", source=classifier), source=classifier
    )

    explorer, operator = make.EnterpriseRoleFactory(code="w-explorer"), make.EnterpriseRoleFactory(code="w-operator")
    make.EnterpriseFactory(slug="w-miner-us", roles=[explorer], country="US", source=news)
    make.EnterpriseFactory(slug="w-miner-tr", roles=[explorer], country="TR", source=news)
    steelworks = make.EnterpriseFactory(
        slug="w-steel", sector=metals, region=karaganda, locality=city, country="KZ", source=news
    )
    make.EnterpriseFactory(slug="w-steel-2", sector=metals, size_class="large", source=news)
    make.EnterpriseFactory(slug="w-coal", sector=mining, region=karaganda, source=news)
    make.EnterpriseFactory(slug="w-operator", roles=[operator], region=karaganda, source=news)
    make.EnterpriseFactory(slug="w-operator-elsewhere", roles=[operator], region=split_off, source=news)

    iron = make.ProductFactory(slug="w-iron", sector=metals)
    rolled = make.ProductFactory(slug="w-rolled", sector=metals)
    buses = make.ProductFactory(slug="w-buses", sector=mining)
    appliances = make.ProductFactory(slug="w-appliances", sector=section)
    tyres = make.ProductFactory(slug="w-tyres", sector=section, name_kk="шина", name_ru="шины", name_en="tyres")

    def indicator(code, unit, **names):
        return make.IndicatorFactory(code=code, unit=unit, source=news, **names)

    output, growth, share = indicator("w-output", kzt), indicator("w-growth", percent), indicator("w-share", percent)
    production_growth, enterprises, volume = (
        indicator("w-production-growth", percent),
        indicator("w-enterprises", count),
        indicator("w-volume", tonne),
    )
    colleges = indicator(
        "w-colleges", count, name_kk="Колледждер саны", name_ru="Количество колледжей", name_en="Colleges"
    )

    def figure(code, indicator, value="1", region=karaganda, source=news, **fields):
        return make.ObservationFactory(
            code=code, indicator=indicator, region=region, value=Decimal(value), source=source, **fields
        )

    figure("w-output--2024", output, "3000", qualifier="more-than", **YEAR_2024)
    figure("w-output--2025-01-07", output, "2700", **JAN_JUL_2025)
    figure("w-output--kz-w2--2024", output, "50", region=split_off, source=release, **YEAR_2024)
    figure("w-growth--2025-01-07", growth, "7.3", comparison_base="same-period-previous-year", **JAN_JUL_2025)
    figure("w-share", share, "40", qualifier="more-than", **NO_PERIOD)
    for product, value in ((iron, "6"), (rolled, "4.3")):
        figure(
            f"w-production-growth--{product.slug}",
            production_growth,
            value,
            enterprise=steelworks,
            product=product,
            comparison_base="not-stated",
            **FROM_2025,
        )
    figure("w-enterprises", enterprises, "941", **POINT)
    for size_class, value in (("large", "36"), ("medium", "67"), ("small", "838")):
        figure(f"w-enterprises--{size_class}", enterprises, value, size_class=size_class, **POINT)
    for product, value in ((buses, "1400"), (appliances, "131000"), (tyres, "372000")):
        figure(f"w-volume--{product.slug}", volume, value, product=product, **YEAR_2024)
    figure("w-colleges", colleges, "52", **POINT)
    figure(
        "w-colleges--2026-planned",
        colleges,
        "55",
        status="planned",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    return made


PRODUCTION_GROWTH = {"w-production-growth--w-iron", "w-production-growth--w-rolled"}
CASES = [
    (f.SourceFilterSet, "kind=classifier", "slug", {"w-classifier"}),
    (f.SourceFilterSet, "language=kk", "slug", {"w-news"}),
    (f.SourceFilterSet, "publisher=Test-Herald", "slug", {"w-news"}),
    (f.SourceFilterSet, "published_on__gte=2025-01-01", "slug", {"w-news"}),
    (f.SourceFilterSet, "published_on__lte=2025-01-01", "slug", {"w-release"}),
    (f.SourceFilterSet, "search=eurostat", "slug", {"w-classifier"}),
    (f.UnitFilterSet, "code=w-kzt&code=w-tonne", "code", {"w-kzt", "w-tonne"}),
    (f.RegionFilterSet, "code=KZ-W1&code=KZ-W2", "code", {"KZ-W1", "KZ-W2"}),
    (f.RegionFilterSet, "kind=city", "code", {"KZ-W2", "KZ-W3"}),
    (f.RegionFilterSet, "formed_from=KZ-W1", "code", {"KZ-W2"}),
    (f.RegionFilterSet, "established_year=2022", "code", {"KZ-W2"}),
    (f.RegionFilterSet, "established_year__lte=2000", "code", {"KZ-W3"}),
    (f.RegionFilterSet, "search=карагандинская", "code", {"KZ-W1"}),
    (f.RegionFilterSet, "search=KARAGANDA", "code", {"KZ-W1"}),
    (f.RegionFilterSet, "search=Қарағанды", "code", {"KZ-W1"}),
    (f.LocalityFilterSet, "region=KZ-W1&kind=city", "slug", {"w-city-1", "w-city-2"}),
    (f.LocalityFilterSet, "region=KZ-W2", "slug", set()),
    (f.SectorFilterSet, "level=division&parent=WA", "code", {"W1", "W2"}),
    (f.EnterpriseFilterSet, "role=w-explorer", "slug", {"w-miner-us", "w-miner-tr"}),
    (f.EnterpriseFilterSet, "country=US&country=TR", "slug", {"w-miner-us", "w-miner-tr"}),
    (f.EnterpriseFilterSet, "sector=W1", "slug", {"w-steel", "w-steel-2"}),
    (f.EnterpriseFilterSet, "locality=w-city-1", "slug", {"w-steel"}),
    (f.EnterpriseFilterSet, "role=w-operator&region=KZ-W1", "slug", {"w-operator"}),
    (f.EnterpriseFilterSet, "size_class=large", "slug", {"w-steel-2"}),
    (f.EnterpriseFilterSet, "size_class=medium", "slug", set()),
    (f.ProductFilterSet, "sector=W1", "slug", {"w-iron", "w-rolled"}),
    (f.IndicatorFilterSet, "unit=w-percent", "code", {"w-growth", "w-share", "w-production-growth"}),
    (f.IndicatorFilterSet, "code=w-colleges", "code", {"w-colleges"}),
    (f.ObservationFilterSet, "indicator=w-output&region=KZ-W1", "code", {"w-output--2024", "w-output--2025-01-07"}),
    (f.ObservationFilterSet, "enterprise=w-steel", "code", PRODUCTION_GROWTH),
    (f.ObservationFilterSet, "product=w-iron", "code", {"w-production-growth--w-iron"}),
    (
        f.ObservationFilterSet,
        "indicator=w-enterprises&size_class=large&size_class=medium",
        "code",
        {"w-enterprises--large", "w-enterprises--medium"},
    ),
    (f.ObservationFilterSet, "indicator=w-enterprises&breakdown=false", "code", {"w-enterprises"}),
    (f.ObservationFilterSet, "indicator=w-production-growth&breakdown=true", "code", PRODUCTION_GROWTH),
    (f.ObservationFilterSet, "comparison_base=same-period-previous-year", "code", {"w-growth--2025-01-07"}),
    (f.ObservationFilterSet, "qualifier=more-than", "code", {"w-output--2024", "w-share"}),
    (f.ObservationFilterSet, "status=planned", "code", {"w-colleges--2026-planned"}),
    (f.ObservationFilterSet, "status=forecast", "code", set()),
    (f.ObservationFilterSet, "source=w-release", "code", {"w-output--kz-w2--2024"}),
    (f.ObservationFilterSet, "source=w-classifier", "code", set()),
    (f.ObservationFilterSet, "indicator=w-output&period_after=2025-01-01", "code", {"w-output--2025-01-07"}),
    (
        f.ObservationFilterSet,
        "indicator=w-output&period_before=2024-12-31",
        "code",
        {"w-output--2024", "w-output--kz-w2--2024"},
    ),
    (
        f.ObservationFilterSet,
        "enterprise=w-steel&period_before=2025-06-30",
        "code",
        PRODUCTION_GROWTH,
    ),  # open: counts from its start
    (
        f.ObservationFilterSet,
        "year=2024&indicator=w-volume",
        "code",
        {"w-volume--w-buses", "w-volume--w-appliances", "w-volume--w-tyres"},
    ),
    (
        f.ObservationFilterSet,
        "indicator=w-volume&value__gte=131000&value__lte=200000",
        "code",
        {"w-volume--w-appliances"},
    ),
    (f.ObservationFilterSet, "search=шина", "code", {"w-volume--w-tyres"}),
    (f.ObservationFilterSet, "search=колледж", "code", {"w-colleges", "w-colleges--2026-planned"}),
]


@pytest.mark.parametrize(
    ("filterset", "query", "key", "expected"), CASES, ids=[f"{c[0].__name__}?{c[1]}" for c in CASES]
)
def test_filter(world, filterset, query, key, expected):
    assert keys(filterset, query, key, among=world[filterset._meta.model]) == expected


@pytest.mark.parametrize(
    ("filterset", "query", "parameter"),
    [
        (f.ObservationFilterSet, "value__gte=lots", "value__gte"),
        (f.ObservationFilterSet, "period_after=2025-13-01", "period_after"),
        (f.ObservationFilterSet, "status=rumoured", "status"),
        (f.ObservationFilterSet, "region=XX-99", "region"),
        (f.ObservationFilterSet, "breakdown=maybe", "breakdown"),
        (f.RegionFilterSet, "established_year__gte=twenty", "established_year__gte"),
        (f.EnterpriseFilterSet, "role=astronaut", "role"),
    ],
)
def test_invalid_value_names_the_parameter(filterset, query, parameter):
    assert parameter in errors(filterset, query)


def test_ordering_is_stable_and_reversible(world):
    def values(ordering):
        query = QueryDict(f"indicator=w-volume&ordering={ordering}")
        return list(
            f.ObservationFilterSet(query, queryset=world[models.Observation]).qs.values_list("value", flat=True)
        )

    assert values("value") == [1400, 131000, 372000]
    assert values("-value") == [372000, 131000, 1400]
