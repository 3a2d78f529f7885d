"""Packages that bring their reference data (indicators.datapackage.reference_tables): both shipped packages import
into a database that ran `migrate` only; a package never blanks or rewrites a reference record another load wrote;
and the export carries every table it needs, so that importing it into an empty database gives the same API answers.

Everything is done once for the module, on the shipped statistics package (the `shipped` fixture), in one transaction
rolled back at its end (the session's seeded database is emptied inside it with `flush`, three times); the tests read
what it recorded.
"""

import csv
from pathlib import Path

import frictionless
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client

from indicators.datapackage import KEPT_OTHER_LOAD, datapackage_export, datapackage_import
from indicators.models import Indicator, LoadedRecord, Observation, Region, Unit
from tests.support import factories as make

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

PACKAGES = Path(__file__).resolve().parents[2] / "fixtures" / "packages"
STATISTICS, ECONOMY = PACKAGES / "kz-regional-statistics", PACKAGES / "kz-regional-economy"
API = "/api/v1/indicators"
# What the API is asked before and after the round trip: every reference resource, figures by a few filters, a
# series and a compare of each package.
QUESTIONS = [
    (f"{API}/regions/", {"page_size": 100}),
    (f"{API}/units/", {"page_size": 100}),
    (f"{API}/sources/", {"page_size": 100}),
    (f"{API}/sectors/", {"page_size": 100}),
    (f"{API}/products/", {"page_size": 100}),
    (f"{API}/enterprises/", {"page_size": 100}),
    (f"{API}/localities/", {"page_size": 100}),
    (f"{API}/enterprise-roles/", {"page_size": 100}),
    (f"{API}/indicators/", {"page_size": 100}),
    (f"{API}/indicators/gross-regional-product/", {}),
    (f"{API}/observations/", {"page_size": 1000}),
    (f"{API}/observations/", {"page_size": 200, "indicator": "investment-fixed-capital", "region": "KZ-35"}),
    (f"{API}/observations/", {"page_size": 200, "indicator": "coal-production"}),
    (f"{API}/observations/", {"page_size": 200, "region": "south-kazakhstan", "indicator": "population-total"}),
    (f"{API}/indicators/unemployment-rate/series/", {"region": "KZ-35"}),
    (f"{API}/indicators/coal-production/series/", {"region": "KZ-35"}),
    (f"{API}/indicators/gross-regional-product/compare/", {"period": "2017"}),
    (f"{API}/indicators/investment-fixed-capital/compare/", {"period": "2023"}),
]
# When a record was written here: never the same in two databases, so left out of the comparison.
TIMESTAMPS = {"created_at", "updated_at"}


def without_timestamps(value):
    if isinstance(value, dict):
        return {name: without_timestamps(item) for name, item in value.items() if name not in TIMESTAMPS}
    if isinstance(value, list):
        return [without_timestamps(item) for item in value]
    return value


