"""No export can attack the spreadsheet that opens it (OWASP CSV injection): API CSV, admin CSV and XLSX; imports
store formula-like texts as given and list each such cell as a warning."""

import csv
import io
import re
import unicodedata
import zipfile
from decimal import Decimal
from io import StringIO

import openpyxl
import pytest
import tablib
from django.conf import settings
from django.contrib import admin
from django.core.management import call_command
from import_export.formats.base_formats import CSV, XLSX

from indicators.resources import RESOURCES
from tests.conftest import ARTICLE
from tests.support.factories import IndustrialZoneFactory

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
    """A summary's groups are names as stored: each cell is read back, not searched for as text."""
    body = api("/api/v1/investments/zones/summary/", {"group_by": "zone", "format": "csv"}).content
    cells = [cell for row in csv_cells(body) for cell in row]
    assert {f"'{text}" for text in DANGEROUS} <= set(cells) or not any(live(cell) for cell in cells)
    assert not [cell for cell in cells if live(cell)]


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


# ---------------------------------------------------------------- every CSV the project writes

HOSTILE = [
    '=HYPERLINK("http://x")',
    "=cmd|' /C calc'!A0",
    "@SUM(A1)",
    "+1",
    "-1+1",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    " =1+1",  # what a spreadsheet skips before the sign: a space, a byte-order mark, a zero-width space
    "\ufeff=1+1",
    "\u200b@SUM(A1)",
    "\uff1d1+1",  # full-width signs
    "\uff20SUM(A1)",
]
TRIGGERS = tuple("=+-@\t\r\n")


def live(cell: str) -> bool:
    """A cell a spreadsheet would run: a sign first, after what it may skip, full-width signs as signs."""
    stripped = unicodedata.normalize("NFKC", cell.lstrip(" \u00a0\u200b\ufeff"))
    return (cell.startswith(TRIGGERS) or stripped.startswith(TRIGGERS)) and not NUMBER.fullmatch(cell)


NUMBER = re.compile(r"-?\d+(\.\d+)?")  # a number as every export writes one: a minus, never a plus
NOT_STORED = {"search_text"}  # what no answer shows


def hostile_texts() -> None:
    """Every free text of every record behind the API (names, titles, descriptions, notes, quotes, symbols, in every
    language) becomes one of HOSTILE, each text in turn; one observation's value becomes -5.2. Written with
    `update()`, so the data version is raised by hand."""
    from django.db import models

    from config.urls import API_ROUTERS
    from indicators.models import Observation, ObservationFlag
    from regionapi.core.dataversion import bump

    for _namespace, router in API_ROUTERS:
        for _prefix, viewset, _basename in router.registry:
            model = viewset.queryset.model
            texts = [
                field
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField)
                and not isinstance(field, models.SlugField | models.URLField | models.EmailField)
                and not (field.choices or field.unique or field.primary_key or field.name in NOT_STORED)
                and (field.max_length is None or field.max_length >= 20)  # not a code (country, KATO)
            ]
            for row, pk in enumerate(model.objects.order_by("pk").values_list("pk", flat=True)):
                model.objects.filter(pk=pk).update(
                    **{
                        field.name: HOSTILE[(row + column) % len(HOSTILE)][: field.max_length]
                        for column, field in enumerate(texts)
                    }
                )
    Observation.objects.filter(pk=Observation.objects.filter(value__isnull=False).order_by("pk")[0].pk).update(
        value=Decimal("-5.2")
    )
    # The figures' flags (no API list of their own: served within the figures, exported as the package's flags table).
    for text, observation in zip(HOSTILE, Observation.objects.order_by("pk"), strict=False):
        ObservationFlag.objects.create(observation=observation, flag="estimated", asserted_by="publisher", note=text)
    bump()


def csv_cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def zip_tables(content: bytes) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: csv_cells(archive.read(name)) for name in archive.namelist() if name.endswith(".csv")}


