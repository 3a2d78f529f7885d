"""Importing Frictionless data packages: checked before anything is written, refused whole with every bad row named,
idempotent, and a new version updates only what changed (and keeps editors' changes)."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from indicators.datapackage import PackageInvalid, datapackage_import
from indicators.models import Observation, Source
from tests.support.packages import GOOD_ROWS, HEADER, make_package

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(Observation.objects.values_list("code", "value", "status", "updated_at")), Source.objects.count()


def test_a_package_is_imported_with_its_source_and_history(tmp_path):
    report = datapackage_import(path=make_package(tmp_path, GOOD_ROWS))
    assert report.counts() == {"created": 3}  # a source and two figures
    figure = Observation.objects.get(indicator__code="colleges", region__code="KZ-62", period_start="2021-01-01")
    assert figure.value == 3 and figure.status == "actual"
    source = figure.source
    assert (source.slug, source.publisher, source.licence) == (
        "test-statistics-colleges",
        "Bureau of National Statistics",
        "ODC-PDDL-1.0",
    )
    assert source.url == "https://github.com/open-data-kazakhstan/colleges" and "abc123" in source.reference
    assert "regions sum to the total" in source.description_en
    assert figure.history.get().channel == "import"


def test_a_second_import_changes_nothing_and_a_new_version_says_what_changed(tmp_path):
    make_package(tmp_path, GOOD_ROWS)
    call_command("import_datapackage", str(tmp_path), stdout=StringIO())
    before = snapshot()
    out = StringIO()
    call_command("import_datapackage", str(tmp_path), stdout=out)
    assert "0 created, 0 updated, 3 unchanged" in out.getvalue()
    assert snapshot() == before
    make_package(tmp_path, [GOOD_ROWS[0].replace(",50,", ",51,"), GOOD_ROWS[1]])
    out = StringIO()
    call_command("import_datapackage", str(tmp_path), stdout=out)
    assert 'updated: indicators.Observation colleges--kz-35--2021: value (database: "50", file: "51")' in out.getvalue()
    assert Observation.objects.get(code="colleges--kz-35--2021").value == 51


def test_an_editors_change_survives_a_new_import_unless_restoring(tmp_path):
    make_package(tmp_path, GOOD_ROWS)
    datapackage_import(path=tmp_path)
    Observation.objects.filter(code="colleges--kz-35--2021").update(value=Decimal("49"))
    report = datapackage_import(path=tmp_path)
    assert report.counts()["kept"] == 1
    assert Observation.objects.get(code="colleges--kz-35--2021").value == 49
    datapackage_import(path=tmp_path, restore=True)
    assert Observation.objects.get(code="colleges--kz-35--2021").value == 50


def test_optional_status_and_note_columns_are_honoured(tmp_path):
    make_package(
        tmp_path,
        ["KZ-35,Karaganda,colleges,2023-01-01,2023-12-31,52,count,preliminary,as the source marks it"],
        header=HEADER + ",status,note",
        extra_fields=[{"name": "status", "type": "string"}, {"name": "note", "type": "string"}],
    )
    datapackage_import(path=tmp_path)
    figure = Observation.objects.get(code="colleges--kz-35--2023")
    assert (figure.status, figure.note_en) == ("preliminary", "as the source marks it")


def test_rows_without_a_region_code_go_to_the_region_the_package_names(tmp_path):
    make_package(
        tmp_path,
        [",South Kazakhstan,colleges,2015-01-01,2015-12-31,7,count"],
        custom={"regionapi:blank_region": "KZ-61"},
    )
    datapackage_import(path=tmp_path)
    assert Observation.objects.get(code="colleges--kz-61--2015").value == 7


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        ("KZ-35,Karaganda,colleges,2021-01-01,2021-12-31,many,count", "value", "Type error"),
        ("KZ-35,Karaganda,colleges,2021-13-01,2021-12-31,5,count", "period_start", "Type error"),
        ("KZ-99,Nowhere,colleges,2021-01-01,2021-12-31,5,count", "region_iso", "unknown region 'KZ-99'"),
        (",South Kazakhstan,colleges,2021-01-01,2021-12-31,5,count", "region_iso", "unknown region '(empty)'"),
        ("KZ-35,Karaganda,colleges,2021-01-01,2021-12-31,5,parsecs", "unit", "unknown unit 'parsecs'"),
        ("KZ-35,Karaganda,colleges,2021-01-01,2021-12-31,5,percent", "unit", "indicator colleges is in count"),
        ("KZ-35,Karaganda,no-such-indicator,2021-01-01,2021-12-31,5,count", "indicator", "unknown indicator"),
        ("KZ-35,Karaganda,colleges,2021-12-31,2021-01-01,5,count", "period_end", "ends before it starts"),
        (
            "KZ-35,Karaganda,colleges,2021-01-01,2021-12-31,55,count",
            "period_start",
            "the same figure as data/colleges.csv, row 2",
        ),
    ],
    ids=[
        "schema-number",
        "schema-date",
        "unknown-region",
        "blank-region",
        "unknown-unit",
        "wrong-unit",
        "unknown-indicator",
        "period-order",
        "duplicate",
    ],
)
def test_one_bad_row_refuses_the_whole_package_and_names_it(tmp_path, row, field, reason):
    datapackage_import(path=make_package(tmp_path, GOOD_ROWS[:1]))
    before = snapshot()
    make_package(tmp_path, [GOOD_ROWS[0].replace(",50,", ",60,"), *GOOD_ROWS[1:], row])
    with pytest.raises(PackageInvalid) as refused:
        datapackage_import(path=tmp_path)
    assert snapshot() == before  # not even the good rows' changes
    [problem] = refused.value.problems
    assert (problem.file, problem.row, problem.field) == ("data/colleges.csv", 4, field), problem
    assert reason in problem.reason


def test_the_command_reports_a_refused_package(tmp_path):
    make_package(tmp_path, ["KZ-99,Nowhere,colleges,2021-01-01,2021-12-31,5,count"])
    with pytest.raises(CommandError, match=r"data/colleges.csv, row 2, field region_iso: unknown region 'KZ-99'"):
        call_command("import_datapackage", str(tmp_path), stdout=StringIO())


def test_a_broken_descriptor_is_refused(tmp_path):
    (tmp_path / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(PackageInvalid):
        datapackage_import(path=tmp_path)
    with pytest.raises(PackageInvalid, match="no datapackage.json"):
        datapackage_import(path=tmp_path / "missing")


def test_a_large_load_inserts_in_batches_and_refuses_the_same_new_key_twice():
    """The batched inserts of a large load (`existing` given) write what save() would, history included, and a
    key twice among the new records is a ValidationError that writes nothing, not an IntegrityError."""
    from django.core.exceptions import ValidationError
    from django.core.serializers.base import DeserializedObject

    from indicators.services import records_load
    from tests.support.factories import ObservationFactory

    template = ObservationFactory()
    fields = {f.attname: getattr(template, f.attname) for f in Observation._meta.concrete_fields if f.attname != "id"}
    template.delete()

    def figure(year):
        row = Observation(**{**fields, "period_start": date(year, 1, 1), "period_end": date(year, 12, 31)})
        row.code = row.figure_key()  # as the package reader gives it: the key is known before the load
        return row

    report = records_load(
        (DeserializedObject(figure(year), m2m_data={}) for year in (2001, 2002)),
        origin="test",
        existing={},
        checked_relations=True,
    )
    assert report.counts() == {"created": 2}
    created = Observation.objects.filter(period_start__year__in=(2001, 2002))
    assert all(row.code and row.history.get().channel == "import" for row in created)

    before = Observation.objects.count()
    with pytest.raises(ValidationError, match="appears twice"):
        records_load(
            (DeserializedObject(figure(2003), m2m_data={}) for _ in range(2)),
            origin="test",
            existing={},
            checked_relations=True,
        )
    assert Observation.objects.count() == before


def test_a_flags_table_is_checked_by_the_flags_own_rules(tmp_path):
    """Each row of a flags table names a figure of the package and is a flag the model takes (ObservationFlag's
    choices and constraints, in its words), once a figure."""
    make_package(tmp_path, GOOD_ROWS)
    (tmp_path / "flags.csv").write_text(
        "code,flag,asserted_by,note\n"
        "colleges--kz-35--2021,estimated,publisher,\n"
        "colleges--kz-35--2021,estimated,publisher,\n"
        "colleges--kz-62--2021,guessed,publisher,\n"
        "colleges--kz-62--2021,break,derived,\n"
        "no-such-figure,break,publisher,\n",
        encoding="utf-8",
    )
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    descriptor["resources"].append(
        {
            "name": "flags",
            "path": "flags.csv",
            "profile": "tabular-data-resource",
            "regionapi:table": "flags",
            "schema": {
                "fields": [{"name": name, "type": "string"} for name in ("code", "flag", "asserted_by", "note")]
            },
        }
    )
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(PackageInvalid) as refused:
        datapackage_import(path=tmp_path)
    assert [(problem.row, problem.field, problem.reason) for problem in refused.value.problems] == [
        (3, "flag", "The figure already carries this flag."),
        (4, "flag", "Value 'guessed' is not a valid choice."),
        (5, None, "Give who asserts the flag: the publisher or the package's editors."),
        (6, "code", "names no figure of this package"),
    ]