def answers() -> dict:
    cache.clear()  # the shared response cache is keyed by the data version, which an emptied database starts again
    client = Client()
    replies = {}
    for path, params in QUESTIONS:
        every_language = {} if path.endswith(("/series/", "/compare/")) else {"translations": "true"}
        response = client.get(path, {"lang": "en", **every_language, **params}, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, (path, params, response.content[:300])
        replies[f"{path}?{sorted(params.items())}"] = without_timestamps(response.json())
    return replies


def emptied():
    """The database as `migrate` leaves it: no seed, no package, no load remembered."""
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with foreign-key checks still pending in this transaction: run them now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    assert not Region.objects.exists() and not Unit.objects.exists() and not LoadedRecord.objects.exists()


def names(code: str) -> dict:
    indicator = Indicator.objects.get(code=code)
    return {column: getattr(indicator, column) for column in ("name_kk", "name_ru", "name_en")}


@pytest.fixture(scope="module")
def world(shipped, django_db_blocker, tmp_path_factory):
    """What each step did, recorded once: the packages on the seed, the round trip, the packages on an empty
    database."""
    seen = {"statistics on the seed": shipped}  # the seed (loaded for the session) and the statistics package
    with make.kept_for_the_scope(django_db_blocker):
        # The economy package on top.
        seen["grp names before"] = names("gross-regional-product")
        seen["economy on the seed"] = datapackage_import(path=ECONOMY)
        seen["grp names after"] = names("gross-regional-product")
        seen["before"] = answers()
        seen["figures"] = Observation.objects.count()

        # The round trip: the export into a database that ran migrate only.
        descriptor = datapackage_export(directory=tmp_path_factory.mktemp("export") / "package")
        seen["export"] = descriptor
        emptied()
        seen["export imported"] = datapackage_import(path=descriptor)
        seen["after"] = answers()

        # Each shipped package into a database that ran migrate only.
        emptied()
        seen["economy alone"] = datapackage_import(path=ECONOMY)
        seen["economy indicators"] = {
            indicator.code: {
                "name_kk": indicator.name_kk or "",
                "name_ru": indicator.name_ru or "",
                "name_en": indicator.name_en or "",
                "unit": indicator.unit.code,
                "source": indicator.source.slug,
            }
            for indicator in Indicator.objects.select_related("unit", "source")
        }
        seen["units"] = {
            unit.code: (unit.name_kk, unit.name_ru, unit.name_en, unit.symbol_en) for unit in Unit.objects.all()
        }
        seen["regions"] = set(Region.objects.values_list("code", flat=True))
        seen["economy figures"] = Observation.objects.count()
        emptied()
        seen["statistics alone"] = datapackage_import(path=STATISTICS)
        seen["statistics units"] = {
            unit.code: (unit.name_kk, unit.name_ru, unit.name_en) for unit in Unit.objects.all()
        }
        yield seen
    # The flushes made content types again under other keys, and the cache remembers those: the seed's are back.
    ContentType.objects.clear_cache()
    cache.clear()


def economy_rows() -> list[dict]:
    with (ECONOMY / "data" / "indicators.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_each_shipped_package_imports_into_a_database_that_ran_migrate_only(world):
    assert set(world["statistics alone"].counts()) == {"created"}
    assert world["statistics units"]["million-kzt"] == ("миллион теңге", "миллион тенге", "million tenge")
    assert set(world["economy alone"].counts()) == {"created"}
    assert world["regions"] >= {"KZ", "KZ-35", "KZ-62", "south-kazakhstan"} and len(world["regions"]) == 22
    assert world["economy figures"] == world["economy alone"].by_model()[("indicators.Observation", "created")] > 0
    # Every indicator of the economy package, with exactly the names it gives: empty where it gives none.
    assert len(world["economy indicators"]) == len(economy_rows()) == 16
    for row in economy_rows():
        indicator = world["economy indicators"][row["indicator"].replace("_", "-")]
        assert {name: indicator[name] for name in ("name_kk", "name_ru", "name_en")} == {
            "name_kk": row["name_kk"],
            "name_ru": row["name_ru"],
            "name_en": row["name_en"],
        }
        assert indicator["source"].startswith("kz-regional-economy-")  # its first figure table's source
    assert world["economy indicators"]["coal-production"]["unit"] == "thousand-tonnes"
    assert world["economy indicators"]["enterprises-with-innovations"]["unit"] == "units"
    assert world["economy indicators"]["investment-fixed-capital"]["unit"] == "million-kzt"
    # A unit nobody describes is the package's own word: English only, nothing translated.
    assert world["units"]["thousand-tonnes"] == ("", "", "thousand tonnes", "thousand tonnes")
    assert world["units"]["units"] == ("", "", "units", "units")
    assert world["units"]["million-kzt"] == ("", "", "million KZT", "million KZT")


def test_a_package_never_rewrites_a_reference_record_another_load_wrote(world):
    assert world["grp names after"] == world["grp names before"]
    assert world["grp names before"]["name_kk"] == "Жалпы өңірлік өнім"
    [grp] = [
        record
        for record in world["economy on the seed"].records
        if record.model == "indicators.Indicator" and record.key == ["gross-regional-product"]
    ]
    assert grp.outcome == KEPT_OTHER_LOAD
    differences = {difference.name: (difference.database, difference.file) for difference in grp.differences}
    assert differences["name_kk"] == ("Жалпы өңірлік өнім", None)
    assert differences["name_en"] == ("Gross regional product", "Gross regional product (GRP), nominal")
    assert "name_ru" not in differences  # the same Russian name: nothing to say
    assert "description_en" in differences
    # Columns the package does not have are not compared: it says nothing about them.
    assert not {"headline", "additive", "source", "description_kk"} & set(differences)
    # The statistics package's tables are the seed's own records: nothing to report, nothing written.
    assert KEPT_OTHER_LOAD not in world["statistics on the seed"].counts()
    [grp] = [
        record
        for record in world["statistics on the seed"].records
        if record.model == "indicators.Indicator" and record.key == ["gross-regional-product"]
    ]
    assert grp.outcome == "unchanged"


def test_the_export_is_a_valid_frictionless_package_with_every_reference_table(world):
    report = frictionless.validate(str(world["export"]))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]
    package = frictionless.Package(str(world["export"]))
    tables = {resource.custom.get("regionapi:table") for resource in package.resources}
    assert tables >= {"sources", "units", "regions", "sectors", "products", "enterprises", "indicators", "flags"}
    regions = package.get_resource("regionapi-regions")
    assert regions.schema.primary_key == ["code"]
    assert {"fields": ["formed_from"], "reference": {"resource": "", "fields": ["code"]}} in [
        dict(key) for key in regions.schema.foreign_keys
    ]


def test_the_export_imported_into_an_empty_database_gives_the_same_answers(world):
    counts = world["export imported"].counts()
    assert set(counts) == {"created"}, counts
    assert world["before"].keys() == world["after"].keys()
    for question, before in world["before"].items():
        assert world["after"][question] == before, question
    assert world["before"][f"{API}/observations/?{sorted({'page_size': 1000}.items())}"]["count"] == world["figures"]
