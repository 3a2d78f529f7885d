"""The seed: every figure and name of the article is data, traceable to its sentence, and reloads change nothing."""

import csv
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils.text import slugify

from education.models import Institution, Specialty, TrainingProgramme
from indicators.models import Enterprise, Indicator, Locality, Observation, Region, Sector, Source, SourcedModel, Unit
from investments.models import (
    GeologicalDeposit,
    IndustrialZone,
    InvestmentProgramme,
    InvestmentProject,
    ProjectMilestone,
)
from regionapi.core.text import fold

pytestmark = pytest.mark.django_db
ARTICLE_TEXT = (Path(__file__).resolve().parents[2] / "fixtures/sources/000_eb6e3b56796d40a0.txt").read_text("utf-8")
PACKAGE = Path(__file__).resolve().parents[2] / "fixtures/packages/kz-regional-statistics"


def sourced_models():
    return [model for model in apps.get_models() if issubclass(model, SourcedModel)]


def test_second_load_changes_nothing():
    counts = {model: model.objects.count() for model in apps.get_models()}
    stamps = {model: sorted(model.objects.values_list("updated_at", flat=True)) for model in sourced_models()}
    out = StringIO()
    call_command("load_seed_data", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()
    assert counts == {model: model.objects.count() for model in apps.get_models()}
    assert stamps == {model: sorted(model.objects.values_list("updated_at", flat=True)) for model in sourced_models()}


def test_dry_run_rolls_back():
    Observation.objects.filter(code="rnd-expenditure--kz-35--no-period").delete()
    out = StringIO()
    call_command("load_seed_data", "--restore", "--dry-run", stdout=out)
    assert "would recreate: indicators.Observation rnd-expenditure--kz-35--no-period" in out.getvalue()
    assert "Dry run, rolled back: 0 created, 0 updated" in out.getvalue()
    assert "1 recreated" in out.getvalue()
    assert not Observation.objects.filter(code="rnd-expenditure--kz-35--no-period").exists()


def test_restore_repairs_an_edited_figure_only_when_asked():
    Observation.objects.filter(code="rnd-expenditure--kz-35--no-period").update(value=Decimal("1"))
    out = StringIO()
    call_command("load_seed_data", stdout=out)
    assert "1 kept" in out.getvalue()
    assert Observation.objects.get(code="rnd-expenditure--kz-35--no-period").value == Decimal("1")
    out = StringIO()
    call_command("load_seed_data", "--restore", stdout=out)
    assert (
        'restored: indicators.Observation rnd-expenditure--kz-35--no-period: value (database: "1", file: "16300000000")'
        in out.getvalue()
    )
    assert Observation.objects.get(code="rnd-expenditure--kz-35--no-period").value == Decimal("16300000000")


@pytest.mark.parametrize("model", sourced_models(), ids=lambda model: model._meta.label)
def test_every_article_quote_is_verbatim(model):
    quoted = model.objects.filter(source__slug="baq-kz-2025-09-05-karaganda-industry")
    assert quoted.exists() or model._meta.model_name in {"locality"}
    for record in quoted:
        assert record.quote, f"{record} has no quote"
        for sentence in record.quote.replace(". ", ".\n").splitlines():
            assert sentence.strip() in ARTICLE_TEXT, f"{record}: not in the article: {sentence!r}"


def test_reference_data_names_its_public_source():
    current = Region.objects.filter(code__startswith="KZ-", abolished_year__isnull=True)
    assert current.count() == 20
    assert current.filter(kind="region").count() == 17
    assert set(current.values_list("source__slug", flat=True)) == {"iso-3166-2-kz"}
    others = Region.objects.exclude(pk__in=current).values_list("code", "kind", "abolished_year", "source__slug")
    assert set(others) == {
        ("KZ", "country", None, "iso-3166-2-kz"),
        ("south-kazakhstan", "region", 2018, "kz-regional-statistics"),
    }
    assert set(Sector.objects.filter(level="section").values_list("code", flat=True)) == set("ABCDEFGHIJKLMNOPQRSTU")
    assert set(Sector.objects.values_list("source__slug", flat=True)) == {"nace-rev-2"}
    ulytau = Region.objects.get(code="KZ-62")
    assert (ulytau.formed_from.code, ulytau.established_year) == ("KZ-35", 2022)
    assert Source.objects.get(slug="iso-3166-2-kz").url.startswith("https://www.iso.org/")


def package_rows():
    """(descriptor, resource name, row) for every figure row of the shipped kz-regional-statistics package (not its
    table of flags)."""
    descriptor = json.loads((PACKAGE / "datapackage.json").read_text("utf-8"))
    for resource in descriptor["resources"]:
        if "regionapi:table" in resource:
            continue
        with (PACKAGE / resource["path"]).open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                yield descriptor, resource["name"], row


def test_the_shipped_package_needs_no_reference_data_the_seed_lacks():
    """The importer refuses unknown regions, units and indicators: every key the package uses is seeded, with the
    unit its rows use."""
    regions, units, indicators = set(), set(), set()
    for descriptor, _name, row in package_rows():
        regions.add(row["region_iso"] or descriptor["regionapi:blank_region"])
        units.add(slugify(row["unit"]))
        indicators.add((row["indicator"].replace("_", "-"), slugify(row["unit"])))
    assert regions - set(Region.objects.values_list("code", flat=True)) == set()
    assert units - set(Unit.objects.values_list("code", flat=True)) == set()
    seeded = Indicator.objects.filter(source__slug="kz-regional-statistics").values_list("code", "unit__code")
    assert indicators == set(seeded)


def test_the_shipped_package_marks_only_the_annual_2023_grp_as_preliminary():
    """The package README: the 2023 annual GRP is "preliminary data" in the source; the cumulative 2023 quarters are
    not marked."""
    grp = [row for _descriptor, name, row in package_rows() if name == "gross_regional_product"]
    marked = {(row["region_iso"], row["period_start"], row["period_end"]) for row in grp if row["status"]}
    assert {row["status"] for row in grp} == {"", "preliminary"}
    assert {(start, end) for _region, start, end in marked} == {("2023-01-01", "2023-12-31")}
    assert len(marked) == 21  # the republic and the 20 regions
    others = [row for _descriptor, name, row in package_rows() if name != "gross_regional_product"]
    assert not any(row.get("status") for row in others)


def observation(code):
    return Observation.objects.get(code=code)


# (figure as the article writes it, how to reach it): each lambda queries the stored value.
FIGURES = [
    (
        "3 трлн",
        lambda: (
            Observation.objects.get(
                indicator__code="industrial-output", period_start__year=2024, period_end__month=12
            ).value
            == Decimal("3e12")
        ),
    ),
    (
        "2,7 трлн",
        lambda: (
            Observation.objects.get(indicator__code="industrial-output", period_end="2025-07-31").value
            == Decimal("2.7e12")
        ),
    ),
    ("7,3%", lambda: Observation.objects.get(indicator__code="industrial-output-growth").value == Decimal("7.3")),
    ("40%", lambda: Observation.objects.get(indicator__code="industry-share-of-economy").qualifier == "more-than"),
    ("941", lambda: Observation.objects.get(indicator__code="industrial-enterprises", size_class="").value == 941),
    ("36", lambda: Observation.objects.get(indicator__code="industrial-enterprises", size_class="large").value == 36),
    ("67", lambda: Observation.objects.get(indicator__code="industrial-enterprises", size_class="medium").value == 67),
    ("838", lambda: Observation.objects.get(indicator__code="industrial-enterprises", size_class="small").value == 838),
    (
        "1,6 трлн",
        lambda: (
            InvestmentProject.objects.get(participants__enterprise__slug="qarmet").planned_investment_kzt
            == Decimal("1.6e12")
        ),
    ),
    (
        "2028",
        lambda: InvestmentProject.objects.get(participants__enterprise__slug="qarmet").planned_investment_until == 2028,
    ),
    ("572,9 млрд", lambda: InvestmentProject.objects.get(invested_year=2024).invested_kzt == Decimal("572.9e9")),
    ("6%", lambda: Observation.objects.get(enterprise__slug="qarmet", product__slug="pig-iron").value == 6),
    ("6,6%", lambda: Observation.objects.get(enterprise__slug="qarmet", product__slug="steel").value == Decimal("6.6")),
    (
        "4,3%",
        lambda: (
            Observation.objects.get(enterprise__slug="qarmet", product__slug="rolled-products").value == Decimal("4.3")
        ),
    ),
    ("15%", lambda: Observation.objects.get(enterprise__slug="qarmet", product__slug="coal").value == 15),
    (
        "15 мың гектар",
        lambda: IndustrialZone.objects.get(locality__slug="temirtau", area_unit__code="hectare").area == 15000,
    ),
    ("24 қатысушы", lambda: IndustrialZone.objects.get(kind="special-economic-zone").participants == 24),
    ("211 млрд", lambda: IndustrialZone.objects.get(kind="special-economic-zone").investment_kzt == Decimal("211e9")),
    ("258 млрд", lambda: IndustrialZone.objects.get(kind="special-economic-zone").output_kzt == Decimal("258e9")),
    ("1300", lambda: IndustrialZone.objects.get(kind="special-economic-zone").permanent_jobs == 1300),
    ("472 млрд", lambda: IndustrialZone.objects.get(kind="industrial-zone").investment_kzt == Decimal("472e9")),
    (
        "12 / 5 / 7",
        lambda: IndustrialZone.objects.filter(
            participants=12, participants_operating=5, participants_implementing=7
        ).exists(),
    ),
    ("50 мың м²", lambda: IndustrialZone.objects.get(kind="small-industrial-zone", zone_count=3).area == 50000),
    ("1400", lambda: Observation.objects.get(product__slug="buses-and-special-vehicles").value == 1400),
    (
        "131 мың",
        lambda: (
            Observation.objects.get(indicator__code="production-volume", product__slug="household-appliances").value
            == 131000
        ),
    ),
    ("372 мың", lambda: Observation.objects.get(product__slug="tyres").value == 372000),
    (
        "120 / 4,5 трлн / 2030",
        lambda: InvestmentProgramme.objects.filter(
            project_count=120, total_kzt=Decimal("4.5e12"), end_year=2030
        ).exists(),
    ),
    (
        "29 / 173 млрд / 15",
        lambda: InvestmentProgramme.objects.filter(
            project_count=29, total_kzt=Decimal("173e9"), industry_project_count=15, start_year=2025
        ).exists(),
    ),
    ("мамырда", lambda: ProjectMilestone.objects.get(key="first-furnace-launched").date.month == 5),
    ("қарашада", lambda: ProjectMilestone.objects.get(key="second-furnace-launch", status="expected").date.month == 11),
    ("150 МВт", lambda: InvestmentProject.objects.get(capacity_unit__code="megawatt").capacity == 150),
    (
        "28,2 млн тонна",
        lambda: (
            GeologicalDeposit.objects.get(estimates__unit__code="tonne").estimates.get().amount == Decimal("28.2e6")
        ),
    ),
    ("124 млрд", lambda: Observation.objects.get(indicator__code="innovative-output").value == Decimal("124e9")),
    ("25%", lambda: Observation.objects.get(indicator__code="innovative-export-share").value == 25),
    ("16,3 млрд", lambda: Observation.objects.get(indicator__code="rnd-expenditure").value == Decimal("16.3e9")),
    (
        "2025-2027",
        lambda: InvestmentProject.objects.get(slug="kartech-industrial-technohub").planned_investment_until == 2027,
    ),
    ("8 ЖОО", lambda: Observation.objects.get(indicator__code="higher-education-institutions").value == 8),
    ("52 колледж", lambda: Observation.objects.get(indicator__code="colleges").value == 52),
    ("40-ы", lambda: Observation.objects.get(indicator__code="colleges-with-dual-training").value == 40),
    ("2023", lambda: Specialty.objects.get(institution__locality__slug="saran").opened_year == 2023),
]


@pytest.mark.parametrize(("figure", "check"), FIGURES, ids=[figure for figure, _ in FIGURES])
def test_article_figure_is_stored(figure, check):
    for part in figure.split(" / "):
        assert part.split()[0] in ARTICLE_TEXT
    assert check()


NAMES = [
    (
        Enterprise,
        [
            "QARMET",
            "Тау-Кен Темір",
            "Samsung",
            "IG Global",
            "Yildirim Holding",
            "Kazakh Invest",
            "Сарыарқа” ӘКК",
            "басқарушы компаниясы",
            "инвестициялық штаб",
            "Инвесторларды қолдау орталығы",
            "Ғылым және технология",
        ],
    ),
    (
        IndustrialZone,
        ["Сарыарқа", "Сарань", "Саран индустриялық паркі", "металлургиялық кластер", "үш шағын өнеркәсіп аймағы"],
    ),
    (
        InvestmentProject,
        [
            "Картех",
            "ыстық мырыштау",
            "алюминий радиатор",
            "тік дәнекерлі құбыр",
            "кремнийлі қорытпа",
            "жел электр",
            "локализация орталығы",
            "металл өнімдері",
        ],
    ),
    (GeologicalDeposit, ["Қуйректыкөл", "алтын, мыс және вольфрам", "Yildirim Holding"]),
    (Locality, ["Қарағанды", "Теміртау", "Саран"]),
    (Institution, ["Саран колледжі"]),
    (TrainingProgramme, ["Жұмыс тап", "WorldSkills"]),
    (Source, ["BAQ.KZ", "Президент Жолдауы", "Жұмысшы мамандықтар жылы"]),
]


@pytest.mark.parametrize(("model", "names"), NAMES, ids=[model.__name__ for model, _ in NAMES])
def test_article_entity_is_stored(model, names):
    for name in names:
        assert model.objects.filter(search_text__contains=fold(name)).exists(), name


def test_exploring_companies_carry_their_countries():
    assert dict(Enterprise.objects.filter(roles__code="explorer").values_list("slug", "country")) == {
        "ig-global": "US",
        "yildirim-holding": "TR",
    }
    assert set(GeologicalDeposit.objects.get(slug="kuirektykol").minerals.values_list("slug", flat=True)) == {
        "cerium",
        "lanthanum",
        "neodymium",
        "yttrium",
    }


def test_qarmet_modernisation_states_the_investment_horizon_not_a_completion_year():
    """ "2028 жылға дейін 1,6 трлн теңге инвестиция салу жоспарланған": 2028 is when the money is to be invested by."""
    project = InvestmentProject.objects.get(slug="qarmet-modernisation")
    assert (project.planned_investment_until, project.target_year) == (2028, None)
    kartech = InvestmentProject.objects.get(slug="kartech-industrial-technohub")
    assert (kartech.planned_investment_until, kartech.start_year, kartech.target_year) == (2027, None, None)


KNOWN_READINGS = [
    (InvestmentProject, "qarmet-modernisation", {"status", "sector"}),
    (InvestmentProject, "wind-power-station-150-mw", {"status", "sector", "target_year"}),
    (InvestmentProject, "samsung-tv-and-washing-machine-production", {"status"}),
    (IndustrialZone, "sez-saryarka", {"status", "as_of"}),
    (IndustrialZone, "saran-industrial-zone", {"status", "locality", "as_of"}),
    (Enterprise, "qarmet", {"roles", "sector", "locality"}),
    (Observation, "production-growth--kz-35--qarmet--steel--from-2025-01-01", {"enterprise", "period_start"}),
    (Observation, "colleges-with-dual-training--kz-35--2025-09-05", {"indicator", "period_start", "period_end"}),
    (Observation, "industrial-output--kz-35--2024", set()),
    (GeologicalDeposit, "kuirektykol", set()),
]


@pytest.mark.parametrize(("model", "key", "readings"), KNOWN_READINGS, ids=[key for _, key, _ in KNOWN_READINGS])
def test_editors_readings_are_marked(model, key, readings):
    record = model.objects.get(**{model.natural_key_fields[0]: key})
    assert set(record.inferred) == readings


@pytest.mark.parametrize("model", sourced_models(), ids=lambda model: model._meta.label)
def test_every_reading_names_a_field_with_a_value(model):
    """A value marked as a reading is there: an empty field needs no mark."""
    for record in model.objects.all():
        record.full_clean(validate_unique=False)
        for name in record.inferred:
            field = model._meta.get_field(name)
            value = getattr(record, name).all() if field.many_to_many else getattr(record, name)
            assert value not in (None, "") and (not field.many_to_many or value.exists()), f"{record}: {name}"
