"""Synthetic benchmark data, made through the project's models: investment projects with participants and
milestones, their creations in the change history (the change feed's rows), and observations, on top of the seed's
reference data (regions, sectors, units).

Every synthetic record names the source `synthetic-benchmark`, whose description says the data are not real and
holds the stamp (sizes, random seed, generator version): a database that already holds the same stamp is reused.
Rows are valid by the models' own rules (`full_clean` on a sample of each kind, constraints in the database).
Only ever run against a benchmark database (its name must contain "bench"), never the user's.
"""

import datetime
import decimal
import random
from dataclasses import dataclass

SEED = 13
VERSION = 3  # 2: a change history row per project; 3: the official package loaded (unless asked not to)
SOURCE_SLUG = "synthetic-benchmark"
BATCH = 2000
FIRST_REGION = "KZ-35"  # every synthetic indicator starts with Karaganda region, so its series exist first
REGIONS = 21  # the seed's current regions and cities and the republic, each with a series of every indicator

# (Kazakh, Russian, English): what a plant makes and what kind of plant it is.
PRODUCTS = (
    ("болат", "стали", "steel"),
    ("цемент", "цемента", "cement"),
    ("мыс", "меди", "copper"),
    ("көмір", "угля", "coal"),
    ("астық", "зерна", "grain"),
    ("сүт", "молочной продукции", "dairy"),
    ("шыны", "стекла", "glass"),
    ("кірпіш", "кирпича", "brick"),
    ("тыңайтқыш", "удобрений", "fertiliser"),
    ("мырыш", "цинка", "zinc"),
    ("алюминий", "алюминия", "aluminium"),
    ("мата", "тканей", "textile"),
    ("жиһаз", "мебели", "furniture"),
    ("ферроқорытпа", "ферросплавов", "ferroalloy"),
    ("шина", "шин", "tyre"),
    ("құс", "птицы", "poultry"),
)
KINDS = (
    ("зауыты", "Завод", "plant"),
    ("фабрикасы", "Фабрика", "factory"),
    ("кешені", "Комплекс по производству", "complex"),
    ("цехы", "Цех", "workshop"),
)
SEARCH_WORD = "цемент"  # a Cyrillic word in 1 of 16 project names (and in their Russian names)
COUNTRIES = ("KZ", "KZ", "KZ", "CN", "RU", "TR", "KR", "DE", "")
NOTE = {
    "kk": "Синтетикалық жазба: жүктеме сынағына арналған, нақты дерек емес.",
    "ru": "Синтетическая запись для нагрузочного теста, не реальные данные.",
    "en": "Synthetic record for the load benchmark, not real data.",
}

MONTHLY_YEARS = range(1983, 2025)  # 42 years x 12 months = 504 points: the ~500-point series
YEARLY_YEARS = range(1993, 2024)  # 31 points, the shape of the official statistics
PERIODICITIES = ("monthly", "annual", "quarterly")


