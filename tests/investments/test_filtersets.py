"""Every filter of the investments FilterSets, applied directly to records the module makes (`world`): the seed's rows
are left out of what is filtered, so a seed edit never changes an expected answer."""

import datetime
from decimal import Decimal

import pytest

from investments import filtersets as f
from investments import models
from tests.support import factories as make
from tests.support.filtering import errors, keys

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2025, 9, 5)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Zones, programmes, projects, minerals and deposits with every value the cases below filter on, and a neighbour
    for each that does not match, made once for the module. Returns {model: its records made here}."""
    with make.kept_for_the_scope(django_db_blocker):
        yield make_world()


def make_world():
    made = make.rows_made_from_now(
        models.IndustrialZone,
        models.InvestmentProgramme,
        models.InvestmentProject,
        models.Mineral,
        models.GeologicalDeposit,
    )
    source = make.SourceFactory()
    region, elsewhere = make.RegionFactory(code="KZ-W1"), make.RegionFactory(code="KZ-W2")
    saran, temirtau, karaganda = (
        make.LocalityFactory(slug=slug, region=region, source=source)
        for slug in ("w-saran", "w-temirtau", "w-karaganda")
    )
    operator, steelmaker, brand = (
        make.EnterpriseFactory(slug=slug, source=source) for slug in ("w-zone-operator", "w-steelmaker", "w-brand")
    )
    explorers = [make.EnterpriseFactory(slug=slug, source=source) for slug in ("w-explorer", "w-explorer-2")]
    manufacturing, power = make.SectorFactory(code="WC"), make.SectorFactory(code="WD")
    metals = make.SectorFactory(code="W4", level="division", parent=manufacturing)
    hectare, square_metre, megawatt, tonne = (
        make.UnitFactory(code=code) for code in ("w-hectare", "w-square-metre", "w-megawatt", "w-tonne")
    )

    def zone(slug, kind, **fields):
        return make.IndustrialZoneFactory(
            slug=slug, kind=kind, region=fields.pop("region", region), source=source, **fields
        )

    zone(
        "w-sez",
        "special-economic-zone",
        status="operating",
        operator=operator,
        participants=24,
        investment_kzt=Decimal("211e9"),
        output_kzt=Decimal("258e9"),
        permanent_jobs=1300,
        as_of=AS_OF,
        name_kk="“Сарыарқа” сынақ аймағы",
        name_ru="Тестовая зона «Сарыарка»",
        name_en="Saryarka test zone",
    )
    zone(
        "w-saran-zone",
        "industrial-zone",
        status="operating",
        locality=saran,
        participants=12,
        participants_operating=5,
        participants_implementing=7,
        investment_kzt=Decimal("472e9"),
        as_of=AS_OF,
    )
    park = zone("w-saran-park", "industrial-park", locality=saran)
    zone(
        "w-cluster-park",
        "industrial-park",
        status="proposed",
        locality=temirtau,
        area=Decimal("15000"),
        area_unit=hectare,
    )
    zone(
        "w-small-zones",
        "small-industrial-zone",
        status="under-construction",
        zone_count=3,
        area=Decimal("50000"),
        area_unit=square_metre,
        completion_year=2025,
    )
    zone("w-zone-elsewhere", "industrial-zone", status="operating", region=elsewhere)

    def programme(slug, **fields):
        return make.InvestmentProgrammeFactory(slug=slug, region=fields.pop("region", region), source=source, **fields)

    programme("w-pool-2030", end_year=2030, project_count=120, total_kzt=Decimal("4.5e12"))
    year_2025 = programme(
        "w-projects-2025",
        start_year=2025,
        end_year=2025,
        project_count=29,
        industry_project_count=15,
        total_kzt=Decimal("173e9"),
    )
    programme(
        "w-programme-elsewhere",
        region=elsewhere,
        start_year=2025,
        end_year=2026,
        project_count=5,
        total_kzt=Decimal("2e12"),
    )

    def project(slug, status, **fields):
        return make.InvestmentProjectFactory(slug=slug, status=status, region=region, source=source, **fields)

    modernisation = project(
        "w-modernisation",
        "under-construction",
        sector=metals,
        planned_investment_kzt=Decimal("1.6e12"),
        planned_investment_until=2028,
        invested_kzt=Decimal("572.9e9"),
        invested_year=2024,
    )
    make.ProjectParticipantFactory(project=modernisation, enterprise=steelmaker, role="operator")
    project("w-galvanizing", "commissioned", jobs=40)
    make.ProjectParticipantFactory(project=project("w-appliances", "operating"), enterprise=brand, role="brand")
    for slug in ("w-radiators", "w-pipes"):
        project(slug, "under-construction", target_year=2025)
    project(
        "w-wind", "under-construction", target_year=2025, sector=power, capacity=Decimal("150"), capacity_unit=megawatt
    )
    project("w-localisation-centre", "planned", locality=saran, zone=park, programme=year_2025)
    project("w-metal-products", "planned", locality=karaganda, programme=year_2025)
    project(
        "w-technohub",
        "under-construction",
        name_kk="“Картех” сынақ технохабы",
        name_ru="Тестовый технохаб «Картех»",
        name_en="Kartech test technohub",
    )

    cerium, lanthanum = (
        make.MineralFactory(slug=slug, group="rare-earth-metal", source=source) for slug in ("w-cerium", "w-lanthanum")
    )
    gold, copper = (make.MineralFactory(slug=slug, source=source) for slug in ("w-gold", "w-copper"))

    def deposit(slug, kind, status, **fields):
        return make.GeologicalDepositFactory(
            slug=slug, kind=kind, exploration_status=status, region=region, source=source, **fields
        )

    kuirektykol = deposit(
        "w-kuirektykol",
        "deposit",
        "completed",
        minerals=[cerium, lanthanum],
        name_kk="Қуйректыкөл сынақ кен орны",
        name_ru="Тестовое месторождение Куйректыколь",
        name_en="Kuirektykol test deposit",
    )
    make.ResourceEstimateFactory(deposit=kuirektykol, category="forecast", amount=Decimal("28.2e6"), unit=tonne)
    deposit("w-explored-sites", "prospective-site", "in-progress", explorers=explorers)
    deposit("w-gold-sites", "prospective-site", "identified", minerals=[gold, copper])
    make.ResourceEstimateFactory(
        deposit=deposit("w-saran-deposit", "deposit", "identified", locality=saran), category="explored", unit=tonne
    )
    return made


SARAN = {"w-saran-zone", "w-saran-park"}
CASES = [
    (f.IndustrialZoneFilterSet, "kind=industrial-park", {"w-saran-park", "w-cluster-park"}),
    (f.IndustrialZoneFilterSet, "status=proposed&status=under-construction", {"w-cluster-park", "w-small-zones"}),
    (f.IndustrialZoneFilterSet, "region=KZ-W1&locality=w-saran", SARAN),
    (f.IndustrialZoneFilterSet, "region=KZ-W2", {"w-zone-elsewhere"}),
    (f.IndustrialZoneFilterSet, "operator=w-zone-operator", {"w-sez"}),
    (f.IndustrialZoneFilterSet, "investment_kzt__gte=300000000000", {"w-saran-zone"}),
    (f.IndustrialZoneFilterSet, "output_kzt__gte=1", {"w-sez"}),
    (f.IndustrialZoneFilterSet, "participants__lte=20", {"w-saran-zone"}),
    (f.IndustrialZoneFilterSet, "permanent_jobs__gte=1000", {"w-sez"}),
    (f.IndustrialZoneFilterSet, "area__gte=20000", {"w-small-zones"}),
    (f.IndustrialZoneFilterSet, "completion_year=2025", {"w-small-zones"}),
    (f.IndustrialZoneFilterSet, "as_of__lte=2025-12-31", {"w-sez", "w-saran-zone"}),
    (f.IndustrialZoneFilterSet, "search=САРЫАРҚА", {"w-sez"}),
    (f.InvestmentProgrammeFilterSet, "end_year__gte=2030", {"w-pool-2030"}),
    (f.InvestmentProgrammeFilterSet, "start_year=2025&region=KZ-W1", {"w-projects-2025"}),
    (f.InvestmentProgrammeFilterSet, "total_kzt__lte=1000000000000", {"w-projects-2025"}),
    (f.InvestmentProgrammeFilterSet, "project_count__gte=100", {"w-pool-2030"}),
    (f.InvestmentProjectFilterSet, "status=planned", {"w-localisation-centre", "w-metal-products"}),
    (f.InvestmentProjectFilterSet, "status=commissioned&status=operating", {"w-galvanizing", "w-appliances"}),
    (f.InvestmentProjectFilterSet, "zone=w-saran-park", {"w-localisation-centre"}),
    (f.InvestmentProjectFilterSet, "locality=w-karaganda", {"w-metal-products"}),
    (f.InvestmentProjectFilterSet, "programme=w-projects-2025", {"w-localisation-centre", "w-metal-products"}),
    (f.InvestmentProjectFilterSet, "sector=WD", {"w-wind"}),
    (f.InvestmentProjectFilterSet, "sector=WC", {"w-modernisation"}),  # a section matches its divisions
    (f.InvestmentProjectFilterSet, "enterprise=w-steelmaker", {"w-modernisation"}),
    (f.InvestmentProjectFilterSet, "participant_role=brand", {"w-appliances"}),
    (f.InvestmentProjectFilterSet, "planned_investment_kzt__gte=1000000000000", {"w-modernisation"}),
    (f.InvestmentProjectFilterSet, "invested_kzt__gte=1&invested_year=2024", {"w-modernisation"}),
    (f.InvestmentProjectFilterSet, "capacity__gte=100&capacity_unit=w-megawatt", {"w-wind"}),
    (f.InvestmentProjectFilterSet, "target_year=2025&status=under-construction", {"w-radiators", "w-pipes", "w-wind"}),
    (f.InvestmentProjectFilterSet, "jobs__gte=1", {"w-galvanizing"}),
    (f.InvestmentProjectFilterSet, "jobs__gte=41", set()),
    (f.InvestmentProjectFilterSet, "search=картех", {"w-technohub"}),
    (f.MineralFilterSet, "group=rare-earth-metal", {"w-cerium", "w-lanthanum"}),
    (f.GeologicalDepositFilterSet, "mineral=w-gold", {"w-gold-sites"}),
    (f.GeologicalDepositFilterSet, "mineral=w-cerium&mineral=w-copper", {"w-kuirektykol", "w-gold-sites"}),
    (f.GeologicalDepositFilterSet, "explorer=w-explorer", {"w-explored-sites"}),
    (f.GeologicalDepositFilterSet, "kind=deposit&exploration_status=completed", {"w-kuirektykol"}),
    (f.GeologicalDepositFilterSet, "resource_category=forecast", {"w-kuirektykol"}),
    (f.GeologicalDepositFilterSet, "region=KZ-W1&locality=w-saran", {"w-saran-deposit"}),
    (f.GeologicalDepositFilterSet, "region=KZ-W2", set()),
    (f.GeologicalDepositFilterSet, "search=қуйректыкөл", {"w-kuirektykol"}),
]


@pytest.mark.parametrize(("filterset", "query", "expected"), CASES, ids=[f"{c[0].__name__}?{c[1]}" for c in CASES])
def test_filter(world, filterset, query, expected):
    assert keys(filterset, query, among=world[filterset._meta.model]) == expected


@pytest.mark.parametrize(
    ("filterset", "query", "parameter"),
    [
        (f.IndustrialZoneFilterSet, "investment_kzt__gte=many", "investment_kzt__gte"),
        (f.IndustrialZoneFilterSet, "kind=spaceport", "kind"),
        (f.IndustrialZoneFilterSet, "as_of=yesterday", "as_of"),
        (f.InvestmentProjectFilterSet, "zone=nowhere", "zone"),
        (f.InvestmentProjectFilterSet, "ordering=secret", "ordering"),
        (f.GeologicalDepositFilterSet, "mineral=kryptonite", "mineral"),
    ],
)
def test_invalid_value_names_the_parameter(filterset, query, parameter):
    assert parameter in errors(filterset, query)
