"""No parameter is silently ignored by an analytic action of one record (a series, a comparison, a profile): one that
does not apply is a 400 listing that action's own parameters (never the list's filters), and a parameter that takes
one value given twice is a 400, not the last one answered alone."""

import pytest

pytestmark = pytest.mark.django_db

SERIES = "/api/v1/indicators/indicators/industrial-output/series/"
COMPARE = "/api/v1/indicators/indicators/industrial-output/compare/"
PROFILE = "/api/v1/indicators/regions/KZ-35/profile/"


def refused(client, url, params) -> dict:
    response = client.get(url, params, HTTP_ACCEPT="application/json")
    assert response.status_code == 400, (url, params, response.status_code, response.content[:300])
    return response.json()["errors"]


@pytest.mark.parametrize(
    ("url", "base"),
    [(SERIES, {"region": "KZ-35"}), (COMPARE, {"period": "2024"}), (PROFILE, {})],
    ids=["series", "compare", "profile"],
)
@pytest.mark.parametrize("name", ["page_size", "page", "search", "translations", "updated_after", "unit", "made_up"])
def test_a_parameter_that_does_not_apply_is_a_400_listing_the_actions_own(client, url, base, name):
    """`series/?unit=percent` was a 404 (the list's filter narrowed the indicator's lookup), and page_size, search,
    translations or updated_after were read by nobody, unsaid."""
    errors = refused(client, url, {**base, name: "1"})
    assert list(errors) == [name]
    allowed = errors[name][0]
    assert "format" in allowed and "lang" in allowed
    assert "ordering" not in allowed and "page_size" not in allowed  # the list's, not this action's
    if url == SERIES:
        assert "region" in allowed


def test_each_actions_own_parameters_still_work(client):
    assert client.get(SERIES, {"region": "KZ-35", "format": "json", "lang": "en"}).status_code == 200
    assert client.get(COMPARE, {"period": "2024", "lang": "ru"}, HTTP_ACCEPT="application/json").status_code == 200
    assert client.get(PROFILE, {"lang": "kk"}, HTTP_ACCEPT="application/json").status_code == 200


def test_a_region_given_twice_to_a_series_is_a_400(client):
    """`region=KZ-35&region=KZ-62` answered KZ-62's series alone."""
    errors = refused(client, SERIES, {"region": ["KZ-35", "KZ-62"]})
    assert list(errors) == ["region"]


def test_a_window_of_a_series_keeps_the_change_of_its_first_point(client):
    """`period_after` cut the earlier figure out before changes were worked out: the window's first point had no
    change ("no earlier figure"), though the series has one; `mrv` the same."""
    import datetime

    from tests.support import factories as make

    indicator, region = make.IndicatorFactory(), make.RegionFactory()
    for year, value in ((2020, 100), (2021, 110), (2022, 121)):
        make.ObservationFactory(
            indicator=indicator,
            region=region,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            value=value,
        )
    url = f"/api/v1/indicators/indicators/{indicator.code}/series/"

    def points(**params):
        body = client.get(url, {"region": region.code, **params}, HTTP_ACCEPT="application/json").json()
        return [
            (point["observation"]["period_start"], point["change"], point["change_note"]) for point in body["points"]
        ]

    whole = points()
    assert [change is not None for _start, change, _note in whole] == [False, True, True]
    assert points(period_after="2021-01-01") == whole[1:]
    assert points(period_before="2021-12-31") == whole[:2]
    assert points(mrv=1) == whole[-1:]