@dataclass(frozen=True)
class Plan:
    """What a generation of these sizes holds, known without the database: the benchmark's requests name it."""

    projects: int
    observations: int
    # The shipped official statistics (fixtures/packages/kz-regional-statistics), loaded as `make run` loads them:
    # the region pages and charts draw them. Off only where a test needs the generation fast.
    official_package: bool = True

    @property
    def participants(self) -> int:
        return self.projects + self.projects // 2

    @property
    def milestones(self) -> int:
        return self.projects

    @property
    def stamp(self) -> str:
        return (
            f"projects={self.projects} participants={self.participants} milestones={self.milestones} "
            f"observations={self.observations} package={'official' if self.official_package else 'none'} "
            f"seed={SEED} version={VERSION}"
        )

    def project_slug(self, number: int) -> str:
        return f"synthetic-project-{number:07d}"

    @property
    def middle_project(self) -> str:
        return self.project_slug(max(1, self.projects // 2))

    @staticmethod
    def indicator_code(index: int) -> str:
        return f"synthetic-{PERIODICITIES[index % 3]}-{index + 1:04d}"

    @property
    def long_series(self) -> tuple[str, str] | None:
        """(indicator, region) of the monthly series of 504 points, when the sizes hold all of it."""
        return (self.indicator_code(0), FIRST_REGION) if self.observations >= 12 * len(MONTHLY_YEARS) else None

    @property
    def annual_series(self) -> tuple[str, str] | None:
        """(indicator, region) of a 31-point annual series generated after the monthly indicator, when it exists."""
        needed = 12 * len(MONTHLY_YEARS) * REGIONS + len(YEARLY_YEARS)
        return (self.indicator_code(1), FIRST_REGION) if self.observations >= needed else None


def periods(periodicity: str):
    """(start, end) of each period of a synthetic indicator, in order."""
    if periodicity == "monthly":
        for year in MONTHLY_YEARS:
            for month in range(1, 13):
                start = datetime.date(year, month, 1)
                following = datetime.date(year + month // 12, month % 12 + 1, 1)
                yield start, following - datetime.timedelta(days=1)
    elif periodicity == "quarterly":
        for year in YEARLY_YEARS:
            for quarter in range(4):
                start = datetime.date(year, 3 * quarter + 1, 1)
                following = datetime.date(year + (quarter == 3), (3 * quarter + 3) % 12 + 1, 1)
                yield start, following - datetime.timedelta(days=1)
    else:
        for year in YEARLY_YEARS:
            yield datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def current_stamp() -> str | None:
    """The stamp of the data in the database, or None when it holds none (or has no tables yet)."""
    from django.db import DatabaseError

    from indicators.models import Source

    try:
        source = Source.objects.filter(slug=SOURCE_SLUG).first()
    except DatabaseError:
        return None
    if source is None:
        return None
    return source.description_en.rsplit("Stamp: ", 1)[-1] if "Stamp: " in source.description_en else None


def generate(plan: Plan, *, log=print) -> None:
    """Fill a migrated, seeded benchmark database with `plan`'s synthetic records; the stamp is written last."""
    from django.db import transaction

    from regionapi.core.translation import data_language

    rng = random.Random(SEED)
    with data_language():
        with transaction.atomic():
            source = _source(plan)
            enterprises = _enterprises(rng, source)
        _projects(plan, rng, source, enterprises, log=log)
        _history(plan, source, log=log)
        _observations(plan, rng, source, log=log)
        source.description_en = f"{NOTE['en']} Stamp: {plan.stamp}"
        source.save(update_fields=["description_en"])


def _source(plan: Plan):
    from indicators.models import Source

    Source.objects.filter(slug=SOURCE_SLUG).delete()
    return Source.objects.create(
        slug=SOURCE_SLUG,
        title_kk="Синтетикалық деректер (жүктеме сынағы)",
        title_ru="Синтетические данные (нагрузочный тест)",
        title_en="Synthetic data (load benchmark)",
        kind="reference-work",
        publisher="regionapi benchmark (bench/data.py)",
        language="en",
        licence="unstated",
        description_kk=NOTE["kk"],
        description_ru=NOTE["ru"],
        description_en=f"{NOTE['en']} Stamp: pending",  # written in full once every row is in
    )


def _searchable(instance):
    instance.search_text = instance.build_search_text()
    return instance


def _enterprises(rng: random.Random, source):
    from indicators.models import Enterprise, Region, Sector

    regions = list(Region.objects.filter(abolished_year__isnull=True).exclude(code="KZ").order_by("code"))
    sectors = list(Sector.objects.order_by("code"))
    rows = []
    for number in range(1, 2001):
        product = PRODUCTS[number % len(PRODUCTS)]
        rows.append(
            _searchable(
                Enterprise(
                    slug=f"synthetic-enterprise-{number:05d}",
                    name_kk=f"Синтетикалық {product[0]} компаниясы {number}",
                    name_ru=f"Синтетическая компания {product[1]} {number}",
                    name_en=f"Synthetic {product[2]} company {number}",
                    name=f"Синтетикалық {product[0]} компаниясы {number}",
                    country=rng.choice(COUNTRIES),
                    sector=rng.choice(sectors),
                    region=rng.choice(regions),
                    source=source,
                    description_en=NOTE["en"],
                )
            )
        )
    rows[0].full_clean()
    Enterprise.objects.bulk_create(rows, batch_size=BATCH)
    return list(Enterprise.objects.filter(source=source).order_by("slug"))


def _projects(plan: Plan, rng: random.Random, source, enterprises, *, log) -> None:
    from django.db import transaction

    from indicators.models import Region, Sector
    from investments.models import InvestmentProject, ProjectMilestone, ProjectParticipant

    regions = list(Region.objects.filter(abolished_year__isnull=True).exclude(code="KZ").order_by("code"))
    sectors = list(Sector.objects.order_by("code"))
    statuses = list(InvestmentProject.Status.values)
    milestone_statuses = list(ProjectMilestone.Status.values)
    # Exactly projects // 2 projects have two participants, and as many have two milestones as have none.
    two_participants = set(rng.sample(range(1, plan.projects + 1), plan.projects // 2))
    varied = rng.sample(range(1, plan.projects + 1), 2 * (plan.projects // 4))
    two_milestones, no_milestones = set(varied[::2]), set(varied[1::2])
    for first in range(1, plan.projects + 1, BATCH):
        numbers = range(first, min(first + BATCH, plan.projects + 1))
        projects = []
        for number in numbers:
            product, kind = PRODUCTS[number % len(PRODUCTS)], KINDS[number % len(KINDS)]
            start = rng.randint(2005, 2026)
            planned = decimal.Decimal(rng.randint(1, 500_000)) * 1_000_000
            projects.append(
                _searchable(
                    InvestmentProject(
                        slug=plan.project_slug(number),
                        name=f"{product[0].capitalize()} {kind[0]} №{number}",
                        name_kk=f"{product[0].capitalize()} {kind[0]} №{number}",
                        name_ru=f"{kind[1]} {product[1]} №{number}",
                        name_en=f"{product[2].capitalize()} {kind[2]} No. {number}",
                        description_kk=NOTE["kk"],
                        description_ru=NOTE["ru"],
                        description_en=NOTE["en"],
                        status=rng.choice(statuses),
                        region=rng.choice(regions),
                        sector=rng.choice(sectors),
                        planned_investment_kzt=planned,
                        planned_investment_until=start + rng.randint(1, 6),
                        invested_kzt=(planned * rng.randint(0, 100) / 100).quantize(decimal.Decimal("0.01")),
                        invested_year=start,
                        start_year=start,
                        target_year=start + rng.randint(0, 6),
                        jobs=rng.randint(10, 3000),
                        source=source,
                    )
                )
            )
        if first == 1:
            projects[0].full_clean(validate_unique=False)
        with transaction.atomic():
            InvestmentProject.objects.bulk_create(projects, batch_size=BATCH)
            saved = dict(
                InvestmentProject.objects.filter(slug__in=[p.slug for p in projects]).values_list("slug", "id")
            )
            participants, milestones = [], []
            for number, project in zip(numbers, projects, strict=True):
                project_id = saved[project.slug]
                chosen = rng.sample(enterprises, 2)
                participants.append(
                    ProjectParticipant(
                        project_id=project_id, enterprise=chosen[0], role=ProjectParticipant.Role.OPERATOR
                    )
                )
                if number in two_participants:
                    participants.append(
                        ProjectParticipant(
                            project_id=project_id, enterprise=chosen[1], role=ProjectParticipant.Role.INVESTOR
                        )
                    )
                count = 2 if number in two_milestones else 0 if number in no_milestones else 1
                for step in range(count):
                    year = project.start_year + step
                    milestones.append(
                        _searchable(
                            ProjectMilestone(
                                project_id=project_id,
                                key=("start", "launch")[step],
                                name=("Құрылыстың басталуы", "Іске қосу")[step],
                                name_kk=("Құрылыстың басталуы", "Іске қосу")[step],
                                name_ru=("Начало строительства", "Запуск")[step],
                                name_en=("Construction start", "Launch")[step],
                                date=datetime.date(year, 1, 1),
                                date_precision=ProjectMilestone.Precision.YEAR,
                                status=rng.choice(milestone_statuses),
                                source=source,
                            )
                        )
                    )
            ProjectParticipant.objects.bulk_create(participants, batch_size=BATCH)
            ProjectMilestone.objects.bulk_create(milestones, batch_size=BATCH)
        if numbers[-1] % 20_000 < BATCH or numbers[-1] == plan.projects:
            log(f"  projects: {numbers[-1]:,} of {plan.projects:,}")


def _history(plan: Plan, source, *, log) -> None:
    """One creation (`+`, channel import) in the change history per synthetic project, as an import writes it, each
    under a data version of its own claimed as a write claims it (regionapi.core.dataversion): the change feed reads
    as many history rows as there are projects."""
    from django.db import transaction
    from django.utils import timezone

    from investments.models import InvestmentProject
    from regionapi.core.dataversion import ROW, bump
    from regionapi.core.models import DataVersion

    history = InvestmentProject.history.model
    projects = InvestmentProject.objects.filter(source=source).order_by("id")
    made = 0
    for first in range(0, plan.projects, BATCH):
        with transaction.atomic():
            batch = list(projects[first : first + BATCH])
            version = bump()  # the version row's lock, held until the batch commits; then a number per row
            rows = [
                history(
                    **{field.attname: getattr(project, field.attname) for field in history.tracked_fields},
                    history_date=timezone.now(),
                    history_type="+",
                    channel="import",
                    data_version=version + number,
                )
                for number, project in enumerate(batch)
            ]
            history.objects.bulk_create(rows, batch_size=BATCH)
            DataVersion.objects.filter(pk=ROW).update(version=version + len(rows) - 1)
        made += len(rows)
        if made % 20_000 < BATCH or made == plan.projects:
            log(f"  history: {made:,} of {plan.projects:,}")


def _observations(plan: Plan, rng: random.Random, source, *, log) -> None:
    from django.db import transaction

    from indicators.models import Indicator, Observation, Region, Unit

    regions = list(Region.objects.filter(abolished_year__isnull=True).order_by("code"))
    regions.sort(key=lambda region: region.code != FIRST_REGION)
    units = {code: Unit.objects.get(code=code) for code in ("kzt", "percent", "tonne")}
    made = 0
    index = 0
    batch = []
    while made < plan.observations:
        periodicity = PERIODICITIES[index % 3]
        unit = ("kzt", "percent", "tonne")[index % 3]
        indicator = Indicator(
            code=plan.indicator_code(index),
            name=f"Синтетикалық көрсеткіш {index + 1}",
            name_kk=f"Синтетикалық көрсеткіш {index + 1}",
            name_ru=f"Синтетический показатель {index + 1}",
            name_en=f"Synthetic indicator {index + 1} ({periodicity})",
            description_en=NOTE["en"],
            unit=units[unit],
            source=source,
        )
        _searchable(indicator).save()
        for region in regions:
            level = rng.uniform(50, 5000)
            for start, end in periods(periodicity):
                if made >= plan.observations:
                    break
                level *= rng.uniform(0.97, 1.05)
                observation = Observation(
                    indicator=indicator,
                    region=region,
                    period_start=start,
                    period_end=end,
                    value=decimal.Decimal(f"{level:.1f}"),
                    source=source,
                    note=NOTE["en"],
                )
                observation.fill_defaults()  # its kind of period, which save() would fill (bulk_create skips it)
                observation.code = observation.figure_key()
                batch.append(observation)
                made += 1
                if len(batch) >= BATCH:
                    with transaction.atomic():
                        Observation.objects.bulk_create(batch, batch_size=BATCH)
                    batch = []
                    if made % 100_000 < BATCH:
                        log(f"  observations: {made:,} of {plan.observations:,}")
        index += 1
    if batch:
        with transaction.atomic():
            Observation.objects.bulk_create(batch, batch_size=BATCH)
        log(f"  observations: {made:,} of {plan.observations:,}")
