"""Three languages: selection per request, fallback, Content-Language, every translation on request, enum labels,
translated errors, search across languages and transliterations, and fixtures complete in kk, ru and en."""

import datetime
import gettext
import re
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.conf import settings
from modeltranslation.translator import translator
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from indicators.models import Locality, Region
from indicators.models.base import SearchableModel
from investments.models import IndustrialZone
from regionapi.core.text import latin_key, refresh_search_text_migration
from tests.support import factories as make

ROOT = Path(__file__).resolve().parents[2]
ZONES = "/api/v1/investments/zones/"
SEZ = f"{ZONES}sez-saryarka/"
LANGUAGES = ("kk", "ru", "en")


def names(response):
    return {row["slug"]: row["name"] for row in response.json()["results"]}


def expected_names(language):
    return {zone.slug: getattr(zone, f"name_{language}") for zone in IndustrialZone.objects.all()}


# ---------------------------------------------------------------- selection, default, fallback


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_accept_language_selects_the_language(api, language):
    response = api(ZONES, HTTP_ACCEPT_LANGUAGE=f"{language}-KZ,{language};q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]
    assert names(response) == expected_names(language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_lang_parameter_wins_over_the_header(api, language):
    other = "ru" if language != "ru" else "en"
    response = api(ZONES, {"lang": language}, HTTP_ACCEPT_LANGUAGE=other)
    assert response["Content-Language"] == language
    assert names(response) == expected_names(language)


@pytest.mark.django_db
def test_without_either_the_default_language_is_kazakh(api):
    response = api(ZONES)
    assert settings.LANGUAGE_CODE == "kk"
    assert response["Content-Language"] == "kk"
    assert names(response) == expected_names("kk")


@pytest.mark.django_db
def test_the_default_language_is_a_setting(api, settings):
    settings.LANGUAGE_CODE = "ru"
    response = api(ZONES)
    assert response["Content-Language"] == "ru"
    assert names(response) == expected_names("ru")


@pytest.mark.django_db
def test_q_values_and_unsupported_languages_in_the_header(api):
    assert api(ZONES, HTTP_ACCEPT_LANGUAGE="de-DE, en;q=0.5, ru;q=0.8")["Content-Language"] == "ru"
    assert api(ZONES, HTTP_ACCEPT_LANGUAGE="de, fr;q=0.5")["Content-Language"] == "kk"
    assert api(ZONES, HTTP_ACCEPT_LANGUAGE="*")["Content-Language"] == "kk"
    assert api(ZONES, HTTP_ACCEPT_LANGUAGE=";;q=x,,")["Content-Language"] == "kk"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value", ["de", "", "russian", "kz"]
)  # case aside: lang=KK is kk (tests/core/test_parameter_errors.py)
def test_an_unsupported_lang_is_a_400_naming_the_parameter(api, value):
    response = api(ZONES, {"lang": value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == ["lang"]
    assert "kk, ru, en" in response.json()["errors"]["lang"][0]


@pytest.mark.django_db
def test_lang_given_twice_is_a_400(client):
    response = client.get(ZONES + "?lang=ru&lang=en")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["lang"]


@pytest.mark.django_db
def test_the_lang_error_follows_the_header_language(api):
    body = api(ZONES, {"lang": "de"}, HTTP_ACCEPT_LANGUAGE="ru").json()
    assert body["errors"]["lang"] == ["Укажите одно из: kk, ru, en."]


@pytest.mark.django_db
def test_every_api_answer_says_its_language(api):
    for path in ("/api/v1/", "/api/v1/indicators/regions/KZ-35/", "/api/v1/no-such-thing/", "/api/schema/"):
        assert api(path, {"lang": "en"})["Content-Language"] == "en", path


@pytest.mark.django_db
def test_a_missing_translation_falls_back_in_the_documented_order(api, article, karaganda):
    IndustrialZone.objects.create(
        slug="only-russian", name_ru="Только по-русски", kind="industrial-zone", region=karaganda, source=article
    )
    IndustrialZone.objects.create(
        slug="kazakh-and-russian",
        name_kk="Қазақша",
        name_ru="По-русски",
        kind="industrial-zone",
        region=karaganda,
        source=article,
    )
    assert settings.MODELTRANSLATION_FALLBACK_LANGUAGES == ("kk", "ru", "en")
    english = names(api(ZONES, {"lang": "en", "page_size": 100}))
    assert english["only-russian"] == "Только по-русски"  # en missing, kk missing: ru
    assert english["kazakh-and-russian"] == "Қазақша"  # en missing: the default language first
    kazakh = names(api(ZONES, {"lang": "kk", "page_size": 100}))
    assert kazakh["only-russian"] == "Только по-русски"
    detail = api(f"{ZONES}only-russian/", {"lang": "en", "translations": "true"}).json()
    assert detail["translations"]["name"] == {"kk": None, "ru": "Только по-русски", "en": None}


# ---------------------------------------------------------------- every translation on request


@pytest.mark.django_db
def test_translations_are_served_on_request_only(api):
    zone = make.IndustrialZoneFactory(
        description_kk="Сипаттама", description_ru="Описание", description_en="Description", transliterated=["name_en"]
    )
    url = f"{ZONES}{zone.slug}/"
    plain = api(url).json()
    assert "translations" not in plain
    full = api(url, {"translations": "true"}).json()
    assert full["translations"] == {
        "name": {code: getattr(zone, f"name_{code}") for code in LANGUAGES},
        "description": {"kk": "Сипаттама", "ru": "Описание", "en": "Description"},
    }
    assert full["transliterated"] == ["name_en"]
    listed = api(ZONES, {"translations": "1"}).json()["results"]
    assert all(set(row["translations"]["name"]) == set(LANGUAGES) for row in listed)


@pytest.mark.django_db
def test_a_bad_translations_flag_is_a_400(api):
    for path in (ZONES, SEZ):
        response = api(path, {"translations": "all"})
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["translations"]


@pytest.mark.django_db
def test_csv_carries_one_column_per_language_on_request(client):
    zone = make.IndustrialZoneFactory(name_ru="Тестовая зона «Сарыарка»")
    text = b"".join(client.get(ZONES, {"format": "csv", "translations": "true"}).streaming_content).decode("utf-8-sig")
    header = text.splitlines()[0].split(",")
    assert {"name_kk", "name_ru", "name_en", "description_kk", "description_ru", "description_en"} <= set(header)
    assert zone.name_ru in text
    plain = b"".join(client.get(ZONES, {"format": "csv"}).streaming_content).decode("utf-8-sig")
    assert "name_ru" not in plain.splitlines()[0]


@pytest.fixture
def editor(db, django_user_model):
    user = django_user_model.objects.create_superuser("translator", password="a-long-test-password")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_translations_can_be_written(editor):
    russian = IndustrialZone.objects.get(slug="sez-saryarka").name_ru
    response = editor.patch(
        SEZ + "?translations=true", {"translations": {"name": {"en": "Saryarka SEZ"}}}, format="json"
    )
    assert response.status_code == 200, response.json()
    zone = IndustrialZone.objects.get(slug="sez-saryarka")
    assert (zone.name_en, zone.name_ru) == ("Saryarka SEZ", russian)
    assert response.json()["translations"]["name"]["en"] == "Saryarka SEZ"
    # Removing a translation that exists is refused (tests/test_model_rules.py): ?lang=ru would serve another language.
    response = editor.patch(SEZ, {"translations": {"name": {"ru": None}}}, format="json")
    assert response.status_code == 400


def test_writing_name_sets_the_request_language(editor):
    zone = make.IndustrialZoneFactory(name_kk="“Сарыарқа” сынақ аймағы", name_ru="Тестовая зона")
    response = editor.patch(f"{ZONES}{zone.slug}/?lang=ru", {"name": "СЭЗ «Сарыарка»"}, format="json")
    assert response.status_code == 200
    zone.refresh_from_db()
    assert zone.name_ru == "СЭЗ «Сарыарка»"
    assert zone.name_kk == "“Сарыарқа” сынақ аймағы"


@pytest.mark.parametrize(
    "payload",
    [
        {"translations": {"title": {"en": "x"}}},
        {"translations": {"name": {"de": "x"}}},
        {"translations": {"name": "x"}},
        {"translations": {"name": {"en": 5}}},
        {"translations": ["name"]},
    ],
)
def test_bad_translations_are_a_400_naming_the_field(editor, payload):
    zone = make.IndustrialZoneFactory(name_en="Saryarka test zone")
    response = editor.patch(f"{ZONES}{zone.slug}/", payload, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["translations"]
    zone.refresh_from_db()
    assert zone.name_en == "Saryarka test zone"


@pytest.mark.parametrize("value", [["title_en"], ["name_de"], "name_en", [1]])
def test_transliterated_names_only_translated_fields(editor, value):
    response = editor.patch(SEZ, {"transliterated": value}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["transliterated"]


# ---------------------------------------------------------------- labels and messages


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "label"), [("kk", "Жұмыс істеп тұр"), ("ru", "Действует"), ("en", "Operating")])
def test_enum_labels_follow_the_language(api, language, label):
    body = api(f"{ZONES}{make.IndustrialZoneFactory(status='operating').slug}/", {"lang": language}).json()
    assert (body["status"], body["status_label"]) == ("operating", label)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "message"),
    [("kk", "Белгісіз сұрау параметрі."), ("ru", "Неизвестный параметр запроса."), ("en", "Unknown query parameter.")],
)
def test_error_messages_follow_the_language(api, language, message):
    body = api(ZONES, {"colour": "red"}, HTTP_ACCEPT_LANGUAGE=language).json()
    assert body["errors"]["colour"][0].startswith(message)


@pytest.mark.django_db
def test_django_and_drf_messages_are_translated_too(api):
    ru = api("/api/v1/investments/zones/no-such-zone/", {"lang": "ru"}).json()
    en = api("/api/v1/investments/zones/no-such-zone/", {"lang": "en"}).json()
    assert ru["detail"] != en["detail"]
    assert re.search("[а-я]", ru["detail"])
    kk = api("/api/v1/investments/zones/", {"page": "x"}, HTTP_ACCEPT_LANGUAGE="kk").json()
    assert re.search("[а-яәғқңөұүһі]", kk["errors"]["page"][0])


@pytest.mark.django_db
def test_periods_are_worded_in_the_language_but_keys_are_not(api):
    day = datetime.date(2025, 9, 5)
    code = make.ObservationFactory(period_start=day, period_end=day).code
    assert code.endswith("--2025-09-05")  # the generated key names the period as `period=` does, in no language
    assert api(f"/api/v1/indicators/observations/{code}/", {"lang": "en"}).json()["period"] == "as of 2025-09-05"
    assert api(f"/api/v1/indicators/observations/{code}/", {"lang": "ru"}).json()["period"] == "на 2025-09-05"


# ---------------------------------------------------------------- search across languages and spellings


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("Қарағанды", "karagandi"),
        ("Qaraghandy", "karagandi"),
        ("Qarağandy", "karagandi"),
        ("Karagandy", "karagandi"),
        ("Караганда", "karaganda"),
        ("Сарыарқа", "sariarka"),
        ("Saryarka", "sariarka"),
        ("Jambyl", "zhambil"),
        ("Жамбыл", "zhambil"),
        ("Сарань", "saran"),
        ("Kazakhmys", "kazahmis"),
        ("Казахмыс", "kazahmis"),
        ("Akkol", "akol"),  # a doubled letter is one sound
        ("Ақкөл", "akol"),
        ("Kiyik", "kik"),  # "iyi" is one sound, as "іі" in Киік
        ("Киік", "kik"),
        ("zzzz", "zzzz"),  # a letter typed three or more times spells nothing: kept, not squeezed to "z"
        ("qqqq", "kkkk"),
        ("ЖЖЖ", "zhzhzh"),
        ("777", "777"),  # digits are never squeezed
        ("1117", "1117"),
        ("No. 2000", "no 2000"),
    ],
)
def test_latin_key(word, key):
    assert latin_key(word) == key


