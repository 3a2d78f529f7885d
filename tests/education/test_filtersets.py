"""Every filter of the education FilterSets."""
import pytest

from education import filtersets as f
from tests.filtering import errors, keys

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("filterset", "query", "expected"),
    [
        (f.InstitutionFilterSet, "kind=college&locality=saran", {"saran-college"}),
        (f.InstitutionFilterSet, "kind=university", set()),
        (f.InstitutionFilterSet, "region=KZ-35", {"saran-college"}),
        (f.InstitutionFilterSet, "specialty_opened_year=2023", {"saran-college"}),
        (f.InstitutionFilterSet, "specialty_opened_year__gte=2024", set()),
        (f.InstitutionFilterSet, "specialty_opened_year__lte=2023", {"saran-college"}),
        (f.InstitutionFilterSet, "dual_training=true", set()),
        (f.InstitutionFilterSet, "search=саран колледжі", {"saran-college"}),
        (f.TrainingProgrammeFilterSet, "search=жұмыс", {"zhumys-tap"}),
        (f.TrainingProgrammeFilterSet, "search=worldskills", {"worldskills"}),
    ],
)
def test_filter(filterset, query, expected):
    assert keys(filterset, query) == expected


def test_partner_filter(more_rows):
    assert keys(f.InstitutionFilterSet, "partner=test-partner") == {"test-college-0", "test-college-1", "test-college-2"}


def test_invalid_values_name_the_parameter():
    assert "kind" in errors(f.InstitutionFilterSet, "kind=school")
    assert "partner" in errors(f.InstitutionFilterSet, "partner=nobody")
    assert "dual_training" in errors(f.InstitutionFilterSet, "dual_training=perhaps")
