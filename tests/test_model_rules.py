"""Model rules reject bad data, at the database and in full_clean (admin, API and import share them)."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from education.models import Specialty
from indicators.models import Indicator, Observation, Region, Source
from investments.models import IndustrialZone, InvestmentProgramme, InvestmentProject, ProjectMilestone
from tests.core.test_edits_survive_reloads import admin_form_data
from tests.support import factories as make

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
    assert obs.code == "industrial-output--kz-35--2023"
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


# ---------------------------------------------------------------- rule messages, plausible years, kept translations


def app_models():
    return [
        model
        for app in ("indicators", "investments", "education")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    ]


def test_every_constraint_says_its_rule_in_words():
    """Admin, API and importers show a constraint's message: never Django's 'Constraint "name" is violated.'."""
    constraints = [(model, constraint) for model in app_models() for constraint in model._meta.constraints]
    assert len(constraints) > 40
    for model, constraint in constraints:
        message = str(constraint.violation_error_message)
        assert message != str(constraint.default_violation_error_message), (model, constraint.name)
        assert constraint.name not in message and "violated" not in message, (model, constraint.name)


@pytest.fixture
def writer(superuser):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=superuser)[0].key}")
    return client


def admin_post(client, superuser, instance, **changes):
    """The admin change form of `instance`, posted back with `changes`; the response."""
    client.force_login(superuser)
    url = reverse(f"admin:{instance._meta.app_label}_{instance._meta.model_name}_change", args=[instance.pk])
    data = admin_form_data(client.get(url))
    data.update({name: str(value) for name, value in changes.items()})
    return client.post(url, data)


ZONE = "/api/v1/investments/zones/sez-saryarka/"


def test_the_admin_and_the_api_show_a_constraint_in_words(client, superuser, writer):
    zone = IndustrialZone.objects.get(slug="sez-saryarka")
    response = admin_post(client, superuser, zone, investment_kzt="-1")
    assert response.status_code == 200  # the form again, not saved
    assert response.context["adminform"].form.non_field_errors() == ["The investment attracted cannot be negative."]
    assert "zone_investment_non_negative" not in response.content.decode()
    # The API's serializer refuses the value itself, before the model's rules, naming the field.
    response = writer.patch(f"{ZONE}?lang=en", {"investment_kzt": "-1"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"investment_kzt": ["Ensure this value is greater than or equal to 0."]}
    # A rule across fields reaches the API as the model words it.
    response = writer.patch(
        f"{ZONE}?lang=en",
        {"participants": 1, "participants_operating": 1, "participants_implementing": 1},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": [
            "The participants operating and those implementing cannot together be more than all registered "
            "participants."
        ]
    }


def this_year():
    return timezone.localdate().year


@pytest.mark.parametrize(
    ("value", "valid"),
    [(1800, False), (1849, False), (1850, True), (2025, True), ("+50", True), ("+51", False), (99999, False)],
)
def test_a_year_lies_from_1850_to_fifty_years_ahead(value, valid):
    if isinstance(value, str):
        value = this_year() + int(value)
    zone = IndustrialZone.objects.get(slug="sez-saryarka")
    zone.completion_year = value
    if valid:
        zone.full_clean()
        return
    with pytest.raises(ValidationError) as exc:
        zone.full_clean()
    # (On PostgreSQL, 99999 is also past the column's range: a second message.)
    assert list(exc.value.message_dict) == ["completion_year"]
    assert exc.value.message_dict["completion_year"][0] == (
        f"Give a year from 1850 to {this_year() + 50}: no record here is older than 1850, and no source plans "
        "more than 50 years ahead."
    )


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (IndustrialZone, "completion_year"),
        (InvestmentProgramme, "start_year"),
        (InvestmentProgramme, "end_year"),
        (InvestmentProject, "start_year"),
        (InvestmentProject, "target_year"),
        (InvestmentProject, "invested_year"),
        (InvestmentProject, "planned_investment_until"),
        (Region, "established_year"),
        (Region, "abolished_year"),
        (Specialty, "opened_year"),
        (IndustrialZone, "as_of"),
        (Source, "published_on"),
        (Observation, "period_start"),
        (Observation, "period_end"),
        (ProjectMilestone, "date"),
    ],
)
def test_every_year_and_date_field_refuses_an_implausible_year(model, field):
    instance = model.objects.order_by("pk").first()
    is_date = isinstance(model._meta.get_field(field), models.DateField)
    setattr(instance, field, datetime.date(1800, 1, 1) if is_date else 1800)
    with pytest.raises(ValidationError) as exc:
        instance.clean_fields()
    assert list(exc.value.message_dict) == [field]


@pytest.mark.parametrize(("model", "field"), [(IndustrialZone, "as_of"), (Source, "published_on")])
def test_a_reference_date_is_not_in_the_future(model, field):
    instance = model.objects.order_by("pk").first()
    today = timezone.localdate()
    setattr(instance, field, today)
    instance.clean_fields()
    setattr(instance, field, today + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        instance.clean_fields()
    assert exc.value.message_dict == {
        field: [
            f"{today + datetime.timedelta(days=1)} is in the future: a reference date is when a source stated the "
            f"fact (today is {today})."
        ]
    }


def test_a_future_plan_is_a_plausible_year_but_not_a_reference_date(writer):
    response = writer.patch(ZONE, {"completion_year": this_year() + 10}, format="json")
    assert response.status_code == 200, response.json()
    response = writer.patch(ZONE, {"completion_year": 1800, "as_of": "2099-01-01"}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"completion_year", "as_of"}


def test_the_admin_refuses_to_remove_a_translation_another_language_still_has(client, superuser):
    zone = IndustrialZone.objects.get(slug="sez-saryarka")
    russian = zone.name_ru
    response = admin_post(client, superuser, zone, name_ru="")
    assert response.status_code == 200  # the form again, not saved
    assert response.context["adminform"].form.errors == {
        "name_ru": [
            "The text in ru cannot be removed while another language has one: answers in ru would show another "
            "language's text instead. Correct it, or remove the text in every language."
        ]
    }
    zone.refresh_from_db()
    assert zone.name_ru == russian
    # A correction is taken, as is an optional text removed in every language at once.
    assert admin_post(client, superuser, zone, name_ru="Исправлено").status_code == 302
    changes = {f"description_{code}": "" for code in ("kk", "ru", "en")}
    assert admin_post(client, superuser, zone, **changes).status_code == 302
    zone.refresh_from_db()
    assert (zone.name_ru, zone.description_ru, zone.description_kk) == ("Исправлено", "", "")


def test_the_api_refuses_to_remove_a_translation_and_keeps_serving_one_that_never_existed(writer, api):
    response = writer.patch(f"{ZONE}?lang=ru", {"description": ""}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["description_ru"]
    response = writer.patch(ZONE, {"translations": {"name": {"en": None}}}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["name_en"]
    # A record that never had a Russian name is still saved, and ?lang=ru falls back to its Kazakh name.
    zone = make.IndustrialZoneFactory(name_ru="")
    response = writer.patch(f"/api/v1/investments/zones/{zone.slug}/", {"participants": 3}, format="json")
    assert response.status_code == 200, response.json()
    assert api(f"/api/v1/investments/zones/{zone.slug}/", {"lang": "ru"}).json()["name"] == zone.name_kk
