"""Every filter of the investments FilterSets, applied directly to the seed data."""
import pytest

from investments import filtersets as f
from tests.filtering import errors, keys

pytestmark = pytest.mark.django_db

SARAN = {"saran-industrial-zone", "saran-industrial-park"}
CASES = [
    (f.IndustrialZoneFilterSet, "kind=industrial-park", {"saran-industrial-park", "temirtau-metallurgical-cluster-park"}),
    (f.IndustrialZoneFilterSet, "status=proposed&status=under-construction", {"temirtau-metallurgical-cluster-park", "small-industrial-zones-2025"}),
    (f.IndustrialZoneFilterSet, "region=KZ-35&locality=saran", SARAN),
    (f.IndustrialZoneFilterSet, "operator=sez-saryarka-management-company", {"sez-saryarka"}),
    (f.IndustrialZoneFilterSet, "investment_kzt__gte=300000000000", {"saran-industrial-zone"}),
    (f.IndustrialZoneFilterSet, "output_kzt__gte=1", {"sez-saryarka"}),
    (f.IndustrialZoneFilterSet, "participants__lte=20", {"saran-industrial-zone"}),
    (f.IndustrialZoneFilterSet, "permanent_jobs__gte=1000", {"sez-saryarka"}),
    (f.IndustrialZoneFilterSet, "area__gte=20000", {"small-industrial-zones-2025"}),
    (f.IndustrialZoneFilterSet, "completion_year=2025", {"small-industrial-zones-2025"}),
    (f.IndustrialZoneFilterSet, "as_of__lte=2025-12-31", {"sez-saryarka", "saran-industrial-zone"}),
    (f.IndustrialZoneFilterSet, "search=САРЫАРҚА", {"sez-saryarka"}),
    (f.InvestmentProgrammeFilterSet, "end_year__gte=2030", {"investment-pool-2030"}),
    (f.InvestmentProgrammeFilterSet, "start_year=2025&region=KZ-35", {"investment-projects-2025"}),
    (f.InvestmentProgrammeFilterSet, "total_kzt__lte=1000000000000", {"investment-projects-2025"}),
    (f.InvestmentProgrammeFilterSet, "project_count__gte=100", {"investment-pool-2030"}),
    (f.InvestmentProjectFilterSet, "status=planned", {"household-appliance-localisation-centre", "metal-products-production-karaganda"}),
    (f.InvestmentProjectFilterSet, "status=commissioned&status=operating", {"hot-dip-galvanizing-plant", "samsung-tv-and-washing-machine-production"}),
    (f.InvestmentProjectFilterSet, "zone=saran-industrial-park", {"household-appliance-localisation-centre"}),
    (f.InvestmentProjectFilterSet, "locality=karaganda", {"metal-products-production-karaganda"}),
    (f.InvestmentProjectFilterSet, "programme=investment-projects-2025", {"household-appliance-localisation-centre", "metal-products-production-karaganda"}),
    (f.InvestmentProjectFilterSet, "sector=D", {"wind-power-station-150-mw"}),
    (f.InvestmentProjectFilterSet, "enterprise=qarmet", {"qarmet-modernisation"}),
    (f.InvestmentProjectFilterSet, "participant_role=brand", {"samsung-tv-and-washing-machine-production"}),
    (f.InvestmentProjectFilterSet, "planned_investment_kzt__gte=1000000000000", {"qarmet-modernisation"}),
    (f.InvestmentProjectFilterSet, "invested_kzt__gte=1&invested_year=2024", {"qarmet-modernisation"}),
    (f.InvestmentProjectFilterSet, "capacity__gte=100&capacity_unit=megawatt", {"wind-power-station-150-mw"}),
    (f.InvestmentProjectFilterSet, "target_year=2025&status=under-construction", {"aluminium-radiator-production", "straight-seam-welded-pipe-production", "silicon-alloy-production", "wind-power-station-150-mw"}),
    (f.InvestmentProjectFilterSet, "jobs__gte=1", set()),
    (f.InvestmentProjectFilterSet, "search=картех", {"kartech-industrial-technohub"}),
    (f.MineralFilterSet, "group=rare-earth-metal", {"cerium", "lanthanum", "neodymium", "yttrium"}),
    (f.GeologicalDepositFilterSet, "mineral=gold", {"gold-copper-tungsten-sites"}),
    (f.GeologicalDepositFilterSet, "mineral=cerium&mineral=copper", {"kuirektykol", "gold-copper-tungsten-sites"}),
    (f.GeologicalDepositFilterSet, "explorer=ig-global", {"ig-global-and-yildirim-holding-sites"}),
    (f.GeologicalDepositFilterSet, "kind=deposit&exploration_status=completed", {"kuirektykol"}),
    (f.GeologicalDepositFilterSet, "resource_category=forecast", {"kuirektykol"}),
    (f.GeologicalDepositFilterSet, "region=KZ-35&locality=saran", set()),
    (f.GeologicalDepositFilterSet, "search=қуйректыкөл", {"kuirektykol"}),
]


@pytest.mark.parametrize(("filterset", "query", "expected"), CASES, ids=[f"{c[0].__name__}?{c[1]}" for c in CASES])
def test_filter(filterset, query, expected):
    assert keys(filterset, query) == expected


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
