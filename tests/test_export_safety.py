"""No export can attack the spreadsheet that opens it (OWASP CSV injection): API CSV, admin CSV and XLSX."""

import io

import openpyxl
import pytest
import tablib
from import_export.formats.base_formats import CSV, XLSX

from indicators.resources import RESOURCES
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
