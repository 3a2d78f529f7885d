"""The official statistics the project ships (fixtures/packages/kz-regional-statistics): every row placed, spot
checks read from the CSV files themselves, a second import changes nothing, and the GRP series of Karaganda never
computes a change across its border change."""

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from indicators.datapackage import datapackage_import
from indicators.models import Observation, ObservationFlag
from tests.support.packages import shipped_package_in_part

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
PACKAGE = Path(__file__).resolve().parents[2] / "fixtures" / "packages" / "kz-regional-statistics"
# The records of its reference tables (reference/*.csv): 2 sources, 7 units, 22 regions, 20 indicators.
REFERENCE_RECORDS = 51


def csv_rows() -> list[dict]:
    """Every figure row of the package's data files (not its table of flags)."""
    rows = []
    for path in sorted((PACKAGE / "data").glob("*.csv")):
        if path.name == "figure_flags.csv":
            continue
        with path.open(encoding="utf-8") as stream:
            rows.extend(csv.DictReader(stream))
    return rows


def csv_value(region: str, indicator: str, start: str, end: str) -> Decimal:
    [row] = [
        row
        for row in csv_rows()
        if (row["region_iso"], row["indicator"], row["period_start"], row["period_end"])
        == (region, indicator, start, end)
    ]
    return Decimal(row["value"])


def test_the_shipped_package_imports_every_row_and_reimports_as_unchanged(api, shipped):
    rows = csv_rows()
    report = shipped  # the import on the seed (tests/conftest.py)
    # Every row, and one source per dataset; the reference tables' records are the seed's, unchanged.
    assert report.counts() == {"created": len(rows) + 9, "unchanged": REFERENCE_RECORDS}

    # Counts per indicator equal the CSV rows; former South Kazakhstan and the republic totals are placed too.
    expected = Counter(row["indicator"].replace("_", "-") for row in rows)
    imported = Counter(
        Observation.objects.filter(source__slug__startswith="kazakhstan-regional-statistics-").values_list(
            "indicator__code", flat=True
        )
    )
    assert imported == expected
    assert (
        Observation.objects.filter(region__code="south-kazakhstan").count()
        == sum(1 for row in rows if not row["region_iso"])
        > 0
    )
    assert (
        Observation.objects.filter(region__code="KZ").count() == sum(1 for row in rows if row["region_iso"] == "KZ") > 0
    )
    assert Observation.objects.filter(status="preliminary", indicator__code="gross-regional-product").count() == 21
    # Every footnote row of figure_flags.csv is a flag on its figure.
    with (PACKAGE / "data" / "figure_flags.csv").open(encoding="utf-8") as stream:
        flags = list(csv.DictReader(stream))
    assert ObservationFlag.objects.count() == len(flags) > 0
    assert Counter(ObservationFlag.objects.values_list("flag", flat=True)) == Counter(row["flag"] for row in flags)

    # Spot checks through the API, read from the CSV files.
    def figure(region, indicator, start, end):
        body = api(
            "/api/v1/indicators/observations/",
            {"region": region, "indicator": indicator, "period_after": start, "period_before": end, "page_size": 100},
        ).json()
        [match] = [item for item in body["results"] if item["period_end"] == end]
        return Decimal(match["value"])

    for args in [
        ("KZ-35", "gross-regional-product", "2022-01-01", "2022-12-31"),
        ("KZ-62", "population-total", "2023-01-01", "2023-01-01"),
        ("KZ-79", "unemployment-rate", "2023-10-01", "2023-12-31"),
        ("KZ", "life-expectancy-at-birth-total", "1999-01-01", "1999-12-31"),
    ]:
        region, indicator, start, end = args
        assert figure(*args) == csv_value(region, indicator.replace("-", "_"), start, end), args

    # Karaganda's annual GRP, 1993-2023: no change across the border change, which falls between 2020 and 2021 for
    # this dataset (Ulytau has its own 2021 figure), and the figures before it say they include Ulytau.
    series = api(
        "/api/v1/indicators/indicators/gross-regional-product/series/", {"region": "KZ-35", "lang": "en"}
    ).json()
    annual = {
        point["observation"]["period"]: point
        for point in series["points"]
        if point["observation"]["period_start"].endswith("-01-01")
        and point["observation"]["period_end"].endswith("-12-31")
    }
    assert sorted(annual) == [str(year) for year in range(1993, 2024)]
    assert annual["2021"]["change"] is None and "territory changed" in annual["2021"]["change_note"]
    assert annual["2020"]["includes_territory_of"] == ["KZ-62"] and annual["2021"]["includes_territory_of"] == []
    assert annual["2020"]["change"] is not None and annual["2022"]["change"] is not None
    assert annual["2023"]["observation"]["status"] == "preliminary"

    # A second import changes nothing.
    again = datapackage_import(path=PACKAGE)
    assert again.counts() == {"unchanged": len(rows) + 9 + REFERENCE_RECORDS}, [
        str(d) for d in again.records[-1].updated
    ]


def test_each_dataset_source_carries_its_checks_and_doubts_from_the_package_readme(tmp_path):
    from indicators.models import Source

    # The sources come from the package's metadata and README, whatever its rows: the republic's rows are enough.
    datapackage_import(path=shipped_package_in_part(tmp_path / PACKAGE.name, {"KZ"})[0])
    source = Source.objects.get(slug="kazakhstan-regional-statistics-gross_regional_product")
    assert source.licence.startswith("No licence is stated")  # the licence as the package states it
    assert "From the package's README:" in source.description_en
    assert "**Checked:**" in source.description_en and "**Doubts:**" in source.description_en
    assert "1990–1992 are omitted" in source.description_en
    assert "grp_per_capita.csv" not in source.description_en.split("From the package's README:")[1]
