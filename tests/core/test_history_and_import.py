"""Change history (who, when, what, which channel), atomic idempotent imports, production checks."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from indicators.models import EnterpriseRole
from investments.models import IndustrialZone

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
ZONE = "/api/v1/investments/zones/sez-saryarka/"


@pytest.fixture
def editor(django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("editor", password="a-long-test-password")
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=("indicators", "investments", "education"))
    )
    return user


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_seed_records_carry_the_seed_channel():
    record = IndustrialZone.objects.get(slug="sez-saryarka").history.earliest()
    assert (record.history_type, record.channel, record.history_user) == ("+", "seed", None)


def seeded_participants():
    """The seeded zone's participants as stored, read rather than written here: the seed may be corrected."""
    return IndustrialZone.objects.get(slug="sez-saryarka").participants


def test_api_change_is_recorded_with_author_channel_and_diff(editor):
    before = seeded_participants()
    assert token_client(editor).patch(ZONE, {"participants": before + 1}, format="json").status_code == 200
    record = IndustrialZone.objects.get(slug="sez-saryarka").history.latest()
    assert (record.history_type, record.channel, record.history_user) == ("~", "api", editor)
    changes = record.diff_against(record.prev_record).changes
    assert [(c.field, c.old, c.new) for c in changes] == [("participants", before, before + 1)]


def test_admin_change_is_recorded_with_the_admin_channel(admin_client, admin_user):
    role = EnterpriseRole.objects.get(code="brand")
    response = admin_client.post(
        f"/admin/indicators/enterpriserole/{role.pk}/change/",
        {
            "code": "brand",
            "name_kk": "бренд",
            "name_ru": "бренд",
            "name_en": "brand",
            "description_kk": "",
            "description_ru": "",
            "description_en": "",
        },
    )
    assert response.status_code == 302
    record = role.history.latest()
    assert (record.channel, record.history_user, record.name_kk) == ("admin", admin_user, "бренд")


def test_history_endpoint_is_for_staff(editor, django_user_model):
    before = seeded_participants()
    token_client(editor).patch(ZONE, {"participants": before + 1}, format="json")
    staff = django_user_model.objects.create_superuser("root", password="a-long-test-password")
    page = token_client(staff).get(ZONE + "history/").json()
    assert (page["count"], page["next"], page["previous"]) == (2, None, None)
    body = page["results"]
    assert [row["type"] for row in body] == ["~", "+"]
    assert body[0]["user"] == "editor" and body[0]["channel"] == "api"
    assert body[0]["changes"] == [{"field": "participants", "old": before, "new": before + 1}]
    second = token_client(staff).get(ZONE + "history/", {"page": 2, "page_size": 1}).json()
    assert [row["type"] for row in second["results"]] == ["+"] and second["previous"]
    assert token_client(editor).get(ZONE + "history/").status_code == 403
    assert APIClient().get(ZONE + "history/").status_code == 401


def test_admin_history_page_renders(admin_client):
    zone = IndustrialZone.objects.get(slug="sez-saryarka")
    assert admin_client.get(f"/admin/investments/industrialzone/{zone.pk}/history/").status_code == 200


