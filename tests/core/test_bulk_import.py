"""`manage.py import_data` at scale: the file read row by row, validated and written in batches in
one transaction, queries per batch and not per row, a generated key matched on re-import, every resource's export
importing back unchanged, JSON and XLSX, and a progress bar only on a terminal. The files come from the benchmark's
generator (bench/import_scale.py) at a few hundred rows; time is for the benchmark, never asserted here."""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.import_scale import COLUMNS, observation_rows, write_rows
from indicators.models import Observation, Sector
from indicators.resources import RESOURCES
from regionapi.core.models import DataVersion
from regionapi.core.translation import data_language

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys():
    """Real indicator and region keys of the seed, and a source, as the benchmark uses them."""
    from indicators.models import Indicator, Region, Source

    return {
        "indicators": list(Indicator.objects.order_by("code").values_list("code", flat=True)),
        "regions": list(Region.objects.order_by("code").values_list("code", flat=True)),
        "source": Source.objects.order_by("slug").values_list("slug", flat=True).first(),
    }


def rows(count, keys, **options):
    return list(observation_rows(count, **keys, **options))


def imported(path, *options, resource="observations") -> str:
    call_command("import_data", str(path), "--resource", resource, *options, stdout=(out := StringIO()))
    return out.getvalue()


def state() -> tuple:
    """What an import that changes nothing leaves as it was: the records, their history, the data version."""
    return (
        Observation.objects.count(),
        Observation.history.count(),
        DataVersion.objects.values_list("version", flat=True).first(),
    )


def test_a_generated_file_whose_last_row_is_bad_changes_nothing(tmp_path, keys):
    path = tmp_path / "observations.csv"
    write_rows(path, observation_rows(300, **keys, bad_last_row=True))
    before = state()
    with pytest.raises(CommandError) as error:
        # Batches of 100: the first two are written (and their history) before the third finds the bad row.
        imported(path, "--batch-size", "100")
    assert "\n  row 300, field period_end: " in str(error.value)  # "The period ends before it starts", in Kazakh
    assert str(error.value).count("\n  row ") == 1  # only the bad row is named
    assert state() == before


def test_queries_grow_with_batches_not_rows(tmp_path, keys):
    generated = rows(1500, keys)
    one_batch, two_batches = tmp_path / "one.csv", tmp_path / "two.csv"
    write_rows(one_batch, generated[:500])
    write_rows(two_batches, generated[500:])

    def queries(path) -> int:
        with CaptureQueriesContext(connection) as captured:
            imported(path, "--batch-size", "500")
        return len(captured)

    first, second = queries(one_batch), queries(two_batches)
    # 500 rows more cost one batch's statements: the records' insert (split by SQLite's limit of 999 parameters),
    # one history INSERT ... SELECT, one lookup of existing keys, a savepoint; not a query per row.
    assert second - first <= 20, (first, second)
    assert second <= 2 * first, (first, second)
    # Imported again, every row unchanged: a batch more costs the lookup of its keys, and of the related records
    # (sources, indicators, regions) that no earlier batch named; nothing is written.
    assert queries(two_batches) - queries(one_batch) <= 1 + 3


def test_reimporting_blank_generated_keys_matches_the_records_and_writes_only_changes(tmp_path, keys):
    path = tmp_path / "observations.csv"
    generated = rows(50, keys)
    write_rows(path, generated)
    assert "50 created, 0 updated, 0 unchanged" in imported(path)
    tenth = generated[9]
    figure = Observation.objects.get(
        indicator__code=tenth["indicator"], region__code=tenth["region"], period_start=tenth["period_start"]
    )
    record = figure.history.get()
    assert (record.history_type, record.channel, record.history_user) == ("+", "import", None)
    with data_language():  # the stored base column of a translated field (the history row holds it as stored)
        stored = {f.attname: getattr(figure, f.attname) for f in Observation._meta.concrete_fields}
    assert {f.attname: getattr(record, f.attname) for f in Observation._meta.concrete_fields} == stored
    assert "0 created, 0 updated, 50 unchanged" in imported(path)

    # An editor writes a note on another figure; the next file changes one value and has no note column.
    other = Observation.objects.get(code=Observation.objects.filter(note_en__startswith="Synthetic").last().code)
    other.note_en = "Checked against the bulletin."
    other.save()
    generated[9]["value"] = "123.45"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=[column for column in COLUMNS if column != "note_en"])
        writer.writeheader()
        writer.writerows({key: value for key, value in row.items() if key != "note_en"} for row in generated)
    assert "0 created, 1 updated, 49 unchanged" in imported(path)
    figure.refresh_from_db()
    other.refresh_from_db()
    assert (str(figure.value), other.note_en) == ("123.4500", "Checked against the bulletin.")
    latest = figure.history.latest()
    assert (latest.history_type, latest.channel) == ("~", "import")
    assert [(c.field, str(c.old), str(c.new)) for c in latest.diff_against(latest.prev_record).changes] == [
        ("value", str(record.value), "123.4500")
    ]


def test_a_key_generated_twice_in_one_file_names_both_rows(tmp_path, keys):
    generated = rows(3, keys)
    path = tmp_path / "observations.csv"
    write_rows(path, [*generated, {**generated[1], "value": "1"}])
    with pytest.raises(CommandError, match=r"code '[a-z0-9-]+' in rows 2, 4: a key may appear once in a file"):
        imported(path)
    assert not Observation.objects.filter(period_start__year=1990).exists()


