"""Nothing lost, nothing silently changed: edits survive reloads, and a write changes only what it sends.

For every resource and every language: edit through the API (PATCH and PUT) and the admin, reload the seed as
`make run` does, and compare every column of the row and the change history before and after.
"""

import re
from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config.urls import API_ROUTERS
from indicators.models import Observation
from investments.models import IndustrialZone
from regionapi.core.translation import translated_columns

pytestmark = pytest.mark.django_db
LANGUAGES = ("kk", "ru", "en")
DATA_LANGUAGE = "kk"  # the language of the base columns (MODELTRANSLATION_DEFAULT_LANGUAGE)
ALWAYS_WRITTEN = {"updated_at", "search_text"}

RESOURCES = [
    (prefix, namespace, basename, viewset)
    for namespace, router in API_ROUTERS
    for prefix, viewset, basename in router.registry
]
IDS = [prefix for prefix, *_ in RESOURCES]

# A field that is not translated, and a new value, for each resource (None: it has no such field besides its key).
PLAIN_CHANGES = {
    "sources": ("reference", "test-reference"),
    "units": None,
    "regions": ("kato_code", "999999999"),
    "localities": ("kind", "town"),
    "sectors": ("source", "iso-3166-2-kz"),
    "enterprise-roles": None,
    "enterprises": ("country", "KZ"),
    "products": ("sector", "B"),
    "indicators": ("headline", "flip"),
    "observations": ("value", "123.4500"),
    "zones": ("participants", 26),
    "programmes": ("project_count", 999),
    "projects": ("jobs", 77),
    "minerals": ("quote", "test quote"),
    "deposits": ("quote", "test quote"),
    "institutions": ("quote", "test quote"),
    "training-programmes": ("quote", "test quote"),
}


def test_every_resource_has_a_plain_change():
    assert set(PLAIN_CHANGES) == set(IDS)


@pytest.fixture
def writer(superuser):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=superuser)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def row(instance) -> dict:
    """Every column of the record exactly as stored (raw SQL: the ORM would map `name` to the active language)."""
    table = connection.ops.quote_name(type(instance)._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [instance.pk])
        names = [column[0] for column in cursor.description]
        return dict(zip(names, cursor.fetchone(), strict=True))


def changed(before: dict, after: dict) -> set[str]:
    return {name for name in before if before[name] != after[name]} - ALWAYS_WRITTEN


def history_changes(instance) -> set[str]:
    """Fields the latest history row records as changed (timestamps aside)."""
    latest, previous = instance.history.order_by("-history_date", "-history_id")[:2]
    return {change.field for change in latest.diff_against(previous).changes} - ALWAYS_WRITTEN


def seeded(viewset):
    """A record of the seed (the first by key), for a resource."""
    model = viewset.queryset.model
    key = model.natural_key_fields[0]
    return model.objects.order_by(key).first()


def detail_url(namespace, basename, viewset, instance):
    return reverse(f"{namespace}:{basename}-detail", args=[getattr(instance, viewset.lookup_field)])


def plain_value(instance, name, value):
    if value == "flip":
        return not getattr(instance, name)
    return value


def translated_field(model) -> str:
    return next(iter(translated_columns(model)))


def expected_translated_columns(field: str, language: str) -> set[str]:
    """A text written in `language` lands in that language's column; the base column follows the data's language."""
    return {f"{field}_{language}", *((field,) if language == DATA_LANGUAGE else ())}


def patch_and_check(writer, prefix, url, instance, language, *, plain=True) -> dict:
    """PATCHes a translated text in `language` (and, if `plain`, a field with one value in every language), checking
    after each that exactly its columns and its history changed; returns the row as stored after them."""
    model = type(instance)
    field = translated_field(model)
    before = row(instance)
    response = writer.patch(f"{url}?lang={language}", {field: f"Edited in {language}"}, format="json")
    assert response.status_code == 200, response.json()
    after = row(instance)
    assert changed(before, after) == expected_translated_columns(field, language)
    assert after[f"{field}_{language}"] == f"Edited in {language}"
    assert history_changes(instance) == expected_translated_columns(field, language)

    if plain and PLAIN_CHANGES[prefix]:
        name, value = PLAIN_CHANGES[prefix]
        before = after
        response = writer.patch(f"{url}?lang={language}", {name: plain_value(instance, name, value)}, format="json")
        assert response.status_code == 200, response.json()
        after = row(instance)
        assert changed(before, after) == {model._meta.get_field(name).column}
        assert history_changes(instance) == {name}
    return after


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("prefix", "namespace", "basename", "viewset"), RESOURCES, ids=IDS)
def test_patch_changes_only_what_it_sends(writer, prefix, namespace, basename, viewset, language):
    instance = seeded(viewset)
    patch_and_check(writer, prefix, detail_url(namespace, basename, viewset, instance), instance, language)