ZONES_CSV = (
    "slug,name_kk,name_en,kind,status,region,locality,participants,investment_kzt,source,quote\n"
    "import-zone-a,Сынақ аймағы А,Test zone A,industrial-zone,operating,KZ-35,saran,3,1000,baq-kz-2025-09-05-karaganda-industry,\n"
    "import-zone-b,Сынақ аймағы Б,Test zone B,industrial-park,proposed,KZ-35,temirtau,,,baq-kz-2025-09-05-karaganda-industry,\n"
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_fails_whole_on_its_last_row(tmp_path):
    bad_last_row = (
        "import-zone-c,Сынақ В,Test C,industrial-zone,operating,KZ-35,,2,-5,baq-kz-2025-09-05-karaganda-industry,\n"
    )
    path = write(tmp_path, "zones.csv", ZONES_CSV + bad_last_row)
    with pytest.raises(CommandError) as exc:
        call_command("import_data", str(path))
    assert "row 3, the record: The investment attracted cannot be negative." in str(exc.value)
    assert not IndustrialZone.objects.filter(slug__startswith="import-zone").exists()


def test_import_reports_an_unknown_reference_by_row_and_field(tmp_path):
    path = write(tmp_path, "zones.csv", ZONES_CSV.replace("temirtau", "atlantis"))
    with pytest.raises(CommandError) as exc:
        call_command("import_data", str(path))
    assert "row 2" in str(exc.value) and "locality" in str(exc.value)
    assert not IndustrialZone.objects.filter(slug__startswith="import-zone").exists()


def test_import_is_idempotent_and_recorded_as_import(tmp_path):
    path = write(tmp_path, "zones.csv", ZONES_CSV)
    out = StringIO()
    call_command("import_data", str(path), stdout=out)
    assert "2 created" in out.getvalue()
    call_command("import_data", str(path), stdout=(again := StringIO()))
    assert "0 created, 0 updated, 2 unchanged" in again.getvalue()
    zone = IndustrialZone.objects.get(slug="import-zone-a")
    assert (zone.locality.slug, zone.participants, zone.name_en) == ("saran", 3, "Test zone A")
    assert zone.history.count() == 1 and zone.history.get().channel == "import"


def test_import_json_and_dry_run(tmp_path):
    rows = [
        {
            "slug": "json-mineral",
            "name_kk": "сынақ",
            "name_en": "test",
            "group": "",
            "source": "baq-kz-2025-09-05-karaganda-industry",
            "quote": "",
        }
    ]
    path = write(tmp_path, "minerals.json", json.dumps(rows, ensure_ascii=False))
    call_command("import_data", str(path), "--dry-run", stdout=(out := StringIO()))
    assert "Dry run, rolled back: 1 created" in out.getvalue()
    from investments.models import Mineral

    assert not Mineral.objects.filter(slug="json-mineral").exists()
    call_command("import_data", str(path), stdout=StringIO())
    assert Mineral.objects.get(slug="json-mineral").name_en == "test"


def test_import_needs_a_known_resource(tmp_path):
    with pytest.raises(CommandError, match="Unknown resource"):
        call_command("import_data", str(write(tmp_path, "things.csv", "a,b\n1,2\n")))


def test_admin_import_previews_without_saving(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("zones.csv", ZONES_CSV.encode("utf-8"), content_type="text/csv")
    response = admin_client.post(
        "/admin/investments/industrialzone/import/", {"import_file": upload, "format": "0", "resource": "0"}
    )
    assert response.status_code == 200
    assert "confirm" in response.content.decode().lower()
    assert not IndustrialZone.objects.filter(slug__startswith="import-zone").exists()


def test_admin_export_offers_csv_and_xlsx(admin_client):
    html = admin_client.get("/admin/investments/industrialzone/export/").content.decode()
    assert "csv" in html and "xlsx" in html


@pytest.mark.slow
def test_check_deploy_is_clean_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k" * 10 + "production-secret-key-that-is-long-and-random-7f3a9c",
        "DJANGO_ALLOWED_HOSTS": "data.example.kz",
        "DJANGO_SECURE_SSL_REDIRECT": "1",
        "DJANGO_SECURE_HSTS_SECONDS": "31536000",
        "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "DJANGO_SECURE_HSTS_PRELOAD": "1",
        "DJANGO_SESSION_COOKIE_SECURE": "1",
        "DJANGO_CSRF_COOKIE_SECURE": "1",
        "DJANGO_SECURE_PROXY_SSL_HEADER": "1",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_off_without_a_secret_key_refuses_to_start():
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SECRET_KEY"}
    env["DJANGO_DEBUG"] = "0"
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "DJANGO_SECRET_KEY must be set" in result.stderr


def test_history_page_costs_the_same_whatever_the_length_of_the_history(django_user_model):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    staff = django_user_model.objects.create_superuser("historian", password="a-long-test-password")
    client = APIClient()
    client.force_authenticate(staff)
    url = "/api/v1/investments/zones/sez-saryarka/history/?page_size=2"
    counts = []
    for edits in (2, 15):
        for value in range(edits):
            client.patch(
                "/api/v1/investments/zones/sez-saryarka/",
                {"participants": 100 + value + len(counts) * 50},
                format="json",
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_import_reads_utf16_by_its_mark_and_another_encoding_when_told(tmp_path):
    utf16 = tmp_path / "zones.csv"
    utf16.write_text(ZONES_CSV, encoding="utf-16")  # with its byte-order mark, as spreadsheets save "Unicode text"
    call_command("import_data", str(utf16), stdout=(out := StringIO()))
    assert "2 created" in out.getvalue()

    cp1251 = tmp_path / "cp1251" / "zones.csv"
    cp1251.parent.mkdir()
    russian = ZONES_CSV.replace("import-zone-", "cp-zone-").replace("Сынақ аймағы", "Тестовая зона")
    cp1251.write_bytes(russian.encode("cp1251"))  # Russian only: cp1251 has no Kazakh letters
    with pytest.raises(CommandError, match="not utf-8 text: byte 0x.. at position .* --encoding cp1251"):
        call_command("import_data", str(cp1251))
    call_command("import_data", str(cp1251), "--encoding", "cp1251", stdout=(out := StringIO()))
    assert "2 created" in out.getvalue()
    assert IndustrialZone.objects.get(slug="cp-zone-a").name_kk == "Тестовая зона А"


def test_a_key_twice_in_one_file_names_both_rows_and_imports_nothing(tmp_path):
    path = write(tmp_path, "zones.csv", ZONES_CSV + ZONES_CSV.splitlines(keepends=True)[1])
    with pytest.raises(CommandError, match="slug 'import-zone-a' in rows 1, 3"):
        call_command("import_data", str(path))
    assert not IndustrialZone.objects.filter(slug__startswith="import-zone").exists()