SEARCHED = (
    "indicators/regions",
    "indicators/localities",
    "indicators/enterprises",
    "investments/zones",
    "investments/projects",
)


def found(api, word):
    result = {}
    for path in SEARCHED:
        rows = api(f"/api/v1/{path}/", {"search": word, "page_size": 1000}).json()["results"]
        result[path] = sorted(row.get("slug") or row.get("code") for row in rows)
    return result


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("spellings", "names"),
    [
        (
            ("Qaraghandy", "Караганда", "Қарағанды", "Karaganda", "karagandy", "Карагандинская"),
            ("Қарағанды", "Караганда", "Karaganda"),
        ),
        (("Сарыарқа", "Сарыарка", "Saryarka"), ("Сарыарқа", "Сарыарка", "Saryarka")),
        (("Теміртау", "Темиртау", "Temirtau"), ("Теміртау", "Темиртау", "Temirtau")),
    ],
)
def test_search_finds_the_same_records_in_any_language_and_spelling(api, spellings, names):
    kk, ru, en = names
    zone = make.IndustrialZoneFactory(
        name_kk=f"{kk} сынақ аймағы", name_ru=f"Тестовая зона {ru}", name_en=f"{en} test zone"
    )
    results = [found(api, word) for word in spellings[:3]]
    assert results[0] == results[1] == results[2]
    assert zone.slug in results[0]["investments/zones"]
    for word in spellings[3:]:
        assert found(api, word)["indicators/regions"] or found(api, word)["indicators/localities"]


