"""Several values for one figure: BNS revised its preliminary 2023 GRP for every region (table 5927 of the second
shipped package against the BNS file of the first). The revised value is current, the preliminary one is kept as a
superseded vintage, `vintage=` answers what was known on a day, equal values of another table confirm, and every
row of a package is accounted for.

Both packages' GRP are imported once for the module (each test rolls back in its own savepoint).
"""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from indicators.datapackage import datapackage_import
from indicators.models import Observation, ObservationValue, ValueRole
from tests.core.test_change_feed import drain, now
from tests.support import factories as make
from tests.support.packages import SHIPPED

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

ECONOMY = SHIPPED.parent / "kz-regional-economy"
OBSERVATIONS = "/api/v1/indicators/observations"
INDICATORS = "/api/v1/indicators/indicators"
KARAGANDA_2023 = "gross-regional-product--kz-35--2023"
REVISED, PRELIMINARY = "7711828.2000", "8449346.4000"


def grp_of_table_5927(folder: Path) -> Path:
    """The second package with only its GRP resource (table 5927): the figures the first package also holds."""
    shutil.copytree(ECONOMY, folder)
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [
        resource for resource in descriptor["resources"] if resource["name"] == "gross_regional_product_table_5927"
    ]
    descriptor["resources"][0]["schema"].pop("foreignKeys", None)
    (folder / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def imported(shipped, django_db_blocker, tmp_path_factory):
    with make.kept_for_the_scope(django_db_blocker):
        before_revision = now()
        package = grp_of_table_5927(tmp_path_factory.mktemp("economy") / "package")
        first = datapackage_import(path=package)
        again = datapackage_import(path=package)
        shipped_again = datapackage_import(path=SHIPPED)
        yield {"first": first, "again": again, "shipped_again": shipped_again, "cursor": before_revision}


@pytest.fixture
def get(api, imported):
    def answer(path, **params):
        response = api(path, {"lang": "en", **params})
        return response.status_code, response.json()

    return answer


def test_every_row_is_accounted_for(imported):
    accounts = imported["first"].figure_accounts["gross-regional-product"]
    # 2024 and 2025 are new (the first package ends in 2023); 2023 revised in all 21 rows; 2010-2022 equal in 246.
    assert dict(accounts) == {"new": 42, "revision": 21, "confirmation": 246}
    assert sum(accounts.values()) == 309  # the rows of data/gross_regional_product_table_5927.csv
    for report in (imported["again"], imported["shipped_again"]):  # a second import changes nothing
        counts = report.counts()
        assert counts["created"] == counts["updated"] == 0
        assert set().union(*(set(account) for account in report.figure_accounts.values())) == {"unchanged"}


def test_default_answer_is_the_revised_value_with_the_preliminary_kept(get):
    status, figure = get(f"{OBSERVATIONS}/{KARAGANDA_2023}/")
    assert status == 200
    assert (figure["value"], figure["status"], figure["released_on"]) == (REVISED, "actual", "2026-08-24")
    assert "table_5927" in figure["source"]["slug"]
    assert [(v["value"], v["role"], v["released_on"], v["status"], v["shown"]) for v in figure["vintages"]] == [
        (REVISED, "current", "2026-08-24", "actual", True),
        (PRELIMINARY, "superseded", "2024-04-27", "preliminary", False),
    ]
    superseded = figure["vintages"][1]
    assert superseded["source"]["slug"] == "kazakhstan-regional-statistics-gross_regional_product"
    # The publisher's "preliminary" footnote went with the value it qualified.
    assert "preliminary" not in {flag["flag"] for flag in figure["flags"]}
    assert "preliminary data" in superseded["note"]
    # The value is never overwritten: both rows are stored.
    stored = Observation.objects.get(code=KARAGANDA_2023)
    assert ObservationValue.objects.get(observation=stored).value == stored.other_values.get().value


def test_vintage_between_the_releases_gives_the_preliminary_value(get):
    status, figure = get(f"{OBSERVATIONS}/{KARAGANDA_2023}/", vintage="2025-06-30")
    assert status == 200
    assert (figure["value"], figure["status"], figure["released_on"]) == (PRELIMINARY, "preliminary", "2024-04-27")
    assert [v["shown"] for v in figure["vintages"]] == [False, True]
    # Before the first release the figure was not known at all.
    status, _body = get(f"{OBSERVATIONS}/{KARAGANDA_2023}/", vintage="2024-04-26")
    assert status == 404
    # The same day's values in the list, a comparison, a series and CSV.
    status, page = get(
        f"{OBSERVATIONS}/",
        indicator="gross-regional-product",
        region="KZ-35",
        year=2023,
        frequency="annual",
        vintage="2025-06-30",
    )
    assert [row["value"] for row in page["results"]] == [PRELIMINARY]
    status, page = get(
        f"{OBSERVATIONS}/",
        indicator="gross-regional-product",
        value__gte="8000000",
        region="KZ-35",
        frequency="annual",
        vintage="2025-06-30",
    )
    assert PRELIMINARY in [row["value"] for row in page["results"]]  # the value filter reads the day's value
    status, compared = get(f"{INDICATORS}/gross-regional-product/compare/", period="2023", vintage="2025-06-30")
    karaganda = next(row for row in compared["rows"] if row["region"]["code"] == "KZ-35")
    assert karaganda["value"] == PRELIMINARY
    republic = compared["total"]
    assert republic["value"] == "120561096.4000"
    status, series = get(f"{INDICATORS}/gross-regional-product/series/", region="KZ-35", vintage="2025-06-30")
    periods = [point["observation"]["period"] for point in series["points"]]
    assert periods[-1] == "2023" and series["points"][-1]["observation"]["value"] == PRELIMINARY  # no 2024 yet


def test_vintage_all_lists_both_releases(get):
    status, figure = get(f"{OBSERVATIONS}/{KARAGANDA_2023}/", vintage="all")
    assert status == 200 and figure["value"] == REVISED
    assert [v["value"] for v in figure["vintages"]] == [REVISED, PRELIMINARY]
    assert [v["released_on"] for v in figure["vintages"]] == ["2026-08-24", "2024-04-27"]


def test_equal_value_of_another_table_confirms(get):
    status, figure = get(f"{OBSERVATIONS}/gross-regional-product--kz-35--2022/")
    assert status == 200 and figure["source"]["slug"] == "kazakhstan-regional-statistics-gross_regional_product"
    assert [(v["role"], v["value"], v["released_on"]) for v in figure["alternatives"]] == [
        (ValueRole.CONFIRMATION, figure["value"], "2026-08-24")
    ]


def test_vintage_csv_is_the_days_value(api, imported):
    response = api(
        f"{OBSERVATIONS}/",
        {
            "indicator": "gross-regional-product",
            "region": "KZ-35",
            "year": 2023,
            "frequency": "annual",
            "vintage": "2025-06-30",
            "format": "csv",
        },
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [(row["value"], row["released_on"]) for row in rows] == [(PRELIMINARY, "2024-04-27")]


def test_bad_vintage_is_a_400_naming_it(get):
    status, body = get(f"{OBSERVATIONS}/", vintage="2025-13-01")
    assert status == 400 and "vintage" in body["errors"]
    status, body = get(f"{OBSERVATIONS}/", vintage="٢٠٢٥-01-01")  # non-ASCII digits
    assert status == 400 and "vintage" in body["errors"]
    status, body = get("/api/v1/indicators/sources/", vintage="2025-01-01")  # no figures there
    assert status == 400 and "vintage" in body["errors"]


def test_change_feed_reports_the_revision(api, imported):
    from rest_framework.test import APIClient

    changes, _cursor = drain(APIClient(), imported["cursor"], resource="observations")
    mine = [change for change in changes if change["key"] == KARAGANDA_2023]
    revised = next(change for change in mine if "value" in (change["changed_fields"] or []))
    assert revised["type"] == "~"
    assert {"value", "released_on", "status", "source"} <= set(revised["changed_fields"])
    assert revised["revision"] == {
        "value": {"was": PRELIMINARY, "now": REVISED},
        "status": {"was": "preliminary", "now": "actual"},
        "released_on": {"was": "2024-04-27", "now": "2026-08-24"},
    }


def test_consistency_report_lists_each_difference_as_a_revision(imported):
    from indicators.consistency import WARN, run_checks

    (result,) = run_checks({"sources-agree"})
    assert result.status == WARN
    assert result.cases_checked == 21 + 246  # the revised and the confirmed figures
    assert result.cases_failed == 21  # GRP 2023: every region and the republic
    assert {case.note for case in result.failures} == {"revision: 2024-04-27 -> 2026-08-24"}


def test_an_editor_can_make_another_value_current_and_imports_keep_it(imported, tmp_path):
    from indicators.figure_values import figure_value_promote

    figure = Observation.objects.get(code=KARAGANDA_2023)
    figure_value_promote(figure.other_values.get())
    figure.refresh_from_db()
    assert (str(figure.value), figure.status, str(figure.released_on)) == ("8449346.4000", "preliminary", "2024-04-27")
    revised = figure.other_values.get()
    assert (str(revised.value), revised.role) == (REVISED, ValueRole.ALTERNATIVE)  # set aside by an editor
    for package in (SHIPPED, grp_of_table_5927(tmp_path / "again")):
        report = datapackage_import(path=package)
        assert report.counts()["updated"] == 0
    figure.refresh_from_db()
    assert str(figure.value) == PRELIMINARY


def test_the_region_page_lists_the_revised_figures(client, imported):
    html = client.get("/regions/KZ-35/", {"lang": "en"}).content.decode()
    section = html[html.index('id="revisions"') :]
    section = section[: section.index("</section>")]
    assert "2023" in section and "revised: was" in section and "released 2024-04-27" in section
    # The headline shows the latest year (2025, from table 5927), which no release revised.
    assert section.count("<tr>") == 1 + 1  # the header and Karaganda's GRP 2023