@pytest.mark.parametrize("suffix", [".json", ".xlsx"])
def test_json_and_xlsx_files_are_read_row_by_row_too(tmp_path, keys, suffix):
    path = tmp_path / f"observations{suffix}"
    write_rows(path, observation_rows(120, **keys))
    assert "120 created, 0 updated, 0 unchanged" in imported(path, "--batch-size", "50")
    assert "0 created, 0 updated, 120 unchanged" in imported(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"code": "x"}', "must hold a JSON list of objects"),
        ('[{"code": "x"}, 5]', "each item of the list must be an object, not a number"),
        ('[{"code": "x"} {"code": "y"}]', r"not valid JSON: expected ',' or '\]' at character 15"),
        ('[{"code": "x"}, {"code": ', "not valid JSON: Expecting value at character 25"),
        ('[{"code": "x"}] []', "not valid JSON: extra data after the list at character 16"),
    ],
)
def test_a_broken_json_file_is_refused_with_where(tmp_path, text, message):
    path = tmp_path / "observations.json"
    path.write_text(text, encoding="utf-8")
    before = state()
    with pytest.raises(CommandError, match=message):
        imported(path)
    assert state() == before


def test_a_json_object_larger_than_the_read_buffer_is_read_whole(tmp_path, keys):
    row = {**rows(1, keys)[0], "quote": "ж" * 100_000}  # 200 KB of UTF-8: several 64 KiB reads
    path = tmp_path / "observations.json"
    path.write_text(json.dumps([row], ensure_ascii=False), encoding="utf-8")
    assert "1 created" in imported(path)
    assert Observation.objects.get(period_start="1990-01-01", region__code=row["region"]).quote == row["quote"]


def test_a_bad_byte_far_into_the_file_is_named_by_its_position(tmp_path, keys):
    path = tmp_path / "observations.csv"
    write_rows(path, observation_rows(1000, **keys))  # about 140 KB: the bad byte comes after two reads
    data = path.read_bytes()
    position = len(data) - 10
    path.write_bytes(data[:position] + b"\xff" + data[position + 1 :])
    before = state()
    with pytest.raises(CommandError, match=rf"is not utf-8 text: byte 0xff at position {position}\. Give its encoding"):
        imported(path)
    assert state() == before


def test_a_utf8_byte_order_mark_is_not_part_of_the_first_column(tmp_path, keys):
    path = tmp_path / "observations.csv"
    write_rows(path, observation_rows(5, **keys))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert "5 created" in imported(path)
    assert "5 unchanged" in imported(path, "--encoding", "utf-8")  # told UTF-8: the mark is read, then dropped


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize(
    ("stream", "verbosity", "drawn"), [(Terminal, 1, True), (Terminal, 0, False), (io.StringIO, 1, False)]
)
def test_the_progress_bar_is_drawn_only_on_a_terminal(tmp_path, keys, stream, verbosity, drawn):
    path = tmp_path / "observations.csv"
    write_rows(path, observation_rows(60, **keys))
    errors = stream()
    call_command("import_data", str(path), "--batch-size", "20", "-v", str(verbosity), stdout=StringIO(), stderr=errors)
    if drawn:
        assert "\r" in errors.getvalue() and "100%" in errors.getvalue() and "60 rows" in errors.getvalue()
        assert errors.getvalue().endswith("\n")
    else:
        assert errors.getvalue() == ""


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_every_resource_exported_imports_back_unchanged(tmp_path, name):
    exported = RESOURCES[name]().export()
    path = tmp_path / f"{name}.csv"
    path.write_text(exported.csv, encoding="utf-8")
    before = state()
    assert f"0 created, 0 updated, {len(exported)} unchanged" in imported(path, resource=name)
    assert state() == before


def test_a_changed_many_to_many_cell_is_saved_with_its_history(tmp_path):
    from investments.models import GeologicalDeposit

    deposit = GeologicalDeposit.objects.filter(minerals__isnull=False).distinct().first()
    exported = RESOURCES["deposits"]().export(queryset=GeologicalDeposit.objects.filter(pk=deposit.pk))
    row = exported.dict[0]
    row["minerals"] = "gold"
    path = tmp_path / "deposits.json"
    path.write_text(json.dumps([row], ensure_ascii=False, default=str), encoding="utf-8")
    assert "0 created, 1 updated, 0 unchanged" in imported(path, resource="deposits")
    assert list(deposit.minerals.values_list("slug", flat=True)) == ["gold"]
    latest = deposit.history.latest()
    assert latest.channel == "import" and [m.mineral.slug for m in latest.minerals.all()] == ["gold"]
    row["minerals"] = "gold; atlantium"
    path.write_text(json.dumps([row], ensure_ascii=False, default=str), encoding="utf-8")
    with pytest.raises(CommandError, match="row 1, field minerals: no mineral with slug atlantium"):
        imported(path, resource="deposits")


def test_a_row_may_refer_to_a_new_record_above_it_of_the_same_model(tmp_path, article):
    path = tmp_path / "sectors.csv"
    path.write_text(
        "code,name_kk,name_en,level,parent,source\n"
        f"Y,Сынақ бөлімі,Test section,section,,{article.slug}\n"
        f"98,Сынақ бөлімшесі,Test division,division,Y,{article.slug}\n",
        encoding="utf-8",
    )
    assert "2 created" in imported(path, resource="sectors")
    assert Sector.objects.get(code="98").parent.code == "Y"
