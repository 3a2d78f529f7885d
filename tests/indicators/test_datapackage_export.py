"""Exporting every indicator and observation as a Frictionless data package, and the round trip: the export is a
valid package, the same data always gives the same bytes, and importing it into a database that holds only the
reference data the figures point to gives the same API answers as the database it came from."""

import csv
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import frictionless
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import ProtectedError

from indicators.datapackage import (
    FORMULA_ESCAPE,
    FORMULA_ESCAPE_PROPERTY,
    FORMULA_ESCAPE_RULE,
    PackageInvalid,
    datapackage_export,
    datapackage_import,
    datapackage_zip,
)
from indicators.models import Indicator, LoadedRecord, Observation, Source
from tests.support.packages import HEADER, make_package, shipped_package_in_part

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
TIMESTAMPS = {"created_at", "updated_at"}  # when a record was written here: never the same in two databases


def without_timestamps(record: dict) -> dict:
    return {name: value for name, value in record.items() if name not in TIMESTAMPS}


def api_answers(api) -> dict:
    """Every observation (every field, every language), every indicator, and the source of each, as the API gives them."""

    def every(path):
        rows, page = [], 1
        while True:
            body = api(path, {"translations": "true", "page_size": 1000, "page": page}).json()
            rows += [without_timestamps(row) for row in body["results"]]
            if not body["next"]:
                return rows
            page += 1

    observations, indicators = every("/api/v1/indicators/observations/"), every("/api/v1/indicators/indicators/")
    slugs = sorted({row["source"]["slug"] for row in observations + indicators})
    sources = {
        slug: without_timestamps(api(f"/api/v1/indicators/sources/{slug}/", {"translations": "true"}).json())
        for slug in slugs
    }
    return {"observations": observations, "indicators": indicators, "sources": sources}


def empty_of_figures() -> int:
    """Leave what an import of the export needs and nothing more: the reference data the figures point to (regions,
    units, enterprises, products, and the sources those cite). Every figure, every indicator, every source no other
    record cites, and the load records of all of them are gone, as in a database that never held them. Returns the
    number of sources deleted."""
    Observation.objects.all().delete()
    Indicator.objects.all().delete()
    deleted = []
    for source in Source.objects.all():
        try:
            with transaction.atomic():
                source.delete()
        except ProtectedError:
            continue
        deleted.append(json.dumps([source.slug], ensure_ascii=False))
    LoadedRecord.objects.filter(model__in=["indicators.Observation", "indicators.Indicator"]).delete()
    LoadedRecord.objects.filter(model="indicators.Source", key__in=deleted).delete()
    return len(deleted)


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


def round_trip(api, tmp_path):
    before = api_answers(api)
    assert before["observations"] and before["indicators"]
    descriptor = datapackage_export(directory=tmp_path / "first")
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]

    deleted_sources = empty_of_figures()
    assert not Observation.objects.exists() and not Indicator.objects.exists()
    imported = datapackage_import(path=descriptor)
    assert imported.counts()["created"] == len(before["observations"]) + len(before["indicators"]) + deleted_sources
    assert set(imported.counts()) <= {"created", "unchanged"}, imported.counts()

    after = api_answers(api)
    assert after["sources"] == before["sources"]
    assert after["indicators"] == before["indicators"]
    assert after["observations"] == before["observations"]
    # And the export of the imported database is the same package, byte for byte.
    datapackage_export(directory=tmp_path / "second")
    assert files_of(tmp_path / "second") == files_of(tmp_path / "first")
    return before, deleted_sources


def test_the_seed_round_trips_through_an_export(api, tmp_path):
    before, _deleted = round_trip(api, tmp_path)
    # The seed's figures are the ones with breakdowns, qualifiers, notes in three languages, quotes and no period.
    observations = before["observations"]
    assert any(row["enterprise"] for row in observations) and any(row["product"] for row in observations)
    assert any(row["size_class"] for row in observations) and any(row["period_start"] is None for row in observations)
    assert any(row["qualifier"] == "more-than" for row in observations) and any(row["inferred"] for row in observations)


