"""Search at scale (issue 13, part 2): 100,000 synthetic investment projects (150,000 participants, 100,000
milestones, 2,000 enterprises) in a throwaway database, then `?search=` timed in-process (median of 10 after two
warm-up requests). Never point it at a database you keep: it adds rows it does not remove.

    export DJANGO_DEBUG=1 DATABASE_URL=sqlite:////tmp/search-bench.sqlite3   # or postgres://.../throwaway
    .venv/bin/python manage.py migrate -v0 && .venv/bin/python manage.py load_seed_data -v0
    PYTHONPATH=. .venv/bin/python bench/search_scale.py generate      # ~2-3 minutes
    PYTHONPATH=. .venv/bin/python bench/search_scale.py time [WORD ...]

On PostgreSQL run `VACUUM ANALYZE` after generating, as autovacuum would in time.
"""

import os
import random
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from indicators.models import Enterprise, Region, Source  # noqa: E402
from investments.models import InvestmentProject, ProjectMilestone, ProjectParticipant  # noqa: E402

ACTIONS = ["Строительство", "Модернизация", "Реконструкция", "Расширение", "Запуск", "Құрылысы", "Жаңғырту"]
OBJECTS = [
    "завода",
    "фабрики",
    "комбината",
    "цеха",
    "станции",
    "теплицы",
    "элеватора",
    "склада",
    "комплекса",
    "линии",
    "рудника",
    "шахты",
    "карьера",
    "фермы",
    "мельницы",
    "котельной",
    "подстанции",
    "терминала",
    "парка",
    "депо",
]
GOODS = [
    "цемента",
    "стали",
    "меди",
    "угля",
    "кирпича",
    "стекла",
    "молока",
    "мяса",
    "зерна",
    "хлопка",
    "текстиля",
    "обуви",
    "мебели",
    "бумаги",
    "удобрений",
    "ферросплавов",
    "алюминия",
    "цинка",
    "золота",
    "полимеров",
    "лекарств",
    "красок",
    "шин",
    "кабеля",
    "труб",
    "бетона",
    "гипса",
    "извести",
    "сахара",
    "масла",
]
TOWNS = [
    f"{stem}{end}"
    for stem in [
        "Темир",
        "Сары",
        "Ак",
        "Кара",
        "Жана",
        "Шах",
        "Бал",
        "Кен",
        "Ор",
        "Тау",
        "Есиль",
        "Нура",
        "Сас",
        "Кок",
        "Улы",
        "Бес",
        "Жез",
        "Сат",
        "Агад",
        "Осак",
    ]
    for end in ["тау", "арка", "су", "коль", "озек", "кала", "баз", "тобе", "бай", "жар"]
]  # 200 towns
COUNT = 100_000


def generate():
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to a throwaway database: generate never writes to the default db.sqlite3.")
    rng = random.Random(13)
    region = Region.objects.get(code="KZ-35")
    source = Source.objects.first()
    with transaction.atomic():
        enterprises = [
            Enterprise(
                slug=f"synthetic-enterprise-{i}",
                name=f"ТОО «{rng.choice(TOWNS)} {rng.choice(GOODS)} {i}»",
                source=source,
            )
            for i in range(2000)
        ]
        for e in enterprises:
            e.name_ru = e.name
            e.search_text = e.build_search_text()
        Enterprise.objects.bulk_create(enterprises, batch_size=500)
        enterprises = list(Enterprise.objects.filter(slug__startswith="synthetic-enterprise-"))
        for start in range(0, COUNT, 5000):
            projects = []
            for i in range(start, start + 5000):
                name = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(GOODS)} в {rng.choice(TOWNS)}"
                p = InvestmentProject(
                    slug=f"synthetic-project-{i}",
                    name=name,
                    name_ru=name,
                    status="planned",
                    region=region,
                    source=source,
                    description=f"Проект {i}: {name}.",
                    planned_investment_kzt=rng.randrange(10**6, 10**11),
                )
                p.description_ru = p.description
                p.search_text = p.build_search_text()
                projects.append(p)
            InvestmentProject.objects.bulk_create(projects, batch_size=1000)
            projects = list(InvestmentProject.objects.filter(slug__in=[p.slug for p in projects]))
            participants, milestones = [], []
            for k, p in enumerate(projects):
                for enterprise in rng.sample(enterprises, 2 if k % 2 else 1):
                    participants.append(ProjectParticipant(project=p, enterprise=enterprise, role="investor"))
                m = ProjectMilestone(
                    project=p,
                    key="start",
                    name=f"Начало работ: {rng.choice(OBJECTS)}",
                    status="expected",
                    source=source,
                )
                m.name_ru = m.name
                m.search_text = m.build_search_text()
                milestones.append(m)
            ProjectParticipant.objects.bulk_create(participants, batch_size=1000)
            ProjectMilestone.objects.bulk_create(milestones, batch_size=1000)
            print(start + 5000, flush=True)


def timed(client, url, runs=10):
    for _ in range(2):
        client.get(url)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
    return response, statistics.median(timings), len(queries)


def time_search():
    client = Client()
    print(connection.vendor, InvestmentProject.objects.count(), "projects")
    words = sys.argv[2:] or ["Темиртау", "цемента", "Qaraghandy", "завод бетона", "ферро"]
    for word in words:
        url = f"/api/v1/investments/projects/?search={word}"
        response, median, queries = timed(client, url)
        print(
            f"{word:20} status {response.status_code} count {response.json().get('count')!s:>7} "
            f"median {median:8.1f} ms  queries {queries}"
        )


if __name__ == "__main__":
    {"generate": generate, "time": time_search}[sys.argv[1]]()
