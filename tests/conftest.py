"""Shared fixtures: the seed data is loaded once per test session and every test runs in a rollback."""

import pytest
from django.core.management import call_command

ARTICLE = "baq-kz-2025-09-05-karaganda-industry"


def pytest_collection_modifyitems(items):
    """Tests marked `slow` (a server, a subprocess, a whole package loaded: seconds each) run first. Collected in
    file order, they came last, and the worker left holding one at the end ran alone while the other core idled;
    first, the short tests fill in around them. The sort is stable, so a module's tests stay together."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing():
    """Tests create many users; the production hasher is deliberately slow."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def static_files_found_once():
    """WhiteNoise lists every static file the finders know (some 7,000: the admin's, DRF's, the docs') when its
    middleware is built, once per server process in production, but once per test client here: Django builds the
    middleware again for each client, and that scan was a sixth of the suite's time. The list is made once per test
    process and given to every later middleware of the same settings."""
    from django.conf import settings
    from whitenoise.middleware import WhiteNoiseMiddleware

    scan = WhiteNoiseMiddleware.add_files_from_finders
    found = {}

    def add_files_from_finders(self):
        key = (self.static_prefix, self.max_age, self.allow_all_origins, self.charset) + tuple(
            repr(getattr(settings, name, None)) for name in ("WHITENOISE_IMMUTABLE_FILE_TEST", "WHITENOISE_MIMETYPES")
        )
        if key not in found:
            before = dict(self.files)
            scan(self)
            found[key] = {url: file for url, file in self.files.items() if before.get(url) is not file}
        self.files.update(found[key])

    WhiteNoiseMiddleware.add_files_from_finders = add_files_from_finders
    yield
    WhiteNoiseMiddleware.add_files_from_finders = scan


@pytest.fixture(autouse=True, scope="session")
def download_folder(tmp_path_factory):
    """The bulk download's files and the data package are kept on disk per data version: in a folder of this run's
    own, never the system's temporary folder that other runs (and a server on this machine) share."""
    from django.test import override_settings

    with override_settings(API_DOWNLOAD_DIR=str(tmp_path_factory.mktemp("downloads"))):
        yield


@pytest.fixture(autouse=True)
def fresh_throttle_counters():
    """Throttle counters live in the cache; each test starts with none. Never on a Redis, which other runs may
    share: clear() would empty its whole database (tests on Redis use a key prefix of their own)."""
    from django.core.cache import cache
    from django.core.cache.backends.redis import RedisCache

    if not isinstance(cache, RedisCache):
        cache.clear()
    yield


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language; a request activates its own and Django never resets it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from tests.support import databases

    with django_db_blocker.unblock():
        call_command("load_seed_data", verbosity=0)
        if databases.available():
            databases.keep(databases.SEEDED)  # copied for the servers' databases, put back after `shipped`


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker):
    """The shipped statistics package (fixtures/packages/kz-regional-statistics) imported whole, for the modules that
    check answers on real figures: there for every test of the module that asks for it (each test still rolls back in
    its own savepoint) and gone when that module ends. Its import report is the value.

    On SQLite it is imported once per worker and the database put back whole before and after each module
    (tests/support/databases.py); elsewhere it is imported for the module in a transaction rolled back at its end.

    Not wider: a session- or package-scoped import would stay for every later test of the worker, and tests that count
    the seed's figures or import a package of their own would see its 9,000 figures. A module that needs more (another
    package on top) builds on this one with `kept_for_the_scope` in a fixture of its own."""
    from django.db import connection

    from indicators.datapackage import datapackage_import
    from tests.support import databases
    from tests.support.factories import kept_for_the_scope
    from tests.support.packages import SHIPPED

    if databases.available() and not connection.in_atomic_block:
        with django_db_blocker.unblock():
            try:
                yield databases.shipped_state(lambda: datapackage_import(path=SHIPPED))
            finally:
                databases.put_back(databases.SEEDED)
        return
    with kept_for_the_scope(django_db_blocker):
        yield datapackage_import(path=SHIPPED)


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


@pytest.fixture
def api(client):
    """GET helper: JSON body and status of an API path."""

    def get(path, params=None, **headers):
        headers.setdefault("HTTP_ACCEPT", "application/json")
        response = client.get(path, params or {}, **headers)
        return response

    return get


@pytest.fixture
def more_rows(db, article, karaganda):
    """A second record with children for the resources whose serializers embed to-many relations, so that a
    query-count test at page size 1 and 1000 would see an N+1 if one existed."""
    from education.models import Institution, Specialty
    from indicators.models import Enterprise, Unit
    from investments.models import GeologicalDeposit, Mineral, ResourceEstimate

    partner = Enterprise.objects.create(slug="test-partner", name="Test partner", source=article)
    for index in range(3):
        institution = Institution.objects.create(
            slug=f"test-college-{index}", name=f"Test college {index}", kind="college", region=karaganda, source=article
        )
        specialty = Specialty.objects.create(
            institution=institution, key="welding", name="Welding", opened_year=2024, source=article
        )
        specialty.partner_enterprises.add(partner)
        deposit = GeologicalDeposit.objects.create(
            slug=f"test-deposit-{index}",
            name=f"Test deposit {index}",
            kind="deposit",
            exploration_status="completed",
            region=karaganda,
            source=article,
        )
        deposit.minerals.add(Mineral.objects.get(slug="gold"))
        deposit.explorers.add(partner)
        ResourceEstimate.objects.create(
            deposit=deposit,
            key="gold",
            name="Gold",
            category="explored",
            amount=1,
            unit=Unit.objects.get(code="tonne"),
            source=article,
        )


@pytest.fixture(scope="session")
def schema():
    """The generated OpenAPI document as a dict (as a client reads it: JSON)."""
    from tests.support.openapi import openapi

    return openapi()


@pytest.fixture
def redis():
    """The default cache on the real Redis at TEST_REDIS_URL (default redis://127.0.0.1:6379/0), under a key prefix of
    this test's own; its keys are deleted after. A test that asks for it fails, never skips, without a Redis."""
    import os
    import uuid

    import redis as redis_client
    from django.test import override_settings

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    connection = redis_client.Redis.from_url(url, socket_connect_timeout=3)
    try:
        connection.ping()
    except redis_client.RedisError as exc:
        pytest.fail(f"These tests need a Redis at {url} (set TEST_REDIS_URL): {exc}")
    prefix = f"regionapi-test-{uuid.uuid4().hex}"
    connection.prefix = prefix  # a test looks at its own keys only: other tests share the Redis
    caches = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}
    }
    try:
        with override_settings(CACHES=caches):
            yield connection
    finally:
        for key in connection.scan_iter(match=f"{prefix}:*"):
            connection.delete(key)
        connection.close()