def test_the_seed_and_the_shipped_package_round_trip_through_an_export(api, tmp_path):
    # The republic, the former South Kazakhstan region (no code) and Karaganda, with its preliminary 2023 GRP: the
    # round trip of every figure would take minutes and go through the same code.
    package, rows = shipped_package_in_part(tmp_path / "shipped", {"KZ", "", "KZ-35"})
    datapackage_import(path=package)
    before, deleted_sources = round_trip(api, tmp_path)
    assert deleted_sources == 9  # the package's datasets: recreated from the export's sources table
    from_package = [
        row for row in before["observations"] if row["source"]["slug"].startswith("kazakhstan-regional-statistics-")
    ]
    assert len(from_package) == rows
    assert {row["region"]["code"] for row in from_package} == {"KZ", "south-kazakhstan", "KZ-35"}
    assert any(row["status"] == "preliminary" for row in from_package)


def test_the_download_is_the_export_as_a_zip(client, tmp_path):
    response = client.get("/api/v1/datapackage/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="regionapi-datapackage.zip"'
    content = b"".join(response.streaming_content)  # served from disk
    assert content == datapackage_zip()  # fixed timestamps: the same data, the same bytes
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        archive.extractall(tmp_path)
    datapackage_export(directory=tmp_path / "export")
    assert files_of(tmp_path / "export") == {
        name: data for name, data in files_of(tmp_path).items() if not name.startswith("export/")
    }
    assert frictionless.validate(str(tmp_path / "datapackage.json")).valid
    assert client.post("/api/v1/datapackage/").status_code in {401, 403, 405}


def test_the_command_writes_into_a_new_folder_only(tmp_path):
    call_command("export_datapackage", str(tmp_path / "out"), stdout=io.StringIO())
    assert (tmp_path / "out" / "datapackage.json").is_file()
    with pytest.raises(CommandError, match="not empty"):
        call_command("export_datapackage", str(tmp_path / "out"), stdout=io.StringIO())


# ---------------------------------------------------------------- the importer's optional columns and tables

OPTIONAL = [
    "code",
    "enterprise",
    "product",
    "size_class",
    "qualifier",
    "comparison_base",
    "note_kk",
    "quote",
    "inferred",
]


def optional_package(folder, row, **custom):
    return make_package(
        folder,
        [row],
        header=HEADER + "," + ",".join(OPTIONAL),
        extra_fields=[{"name": name, "type": "string"} for name in OPTIONAL],
        custom=custom or None,
    )


def test_optional_columns_give_the_figures_key_breakdown_and_words(tmp_path):
    row = 'KZ-35,Karaganda,colleges,2021-01-01,2021-12-31,5,count,my-key,qarmet,steel,large,about,not-stated,Ескерту," as said ",period_start;value'
    datapackage_import(path=optional_package(tmp_path, row))
    figure = Observation.objects.get(code="my-key")
    assert (figure.enterprise.slug, figure.product.slug, figure.size_class) == ("qarmet", "steel", "large")
    assert (figure.qualifier, figure.comparison_base, figure.note_kk, figure.quote) == (
        "about",
        "not-stated",
        "Ескерту",
        " as said ",
    )
    assert figure.inferred == ["period_start", "value"]


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"qarmet": "no-such-firm"}, "enterprise", "unknown enterprise 'no-such-firm'"),
        ({"steel": "unobtainium"}, "product", "unknown product 'unobtainium'"),
        # The model's own rules, in its words: a rule is written once (on Observation) for every way in.
        ({"large": "huge"}, "size_class", "Value 'huge' is not a valid choice."),
        ({"about": "roughly"}, "qualifier", "Value 'roughly' is not a valid choice."),
        ({"not-stated": "last-week"}, "comparison_base", "Value 'last-week' is not a valid choice."),
        ({"period_start;value": "colour"}, "inferred", "Not a field of this record: colour."),
        ({"my-key": "my key"}, "code", "Enter a valid “slug”"),
    ],
)
def test_bad_optional_columns_refuse_the_package(tmp_path, change, field, reason):
    row = "KZ-35,Karaganda,colleges,2021-01-01,2021-12-31,5,count,my-key,qarmet,steel,large,about,not-stated,,,period_start;value"
    [(old, new)] = change.items()
    with pytest.raises(PackageInvalid) as refused:
        datapackage_import(path=optional_package(tmp_path, row.replace(old, new)))
    [problem] = refused.value.problems
    assert (problem.row, problem.field) == (2, field) and reason in problem.reason, problem


