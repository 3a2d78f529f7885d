"""regionapi settings: one module, every deployment difference read from the environment.

Every variable is listed, with its default, in `.env.example`. A `.env` file in the project
folder is read when present (or the file DJANGO_ENV_FILE names, none when it is empty); real environment
variables win over it.
"""

import base64
import hashlib
import tempfile
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_HASHES, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# The .env file to read (if it exists), or None. The test run empties DJANGO_ENV_FILE (pyproject.toml, [tool.pytest_env]) so that a
# developer's local .env (DJANGO_LANGUAGE_CODE=ru, a secret key, ...) never changes a test's result.
ENV_FILE = env.str("DJANGO_ENV_FILE", default=str(BASE_DIR / ".env")) or None
if ENV_FILE:
    environ.Env.read_env(ENV_FILE, overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (set DJANGO_DEBUG=1 for local development)."
        )
    # Local development only: DEBUG is on, so this key never protects real data.
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must precede django.contrib.admin so its admin integration loads.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "corsheaders",
    # The Content-Security-Policy header and its per-request nonce (CONTENT_SECURITY_POLICY below).
    "csp",
    # Admin sign-in lockout (AXES_* below); its admin lists the database handler's attempts.
    "axes",
    "simple_history",
    "import_export",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The generic machinery's own table: the data version behind ETags and the response cache.
    "regionapi.core",
    "indicators",
    "investments",
    "education",
    # The region pages (/regions/): HTML and charts over the data of every app above.
    "pages",
]