@pytest.mark.django_db
def test_search_finds_karaganda_in_each_script(api, karaganda):
    make.LocalityFactory(region=karaganda)  # named for nothing like Karaganda: found by its region's name
    localities = sorted(Locality.objects.filter(region=karaganda).values_list("slug", flat=True))
    for word in ("Qaraghandy", "Караганда", "Қарағанды"):
        assert found(api, word)["indicators/regions"] == ["KZ-35"], word
        # Localities are also found by the name of the region they show: all of Karaganda region's.
        assert found(api, word)["indicators/localities"] == localities, word


@pytest.mark.django_db
@pytest.mark.parametrize("word", ["zzzz", "qqqq", "ZZZZ", "zzz", "kkkk", "aaaa", "zz", "qq"])
def test_a_nonsense_word_finds_nothing(api, word):
    """A letter typed over and over is looked for as typed: squeezed to one letter it was found in every record
    holding that letter."""
    make.IndustrialZoneFactory(name_kk="Жезқазған аймағы", name_ru="Зона Жезказган", name_en="Zhezqazgan zone")
    assert found(api, word) == {path: [] for path in SEARCHED}


@pytest.mark.django_db
def test_real_spellings_still_find_their_records(api, karaganda):
    zone = make.IndustrialZoneFactory(
        name_kk="Сарыарқа сынақ аймағы", name_ru="Тестовая зона Сарыарка", name_en="Saryarka test zone"
    )
    for word in ("Qaraghandy", "Karaganda", "Қарағанды"):
        assert found(api, word)["indicators/regions"] == ["KZ-35"], word
    for word in ("сарыарқа", "Saryarqa", "Saryarka", "САРЫАРКА"):
        assert zone.slug in found(api, word)["investments/zones"], word


