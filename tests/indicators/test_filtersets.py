"""Every filter of the indicators FilterSets, applied directly to the seed data."""
import pytest

from indicators import filtersets as f
from tests.filtering import errors, keys

pytestmark = pytest.mark.django_db

QARMET_GROWTH = {
    "production-growth--kz-35--qarmet--pig-iron--2025",
    "production-growth--kz-35--qarmet--steel--2025",
    "production-growth--kz-35--qarmet--rolled-products--2025",
    "production-growth--kz-35--qarmet--coal--2025",
}
CASES = [
    (f.SourceFilterSet, "kind=classifier", "slug", {"iso-3166-2-kz", "nace-rev-2"}),
    (f.SourceFilterSet, "language=kk", "slug", {"baq-kz-2025-09-05-karaganda-industry"}),
    (f.SourceFilterSet, "publisher=BAQ.KZ", "slug", {"baq-kz-2025-09-05-karaganda-industry"}),
    (f.SourceFilterSet, "published_on__gte=2025-01-01", "slug", {"baq-kz-2025-09-05-karaganda-industry"}),
    (f.SourceFilterSet, "search=eurostat", "slug", {"nace-rev-2"}),
    (f.UnitFilterSet, "code=kzt&code=tonne", "code", {"kzt", "tonne"}),
    (f.RegionFilterSet, "code=KZ-35&code=KZ-62", "code", {"KZ-35", "KZ-62"}),
    (f.RegionFilterSet, "kind=city", "code", {"KZ-71", "KZ-75", "KZ-79"}),
    (f.RegionFilterSet, "formed_from=KZ-35", "code", {"KZ-62"}),
    (f.RegionFilterSet, "established_year=2022", "code", {"KZ-10", "KZ-33", "KZ-62"}),
    (f.RegionFilterSet, "search=карагандинская", "code", {"KZ-35"}),
    (f.RegionFilterSet, "search=KARAGANDA", "code", {"KZ-35"}),
    (f.RegionFilterSet, "search=Қарағанды", "code", {"KZ-35"}),
    (f.LocalityFilterSet, "region=KZ-35&kind=city", "slug", {"karaganda", "temirtau", "saran"}),
    (f.LocalityFilterSet, "region=KZ-62", "slug", set()),
    (f.SectorFilterSet, "level=division&parent=C", "code", {"22", "24", "25"}),
    (f.EnterpriseFilterSet, "role=explorer", "slug", {"ig-global", "yildirim-holding"}),
    (f.EnterpriseFilterSet, "country=US&country=TR", "slug", {"ig-global", "yildirim-holding"}),
    (f.EnterpriseFilterSet, "sector=24", "slug", {"qarmet", "tau-ken-temir"}),
    (f.EnterpriseFilterSet, "locality=temirtau", "slug", {"qarmet"}),
    (f.EnterpriseFilterSet, "role=zone-operator&region=KZ-35", "slug", {"sez-saryarka-management-company"}),
    (f.EnterpriseFilterSet, "size_class=large", "slug", set()),
    (f.ProductFilterSet, "sector=24", "slug", {"pig-iron", "steel", "rolled-products"}),
    (f.IndicatorFilterSet, "unit=percent", "code", {"industrial-output-growth", "industry-share-of-economy", "production-growth", "innovative-export-share", "unemployment-rate"}),
    (f.IndicatorFilterSet, "code=colleges", "code", {"colleges"}),
    (f.ObservationFilterSet, "indicator=industrial-output&region=KZ-35", "code", {"industrial-output--kz-35--2024", "industrial-output--kz-35--2025-01-2025-07"}),
    (f.ObservationFilterSet, "enterprise=qarmet", "code", QARMET_GROWTH),
    (f.ObservationFilterSet, "product=steel", "code", {"production-growth--kz-35--qarmet--steel--2025"}),
    (f.ObservationFilterSet, "indicator=industrial-enterprises&size_class=large&size_class=medium", "code",
     {"industrial-enterprises--kz-35--large--2025-09-05", "industrial-enterprises--kz-35--medium--2025-09-05"}),
    (f.ObservationFilterSet, "indicator=industrial-enterprises&breakdown=false", "code", {"industrial-enterprises--kz-35--2025-09-05"}),
    (f.ObservationFilterSet, "indicator=production-growth&breakdown=true", "code", QARMET_GROWTH),
    (f.ObservationFilterSet, "comparison_base=same-period-previous-year", "code", {"industrial-output-growth--kz-35--2025-01-2025-07"}),
    (f.ObservationFilterSet, "qualifier=more-than", "code", {"industrial-output--kz-35--2024", "industry-share-of-economy--kz-35", "innovative-output--kz-35"}),
    (f.ObservationFilterSet, "status=planned", "code", set()),
    (f.ObservationFilterSet, "source=iso-3166-2-kz", "code", set()),
    (f.ObservationFilterSet, "indicator=industrial-output&period_after=2025-01-01", "code", {"industrial-output--kz-35--2025-01-2025-07"}),
    (f.ObservationFilterSet, "indicator=industrial-output&period_before=2024-12-31", "code", {"industrial-output--kz-35--2024"}),
    (f.ObservationFilterSet, "enterprise=qarmet&period_before=2025-06-30", "code", QARMET_GROWTH),
    (f.ObservationFilterSet, "year=2024&indicator=production-volume", "code",
     {"production-volume--kz-35--buses-and-special-vehicles--2024", "production-volume--kz-35--household-appliances--2024", "production-volume--kz-35--tyres--2024"}),
    (f.ObservationFilterSet, "indicator=production-volume&value__gte=131000&value__lte=200000", "code", {"production-volume--kz-35--household-appliances--2024"}),
    (f.ObservationFilterSet, "search=шина", "code", {"production-volume--kz-35--tyres--2024"}),
    (f.ObservationFilterSet, "search=колледж", "code", {"colleges--kz-35--2025-09-05", "colleges-with-dual-training--kz-35--2025-09-05"}),
]


@pytest.mark.parametrize(("filterset", "query", "key", "expected"), CASES, ids=[f"{c[0].__name__}?{c[1]}" for c in CASES])
def test_filter(filterset, query, key, expected):
    assert keys(filterset, query, key) == expected


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


def test_ordering_is_stable_and_reversible():
    forward = list(f.ObservationFilterSet(
        __import__("django.http", fromlist=["QueryDict"]).QueryDict("indicator=production-volume&ordering=value"),
        queryset=f.models.Observation.objects.all(),
    ).qs.values_list("value", flat=True))
    assert forward == sorted(forward)
    assert forward[0] == 1400
