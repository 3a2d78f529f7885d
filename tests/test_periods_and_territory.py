"""Period kinds read from the dates, and the territory a figure covers around a border change."""
import datetime

import pytest

from indicators.models import Indicator, Observation, Region

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


def figure(article, region, year, value):
    return Observation.objects.create(
        indicator=Indicator.objects.get(code="colleges"), region=Region.objects.get(code=region), value=value,
        period_start=datetime.date(year, 1, 1), period_end=datetime.date(year, 12, 31), source=article,
    )


def test_a_figure_before_a_split_says_whose_territory_it_covers_until_the_new_region_is_reported(api, article):
    older = figure(article, "KZ-35", 2020, 60)
    split_year = figure(article, "KZ-35", 2022, 55)
    detail = lambda obs: api(f"/api/v1/indicators/observations/{obs.code}/").json()  # noqa: E731
    assert detail(older)["includes_territory_of"] == ["KZ-62"]
    assert detail(split_year)["includes_territory_of"] == ["KZ-62"]  # in the reform year, until Ulytau is reported
    figure(article, "KZ-62", 2022, 4)
    assert detail(split_year)["includes_territory_of"] == []
    assert detail(older)["includes_territory_of"] == ["KZ-62"]
    article_figure = api("/api/v1/indicators/observations/industrial-output--kz-35--2024/").json()
    assert article_figure["includes_territory_of"] == [] and article_figure["period_kind"] == "year"
    listed = api("/api/v1/indicators/observations/", {"region": "KZ-35", "indicator": "colleges", "lang": "ru"}).json()["results"]
    assert {row["period"]: row["includes_territory_of"] for row in listed if row["period"] in {"2020", "2022"}} == {"2020": ["KZ-62"], "2022": []}
    assert listed[0]["period_kind_label"] == "Календарный год"
