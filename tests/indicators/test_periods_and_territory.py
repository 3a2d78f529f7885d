"""Kinds of period read from the dates when a load says nothing more, and the territory a figure covers around a
border change."""

import datetime

import pytest

from indicators.models import Frequency
from tests.support import factories as make

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "end", "cumulative", "kind"),
    [
        ("2022-01-01", "2022-12-31", False, "annual"),
        ("2023-10-01", "2023-12-31", False, "quarterly"),
        ("2023-01-01", "2023-03-31", False, "quarterly"),
        ("2023-01-01", "2023-03-31", True, "year-to-date"),  # GRP's January-March: the source cumulates
        ("2023-01-01", "2023-01-31", True, "year-to-date"),
        ("2023-01-01", "2023-09-30", False, "year-to-date"),
        ("2025-01-01", "2025-07-31", False, "year-to-date"),
        ("2023-05-01", "2023-05-31", False, "monthly"),
        ("2023-01-01", "2023-01-01", False, "point"),
        ("2025-01-01", None, False, "open"),
        ("2023-02-15", "2023-03-20", False, "other"),
        (None, None, False, ""),
    ],
)
def test_frequency_of_dates(start, end, cumulative, kind):
    as_date = lambda text: datetime.date.fromisoformat(text) if text else None  # noqa: E731
    assert Frequency.of_dates(as_date(start), as_date(end), cumulative=cumulative) == kind
    observation = make.ObservationFactory(period_start=as_date(start), period_end=as_date(end))
    if not cumulative:  # a figure saved without a kind takes the dates' reading
        assert observation.frequency == kind


def test_a_kind_given_is_kept_and_a_wrong_one_is_refused(db):
    kept = make.ObservationFactory(
        period_start=datetime.date(2023, 1, 1), period_end=datetime.date(2023, 3, 31), frequency="year-to-date"
    )
    kept.refresh_from_db()
    assert kept.frequency == "year-to-date"
    with pytest.raises(Exception, match="frequenc"):
        make.ObservationFactory(period_start=None, period_end=None, frequency="annual").full_clean()


def figure(indicator, region, year, value):
    return make.ObservationFactory(
        indicator=indicator,
        region=region,
        value=value,
        period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31),
    )


def test_a_figure_before_a_split_says_whose_territory_it_covers_until_the_new_region_is_reported(api):
    region = make.RegionFactory()
    split_off = make.RegionFactory(formed_from=region, established_year=2022)  # as Ulytau from Karaganda
    colleges = make.IndicatorFactory()
    older = figure(colleges, region, 2020, 60)
    split_year = figure(colleges, region, 2022, 55)
    later = figure(colleges, region, 2024, 50)
    detail = lambda obs: api(f"/api/v1/indicators/observations/{obs.code}/").json()  # noqa: E731
    assert detail(older)["includes_territory_of"] == [split_off.code]
    assert detail(split_year)["includes_territory_of"] == [split_off.code]  # in the reform year, until it is reported
    figure(colleges, split_off, 2022, 4)
    assert detail(split_year)["includes_territory_of"] == []
    assert detail(older)["includes_territory_of"] == [split_off.code]
    assert detail(later)["includes_territory_of"] == [] and detail(later)["frequency"] == "annual"
    listed = api(
        "/api/v1/indicators/observations/", {"region": region.code, "indicator": colleges.code, "lang": "ru"}
    ).json()["results"]
    assert {row["period"]: row["includes_territory_of"] for row in listed} == {
        "2020": [split_off.code],
        "2022": [],
        "2024": [],
    }
    assert listed[0]["frequency_label"] == "Годовой"