@pytest.mark.django_db
def test_digits_are_found_as_written(api):
    """ "777" finds the records that write 777, not every record with a 7 (the key squeezed digits: 777 was 7)."""
    seven_hundred = make.InvestmentProjectFactory(name_kk="777 цехы", name_ru="Цех 777", name_en="Workshop 777")
    make.InvestmentProjectFactory(name_kk="7 цехы", name_ru="Цех 7", name_en="Workshop 7")
    make.InvestmentProjectFactory(name_kk="3115 цехы", name_ru="Цех 3115", name_en="Workshop 3115")
    assert found(api, "777")["investments/projects"] == [seven_hundred.slug]
    assert found(api, "315")["investments/projects"] == []  # 3115 was keyed 315


@pytest.mark.django_db
def test_search_text_migration_recomputes_every_record():
    region = make.RegionFactory(name_kk="Қарағанды облысы")
    Region.objects.filter(pk=region.pk).update(search_text="")
    refresh_search_text_migration("indicators", {"Region": ("name", "code")})(apps, None)
    region.refresh_from_db()
    assert region.search_text == region.build_search_text()
    assert "karagandi oblisi" in region.search_text.split("\n")


# ---------------------------------------------------------------- completeness


def translated_models():
    return [model for model in translator.get_registered_models(abstract=False) if not model._meta.proxy]


