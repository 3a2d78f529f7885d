"""One public key per figure, whatever path it came in by (seed, data package, API, admin), stable across its
vintages; a key a figure had before still leads to it (301 for a read, 404 naming the key now for a write)."""

from datetime import date

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from indicators.datapackage import datapackage_import
from indicators.models import LoadedRecord, Observation, ObservationAlias, figure_key
from indicators.periods import period_key
from indicators.services import loaded_key, observations_rekey
from tests.conftest import ARTICLE
from tests.core.test_admin_permissions import form_data
from tests.support.factories import ObservationFactory
from tests.support.packages import GOOD_ROWS, make_package

pytestmark = pytest.mark.django_db
OBSERVATIONS = "/api/v1/indicators/observations/"


@pytest.fixture
def writer(django_user_model):
    user = django_user_model.objects.create_superuser("writer", password="a-long-test-password")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def key(**figure) -> str:
    base = {"indicator": "gross-regional-product", "region": "KZ-35", "breakdown": [], "status": "actual"}
    return figure_key(**{**base, "frequency": "", **figure})


@pytest.mark.parametrize(
    ("start", "end", "frequency", "expected"),
    [
        (date(2023, 1, 1), date(2023, 12, 31), "annual", "2023"),
        (date(2023, 1, 1), date(2023, 3, 31), "quarterly", "2023-q1"),
        (date(2023, 1, 1), date(2023, 3, 31), "year-to-date", "2023-01-to-2023-03"),
        (date(2023, 1, 1), date(2023, 9, 30), "year-to-date", "2023-01-to-2023-09"),
        (date(2023, 7, 1), date(2023, 7, 31), "monthly", "2023-07"),
        (date(2023, 1, 1), date(2023, 1, 1), "point", "2023-01-01"),
        (date(2023, 1, 1), None, "open", "from-2023-01-01"),
        (date(2023, 1, 15), date(2023, 2, 14), "other", "2023-01-15-to-2023-02-14"),
        (date(2023, 2, 1), date(2023, 4, 30), "quarterly", "2023-02-01-to-2023-04-30"),  # not a quarter: its dates
        (None, None, "", "no-period"),
    ],
)
def test_the_period_part_is_the_period_parameters_notation(start, end, frequency, expected):
    assert period_key(start, end, frequency) == expected


def test_the_key_joins_indicator_region_breakdown_and_period():
    breakdown = ["qarmet", "steel", ""]
    assert key(breakdown=breakdown, period_start=date(2024, 1, 1), period_end=date(2024, 12, 31)) == (
        "gross-regional-product--kz-35--qarmet--steel--2024"
    )
    assert key(period_start=date(2024, 1, 1), period_end=date(2024, 3, 31), frequency="year-to-date") != key(
        period_start=date(2024, 1, 1), period_end=date(2024, 3, 31), frequency="quarterly"
    )
    assert len(key(indicator="x" * 300, period_start=None, period_end=None)) == 200


def test_a_plan_is_another_figure_and_a_revision_is_the_same():
    year = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}
    actual, preliminary = key(**year), key(**year, status="preliminary")
    planned, target, forecast = (key(**year, status=status) for status in ("planned", "target", "forecast"))
    assert actual == preliminary == "gross-regional-product--kz-35--2025"
    assert planned == "gross-regional-product--kz-35--2025--planned"
    assert len({actual, planned, target, forecast}) == 4


def test_a_figure_revised_from_preliminary_keeps_its_key(writer):
    year = figure_payload(period_start="2024-01-01", period_end="2024-12-31")
    response = writer.post(OBSERVATIONS, {**year, "status": "preliminary"}, format="json")
    assert response.status_code == 201, response.json()
    code = response.json()["code"]
    response = writer.patch(f"{OBSERVATIONS}{code}/", {"status": "actual", "value": "53"}, format="json")
    assert response.status_code == 200 and response.json()["code"] == code
    assert code == "colleges--kz-35--2024"
    planned = writer.post(OBSERVATIONS, {**year, "status": "planned"}, format="json")
    assert planned.status_code == 201, planned.json()
    assert planned.json()["code"] == f"{code}--planned"


def test_every_seed_figure_has_the_rules_key():
    figures = Observation.objects.select_related("indicator", "region", "enterprise", "product")
    assert figures.exists()
    assert [(figure.code, figure.figure_key()) for figure in figures if figure.code != figure.figure_key()] == []


def figure_payload(**fields) -> dict:
    return {
        "indicator": "colleges",
        "region": "KZ-35",
        "period_start": "2025-09-05",
        "period_end": "2025-09-05",
        "value": "52",
        "source": ARTICLE,
        **fields,
    }


