"""Settings for dualcareer, read only from the environment (see .env.example).

Every variable is parsed strictly: a malformed value stops the start with a
clear error instead of running with a surprising default. Development
defaults (SQLite, console e-mail, DEBUG) apply only when DJANGO_DEBUG is true.
"""

import os
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is read in development only; production passes real variables.
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str(
        "DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production"
    )
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files for /api/v1/docs/ (no CDN)
    "axes",
    "django_tasks",
    "django_tasks_db",
    "dualcareer.core",
    "dualcareer.accounts",
    "dualcareer.network",
    "dualcareer.cases",
    "dualcareer.openings",
    "dualcareer.exchange",
    "dualcareer.knowledge",
    "dualcareer.sso",
    "dualcareer.trainings",
    "dualcareer.statistics",
    "dualcareer.api",
    "dualcareer.public",
    "dualcareer.site",
    # After the platform's apps: an earlier app's translations win, and django-filter's
    # catalogue translates common words ("Submit") differently from ours.
    "django_filters",
    # Django's form templates through TEMPLATES (FORM_RENDERER below), last: the platform's
    # own django/forms/widgets/select.html (dualcareer/site) replaces Django's.
    "django.forms",
]

MIDDLEWARE = [
    # /healthz and /readyz first: no HTTPS redirect, host check or session (core.health).
    "dualcareer.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The request's permission reads share one memo of the user's roles (accounts.permissions).
    "dualcareer.accounts.middleware.PermissionMemoMiddleware",
    # After authentication: a signed-in user's stored language on every page.
    "dualcareer.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication and messages: until a session has given its second
    # factor it reaches only the two-factor pages (dualcareer/accounts/twofactor.py).
    "dualcareer.accounts.middleware.TwoFactorMiddleware",
    # Officers, coordinators and administrators idle for STAFF_IDLE_TIMEOUT_MINUTES are logged out.
    "dualcareer.core.idle.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dualcareer.core.middleware.SecurityHeadersMiddleware",
    "dualcareer.core.middleware.BadInputMiddleware",
    # A view that loses the database answers 503 "temporarily unavailable" (core.health).
    "dualcareer.core.health.DatabaseUnavailableMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes docs).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dualcareer.site.context_processors.site",
            ],
            # {% url %} with a memo of its answers, replacing Django's tag in every template
            # (dualcareer/site/templatetags/url_memo.py; 40-120 per list page).
            "builtins": ["dualcareer.site.templatetags.url_memo"],
        },
    },
]