def fixture_records():
    for path in sorted((ROOT / "fixtures").glob("*.yaml")):
        for record in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield path.name, record


def test_fixtures_are_complete_in_all_three_languages():
    """Every seeded name in kk, ru and en; every description or note either in all three or in none."""
    models = {model._meta.label_lower: model for model in translated_models()}
    problems = []
    for filename, record in fixture_records():
        model = models.get(record["model"])
        if model is None:
            continue
        fields = record["fields"]
        key = fields.get("slug") or fields.get("code") or fields.get("key")
        for field in translator.get_options_for_model(model).all_fields:
            given = {code for code in LANGUAGES if fields.get(f"{field}_{code}")}
            assert field not in fields, f"{filename} {key}: give {field}_kk/_ru/_en, not {field}"
            if given and given != set(LANGUAGES) or (field == "name" and given != set(LANGUAGES)):
                problems.append(f"{filename} {record['model']} {key}: {field} lacks {sorted(set(LANGUAGES) - given)}")
        for name in fields.get("transliterated", []):
            if not fields.get(name):
                problems.append(f"{filename} {key}: transliterated {name} is empty")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_every_seeded_record_has_all_three_languages():
    problems = []
    for model in translated_models():
        for field in translator.get_options_for_model(model).all_fields:
            columns = [f"{field}_{code}" for code in LANGUAGES]
            for row in model._base_manager.values("pk", *columns):
                given = [column for column in columns if row[column]]
                if given and len(given) != 3 or (field == "name" and len(given) != 3):
                    problems.append(f"{model._meta.label} {row['pk']}: {field} has only {given}")
    assert not problems, "\n".join(problems)


def test_fixture_completeness_check_fails_on_a_missing_language():
    """The check above is not vacuous: it sees a record without its Russian name."""
    seen = [record for _name, record in fixture_records() if record["model"] == "investments.industrialzone"]
    assert seen and all(record["fields"].get("name_ru") for record in seen)
    broken = dict(seen[0]["fields"], name_ru="")
    assert {code for code in LANGUAGES if broken.get(f"name_{code}")} != set(LANGUAGES)


def catalog_entries(path: Path) -> dict[str, str]:
    """msgid -> msgstr of a .po file (one-line or wrapped strings)."""
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', block, re.M)
        if match:
            join = lambda text: "".join(re.findall(r'"(.*)"', text)).replace('\\"', '"').replace("\\\\", "\\")  # noqa: E731
            entries[join(match.group(1))] = join(match.group(2))
    entries.pop("", None)
    return entries


CATALOGS = sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po"))


def test_catalogs_exist_for_kazakh_and_russian():
    assert {path.parts[-3] for path in CATALOGS} == {"kk", "ru"}
    assert {path.parts[-5] for path in CATALOGS} == {"indicators", "investments", "education", "pages", "regionapi"}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: "/".join(path.parts[-5:-2]))
def test_catalogs_are_complete_and_compiled(path):
    entries = catalog_entries(path)
    assert entries and all(entries.values()), [msgid for msgid, msgstr in entries.items() if not msgstr]
    assert "fuzzy" not in path.read_text(encoding="utf-8")
    compiled = gettext.GNUTranslations(path.with_suffix(".mo").open("rb"))
    stale = {msgid for msgid, msgstr in entries.items() if compiled.gettext(msgid) != msgstr}
    assert not stale, f"run `make messages`: {sorted(stale)}"


