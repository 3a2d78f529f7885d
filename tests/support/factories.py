"""factory_boy factories for the records tests make for themselves, so that what a test asserts is what it created and
not a figure of the seed (editing a seed figure should break only tests/indicators/test_seed.py and the tests about the seed).

Every factory builds a valid record with its real required fields and test-only keys (`test-zone-3`, `KZ-T3`), so
the records never collide with the seed's. Translated fields get a text in each language (`name_kk`, `name_ru`,
`name_en`; the base column `name` mirrors `name_kk` on save), numbered by the factory's sequence. Records that need a region, source or unit get a new
one of their own unless the test passes one: a test that shares one region or source among its records can then
filter by it and see only what it made.
"""

import datetime
from contextlib import contextmanager
from decimal import Decimal

import factory
from django.db import transaction
from django.db.models import Max
from factory.django import DjangoModelFactory

from education import models as education
from indicators import models as indicators
from investments import models as investments


def rows_made_from_now(*models) -> dict:
    """{model: a queryset of its rows created after this call}: what a test makes, apart from the seed's rows, for a
    FilterSet or a count to work on. Primary keys only grow, on SQLite (AUTOINCREMENT) as on PostgreSQL."""
    marks = {model: model.objects.aggregate(last=Max("pk"))["last"] or 0 for model in models}
    return {model: model.objects.filter(pk__gt=mark) for model, mark in marks.items()}