# Widgets are rendered by the project's template engine, so that a widget's template can be
# replaced (see INSTALLED_APPS).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# SQLite is the embedded default; production and CI set DATABASE_URL=postgres://...
if "DATABASE_URL" not in env:
    (BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections on PostgreSQL (seconds), checked before each request's
# first query (CONN_HEALTH_CHECKS): after a database restart the first request
# reconnects instead of failing on the dead connection.
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "DATABASE_CONN_MAX_AGE",
    default=0 if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else 60,
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No parallel workers for a page's queries: starting them cost more than they saved
    # (a city's capped count at 1,000,000 openings: 17 ms alone, 50 ms with two
    # workers, docs/performance.md), and on a small server they take the cores that the
    # other requests need. DATABASE_PARALLEL_WORKERS sets PostgreSQL's
    # max_parallel_workers_per_gather for the application's connections.
    _parallel = env.int("DATABASE_PARALLEL_WORKERS", default=0)
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (
        f"{_options.get('options', '')} -c max_parallel_workers_per_gather={_parallel}".strip()
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache shared by all server processes keeps login throttling and the
# application rate limit consistent; production sets CACHE_URL=redis://...
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# The matching index of live openings: one memory-mapped file shared by every
# server process of the machine (dualcareer/openings/matchmaking/index.py).
MATCHING_INDEX_DIR = env.path("MATCHING_INDEX_DIR", default=BASE_DIR / "var" / "matching-index")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "site:dashboard"
LOGOUT_REDIRECT_URL = "site:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Two-factor login (TOTP): required for these roles (they see personal data) and
# for superusers, optional for everyone else; after TWO_FACTOR_MAX_FAILURES wrong
# codes the account's codes are refused for TWO_FACTOR_LOCKOUT_SECONDS.
TWO_FACTOR_REQUIRED_ROLES = env.list(
    "TWO_FACTOR_REQUIRED_ROLES", default=["coordinator", "officer"]
)
TWO_FACTOR_MAX_FAILURES = env.int("TWO_FACTOR_MAX_FAILURES", default=5)
TWO_FACTOR_LOCKOUT_SECONDS = env.int("TWO_FACTOR_LOCKOUT_SECONDS", default=15 * 60)
TWO_FACTOR_ISSUER = env.str("TWO_FACTOR_ISSUER", default="dualcareer")
# Single sign-on (dualcareer/sso): xmlsec1 from the PATH unless given; clock skew.
SSO_XMLSEC_BINARY = env.str("SSO_XMLSEC_BINARY", default="")
SSO_SAML_CLOCK_SKEW_SECONDS = env.int("SSO_SAML_CLOCK_SKEW_SECONDS", default=60)
# OpenID Connect: the server calls each institution's provider (discovery, keys,
# token). Private, loopback and link-local addresses are refused, so a provider
# entered by a coordinator cannot make the server probe the internal network.
# True only where the identity provider itself sits on a private network.
SSO_ALLOW_PRIVATE_HOSTS = env.bool("SSO_ALLOW_PRIVATE_HOSTS", default=False)

# Failed logins: after AXES_FAILURE_LIMIT failures for one account from one
# address the account is locked for that address for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("AXES_COOLOFF_MINUTES", default=15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False
# The address is the client's as seen by the trusted proxies (core.http),
# the same as for the application's rate limit.
AXES_CLIENT_IP_CALLABLE = "dualcareer.core.http.client_ip"
# Successful logins are in the audit log already (without address or user
# agent); axes' own access log would keep address, user agent and path.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Values of these fields are never stored with a failed attempt.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "next", "csrfmiddlewaretoken"]
# Days the records of failed logins (address, user agent, path) are kept;
# `manage.py axes_retention` deletes older ones (docs/operations.md).
AXES_RETENTION_DAYS = env.int("AXES_RETENTION_DAYS", default=30)

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# English dates as "28 Nov 2026" (config/formats/en/formats.py); German keeps Django's.
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGE_COOKIE_NAME = "dualcareer_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "var" / "static")
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"  # never served publicly: uploads are personal data, served by views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Larger uploads go to a temporary file; a full disk there is a message at the form's
# file field (dualcareer.core.uploads), not an error page.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "dualcareer.core.uploads.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)

# E-mail: EMAIL_URL, e.g. smtp+tls://user:pass@mail.example.org:587 ; in
# development (DEBUG, no EMAIL_URL) each message is printed on the console and
# kept in EMAIL_FILE_PATH for the page /dev/mail/ (dualcareer.core.devmail).
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
if DEBUG and "EMAIL_URL" not in os.environ:
    EMAIL_BACKEND = "dualcareer.core.devmail.EmailBackend"
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="dualcareer <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 20
# Background jobs (e-mail, JobPosting imports): rows of this database, run by
# `manage.py db_worker` (django-tasks' database backend; docs/operations.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# An e-mail that fails is retried after MAIL_RETRY_SECONDS, doubled per attempt,
# up to MAIL_MAX_ATTEMPTS; then shown to the coordinators and deleted after
# MAIL_FAILED_RETENTION_DAYS (`jobs_cleanup`).
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=6)
MAIL_RETRY_SECONDS = env.int("MAIL_RETRY_SECONDS", default=60)
MAIL_FAILED_RETENTION_DAYS = env.int("MAIL_FAILED_RETENTION_DAYS", default=30)
# Finished job records (ids and status only) are pruned after this many days.
JOBS_RETENTION_DAYS = env.int("JOBS_RETENTION_DAYS", default=7)
# Import reports (positions, reference numbers, reasons) are kept this long.
JOB_RUNS_RETENTION_DAYS = env.int("JOB_RUNS_RETENTION_DAYS", default=30)
# Called by `jobs_cleanup`: each queues again its app's jobs whose worker died.
JOBS_RESUME_HOOKS = ["dualcareer.openings.importing.import_runs_requeue_stale"]

# Messages sent through the public contact form are deleted after this many
# days (`manage.py public_contact_purge`, docs/operations.md).
CONTACT_RETENTION_DAYS = env.int("CONTACT_RETENTION_DAYS", default=180)
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Security: strict in production, relaxed only for local development.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Reverse proxies in front of the application that set X-Forwarded-For
# (core.http.client_ip). 0: the connection's address is the client's and
# the header, written by the client, is ignored.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
# Cookies only over HTTPS in production; the browser tests serve plain HTTP
# on 127.0.0.1 and switch this off explicitly.
SECURE_COOKIES = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
# Staff who see partner data (these roles, and administrators) are logged out
# after this many minutes without a request (dualcareer.core.idle); 0: off.
STAFF_IDLE_TIMEOUT_MINUTES = env.int("STAFF_IDLE_TIMEOUT_MINUTES", default=30)
STAFF_IDLE_TIMEOUT_ROLES = ["officer", "coordinator"]
IDLE_TIMEOUT_ROLES_CALLABLE = "dualcareer.accounts.permissions.user_roles"
# /readyz fails when no background worker (`manage.py worker`) beat within
# this many minutes; 0 leaves the worker out of the readiness check.
READINESS_WORKER_MAX_AGE_MINUTES = env.int("READINESS_WORKER_MAX_AGE_MINUTES", default=5)
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Preloading is hard to undo (browsers ship the list): opt-in only.
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
# Django's deploy check asks for preload; without the opt-in that is deliberate.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "dualcareer.site.views.errors.csrf_failure"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # The session (browser) and personal Bearer tokens with scopes; HTTP Basic
    # (a password hash per request) only on the deprecated /api/... paths.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "dualcareer.api.authentication.BrowserSessionAuthentication",
        "dualcareer.api.authentication.BearerTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
# Requests per API token (per user for the session), then 429 with Retry-After.
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="600/min")
# Webhooks: attempts per delivery (retried after WEBHOOK_RETRY_SECONDS, doubled
# each time), and how long the delivery log is kept. Receivers on private or
# loopback addresses are refused unless WEBHOOK_ALLOW_PRIVATE_HOSTS (tests).
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=6)
WEBHOOK_RETRY_SECONDS = env.int("WEBHOOK_RETRY_SECONDS", default=60)
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=10)
WEBHOOK_LOG_RETENTION_DAYS = env.int("WEBHOOK_LOG_RETENTION_DAYS", default=30)
WEBHOOK_ALLOW_PRIVATE_HOSTS = env.bool("WEBHOOK_ALLOW_PRIVATE_HOSTS", default=False)
# The log of sent e-mails (template, language, status, address hash) is kept this long.
MAIL_LOG_RETENTION_DAYS = env.int("MAIL_LOG_RETENTION_DAYS", default=90)
SPECTACULAR_SETTINGS = {
    "TITLE": "dualcareer API",
    "DESCRIPTION": "REST API of a Dual Career network platform.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema lists internal operations: for logged-in users and API clients only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI from drf-spectacular-sidecar's static files (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two choice sets named "visibility" (openings, knowledge articles): named enums.
    "ENUM_NAME_OVERRIDES": {
        "OpeningVisibilityEnum": "dualcareer.openings.models.Visibility",
        "ArticleVisibilityEnum": "dualcareer.knowledge.models.Visibility",
        # trainings (and articles: the same three languages)
        "TrainingKindEnum": "dualcareer.trainings.models.Kind",
        "ContentLanguageEnum": "dualcareer.trainings.models.Language",
        # API case writes: the kind of case, the partner's languages, sectors
        "CaseKindEnum": "dualcareer.cases.models.CaseKind",
        "PartnerLanguageEnum": "dualcareer.cases.models.Language",
        "SectorEnum": "dualcareer.network.models.Sector",
    },
    # Every operation declares its error answers (400, 401, 403, 404, 413, 415, 429).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "dualcareer.api.schema.declare_error_responses",
    ],
}

