"""Period kinds read from the dates, and the territory a figure covers around a border change."""

import datetime

import pytest

from indicators.models import Observation
from tests import factories as make

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "end", "kind"),
    [
        ("2022-01-01", "2022-12-31", "year"),
        ("2023-10-01", "2023-12-31", "quarter"),
        ("2023-01-01", "2023-03-31", "quarter"),
        ("2023-01-01", "2023-09-30", "year-to-date"),
        ("2025-01-01", "2025-07-31", "year-to-date"),
        ("2023-05-01", "2023-05-31", "month"),
        ("2023-01-01", "2023-01-01", "point"),
        ("2025-01-01", None, "open"),
        ("2023-02-15", "2023-03-20", "other"),
        (None, None, None),
    ],
)
def test_period_kind(start, end, kind):
    as_date = lambda text: datetime.date.fromisoformat(text) if text else None  # noqa: E731
    assert Observation(period_start=as_date(start), period_end=as_date(end)).period_kind == kind


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
    assert detail(later)["includes_territory_of"] == [] and detail(later)["period_kind"] == "year"
    listed = api(
        "/api/v1/indicators/observations/", {"region": region.code, "indicator": colleges.code, "lang": "ru"}
    ).json()["results"]
    assert {row["period"]: row["includes_territory_of"] for row in listed} == {
        "2020": [split_off.code],
        "2022": [],
        "2024": [],
    }
    assert listed[0]["period_kind_label"] == "Календарный год"