@contextmanager
def kept_for_the_scope(django_db_blocker):
    """For a module-scoped fixture that makes records once for many tests: what the block makes stays for every test
    of the module (each test still runs and rolls back in its own savepoint) and is rolled back when the module ends.

        @pytest.fixture(scope="module")
        def world(django_db_setup, django_db_blocker):
            with kept_for_the_scope(django_db_blocker):
                yield make_the_world()
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


# ---------------------------------------------------------------- reference data


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = indicators.Source

    slug = factory.Sequence(lambda n: f"test-source-{n}")
    kind = indicators.SourceKind.NEWS_ARTICLE
    publisher = "Test publisher"
    language = indicators.Language.KAZAKH
    title_kk = factory.Sequence(lambda n: f"Сынақ дереккөзі {n}")
    title_ru = factory.Sequence(lambda n: f"Тестовый источник {n}")
    title_en = factory.Sequence(lambda n: f"Test source {n}")


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = indicators.Unit

    code = factory.Sequence(lambda n: f"test-unit-{n}")
    name_kk = factory.Sequence(lambda n: f"сынақ бірлігі {n}")
    name_ru = factory.Sequence(lambda n: f"тестовая единица {n}")
    name_en = factory.Sequence(lambda n: f"test unit {n}")
    symbol_kk = factory.Sequence(lambda n: f"сб{n}")
    symbol_ru = factory.Sequence(lambda n: f"те{n}")
    symbol_en = factory.Sequence(lambda n: f"tu{n}")


class RegionFactory(DjangoModelFactory):
    """A region with a test-only code (KZ-T1, ...): ISO codes are KZ- and two digits, so none is taken."""

    class Meta:
        model = indicators.Region

    code = factory.Sequence(lambda n: f"KZ-T{n}")
    kind = indicators.RegionKind.REGION
    source = factory.SubFactory(SourceFactory, kind=indicators.SourceKind.CLASSIFIER)
    name_kk = factory.Sequence(lambda n: f"Сынақ облысы {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовая область {n}")
    name_en = factory.Sequence(lambda n: f"Test region {n}")


class LocalityFactory(DjangoModelFactory):
    class Meta:
        model = indicators.Locality

    slug = factory.Sequence(lambda n: f"test-locality-{n}")
    kind = indicators.LocalityKind.CITY
    region = factory.SubFactory(RegionFactory)
    source = factory.SubFactory(SourceFactory)
    name_kk = factory.Sequence(lambda n: f"Сынақ елді мекені {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовый пункт {n}")
    name_en = factory.Sequence(lambda n: f"Test locality {n}")


class SectorFactory(DjangoModelFactory):
    """An OKED/NACE section by default (codes T0, T1, ...: no real code starts with T and a digit); pass `parent` and
    `level=division` for a division."""

    class Meta:
        model = indicators.Sector

    code = factory.Sequence(lambda n: f"T{n}")
    level = indicators.SectorLevel.SECTION
    source = factory.SubFactory(SourceFactory, kind=indicators.SourceKind.CLASSIFIER)
    name_kk = factory.Sequence(lambda n: f"Сынақ саласы {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовая отрасль {n}")
    name_en = factory.Sequence(lambda n: f"Test sector {n}")


class EnterpriseRoleFactory(DjangoModelFactory):
    class Meta:
        model = indicators.EnterpriseRole

    code = factory.Sequence(lambda n: f"test-role-{n}")
    name_kk = factory.Sequence(lambda n: f"сынақ рөлі {n}")
    name_ru = factory.Sequence(lambda n: f"тестовая роль {n}")
    name_en = factory.Sequence(lambda n: f"test role {n}")


# ---------------------------------------------------------------- organisations and figures


class EnterpriseFactory(DjangoModelFactory):
    class Meta:
        model = indicators.Enterprise
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"test-enterprise-{n}")
    source = factory.SubFactory(SourceFactory)
    name_kk = factory.Sequence(lambda n: f"Сынақ кәсіпорны {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовое предприятие {n}")
    name_en = factory.Sequence(lambda n: f"Test enterprise {n}")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.roles.set(extracted)


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = indicators.Product

    slug = factory.Sequence(lambda n: f"test-product-{n}")
    name_kk = factory.Sequence(lambda n: f"сынақ өнімі {n}")
    name_ru = factory.Sequence(lambda n: f"тестовый продукт {n}")
    name_en = factory.Sequence(lambda n: f"test product {n}")


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = indicators.Indicator

    code = factory.Sequence(lambda n: f"test-indicator-{n}")
    unit = factory.SubFactory(UnitFactory)
    source = factory.SubFactory(SourceFactory)
    name_kk = factory.Sequence(lambda n: f"Сынақ көрсеткіші {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовый показатель {n}")
    name_en = factory.Sequence(lambda n: f"Test indicator {n}")


class ObservationFactory(DjangoModelFactory):
    """A figure for a calendar year (2020 unless `period_start`/`period_end` say otherwise); its code is generated."""

    class Meta:
        model = indicators.Observation

    indicator = factory.SubFactory(IndicatorFactory)
    region = factory.SubFactory(RegionFactory)
    period_start = datetime.date(2020, 1, 1)
    period_end = datetime.date(2020, 12, 31)
    value = Decimal("1")
    source = factory.LazyAttribute(lambda observation: observation.indicator.source)
    quote = factory.Sequence(lambda n: f"The sentence that states figure {n}.")


# ---------------------------------------------------------------- investments


class IndustrialZoneFactory(DjangoModelFactory):
    class Meta:
        model = investments.IndustrialZone

    slug = factory.Sequence(lambda n: f"test-zone-{n}")
    kind = investments.ZoneKind.INDUSTRIAL_ZONE
    region = factory.SubFactory(RegionFactory)
    source = factory.SubFactory(SourceFactory)
    name_kk = factory.Sequence(lambda n: f"Сынақ аймағы {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовая зона {n}")
    name_en = factory.Sequence(lambda n: f"Test zone {n}")


class InvestmentProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = investments.InvestmentProgramme

    slug = factory.Sequence(lambda n: f"test-programme-{n}")
    region = factory.SubFactory(RegionFactory)
    source = factory.SubFactory(SourceFactory)
    name_kk = factory.Sequence(lambda n: f"Сынақ бағдарламасы {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовая программа {n}")
    name_en = factory.Sequence(lambda n: f"Test programme {n}")


class InvestmentProjectFactory(DjangoModelFactory):
    class Meta:
        model = investments.InvestmentProject

    slug = factory.Sequence(lambda n: f"test-project-{n}")
    status = investments.ProjectStatus.PLANNED
    region = factory.SubFactory(RegionFactory)
    source = factory.SubFactory(SourceFactory)
    name_kk = factory.Sequence(lambda n: f"Сынақ жобасы {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовый проект {n}")
    name_en = factory.Sequence(lambda n: f"Test project {n}")


class ProjectParticipantFactory(DjangoModelFactory):
    class Meta:
        model = investments.ProjectParticipant

    project = factory.SubFactory(InvestmentProjectFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    role = investments.ParticipantRole.OPERATOR


class ProjectMilestoneFactory(DjangoModelFactory):
    class Meta:
        model = investments.ProjectMilestone

    project = factory.SubFactory(InvestmentProjectFactory)
    key = factory.Sequence(lambda n: f"test-milestone-{n}")
    status = investments.MilestoneStatus.ACHIEVED
    source = factory.LazyAttribute(lambda milestone: milestone.project.source)
    name_kk = factory.Sequence(lambda n: f"Сынақ кезеңі {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовый этап {n}")
    name_en = factory.Sequence(lambda n: f"Test milestone {n}")


class MineralFactory(DjangoModelFactory):
    class Meta:
        model = investments.Mineral

    slug = factory.Sequence(lambda n: f"test-mineral-{n}")
    source = factory.SubFactory(SourceFactory)
    name_kk = factory.Sequence(lambda n: f"сынақ минералы {n}")
    name_ru = factory.Sequence(lambda n: f"тестовый минерал {n}")
    name_en = factory.Sequence(lambda n: f"test mineral {n}")


class GeologicalDepositFactory(DjangoModelFactory):
    class Meta:
        model = investments.GeologicalDeposit
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"test-deposit-{n}")
    kind = investments.DepositKind.DEPOSIT
    exploration_status = investments.ExplorationStatus.IDENTIFIED
    region = factory.SubFactory(RegionFactory)
    source = factory.SubFactory(SourceFactory)
    name_kk = factory.Sequence(lambda n: f"Сынақ кен орны {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовое месторождение {n}")
    name_en = factory.Sequence(lambda n: f"Test deposit {n}")

    @factory.post_generation
    def minerals(self, create, extracted, **kwargs):
        if create and extracted:
            self.minerals.set(extracted)

    @factory.post_generation
    def explorers(self, create, extracted, **kwargs):
        if create and extracted:
            self.explorers.set(extracted)


class ResourceEstimateFactory(DjangoModelFactory):
    class Meta:
        model = investments.ResourceEstimate

    deposit = factory.SubFactory(GeologicalDepositFactory)
    key = factory.Sequence(lambda n: f"test-estimate-{n}")
    category = investments.ResourceCategory.FORECAST
    amount = Decimal("1")
    unit = factory.SubFactory(UnitFactory)
    source = factory.LazyAttribute(lambda estimate: estimate.deposit.source)
    name_kk = factory.Sequence(lambda n: f"сынақ бағалауы {n}")
    name_ru = factory.Sequence(lambda n: f"тестовая оценка {n}")
    name_en = factory.Sequence(lambda n: f"test estimate {n}")


# ---------------------------------------------------------------- education


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = education.Institution

    slug = factory.Sequence(lambda n: f"test-institution-{n}")
    kind = education.InstitutionKind.COLLEGE
    region = factory.SubFactory(RegionFactory)
    source = factory.SubFactory(SourceFactory)
    name_kk = factory.Sequence(lambda n: f"Сынақ колледжі {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовый колледж {n}")
    name_en = factory.Sequence(lambda n: f"Test college {n}")


class SpecialtyFactory(DjangoModelFactory):
    class Meta:
        model = education.Specialty
        skip_postgeneration_save = True

    institution = factory.SubFactory(InstitutionFactory)
    key = factory.Sequence(lambda n: f"test-specialty-{n}")
    source = factory.LazyAttribute(lambda specialty: specialty.institution.source)
    name_kk = factory.Sequence(lambda n: f"Сынақ мамандығы {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовая специальность {n}")
    name_en = factory.Sequence(lambda n: f"Test specialty {n}")

    @factory.post_generation
    def partner_enterprises(self, create, extracted, **kwargs):
        if create and extracted:
            self.partner_enterprises.set(extracted)


class TrainingProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = education.TrainingProgramme

    slug = factory.Sequence(lambda n: f"test-training-{n}")
    source = factory.SubFactory(SourceFactory)
    name_kk = factory.Sequence(lambda n: f"Сынақ бағдарламасы {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовое обучение {n}")
    name_en = factory.Sequence(lambda n: f"Test training {n}")