def test_every_enum_label_is_translated():
    from django.utils import translation
    from django.utils.translation import gettext

    labels = set()
    with translation.override("en"):
        for app in ("indicators", "investments", "education"):
            for model in apps.get_app_config(app).get_models():
                for field in model._meta.fields:
                    if field.choices and not model.__name__.startswith("Historical"):  # simple-history's own
                        labels |= {str(label) for _value, label in field.flatchoices}
    assert "Operating" in labels
    for language in ("kk", "ru"):
        with translation.override(language):
            untranslated = sorted(label for label in labels if gettext(label) == label and label not in {"API"})
        assert not untranslated, (language, untranslated)


# ---------------------------------------------------------------- documentation


def test_schema_documents_the_language_parameter_and_headers(schema):
    operation = schema["paths"]["/api/v1/investments/zones/"]["get"]
    parameters = {(parameter["in"], parameter["name"]): parameter for parameter in operation["parameters"]}
    assert set(parameters[("query", "lang")]["schema"]["enum"]) == set(LANGUAGES)
    assert ("header", "Accept-Language") in parameters
    assert parameters[("query", "translations")]["schema"]["type"] == "boolean"
    assert "Content-Language" in operation["responses"]["200"]["headers"]
    component = schema["components"]["schemas"]["IndustrialZone"]["properties"]
    assert set(component["translations"]["properties"]) == {"name", "description"}
    assert set(component["translations"]["properties"]["name"]["properties"]) == set(LANGUAGES)
    assert "translations" not in schema["components"]["schemas"]["IndustrialZone"].get("required", [])
    assert component["status_label"]["readOnly"] is True


def test_searchable_models_mark_transliterations():
    assert all(
        any(f.name == "transliterated" for f in model._meta.fields)
        for model in apps.get_models()
        if issubclass(model, SearchableModel)
    )


def test_the_admin_edits_all_three_languages_side_by_side(admin_client):
    page = admin_client.get(
        f"/admin/investments/industrialzone/{IndustrialZone.objects.get(slug='sez-saryarka').pk}/change/"
    )
    assert page.status_code == 200
    html = page.content.decode()
    for name in (
        "name_kk",
        "name_ru",
        "name_en",
        "description_kk",
        "description_ru",
        "description_en",
        "transliterated",
    ):
        assert f'name="{name}"' in html, name


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_summary_and_facet_labels_follow_the_language(api, language):
    region = make.RegionFactory(name_kk="Қарағанды облысы", name_ru="Карагандинская область", name_en="Karaganda")
    saran = make.LocalityFactory(region=region, name_kk="Саран", name_ru="Сарань", name_en="Saran")
    make.IndustrialZoneFactory(region=region, locality=saran, kind="special-economic-zone")
    facets = api(f"{ZONES}facets/", {"lang": language, "region": region.code}).json()["facets"]
    assert facets["region"] == [{"key": region.code, "label": getattr(region, f"name_{language}"), "records": 1}]
    assert {row["key"]: row["label"] for row in facets["locality"]}[saran.slug] == getattr(saran, f"name_{language}")
    rows = api(f"{ZONES}summary/", {"lang": language, "group_by": "kind", "region": region.code}).json()["rows"]
    assert {row["key"]: row["label"] for row in rows}["special-economic-zone"] == {
        "kk": "Арнайы экономикалық аймақ",
        "ru": "Специальная экономическая зона",
        "en": "Special economic zone",
    }[language]


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Ulytaý", "Ұлытау"),
        ("Qaraǵandy", "Қарағанды"),
        ("Saryarqa", "Сарыарқа"),
        ("Ülken", "Үлкен"),
        ("Aqmola", "Ақмола"),
    ],
)
def test_kazakh_latin_alphabets_meet_cyrillic(latin, cyrillic):
    assert latin_key(latin) == latin_key(cyrillic)
