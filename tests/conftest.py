"""Shared fixtures: the seed data is loaded once per test session and every test runs in a rollback."""
import pytest
from django.core.management import call_command

ARTICLE = "baq-kz-2025-09-05-karaganda-industry"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_seed_data", verbosity=0)


@pytest.fixture
def article(db):
    from indicators.models import Source

    return Source.objects.get(slug=ARTICLE)


@pytest.fixture
def karaganda(db):
    from indicators.models import Region

    return Region.objects.get(code="KZ-35")


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser("admin", "admin@example.kz", "a-long-test-password")
