"""Settings for Plan Portal, read from the environment (12-factor).

Every value a deployment changes comes from an environment variable; the defaults
give a production-safe set-up: DEBUG is off unless DEBUG=true is set, as `make run` and the
tests do for development.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    # Development only: a key that is obviously not for production.
    SECRET_KEY = "django-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "planportal",
    "deposits",
    "rights",
    "zones",
    "targets",
    "review",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses the API's JSON reads for clients that ask (after every other middleware).
    "planportal.api.compression.APIGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "planportal.access.PublicReadMiddleware",
    # Anonymous reads served again until the data changes: after every access check (the
    # session, the language, the CSRF cookie, the user and public reads are settled); the
    # headers the middleware below adds (frame options, CSP) are stored with the answer.
    "planportal.response_cache.PublicResponseCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out login into a 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "planportal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "planportal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait for each other instead of failing with "database is locked":
    # WAL lets readers go on while one writes, every transaction takes the write lock when it
    # begins (so a read-then-write block cannot deadlock on the upgrade), and a writer waits
    # up to SQLITE_TIMEOUT seconds for the lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("SQLITE_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# An optional PostgreSQL read replica: reads go there, writes (and reads inside a write
# transaction) to the primary; see planportal.routers. Unset: one database, no router.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
    # The test run has no replica of its own: the replica alias reads the test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["planportal.routers.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_config(url, table="planportal_cache"):
    """``CACHE_URL`` → a ``CACHES`` entry every gunicorn worker shares.

    Unset (or ``db://``): the database cache, in ``table`` (``createcachetable``, run by
    ``make run`` and the tests, creates every one). ``redis://…`` / ``rediss://…``: Redis. A
    per-process cache would let each worker count login failures on its own, so there is none.
    """
    scheme = url.split("://", 1)[0].lower() if url else "db"
    if scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": table,
            # Django culls a third of the entries past 300 by default: lock-outs and uploads
            # waiting for confirmation must not be pushed out by a burst of throttle counts.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"CACHE_URL must start with redis://, rediss:// or db://: {url!r}")


CACHES = {
    # Login throttles and lock-outs, uploads waiting for confirmation: state that must last.
    "default": cache_config(os.environ.get("CACHE_URL", "")),
    # What can always be computed again (planportal/cache.py): the data generation, cached
    # figures and whole answers. Apart, so that anonymous readers asking for many distinct URLs
    # fill and cull this one and never push a lock-out out of the default cache. Its own
    # table; or ``ANSWER_CACHE_URL`` (a Redis that may evict), else the same ``CACHE_URL``.
    "answers": cache_config(
        os.environ.get("ANSWER_CACHE_URL") or os.environ.get("CACHE_URL", ""),
        table="planportal_cache_answers",
    ),
}

# Whole answers to anonymous GETs, kept per data generation (planportal/response_cache.py):
# the longest an entry lives, in seconds (0: never cache an answer), and the largest one kept.
RESPONSE_CACHE_SECONDS = int(os.environ.get("RESPONSE_CACHE_SECONDS", "600"))
RESPONSE_CACHE_MAX_BYTES = 2 * 1024 * 1024
RESPONSE_CACHE_EXCLUDED_PATHS = ("/admin/", "/healthz", "/readyz", "/i18n/", "/api/v1/auth/")

# How many reverse proxies stand in front of the portal. 0 (the default): X-Forwarded-For is
# ignored and the client is REMOTE_ADDR, so a made-up header cannot reset a login throttle;
# n: the n-th address from the right of X-Forwarded-For, the one the outermost proxy saw.
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))
if NUM_PROXIES < 0:
    raise ImproperlyConfigured("NUM_PROXIES must be 0 or more.")

# Admin and token logins: django-axes locks an address out after LOGIN_FAILURE_LIMIT wrong
# passwords for LOGIN_COOLOFF_MINUTES, counting in the shared cache; one client address is
# found the same way as for the API throttles (planportal.access.client_ip).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "default"
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "planportal.access.client_ip"
AXES_LOCKOUT_CALLABLE = "planportal.access.lockout_response"
# Cache handler: no attempt records in the database, so no admin pages for them.
AXES_ENABLE_ADMIN = False
# django-ipware is not installed (AXES_CLIENT_IP_CALLABLE decides); these say the same.
AXES_IPWARE_PROXY_COUNT = NUM_PROXIES or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if NUM_PROXIES else ("REMOTE_ADDR",)
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first, English available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("en", _("English")),
]
# One catalogue per area of the portal (models, admin, API, pages), so that each area's
# translations live beside each other and are compiled together at set-up.
LOCALE_PATHS = [BASE_DIR / "locale" / area for area in ("models", "admin", "api", "pages")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

LOGIN_URL = "admin:login"
# Where a login goes when its ``next`` is missing or refused (another host): the overview,
# never Django's default /accounts/profile/, which the portal does not have.
LOGIN_REDIRECT_URL = "overview"

# Reading the published plan is open unless PLAN_PORTAL_PUBLIC_READ=false.
PLAN_PORTAL_PUBLIC_READ = env_bool("PLAN_PORTAL_PUBLIC_READ", default=True)
# The plan the pages and API show when none is asked for.
PLAN_PORTAL_DEFAULT_PLAN = os.environ.get("PLAN_PORTAL_DEFAULT_PLAN", "xinyuan-2021-2025")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["planportal.api.permissions.PlanDataPermission"],
    # In this order: unknown query parameters refused, the FilterSet, ?search= over the
    # FilterSet's search_fields, ?ordering= over the view's ordering_fields only.
    "DEFAULT_FILTER_BACKENDS": [
        "planportal.api.filters.KnownParametersFilter",
        "planportal.api.filters.PlanFilterBackend",
        "planportal.api.filters.FilterSetSearchFilter",
        "planportal.api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "planportal.api.pagination.PlanPagination",
    "PAGE_SIZE": 50,
    # Every operation documents the JSON errors it can answer.
    "DEFAULT_SCHEMA_CLASS": "planportal.api.schema.PlanAutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
    "EXCEPTION_HANDLER": "planportal.api.exceptions.api_exception_handler",
    # The API reads JSON only (a form body is a 415), so the schema advertises one request
    # body per write; JSON nested too deep is a 400, not a RecursionError. The browsable
    # API's "Raw data" form posts JSON; signing in goes through the admin's login page.
    "DEFAULT_PARSER_CLASSES": ["planportal.api.parsers.JSONParser"],
    # No throttle by default; the token endpoint's (planportal.api.auth.LoginThrottle)
    # slows down password guessing.
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_THROTTLE_RATES": {"token-login": "10/min"},
    "NUM_PROXIES": NUM_PROXIES,
}

# API tokens are stored hashed (knox) and expire after API_TOKEN_TTL_DAYS at the latest (the
# admin refuses a later expiry); a password change revokes them (planportal.signals).
API_TOKEN_TTL_DAYS = int(os.environ.get("API_TOKEN_TTL_DAYS", "365"))
if API_TOKEN_TTL_DAYS < 1:
    raise ImproperlyConfigured("API_TOKEN_TTL_DAYS must be 1 or more.")
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_TTL_DAYS),
    "AUTO_REFRESH": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Plan Portal API",
    "DESCRIPTION": "矿产资源总体规划门户 — 规划、矿床、矿业权、规划分区、规划指标的数据接口。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs are closed with the rest of the API (PLAN_PORTAL_PUBLIC_READ).
    "SERVE_PERMISSIONS": ["planportal.api.permissions.PublicReadPermission"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set, even where two fields share it (stage / work_degree, unit /
    # capacity_unit).
    "ENUM_NAME_OVERRIDES": {
        "StageEnum": "planportal.choices.Stage",
        "UnitEnum": "planportal.units.Unit",
        "IndicatorStatusEnum": "targets.choices.Status",
        "MineStatusEnum": "planportal.choices.MineStatus",
        "CapacityUnitEnum": "planportal.units.CAPACITY_UNIT_CHOICES",
    },
    # English titles, x-enum-varnames and anonymous reads, for generated clients.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "planportal.api.schema.postprocess_for_clients",
    ],
}

# Content-Security-Policy (django-csp): scripts and styles only from the portal, no inline
# script, no <style> element, no style attribute. Progress bars are <meter>s; ECharts and
# Django's admin scripts set styles through element.style, which CSP does not block; the
# third-party templates that wrote style="…" are overridden (templates/admin/import_export/
# export.html, templates/simple_history/object_history_list.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'none'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Excel imports (django-import-export) write all rows or none.
IMPORT_EXPORT_USE_TRANSACTIONS = True

# Hardened settings when DEBUG is off (manage.py check --deploy is clean).
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Excel uploads (admin imports; planportal.spreadsheets, planportal.imports). A file over a
# cap is refused with a message before it is unpacked or parsed.
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))
IMPORT_MAX_UNPACKED_MEMBER_BYTES = 32 * 1024 * 1024  # any one part of the .xlsx zip
IMPORT_MAX_UNPACKED_TOTAL_BYTES = 64 * 1024 * 1024  # all parts together
IMPORT_MAX_ZIP_MEMBERS = 200
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", 10_000))  # data rows, under the headings
IMPORT_MAX_COLUMNS = 100
# Between the preview and the confirmation the upload waits in this cache (shared by the
# workers), bound to the uploader's session, for at most this long.
IMPORT_UPLOAD_CACHE = "default"
IMPORT_UPLOAD_TTL_SECONDS = 30 * 60
IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES = True
