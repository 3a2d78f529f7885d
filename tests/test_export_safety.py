"""No export can attack the spreadsheet that opens it (OWASP CSV injection): API CSV, admin CSV and XLSX; imports
store formula-like texts as given and list each such cell as a warning."""

import csv
import io
from io import StringIO

import openpyxl
import pytest
import tablib
from django.core.management import call_command
from import_export.formats.base_formats import CSV, XLSX

from indicators.resources import RESOURCES
from tests.conftest import ARTICLE
from tests.factories import IndustrialZoneFactory

pytestmark = pytest.mark.django_db

DANGEROUS = ['=HYPERLINK("http://evil")', "+7 701 000", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]


@pytest.fixture
def zones():
    return [IndustrialZoneFactory(name_kk=text, name_ru=text, name_en=text) for text in DANGEROUS]


def test_api_csv_neutralises_every_dangerous_start_and_keeps_negative_numbers(api, zones):
    body = b"".join(api("/api/v1/investments/zones/", {"format": "csv", "page_size": 1000}).streaming_content)
    rows = list(tablib.Dataset().load(body.decode("utf-8-sig"), format="csv").dict)
    shown = {row["name"] for row in rows}
    assert {f"'{text}" for text in DANGEROUS} <= shown
    assert not any(value.startswith(tuple("=+-@\t\r")) for value in shown)


def test_analytic_csv_is_neutralised_too(api, zones):
    body = api("/api/v1/investments/zones/summary/", {"group_by": "region", "format": "csv"}).content.decode()
    assert "\n=" not in body and ",=" not in body


def test_a_negative_number_stays_a_number():
    from regionapi.core.export import spreadsheet_safe, spreadsheet_value

    assert spreadsheet_safe("-12.50") == "-12.50" and spreadsheet_safe("-1e3") == "-1e3"
    for text in [*DANGEROUS, "'=x", "''-a", "plain", "", "-"]:
        assert spreadsheet_value(spreadsheet_safe(text)) == text


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_admin_exports_are_neutralised_and_import_back_unchanged(zones, file_format):
    resource = RESOURCES["zones"]()
    dataset = resource.export()
    exported = file_format().export_data(dataset)
    if file_format is XLSX:
        sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert not any(cell.data_type == "f" for cell in cells), "a formula cell"
        assert not any(str(cell.value or "").startswith(tuple("=+@\t\r")) for cell in cells)
    else:
        names = {row["name_kk"] for row in tablib.Dataset().load(exported, format="csv").dict}
        assert {f"'{text}" for text in DANGEROUS} <= names
    # What was exported imports back as it was: nothing changes.
    result = RESOURCES["zones"]().import_data(file_format().create_dataset(exported), dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors(), (
        [str(error.error) for error in result.base_errors]
        + [str(error.error) for row in result.rows for error in row.errors]
        + [str(row.validation_error) for row in result.invalid_rows]
    )
    assert {row.import_type for row in result.rows} == {"skip"} or {row.import_type for row in result.rows} <= {
        "skip",
        "update",
    }
    from investments.models import IndustrialZone

    expected = sorted(DANGEROUS)
    if file_format is XLSX:  # XML, inside an XLSX file, reads a carriage return as a line feed
        expected = sorted(text.replace("\r", "\n") for text in DANGEROUS)
    names = IndustrialZone.objects.filter(pk__in=[zone.pk for zone in zones]).values_list("name_kk", flat=True)
    assert sorted(names) == expected


def zones_csv(names: list[str]) -> str:
    """A zones file for `import_data` and the admin: one zone per name (in every language column)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # lines end in CRLF, so a cell holding a CR is quoted
    writer.writerow(["slug", "name_kk", "name_en", "kind", "status", "region", "source", "quote"])
    for number, name in enumerate(names, start=1):
        writer.writerow(
            [f"formula-zone-{number}", f"Аймақ {number}", name, "industrial-zone", "operating", "KZ-35", ARTICLE, ""]
        )
    return buffer.getvalue()


def test_import_data_imports_formula_like_cells_as_given_and_warns_naming_row_and_column(tmp_path):
    from investments.models import IndustrialZone

    path = tmp_path / "zones.csv"
    path.write_text(zones_csv([*DANGEROUS, "Plain name", "-12.50"]), encoding="utf-8")
    call_command("import_data", str(path), stdout=(out := StringIO()))
    report = out.getvalue()
    for number, text in enumerate(DANGEROUS, start=1):
        assert f"Warning: row {number}, column name_en: cell looks like a spreadsheet formula ({text!r})" in report
    assert report.count("cell looks like a spreadsheet formula") == len(DANGEROUS)  # not the plain name or number
    assert f"{len(DANGEROUS) + 2} created" in report
    stored = IndustrialZone.objects.filter(slug__startswith="formula-zone-").order_by("id")
    assert list(stored.values_list("name_en", flat=True)) == [*DANGEROUS, "Plain name", "-12.50"]


def test_a_cell_neutralised_by_an_export_is_reported_with_the_text_it_imports_as(tmp_path):
    path = tmp_path / "zones.csv"
    path.write_text(zones_csv(["'=1+2"]), encoding="utf-8")
    call_command("import_data", str(path), "--dry-run", stdout=(out := StringIO()))
    assert "row 1, column name_en: cell looks like a spreadsheet formula ('=1+2')" in out.getvalue()


def test_a_negative_number_in_a_numeric_column_is_not_flagged(tmp_path):
    from indicators.models import Observation

    observation = Observation.objects.filter(value__isnull=False).first()
    dataset = RESOURCES["observations"]().export(queryset=Observation.objects.filter(pk=observation.pk))
    dataset = tablib.Dataset(
        *[[("-3.5" if header == "value" else cell) for header, cell in zip(dataset.headers, row)] for row in dataset],
        headers=dataset.headers,
    )
    path = tmp_path / "observations.csv"
    path.write_text(dataset.export("csv"), encoding="utf-8")
    call_command("import_data", str(path), "--dry-run", stdout=(out := StringIO()))
    assert "1 updated" in out.getvalue() and "Warning" not in out.getvalue()


def test_the_admin_import_preview_lists_formula_like_cells(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("zones.csv", zones_csv(['=HYPERLINK("http://evil")', "Plain"]).encode("utf-8"))
    response = admin_client.post(
        "/admin/investments/industrialzone/import/", {"import_file": upload, "format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Confirm import" in html
    warnings = html[html.index('id="formula-warnings"') : html.index("</ul>", html.index('id="formula-warnings"'))]
    assert "row 1, column name_en: cell looks like a spreadsheet formula" in warnings
    assert "HYPERLINK" in warnings and "row 2" not in warnings


def test_the_admin_import_page_lists_formula_like_cells_beside_the_rows_that_failed(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = zones_csv(["@SUM(A1)"]).replace("KZ-35", "KZ-99")
    upload = SimpleUploadedFile("zones.csv", text.encode("utf-8"))
    response = admin_client.post(
        "/admin/investments/industrialzone/import/", {"import_file": upload, "format": "0", "resource": "0"}
    )
    html = response.content.decode()
    assert "Some rows failed to validate" in html
    assert "row 1, column name_en: cell looks like a spreadsheet formula" in html