def test_an_indicators_table_creates_indicators_and_without_one_they_are_refused(tmp_path):
    row = "KZ-35,Karaganda,museums,2021-01-01,2021-12-31,5,count"
    make_package(tmp_path, [row])
    with pytest.raises(PackageInvalid, match="unknown indicator 'museums'"):
        datapackage_import(path=tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    (tmp_path / "indicators.csv").write_text(
        "code,name_kk,name_ru,name_en,unit,headline,source\nmuseums,Мұражайлар,Музеи,Museums,count,false,kz-regional-statistics\n",
        encoding="utf-8",
    )
    descriptor["resources"].append(
        {
            "name": "regionapi-indicators",
            "path": "indicators.csv",
            "regionapi:table": "indicators",
            "format": "csv",
            "profile": "tabular-data-resource",
            "schema": {
                "fields": [
                    {"name": name, "type": "string"} for name in ("code", "name_kk", "name_ru", "name_en", "unit")
                ]
                + [{"name": "headline", "type": "boolean"}, {"name": "source", "type": "string"}]
            },
        }
    )
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    datapackage_import(path=tmp_path)
    figure = Observation.objects.get(indicator__code="museums")
    assert (figure.indicator.name_en, figure.indicator.unit.code, figure.indicator.source.slug) == (
        "Museums",
        "count",
        "kz-regional-statistics",
    )
    assert figure.value == 5


# ---------------------------------------------------------------- texts a spreadsheet would run

# Texts that look like formulas, texts that already begin with the apostrophe the export adds, and numbers as text.
FORMULA_TEXTS = ['=HYPERLINK("http://x")', "=cmd|' /C calc'!A0", "@SUM(A1)", "+1", "-1+1", "\t=1", "\r=1", "\n=1"]
APOSTROPHE_TEXTS = ["'=1+2", "''@x", "'plain", "'", "-5.2", "'-5.2"]


def test_formula_like_texts_are_neutralised_declared_and_round_trip_exactly(api, tmp_path):
    texts = FORMULA_TEXTS + APOSTROPHE_TEXTS
    observations = Observation.objects.order_by("pk")[: len(texts)]
    for text, observation in zip(texts, observations):
        Observation.objects.filter(pk=observation.pk).update(quote=text, note_en=text, note_kk=text[::-1])
    for text, indicator in zip(texts, Indicator.objects.order_by("pk")):
        Indicator.objects.filter(pk=indicator.pk).update(name_en=text, description_ru=text)
    for text, source in zip(texts, Source.objects.order_by("pk")):
        Source.objects.filter(pk=source.pk).update(title_ru=text, publisher=text, licence=text)
    Observation.objects.filter(pk=observations[0].pk).update(value=Decimal("-5.2"))

    before, _deleted = round_trip(api, tmp_path)  # exact: every field of every record, and the export's bytes
    assert {row["quote"] for row in before["observations"]} >= set(texts)

    descriptor = json.loads((tmp_path / "first" / "datapackage.json").read_text(encoding="utf-8"))
    assert {resource[FORMULA_ESCAPE_PROPERTY] for resource in descriptor["resources"]} == {FORMULA_ESCAPE}
    assert FORMULA_ESCAPE_RULE in descriptor["description"]
    cells = {
        cell
        for path in (tmp_path / "first").rglob("*.csv")
        for row in csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline=""))
        for cell in row
    }
    assert {"'" + text for text in FORMULA_TEXTS + ["'=1+2", "''@x", "'-5.2"]} <= cells
    assert {"'plain", "'", "-5.2"} <= cells  # not formulas: as they are
    assert not [cell for cell in cells if cell.startswith(tuple("=+@\t\r\n"))]


def test_a_package_that_declares_no_escape_is_read_as_written_and_an_unknown_rule_is_refused(tmp_path):
    row = "KZ-35,Karaganda,colleges,2021-01-01,2021-12-31,5,count,my-key,,,,,,'=1+2,'plain,"
    datapackage_import(path=optional_package(tmp_path / "plain", row))  # a package of someone else's
    figure = Observation.objects.get(code="my-key")
    assert (figure.note_kk, figure.quote) == ("'=1+2", "'plain")

    folder = optional_package(tmp_path / "declared", row.replace(",5,", ",6,"))
    descriptor = json.loads((folder / "datapackage.json").read_text())
    descriptor["resources"][0][FORMULA_ESCAPE_PROPERTY] = FORMULA_ESCAPE
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    datapackage_import(path=folder)
    figure.refresh_from_db()
    assert (figure.value, figure.note_kk, figure.quote) == (6, "=1+2", "'plain")

    descriptor["resources"][0][FORMULA_ESCAPE_PROPERTY] = "backslash"
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(PackageInvalid, match="regionapi:formula_escape 'backslash': not a rule this importer knows"):
        datapackage_import(path=folder)