def streamed(response) -> bytes:
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


def every_csv(client, admin_client) -> dict[str, list[list[str]]]:
    """Every CSV file the project writes, by where it comes from: each API list's `format=csv`, each admin export as
    CSV, each file of the bulk download (the data package's tables inside its zip), and the data package's tables
    at /api/v1/datapackage/."""
    from import_export.admin import ExportMixin
    from import_export.forms import SelectableFieldsExportForm

    from config.urls import API_ROUTERS

    files = {}
    for namespace, router in API_ROUTERS:
        for prefix, _viewset, _basename in router.registry:
            path = f"/api/v1/{namespace.removesuffix('-api')}/{prefix}/"
            files[f"api {prefix}"] = csv_cells(streamed(client.get(path, {"format": "csv"})))
    csv_format = next(index for index, fmt in enumerate(settings.IMPORT_EXPORT_FORMATS) if fmt().get_title() == "csv")
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ExportMixin):
            continue
        resource = model_admin.get_export_resource_classes(None)[0]
        chosen = {
            SelectableFieldsExportForm.create_boolean_field_name(resource, name): "on"
            for name in resource().get_export_order()
        }
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/export/"
        files[f"admin {model._meta.model_name}"] = csv_cells(
            streamed(admin_client.post(url, {"format": str(csv_format), "resource": "0", **chosen}))
        )
    listing = client.get("/api/v1/download/", HTTP_ACCEPT="application/json").json()
    for file in listing["results"]:
        content = streamed(client.get(file["url"].removeprefix("http://testserver")))
        if file["name"].endswith(".zip"):
            files |= {f"download {file['name']} {name}": cells for name, cells in zip_tables(content).items()}
        else:
            files[f"download {file['name']}"] = csv_cells(content)
    package = zip_tables(streamed(client.get("/api/v1/datapackage/")))
    files |= {f"datapackage {name}": cells for name, cells in package.items()}
    return files


def test_no_csv_the_project_writes_holds_a_formula(client, admin_client):
    hostile_texts()
    files = every_csv(client, admin_client)
    assert {name.split()[0] for name in files} == {"api", "admin", "download", "datapackage"}
    assert len([name for name in files if name.startswith("admin ")]) >= 15  # docs/editing.md's list of admin exports
    formulas = {name: [cell for row in rows for cell in row if live(cell)] for name, rows in files.items()}
    assert {name: cells for name, cells in formulas.items() if cells} == {}
    # Not vacuous: each file holds the hostile texts, neutralised, and numbers stay numbers.
    neutralised = {f"'{text}" for text in HOSTILE}
    seen = set()
    for name, rows in files.items():
        cells = {cell for row in rows for cell in row}
        seen |= cells & neutralised
        if any(part in name for part in ("sources", "indicators", "observations", "zones", "datapackage")):
            assert len(cells & neutralised) >= 3, name
    assert seen == neutralised
    for name in ("api observations", "download observations.csv"):
        header, *rows = files[name]
        assert "-5.2000" in {row[header.index("value")] for row in rows}, name  # the field's four decimals
    for name, rows in files.items():
        if name.startswith("datapackage data/"):
            header = rows[0]
            if "-5.2" in {row[header.index("value")] for row in rows[1:]}:
                break
    else:
        raise AssertionError("no figure table of the data package holds the value -5.2")


def test_a_plus_sign_is_text_and_a_minus_number_a_number():
    from regionapi.core.export import spreadsheet_safe, spreadsheet_value

    assert [spreadsheet_safe(text) for text in ("+1", "+7 701 000", "-1+1", "-5.2", "-1e3")] == [
        "'+1",
        "'+7 701 000",
        "'-1+1",
        "-5.2",
        "-1e3",
    ]
    for text in ("+1", "'+1", "''+1", "-5.2", "'-5.2", "'plain"):
        assert spreadsheet_value(spreadsheet_safe(text)) == text
