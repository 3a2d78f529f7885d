"""Every filter of the education FilterSets, applied directly to records the module makes (`world`), not the seed's."""

import pytest

from education import filtersets as f
from education import models
from tests.support import factories as make
from tests.support.filtering import errors, keys

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Institutions and training programmes with every value the cases below filter on, made once for the module.
    Returns {model: its records made here}."""
    with make.kept_for_the_scope(django_db_blocker):
        made = make.rows_made_from_now(models.Institution, models.TrainingProgramme)
        source = make.SourceFactory()
        region, elsewhere = make.RegionFactory(code="KZ-W1"), make.RegionFactory(code="KZ-W2")
        saran = make.LocalityFactory(slug="w-saran", region=region, source=source)
        college = make.InstitutionFactory(
            slug="w-saran-college",
            kind="college",
            region=region,
            locality=saran,
            source=source,
            name_kk="Саран колледжі",
            name_ru="Саранский колледж",
            name_en="Saran college",
        )
        make.SpecialtyFactory(institution=college, opened_year=2023)
        university = make.InstitutionFactory(
            slug="w-university", kind="university", region=region, dual_training=True, source=source
        )
        make.SpecialtyFactory(institution=university, opened_year=2025)
        make.InstitutionFactory(
            slug="w-college-elsewhere", kind="college", region=elsewhere, dual_training=False, source=source
        )
        make.TrainingProgrammeFactory(
            slug="w-zhumys-tap", name_kk="Жұмыс тап", name_ru="Жұмыс тап", name_en="Zhumys Tap", source=source
        )
        make.TrainingProgrammeFactory(
            slug="w-worldskills", name_kk="WorldSkills", name_ru="WorldSkills", name_en="WorldSkills", source=source
        )
        yield made


@pytest.mark.parametrize(
    ("filterset", "query", "expected"),
    [
        (f.InstitutionFilterSet, "kind=college&locality=w-saran", {"w-saran-college"}),
        (f.InstitutionFilterSet, "kind=university", {"w-university"}),
        (f.InstitutionFilterSet, "region=KZ-W1", {"w-saran-college", "w-university"}),
        (f.InstitutionFilterSet, "specialty_opened_year=2023", {"w-saran-college"}),
        (f.InstitutionFilterSet, "specialty_opened_year__gte=2024", {"w-university"}),
        (f.InstitutionFilterSet, "specialty_opened_year__lte=2023", {"w-saran-college"}),
        (f.InstitutionFilterSet, "specialty_opened_year__lte=2022", set()),
        (f.InstitutionFilterSet, "dual_training=true", {"w-university"}),
        (f.InstitutionFilterSet, "dual_training=false", {"w-college-elsewhere"}),
        (f.InstitutionFilterSet, "search=саран колледжі", {"w-saran-college"}),
        (f.TrainingProgrammeFilterSet, "search=жұмыс", {"w-zhumys-tap"}),
        (f.TrainingProgrammeFilterSet, "search=worldskills", {"w-worldskills"}),
    ],
)
def test_filter(world, filterset, query, expected):
    assert keys(filterset, query, among=world[filterset._meta.model]) == expected


def test_partner_filter(more_rows):
    assert keys(f.InstitutionFilterSet, "partner=test-partner") == {
        "test-college-0",
        "test-college-1",
        "test-college-2",
    }


def test_invalid_values_name_the_parameter():
    assert "kind" in errors(f.InstitutionFilterSet, "kind=school")
    assert "partner" in errors(f.InstitutionFilterSet, "partner=nobody")
    assert "dual_training" in errors(f.InstitutionFilterSet, "dual_training=perhaps")