@pytest.mark.parametrize(
    ("seed_key", "row", "payload"),
    [
        (
            "colleges--kz-35--2025-09-05",
            "KZ-35,Karaganda,colleges,2025-09-05,2025-09-05,52,count",
            figure_payload(),
        ),
        (
            "industrial-output--kz-35--2025-01-to-2025-07",
            "KZ-35,Karaganda,industrial-output,2025-01-01,2025-07-31,2700000000000,{unit}",
            figure_payload(
                indicator="industrial-output", period_start="2025-01-01", period_end="2025-07-31", value="27"
            ),
        ),
    ],
)
def test_the_seed_a_package_and_the_api_give_one_figure_one_key(tmp_path, writer, seed_key, row, payload):
    seeded = Observation.objects.select_related("indicator__unit").get(code=seed_key)
    about = {"indicator": seeded.indicator, "region": seeded.region, "period_start": seeded.period_start}

    # A package with the same figure finds the seed's: no second figure.
    datapackage_import(path=make_package(tmp_path, [row.format(unit=seeded.indicator.unit.code)]))
    assert list(Observation.objects.filter(**about).values_list("code", flat=True)) == [seed_key]

    # Deleted, then entered through the API without a key: the same key again.
    Observation.objects.filter(code=seed_key).delete()
    response = writer.post(OBSERVATIONS, payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["code"] == seed_key

    # Deleted, then loaded from the package alone (restore: a load recreates what an editor deleted).
    Observation.objects.filter(code=seed_key).delete()
    report = datapackage_import(path=tmp_path, restore=True)
    assert report.counts()["recreated"] == 1
    assert Observation.objects.get(**about).code == seed_key


def test_a_package_may_hold_a_plan_and_a_quarter_beside_the_actual_year_to_date(tmp_path):
    header = "region_iso,region_name_as_in_source,indicator,period_start,period_end,value,unit,status,frequency"
    rows = [
        "KZ-35,Karaganda,colleges,2021-01-01,2021-03-31,50,count,actual,year-to-date",
        "KZ-35,Karaganda,colleges,2021-01-01,2021-03-31,51,count,actual,quarterly",
        "KZ-35,Karaganda,colleges,2021-01-01,2021-03-31,55,count,planned,year-to-date",
    ]
    extra = [{"name": "status", "type": "string"}, {"name": "frequency", "type": "string"}]
    datapackage_import(path=make_package(tmp_path, rows, header=header, extra_fields=extra))
    assert sorted(Observation.objects.filter(period_start=date(2021, 1, 1)).values_list("code", flat=True)) == [
        "colleges--kz-35--2021-01-to-2021-03",
        "colleges--kz-35--2021-01-to-2021-03--planned",
        "colleges--kz-35--2021-q1",
    ]


def test_rekeying_gives_the_rules_key_keeps_the_old_as_an_alias_and_moves_the_loads_record(tmp_path, api):
    make_package(tmp_path, GOOD_ROWS)
    datapackage_import(path=tmp_path)
    new = "colleges--kz-35--2021"
    old = "colleges-kz-35-2021-01-01-2021-12-31"  # the key the package importer gave before the rule
    Observation.objects.filter(code=new).update(code=old)
    LoadedRecord.objects.filter(key=loaded_key([new])).update(key=loaded_key([old]))

    assert observations_rekey() == {old: new}
    figure = Observation.objects.get(code=new)
    assert list(figure.aliases.values_list("code", flat=True)) == [old]
    assert LoadedRecord.objects.filter(key=loaded_key([new])).get().values["code"] == new
    assert not LoadedRecord.objects.filter(key=loaded_key([old])).exists()
    response = api(f"{OBSERVATIONS}{old}/")
    assert response.status_code == 301 and response["Location"] == f"http://testserver{OBSERVATIONS}{new}/"
    # The next load of the package finds the figure under its new key: nothing deleted, nothing new.
    assert datapackage_import(path=tmp_path).counts() == {"unchanged": 3}
    assert observations_rekey() == {}


def test_rekeying_leaves_a_second_figure_with_the_same_key_under_its_own():
    """The same figure entered twice (a package's and an editor's): the one already under the rule's key keeps it,
    the other keeps its own. A figure may take the key another gives up in the same run."""
    first = ObservationFactory()
    twin = ObservationFactory(indicator=first.indicator, region=first.region, code="typed-by-hand")
    year = {"indicator": first.indicator, "region": first.region}
    owed_to = ObservationFactory(**year, period_start=date(2021, 1, 1), period_end=date(2021, 12, 31))
    holder = ObservationFactory(**year, period_start=date(2022, 1, 1), period_end=date(2022, 12, 31))
    owed, own = owed_to.code, holder.code
    Observation.objects.filter(pk=owed_to.pk).update(code="placeholder")
    Observation.objects.filter(pk=holder.pk).update(code=owed)

    assert observations_rekey() == {"placeholder": owed, owed: own}
    figures = [first, twin, owed_to, holder]
    assert dict(Observation.objects.filter(pk__in=[f.pk for f in figures]).values_list("pk", "code")) == {
        first.pk: first.code,
        twin.pk: "typed-by-hand",
        owed_to.pk: owed,
        holder.pk: own,
    }
    # `owed` is a figure's own key now, so it is nobody's alias.
    assert list(ObservationAlias.objects.values_list("code", "observation")) == [("placeholder", owed_to.pk)]


def test_an_old_key_answers_a_read_with_a_301_keeping_the_query(api):
    figure = ObservationFactory()
    ObservationAlias.objects.create(code="an-old-key", observation=figure)
    response = api(f"{OBSERVATIONS}an-old-key/", {"lang": "en", "translations": "true"})
    assert response.status_code == 301
    assert response["Location"] == f"http://testserver{OBSERVATIONS}{figure.code}/?lang=en&translations=true"
    assert response.json() == {
        "status": 301,
        "code": "moved_permanently",
        "detail": f"This record's key is now {figure.code}.",
        "errors": {},
    }
    assert api(response["Location"]).json()["code"] == figure.code


def test_an_old_key_is_followed_by_every_read_of_a_figure(admin_client):
    figure = ObservationFactory()
    ObservationAlias.objects.create(code="an-old-key", observation=figure)
    response = admin_client.get(f"{OBSERVATIONS}an-old-key/history/")
    assert response.status_code == 301
    assert response["Location"] == f"http://testserver{OBSERVATIONS}{figure.code}/history/"
    assert admin_client.head(f"{OBSERVATIONS}an-old-key/").status_code == 301


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_a_write_to_an_old_key_is_a_404_naming_the_key_now(writer, method):
    figure = ObservationFactory()
    ObservationAlias.objects.create(code="an-old-key", observation=figure)
    response = getattr(writer, method)(f"{OBSERVATIONS}an-old-key/?lang=en", {"value": "2"}, format="json")
    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "code": "key_replaced",
        "detail": f"No record has this key any more: it is now {figure.code} ({OBSERVATIONS}{figure.code}/). "
        "Send the write there.",
        "errors": {},
    }
    figure.refresh_from_db()
    assert figure.value == 1