# Logs never carry personal data or secrets: requests are logged by path
# only, with e-mail addresses and link tokens masked in every record, also
# in exception texts; exception reports do not include POST bodies (see
# core.logging). Every logger writes through the filtered handler.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ValueError(f"LOG_FORMAT must be 'plain' or 'json', not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "dualcareer.core.logging.NoPersonalDataFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # LOG_FORMAT=json: one JSON object per line (dualcareer.core.jsonlog).
        "json": {"()": "dualcareer.core.jsonlog.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["no_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # pysaml2 logs name identifiers and attributes at INFO: only its warnings.
        "saml2": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "xmlschema": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
DEFAULT_EXCEPTION_REPORTER_FILTER = "dualcareer.core.logging.PersonalDataExceptionReporterFilter"

# Network-wide defaults that institutions may override.
CASE_RETENTION_MONTHS_DEFAULT = env.int("CASE_RETENTION_MONTHS_DEFAULT", default=24)
# Days an introduction may wait for the employer's answer before a reminder.
OPENINGS_INTRODUCTION_REMINDER_DAYS = env.int("OPENINGS_INTRODUCTION_REMINDER_DAYS", default=7)
# JobPosting import from URLs refuses private and loopback addresses (SSRF);
# only a closed intranet installation would switch this on.
OPENINGS_IMPORT_ALLOW_PRIVATE_HOSTS = env.bool("OPENINGS_IMPORT_ALLOW_PRIVATE_HOSTS", default=False)