@pytest.mark.parametrize(("prefix", "namespace", "basename", "viewset"), RESOURCES, ids=IDS)
def test_edits_in_every_language_survive_a_reload(writer, prefix, namespace, basename, viewset):
    """One reload per resource after edits in all three languages: what a reload keeps does not depend on the
    language an edit came in, only on the columns it wrote, and these are every translated column and a plain one."""
    instance = seeded(viewset)
    url = detail_url(namespace, basename, viewset, instance)
    history_rows = instance.history.count()
    for language in LANGUAGES:
        after = patch_and_check(writer, prefix, url, instance, language, plain=language == LANGUAGES[0])

    # Restart, as `make run` does: the seed is loaded again and keeps every edit.
    rows_before_reload = instance.history.count()
    call_command("load_seed_data", verbosity=0)
    assert row(instance) == after
    assert instance.history.count() == rows_before_reload > history_rows


@pytest.mark.parametrize("translations", [False, True], ids=["plain", "with-translations"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("prefix", "namespace", "basename", "viewset"), RESOURCES, ids=IDS)
def test_put_of_what_was_read_changes_only_the_edited_field(
    writer, prefix, namespace, basename, viewset, language, translations
):
    """A client reads a record in its language, changes one field and PUTs the whole body back as it read it."""
    instance = seeded(viewset)
    model = type(instance)
    # One translation missing: the read shows a fallback in its place, which must not be written back into it.
    field = translated_field(model)
    missing = f"{field}_{'en' if language != 'en' else 'ru'}"
    model._base_manager.filter(pk=instance.pk).update(**{missing: None})
    url = detail_url(namespace, basename, viewset, instance)
    query = f"?lang={language}" + ("&translations=true" if translations else "")
    read = writer.get(url + query)
    body = read.json()
    before = row(instance)
    plain = PLAIN_CHANGES[prefix]
    if plain:
        body[plain[0]] = plain_value(instance, *plain)
    response = writer.put(url + query, body, format="json", HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 200, response.json()
    after = row(instance)
    expected = {model._meta.get_field(plain[0]).column} if plain else set()
    assert changed(before, after) == expected
    assert after[missing] is None


def test_a_fallback_read_in_place_of_a_missing_translation_is_not_written_back(writer):
    IndustrialZone.objects.filter(slug="sez-saryarka").update(name_en=None, description_en="")
    url = "/api/v1/investments/zones/sez-saryarka/?lang=en"
    read = writer.get(url).json()
    assert read["name"] == IndustrialZone.objects.get(slug="sez-saryarka").name_kk  # the fallback
    response = writer.patch(
        url, {"name": read["name"], "description": read["description"], "participants": 25}, format="json"
    )
    assert response.status_code == 200
    zone = IndustrialZone.objects.get(slug="sez-saryarka")
    assert (zone.name_en, zone.description_en, zone.participants) == (None, "", 25)
    # A translation that is really sent is written.
    writer.patch(url, {"name": "Saryarka SEZ"}, format="json")
    assert IndustrialZone.objects.get(slug="sez-saryarka").name_en == "Saryarka SEZ"


# ---------------------------------------------------------------- the admin


def admin_form_data(response) -> dict:
    """The POST data of an admin change form as the browser would send it, unchanged."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            names = [bound.html_name, *((bound.html_initial_name,) if bound.field.show_hidden_initial else ())]
            for name in names:  # the field, and the hidden copy of what the form showed
                if value is None or value is False:
                    continue
                if value is True:
                    data[name] = "on"
                elif isinstance(value, (list, tuple)):
                    data[name] = [str(item) for item in value]
                else:
                    data[name] = value if isinstance(value, str) else str(value)

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or []:  # the history revert form has none
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for form in formset.forms:
            add(form)
    return data


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("prefix", "namespace", "basename", "viewset"), RESOURCES, ids=IDS)
def test_admin_edit_changes_only_the_edited_field(client, superuser, prefix, namespace, basename, viewset, language):
    instance = seeded(viewset)
    model = type(instance)
    client.force_login(superuser)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[instance.pk])
    form = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert form.status_code == 200
    data = admin_form_data(form)
    field = translated_field(model)
    data[f"{field}_ru"] = "Изменено в админке"
    before = row(instance)
    history_rows = instance.history.count()
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    assert changed(before, row(instance)) == {f"{field}_ru"}
    assert instance.history.count() == history_rows + 1
    assert history_changes(instance) == {f"{field}_ru"}

    # Saving the form again unchanged writes nothing and adds no history.
    before = row(instance)
    client.post(url, admin_form_data(client.get(url, HTTP_ACCEPT_LANGUAGE=language)), HTTP_ACCEPT_LANGUAGE=language)
    assert row(instance) == before
    assert instance.history.count() == history_rows + 1


def test_admin_edit_keeps_a_field_another_writer_changed_meanwhile(client, superuser, writer):
    """The editor opened the form before an API client changed another field: saving keeps both changes."""
    zone = IndustrialZone.objects.get(slug="sez-saryarka")
    client.force_login(superuser)
    url = reverse("admin:investments_industrialzone_change", args=[zone.pk])
    data = admin_form_data(client.get(url))
    response = writer.patch("/api/v1/investments/zones/sez-saryarka/", {"output_kzt": "1.00"}, format="json")
    assert response.status_code == 200
    data["participants"] = "25"
    assert client.post(url, data).status_code == 302
    zone.refresh_from_db()
    assert (zone.participants, zone.output_kzt) == (25, 1)


# ---------------------------------------------------------------- the seed loader


def seed_fields(settings, filename: str, slug: str) -> dict:
    """The fields of one record as the seed file gives them: these tests edit what the seed holds, whatever it is."""
    [fields] = [
        record["fields"]
        for record in yaml.safe_load((settings.FIXTURE_DIRS[0] / filename).read_text(encoding="utf-8"))
        if record["fields"].get("slug") == slug
    ]
    return fields


def with_fields(text: str, slug: str, **values) -> str:
    """A seed file's text with one record's fields set to new values, as a later version of the seed would have them."""
    start = text.index(f"    slug: {slug}\n")
    end = text.index("\n- model:", start)
    block = text[start:end]
    for name, value in values.items():
        block, found = re.subn(rf"^    {name}: .*$", f"    {name}: {value}", block, flags=re.MULTILINE)
        assert found == 1, name
    return text[:start] + block + text[end:]


def test_reload_keeps_edits_and_deletions_and_restore_reports_then_overwrites(writer, settings):
    seeded = seed_fields(settings, "investments.yaml", "sez-saryarka")["participants"]
    changed_to = seeded + 1
    writer.patch("/api/v1/investments/zones/sez-saryarka/?lang=ru", {"participants": changed_to}, format="json")
    Observation.objects.get(code="rnd-expenditure--kz-35--no-period").delete()
    zone = IndustrialZone.objects.get(slug="sez-saryarka")
    edited = row(zone)

    call_command("load_seed_data", stdout=(out := _Out()))
    assert row(zone) == edited
    assert not Observation.objects.filter(code="rnd-expenditure--kz-35--no-period").exists()
    assert (
        f"kept (changed by an editor): investments.IndustrialZone sez-saryarka: participants (database: {changed_to}, file: {seeded})"
        in out.text
    )
    assert (
        "left deleted (deleted or re-keyed by an editor): indicators.Observation rnd-expenditure--kz-35--no-period"
        in out.text
    )
    assert zone.history.order_by("-history_id").first().channel == "api"  # no seed row hides the edit

    call_command("load_seed_data", "--restore", "--dry-run", stdout=(out := _Out()))
    assert (
        f"would restore: investments.IndustrialZone sez-saryarka: participants (database: {changed_to}, file: {seeded})"
        in out.text
    )
    assert "would recreate: indicators.Observation rnd-expenditure--kz-35--no-period" in out.text
    assert row(zone) == edited

    call_command("load_seed_data", "--restore", stdout=(out := _Out()))
    zone.refresh_from_db()
    assert zone.participants == seeded
    assert zone.history.order_by("-history_id").first().channel == "seed"
    assert Observation.objects.filter(code="rnd-expenditure--kz-35--no-period").exists()
    call_command("load_seed_data", stdout=(out := _Out()))
    assert re.search(r"^0 created, 0 updated, \d+ unchanged\.$", out.text.strip(), re.M), out.text


def test_a_new_seed_value_updates_untouched_fields_and_keeps_edited_ones(writer, tmp_path, settings):
    """A later version of the seed changes two fields of a zone; an editor had changed one of them."""
    seeded = seed_fields(settings, "investments.yaml", "sez-saryarka")
    participants, investment = seeded["participants"], Decimal(seeded["investment_kzt"])
    writer.patch("/api/v1/investments/zones/sez-saryarka/", {"participants": participants + 1}, format="json")
    source = (settings.FIXTURE_DIRS[0] / "investments.yaml").read_text(encoding="utf-8")
    newer = with_fields(source, "sez-saryarka", participants=participants + 6, investment_kzt=f"'{investment + 10**9}'")
    for name in ("indicators.yaml", "education.yaml"):
        (tmp_path / name).write_text((settings.FIXTURE_DIRS[0] / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "investments.yaml").write_text(newer, encoding="utf-8")
    settings.FIXTURE_DIRS = [tmp_path]

    call_command("load_seed_data", stdout=(out := _Out()))
    zone = IndustrialZone.objects.get(slug="sez-saryarka")
    assert (zone.participants, zone.investment_kzt) == (participants + 1, investment + 10**9)
    assert f"participants (database: {participants + 1}, file: {participants + 6})" in out.text


def test_a_failed_load_changes_nothing(tmp_path, settings):
    for name in ("indicators.yaml", "investments.yaml"):
        (tmp_path / name).write_text((settings.FIXTURE_DIRS[0] / name).read_text(encoding="utf-8"), encoding="utf-8")
    broken = (settings.FIXTURE_DIRS[0] / "education.yaml").read_text(
        encoding="utf-8"
    ) + "\n- model: education.institution\n  fields: {slug: x, kind: no-such-kind}\n"
    (tmp_path / "education.yaml").write_text(broken, encoding="utf-8")
    IndustrialZone.objects.filter(slug="sez-saryarka").update(participants=1)
    before = row(IndustrialZone.objects.get(slug="sez-saryarka"))
    settings.FIXTURE_DIRS = [tmp_path]
    with pytest.raises(Exception):
        call_command("load_seed_data", "--restore", verbosity=0)
    assert row(IndustrialZone.objects.get(slug="sez-saryarka")) == before


class _Out:
    """A stdout for call_command whose text is read back."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    @property
    def text(self):
        return "".join(self.parts)


def test_a_figure_made_unknown_takes_its_qualifier_with_it(writer):
    url = "/api/v1/investments/zones/sez-saryarka/"
    assert writer.patch(url, {"permanent_jobs": None}, format="json").json()["permanent_jobs_qualifier"] is None
    assert writer.patch(url, {"permanent_jobs": 1500}, format="json").json()["permanent_jobs_qualifier"] == "exact"


def test_reload_leaves_records_that_refer_to_a_record_an_editor_renamed(writer):
    """An editor re-keys a product that seeded observations refer to: the load goes on and says so."""
    response = writer.patch("/api/v1/indicators/products/tyres/", {"slug": "tyres-renamed"}, format="json")
    assert response.status_code == 200
    call_command("load_seed_data", stdout=(out := _Out()))
    assert "left deleted (deleted or re-keyed by an editor): indicators.Product tyres" in out.text
    assert re.search(
        r"left as is \(refers to a record an editor deleted or re-keyed\): indicators\.Observation \S+: product -> indicators\.Product tyres",
        out.text,
    )
    assert Observation.objects.filter(product__slug="tyres-renamed").exists()


def test_a_file_that_refers_to_a_record_nobody_loaded_is_refused(tmp_path, settings):
    for name in ("indicators.yaml", "investments.yaml"):
        (tmp_path / name).write_text((settings.FIXTURE_DIRS[0] / name).read_text(encoding="utf-8"), encoding="utf-8")
    broken = (settings.FIXTURE_DIRS[0] / "education.yaml").read_text(encoding="utf-8") + (
        "\n- model: education.institution\n  fields: {slug: x, name_kk: X, kind: college, region: [KZ-00], source: [nace-rev-2]}\n"
    )
    (tmp_path / "education.yaml").write_text(broken, encoding="utf-8")
    settings.FIXTURE_DIRS = [tmp_path]
    with pytest.raises(Exception, match="KZ-00"):
        call_command("load_seed_data", verbosity=0)


def test_admin_revert_from_history_puts_the_earlier_version_back(client, superuser, writer):
    from indicators.models import Region

    writer.patch("/api/v1/indicators/regions/KZ-11/", {"translations": {"name": {"ru": "Изменено"}}}, format="json")
    region = Region.objects.get(code="KZ-11")
    first = region.history.order_by("history_id").first()
    client.force_login(superuser)
    url = reverse("admin:indicators_region_simple_history", args=[region.pk, first.history_id])
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(url, admin_form_data(form))
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.name_ru == first.name_ru != "Изменено"
    assert history_changes(region) == {"name_ru"}


def test_admin_inline_edit_keeps_a_field_another_writer_changed_meanwhile(client, superuser, writer):
    from indicators.models import Locality, Region

    region = Region.objects.get(code="KZ-35")
    client.force_login(superuser)
    url = reverse("admin:indicators_region_change", args=[region.pk])
    data = admin_form_data(client.get(url))
    saran = Locality.objects.get(slug="saran")
    assert writer.patch("/api/v1/indicators/localities/saran/", {"kind": "district"}, format="json").status_code == 200
    prefix = next(
        key.removesuffix("-slug") for key, value in data.items() if key.endswith("-slug") and value == "saran"
    )
    data[f"{prefix}-name_ru"] = "Сарань (изменено)"
    assert client.post(url, data).status_code == 302
    saran.refresh_from_db()
    assert (saran.name_ru, saran.kind) == ("Сарань (изменено)", "district")