def test_an_unknown_key_stays_a_404(api, writer):
    assert api(f"{OBSERVATIONS}no-such-key/").status_code == 404
    assert writer.patch(f"{OBSERVATIONS}no-such-key/", {"value": "2"}, format="json").json()["code"] == "not_found"


def test_aliases_appear_in_no_list_and_the_current_key_wins(api):
    figure, other = ObservationFactory(), ObservationFactory()
    ObservationAlias.objects.create(code=other.code + "-was", observation=figure)
    codes = {row["code"] for row in api(OBSERVATIONS, {"page_size": 1000}).json()["results"]}
    assert figure.code in codes and other.code + "-was" not in codes
    assert api(f"{OBSERVATIONS}{other.code}/").json()["code"] == other.code


def test_a_changed_key_leaves_its_old_one_as_an_alias(admin_client, writer):
    figure = ObservationFactory()
    old = figure.code
    data = {**form_data(figure), "code": "renamed-in-the-admin"}
    data |= {"other_values-TOTAL_FORMS": "0", "other_values-INITIAL_FORMS": "0"}  # the inline of its other values
    response = admin_client.post(f"/admin/indicators/observation/{figure.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(ObservationAlias.objects.filter(observation=figure).values_list("code", flat=True)) == [old]

    # Through the API, and back: a key that is the figure's own again is nobody's alias.
    response = writer.patch(f"{OBSERVATIONS}renamed-in-the-admin/", {"code": old}, format="json")
    assert response.status_code == 200, response.json()
    assert list(ObservationAlias.objects.filter(observation=figure).values_list("code", flat=True)) == [
        "renamed-in-the-admin"
    ]


def test_a_key_left_blank_is_derived_again_and_the_old_one_kept():
    figure = ObservationFactory(code="typed-by-hand")
    figure.code = ""
    figure.save()
    assert figure.code == figure.figure_key()
    assert list(figure.aliases.values_list("code", flat=True)) == ["typed-by-hand"]
    figure.value = 2
    figure.save()  # a save that keeps the key records nothing
    assert figure.aliases.count() == 1


def test_the_alias_admin_is_read_only(admin_client):
    figure = ObservationFactory()
    alias = ObservationAlias.objects.create(code="an-old-key", observation=figure)
    assert "an-old-key" in admin_client.get("/admin/indicators/observationalias/", {"q": "old-key"}).content.decode()
    assert admin_client.get("/admin/indicators/observationalias/add/").status_code == 403
    response = admin_client.post(f"/admin/indicators/observationalias/{alias.pk}/change/", {"code": "x"})
    assert response.status_code == 403
    assert ObservationAlias.objects.get().code == "an-old-key"


def test_a_figure_deleted_takes_its_aliases_with_it(api, writer):
    figure = ObservationFactory()
    ObservationAlias.objects.create(code="an-old-key", observation=figure)
    assert writer.delete(f"{OBSERVATIONS}{figure.code}/").status_code == 204
    assert not ObservationAlias.objects.exists()
    assert api(f"{OBSERVATIONS}an-old-key/").status_code == 404