MIDDLEWARE = [
    # Every wait of a request for the database bounded, and whether the request writes (regionapi/core/waits.py):
    # first, so that everything after it runs under it.
    "regionapi.core.waits.BoundedWaitsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header on every answer (CONTENT_SECURITY_POLICY below); outside the response cache,
    # so an answer served again from it gets the header too.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Writes from a browser only for CORS_WRITE_ORIGINS; reads stay open (regionapi/core/cors.py).
    "regionapi.core.cors.CorsWriteOriginsMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # A JSON 413 for an API body over API_MAX_BODY_BYTES, before anything reads it.
    "regionapi.core.errors.BodySizeLimitMiddleware",
    # Where this request reads: a replica, or the primary once it writes (regionapi/core/replicas.py). Before every
    # middleware that touches the database, so their reads and writes are routed too.
    "regionapi.core.replicas.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The API language: ?lang= wins, then Accept-Language, then LANGUAGE_CODE (see regionapi/core/language.py).
    "regionapi.core.language.ApiLanguageMiddleware",
    # A JSON 400 for a NUL or a byte that is not UTF-8 in an API path or parameter, in the request's language, before
    # any view or query.
    "regionapi.core.errors.InvalidTextInURLMiddleware",
    # `vintage=`: the release of the figures a request shows, for every query of them (indicators/vintages.py).
    "indicators.vintages.VintageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag, Last-Modified, 304, Cache-Control and the shared response cache of API reads (regionapi/core/caching.py);
    # after the language middleware (the language is part of the ETag), before anything that queries the database.
    "regionapi.core.caching.HttpCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "regionapi.core.history.recording.ChangeChannelMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a sign-in refused for lockout into its lockout page (AXES_* below).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project overrides of package templates (the ReDoc page without external fonts).
        "DIRS": [BASE_DIR / "regionapi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# Embedded default: a SQLite file in the project folder, so a newcomer needs no server.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Read replicas of the primary (docs/operating.md, "Production: several machines"): streaming replicas of DATABASE_URL, one
# alias each (replica1, replica2, ...). Requests read from one of them and write to the primary; see
# regionapi/core/replicas.py for when a read goes to the primary. A replica never takes part in a request's
# transaction, and in tests it is the test database itself.
DATABASE_REPLICAS = []
_replica_urls = [url.strip() for url in env.list("DATABASE_REPLICA_URLS", default=[]) if url.strip()]
for _number, _url in enumerate(_replica_urls, start=1):
    DATABASES[f"replica{_number}"] = {
        **environ.Env.db_url_config(_url),
        "ATOMIC_REQUESTS": False,
        # A persistent connection to a replica that went away is noticed before a read fails on it (one SELECT 1 on
        # the replica per request, only with conn_max_age), so reads fall back to the primary.
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["regionapi.core.replicas.ReplicaRouter"]
# After a write, its client (by a signed cookie) reads the primary this long: longer than the replicas' usual lag.
DATABASE_REPLICA_STICKY_SECONDS = env.int("DATABASE_REPLICA_STICKY_SECONDS", default=5)
# Bounded waits (regionapi/core/waits.py): during a request, each wait for PostgreSQL (a query's round trip, a
# connection's start-up) ends after this many seconds with a 503, and a server that hung is left alone as long; 0:
# no bound. The project's own backends do it (and, on SQLite, a write request's transaction takes the write lock
# at once, waiting up to SQLITE_BUSY_SECONDS for it; WAL, so that reads never wait for a writer).
DATABASE_WAIT_SECONDS = env.float("DATABASE_WAIT_SECONDS", default=3)
SQLITE_BUSY_SECONDS = env.float("SQLITE_BUSY_SECONDS", default=20)
_BACKENDS = {
    "django.db.backends.postgresql": "regionapi.core.backends.postgresql",
    "django.db.backends.sqlite3": "regionapi.core.backends.sqlite3",
}
for _database in DATABASES.values():
    _database["ENGINE"] = _BACKENDS.get(_database["ENGINE"], _database["ENGINE"])
    if _database["ENGINE"] == "regionapi.core.backends.sqlite3":
        _database.setdefault("OPTIONS", {}).setdefault("timeout", SQLITE_BUSY_SECONDS)
        _database["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL")
        # Tests in memory, as Django does for SQLite without a test name (pytest-django knows that only by Django's
        # own engine name; with another it would name a file per worker after the database's path).
        _database.setdefault("TEST", {}).setdefault("NAME", ":memory:")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-ins (the admin's form) first pass django-axes, which refuses a user and address that failed too often; it
# authenticates nobody itself. API tokens and sessions never go through authenticate(), so axes never sees them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Languages: Kazakh is the default; Russian and English are served beside it.
LANGUAGE_CODE = env.str("DJANGO_LANGUAGE_CODE", default="kk")
LANGUAGES = [
    ("kk", _("Kazakh")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
if LANGUAGE_CODE not in {code for code, _name in LANGUAGES}:
    raise ImproperlyConfigured(f"DJANGO_LANGUAGE_CODE must be one of kk, ru, en, not {LANGUAGE_CODE!r}.")
# The data's own language: the column `name` maps to when no language is active (the seed is Kazakh).
MODELTRANSLATION_DEFAULT_LANGUAGE = "kk"
# A text missing in the requested language falls back to the default language, then to the others in
# the order of LANGUAGES: kk, ru, en out of the box.
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE, *(code for code, _name in LANGUAGES if code != LANGUAGE_CODE))
# Enum labels and API messages in kk and ru: each app's locale/ plus the project's own (errors, parameters).
LOCALE_PATHS = [BASE_DIR / "regionapi" / "locale"]
# Server-rendered pages over the data, answered like the API's reads: `?lang=` first, ETag and 304 from the data
# version (regionapi/core/language.py, caching.py).
PAGES_PATH_PREFIXES = ("/regions/",)
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve app static files (admin, Swagger UI, ReDoc) straight from the installed packages unless a
# deployment has run collectstatic and switches this off; keeps the docs working with DEBUG off.
WHITENOISE_USE_FINDERS = env.bool("DJANGO_STATIC_USE_FINDERS", default=True)
WHITENOISE_AUTOREFRESH = DEBUG

# CORS: the read API is public; any origin may call it unless a deployment narrows the list.
CORS_ALLOW_ALL_ORIGINS = env.bool("CORS_ALLOW_ALL_ORIGINS", default=True)
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
# The origins whose pages may write (POST, PUT, PATCH, DELETE with a token) from a browser; every other origin
# may only read (regionapi/core/cors.py). Clients outside a browser are not bound by CORS.
CORS_WRITE_ORIGINS = env.list("CORS_WRITE_ORIGINS", default=[])

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
CSRF_FAILURE_VIEW = "regionapi.core.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A database outage logs one line per kind of error per OUTAGE_LOG_INTERVAL_SECONDS, not a traceback per request.
    "filters": {
        "outage": {"()": "regionapi.core.health.OutageLogFilter"},
        "one_line": {"()": "regionapi.core.logs.OneLineFilter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["outage"]},
        "console_one_line": {"class": "logging.StreamHandler", "filters": ["one_line"]},
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # A request whose Host ALLOWED_HOSTS refuses is a 400 and one line naming the host, not a traceback (any
        # scanner can send one per request). Not propagated: Django's own "django" handlers would add the traceback.
        "django.security.DisallowedHost": {"handlers": ["console_one_line"], "propagate": False},
    },
}

# While the database is unreachable, requests get a 503 asking clients to retry after this many seconds, and
# each kind of failure is logged once per interval.
API_RETRY_AFTER_SECONDS = env.int("API_RETRY_AFTER_SECONDS", default=5)
OUTAGE_LOG_INTERVAL_SECONDS = env.int("OUTAGE_LOG_INTERVAL_SECONDS", default=60)

# Writes to a record (PUT, PATCH, DELETE) without If-Match or If-Unmodified-Since get 428 when on; with one, a stale
# version gets 412 either way (regionapi/core/preconditions.py).
# The writes to a record that need a precondition (If-Match or If-Unmodified-Since), else 428: PUT by default, since
# a PUT replaces the whole record and, sent blind, erases every change another writer made meanwhile (PATCH writes
# only the fields it sends). "1" (or "true") for PUT, PATCH and DELETE; "0" (or "false", "") for none.
_require_if_match = env.str("API_REQUIRE_IF_MATCH", default="PUT").strip().upper()
API_REQUIRE_IF_MATCH = (
    {"PUT", "PATCH", "DELETE"}
    if _require_if_match in {"1", "TRUE", "YES", "ON"}
    else set()
    if _require_if_match in {"0", "FALSE", "NO", "OFF", ""}
    else {method.strip() for method in _require_if_match.split(",") if method.strip()}
)

# The largest API request body accepted (bytes); a larger one is a JSON 413. A record is a few kilobytes.
API_MAX_BODY_BYTES = env.int("API_MAX_BODY_BYTES", default=1024 * 1024)

REST_FRAMEWORK = {
    # DRF's parsers, refusing a NUL character or invalid Unicode in a text with a 400 (regionapi/core/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "regionapi.core.parsers.TextJSONParser",
        "regionapi.core.parsers.TextFormParser",
        "regionapi.core.parsers.TextMultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        # DRF's browsable API, its forms showing a relation by its key (regionapi/core/browsable.py).
        "regionapi.core.browsable.BrowsableAPIRenderer",
        "regionapi.core.export.CSVRenderer",
    ],
    # Token first, so an anonymous write is told how to authenticate (401 with WWW-Authenticate).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Anyone reads; writing needs the model's add/change/delete permission.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="1000/hour"),
        "user": env.str("API_THROTTLE_USER", default="10000/hour"),
        # The OpenAPI schema's own budget, apart from the API's (config/views.py SchemaView).
        "docs": env.str("API_THROTTLE_DOCS", default="300/hour"),
    },
    # How many proxies in front append to X-Forwarded-For: an anonymous client is known by the address the nearest
    # of them saw (1 behind the nginx of docs/operating.md). 0: the connection's own address; DRF's default (None) took the
    # whole header, which any client writes, so a new made-up value per request was a fresh budget.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
    "DEFAULT_FILTER_BACKENDS": ["regionapi.core.filters.StrictFilterBackend"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "regionapi.core.negotiation.FormatFirstNegotiation",
    "DEFAULT_PAGINATION_CLASS": "regionapi.core.pagination.StandardPagination",
    "DEFAULT_SCHEMA_CLASS": "regionapi.core.schema.RegionapiAutoSchema",
    "EXCEPTION_HANDLER": "regionapi.core.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "COERCE_DECIMAL_TO_STRING": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "regionapi",
    # The API's description above Swagger UI and ReDoc: Markdown prose, kept in a file of its own.
    "DESCRIPTION": (BASE_DIR / "config" / "openapi-description.md").read_text(encoding="utf-8").strip(),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SourceKindEnum": "indicators.models.reference.SourceKind",
        "LanguageEnum": "indicators.models.reference.Language",
        "RegionKindEnum": "indicators.models.reference.RegionKind",
        "LocalityKindEnum": "indicators.models.reference.LocalityKind",
        "SectorLevelEnum": "indicators.models.reference.SectorLevel",
        "SizeClassEnum": "indicators.models.organisations.SizeClass",
        "QualifierEnum": "indicators.models.choices.Qualifier",
        "ObservationStatusEnum": "indicators.models.choices.ObservationStatus",
        "ComparisonBaseEnum": "indicators.models.choices.ComparisonBase",
        "ZoneKindEnum": "investments.models.zones.ZoneKind",
        "ZoneStatusEnum": "investments.models.zones.ZoneStatus",
        "ProjectStatusEnum": "investments.models.projects.ProjectStatus",
        "ParticipantRoleEnum": "investments.models.projects.ParticipantRole",
        "MilestoneStatusEnum": "investments.models.projects.MilestoneStatus",
        "DatePrecisionEnum": "investments.models.projects.DatePrecision",
        "MineralGroupEnum": "investments.models.geology.MineralGroup",
        "DepositKindEnum": "investments.models.geology.DepositKind",
        "ExplorationStatusEnum": "investments.models.geology.ExplorationStatus",
        "ResourceCategoryEnum": "investments.models.geology.ResourceCategory",
        "InstitutionKindEnum": "education.models.InstitutionKind",
    },
    "TAGS": [
        {"name": "indicators", "description": "Reference data, enterprises, indicators and observations."},
        {"name": "investments", "description": "Industrial zones, investment programmes and projects, geology."},
        {"name": "education", "description": "Universities, colleges and training programmes."},
    ],
}

# Bulk import: every import is one transaction; CSV and XLSX in the admin.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
from import_export.formats.base_formats import CSV, XLSX  # noqa: E402

IMPORT_EXPORT_FORMATS = [CSV, XLSX]

# Cache: per-process memory unless CACHE_URL points at a shared cache (redis://127.0.0.1:6379/1), which
# throttling needs when several server processes run.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# A prefix for every key, so that several deployments (or test runs) can share one Redis.
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="")

# Admin sign-in lockout (docs/editing.md, "An admin login"): after AXES_FAILURE_LIMIT failed sign-ins of one user name
# from one address, that pair is refused, the right password included, for AXES_COOLOFF_MINUTES; another address,
# or another user name from that address, is not. A successful sign-in clears the pair's failures. Counted in the
# shared cache when CACHE_URL names one (every process sees the same count, and the database is not written on each
# failure), otherwise in the database (axes's tables, listed in the admin).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# No "AXES: BEGIN ..." banner on every start of every manage.py command; lockouts are still logged as warnings.
AXES_VERBOSE = False
# Messages kept in the session (the database), not in a cookie: the one that shows a new token's key must not travel
# back and forth in the browser's cookies.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Per-process memory, no cache, or files (no atomic increment): axes cannot count in them (its check axes.W001).
_AXES_UNSUITABLE_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
}
AXES_HANDLER = (
    "axes.handlers.database.AxesDatabaseHandler"
    if CACHES["default"]["BACKEND"] in _AXES_UNSUITABLE_CACHES
    else "axes.handlers.cache.AxesCacheHandler"
)

# HTTP caching of API reads (docs/caching.md): anonymous answers may be kept this many seconds by browsers and
# proxies (Cache-Control: public, max-age=N); they revalidate with If-None-Match after that.
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=60)
# The shared response cache: anonymous reads kept in Redis, keyed by the data version. Used only when CACHE_URL is
# a Redis; 0 turns it off there too. Answers larger than API_RESPONSE_CACHE_MAX_BYTES are not kept.
API_RESPONSE_CACHE = env.bool("API_RESPONSE_CACHE", default=True)
API_RESPONSE_CACHE_MAX_BYTES = env.int("API_RESPONSE_CACHE_MAX_BYTES", default=1024 * 1024)
# Part of every ETag and cache key: change it (a release number, a commit) when a deployment changes what the API
# answers without a migration, so clients and the response cache drop the old answers.
API_CACHE_RELEASE = env.str("API_CACHE_RELEASE", default="")
# Where the bulk download's files are kept until the next change (regionapi/core/download.py): a folder this process
# may write; the files are a cache, so any folder works, and each machine keeps its own.
API_DOWNLOAD_DIR = env.str("API_DOWNLOAD_DIR", default=str(Path(tempfile.gettempdir()) / "regionapi-downloads"))

# Production security. Behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=1 and turn these on;
# `python manage.py check --deploy` then reports nothing (see docs/operating.md, Production).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
# Load balancers poll the process itself, over plain HTTP: the health checks are never redirected (a 301 is no 200).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=False)
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


# Content-Security-Policy (django-csp; docs/operating.md, Production): everything from this server only. Scripts
# are files, or an inline script that carries this request's nonce (the Swagger UI and ReDoc start-up scripts, in
# regionapi/templates/drf_spectacular/), or the one inline event handler listed by its hash: the "Select all" box of
# django-import-export's export page. Styles may be inline (style attributes in the admin, the browsable API and
# import-export; the <style> elements ReDoc writes at run time): CSS runs no script. Images may be data: URIs (the
# icons of Swagger UI and the admin's CSS), and ReDoc's search runs in a worker made from a blob: URL.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE, UNSAFE_HASHES, _csp_hash("onSelectToggleChange(event)")],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Where browsers report what the policy refused (a URL that takes their JSON reports; none by default).
if env.str("CSP_REPORT_URI", default=""):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = env.str("CSP_REPORT_URI")
