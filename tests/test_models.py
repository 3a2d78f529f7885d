"""Model rules reject bad data, at the database and in full_clean (admin, API and import share them)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from indicators.models import Indicator, Observation, Region
from investments.models import IndustrialZone
from tests import factories as make

pytestmark = pytest.mark.django_db


def make_observation(**overrides):
    fields = {
        "indicator": Indicator.objects.get(code="industrial-output"),
        "region": Region.objects.get(code="KZ-35"),
        "period_start": datetime.date(2023, 1, 1),
        "period_end": datetime.date(2023, 12, 31),
        "value": Decimal("1"),
        "source": Indicator.objects.get(code="industrial-output").source,
    }
    return Observation(**{**fields, **overrides})


def assert_db_rejects(instance):
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


def test_valid_observation_saves_with_generated_code():
    obs = make_observation()
    obs.full_clean(exclude=["code"])
    obs.save()
    assert obs.code == "industrial-output-kz-35-2023-actual"
    assert obs.period_label == "2023"


def test_period_that_ends_before_it_starts_is_rejected():
    obs = make_observation(period_start=datetime.date(2024, 2, 1), period_end=datetime.date(2024, 1, 1), code="x")
    with pytest.raises(ValidationError) as exc:
        obs.full_clean()
    assert "period_end" in exc.value.message_dict
    assert_db_rejects(obs)


def test_unknown_status_is_rejected():
    obs = make_observation(status="rumoured", code="x")
    with pytest.raises(ValidationError) as exc:
        obs.full_clean()
    assert "status" in exc.value.message_dict
    assert_db_rejects(obs)


def test_negative_zone_investment_is_rejected():
    zone = IndustrialZone.objects.get(slug="sez-saryarka")
    zone.investment_kzt = Decimal("-1")
    with pytest.raises(ValidationError):
        zone.full_clean()
    assert_db_rejects(zone)


def test_zone_participant_stages_cannot_exceed_total():
    zone = make.IndustrialZoneFactory(participants=12, participants_operating=5, participants_implementing=7)
    zone.participants_operating = 6
    assert_db_rejects(zone)


def test_negative_project_amount_and_capacity_without_unit_are_rejected():
    project = make.InvestmentProjectFactory(capacity=Decimal("150"), capacity_unit=make.UnitFactory())
    project.invested_kzt = Decimal("-5")
    assert_db_rejects(project)
    project.refresh_from_db()
    project.capacity_unit = None
    assert_db_rejects(project)


def test_project_locality_must_lie_in_its_region():
    locality = make.LocalityFactory()
    project = make.InvestmentProjectFactory(region=locality.region, locality=locality)
    project.full_clean()
    project.region = make.RegionFactory()
    with pytest.raises(ValidationError) as exc:
        project.full_clean()
    assert "locality" in exc.value.message_dict


@translation.override("en")
def test_period_label_names_months_and_open_periods():
    assert (
        make_observation(period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 7, 31)).period_label
        == "2025-01/2025-07"
    )
    assert make_observation(period_start=datetime.date(2025, 1, 1), period_end=None).period_label == "from 2025-01-01"
    assert (
        make_observation(period_start=datetime.date(2025, 9, 5), period_end=datetime.date(2025, 9, 5)).period_label
        == "as of 2025-09-05"
    )
    assert make_observation(period_start=None, period_end=None).period_label == ""
