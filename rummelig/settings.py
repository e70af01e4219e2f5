"""Rummelig settings, read from the environment (see README, "For operators")."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from rummelig.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# Generic views, forms and admin classes take type parameters (`DetailView[Project]`).
django_stubs_ext.monkeypatch()

DEV_SECRET_KEY = "django-insecure-rummelig-development-only"  # noqa: S105
DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY and not env_bool("RUMMELIG_ALLOW_DEV_KEY"):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for local development)."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "accounts.apps.RummeligAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "csp",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    # Background jobs: the task framework and its two backends (jobs/, TASKS below).
    "django_tasks",
    "django_tasks_db",
    "django_tasks_rq",
    "django_rq",
    # The rooms, lowest first: each may import only those above it in this list.
    "core",
    "accounts",
    "jobs",
    "notifications",
    "grants",
    "companies",
    "participants",
    "progress",
    "spending",
    "meetings",
    "applications",
    "home",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "rummelig.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Downloads and signed-in users' pages (personal data, budgets) are never kept in a
    # browser's or a proxy's cache.
    "rummelig.middleware.NotStoredMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rummelig.urls"
WSGI_APPLICATION = "rummelig.wsgi.application"
ASGI_APPLICATION = "rummelig.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.navigation.navigation",
                "notifications.context.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections: a new connection per request costs more than most pages.
        # The health check replaces a connection the server closed before it is used.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under a few concurrent users: a write transaction takes the write
    # lock when it begins (IMMEDIATE), so two saves queue instead of one failing with
    # "database is locked" halfway; WAL lets readers go on while one writes; the busy timeout
    # is how long a writer waits for the lock before it gives up.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Some indexes carry extra columns for PostgreSQL (INCLUDE); SQLite indexes their keys.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    # PostgreSQL's JIT compiles a query's expressions when the planner's cost estimate is high.
    # The progress and list queries here are short OLTP-style aggregates whose estimates are
    # inflated by grouped joins: JIT spent up to 80 s compiling a query that runs in 0.7 s
    # without it. Rummelig runs no long analytical queries that would repay the compilation.
    # A statement still running after DB_STATEMENT_TIMEOUT seconds is a fault: it is cancelled
    # (the request gets an error page) instead of holding a worker and a connection.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c jit=off -c statement_timeout={env_int('DB_STATEMENT_TIMEOUT', 30) * 1000}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out username before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Every permission, role-wide or for one object, is a rule in an app's rules.py.
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backend.AccountBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
# Dates: prose "7. december 2026", tables "07.12.2026" (core/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["core.formats"]
# Amounts are grouped explicitly (grants.templatetags); years and counts stay "2017".
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
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

DJANGO_TABLES2_TEMPLATE = "django_tables2/fds_table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table--compact"}

# Production hardening; each can be relaxed from the environment for a TLS-terminating proxy.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# A working day at most, and gone with the browser: offices share machines.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# No script reads the CSRF cookie; forms carry the token in a hidden field.
CSRF_COOKIE_HTTPONLY = True
# The language switch is a form posted to the server; no script reads its cookie either.
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): everything from this site, nothing inline. Scripts live
# in static/js and read their data from json_script blocks; styles live in static/css. A view
# may set a stricter header of its own (attachment downloads are sandboxed).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login throttling (django-axes): five wrong passwords for one username from one address lock
# that pair out for half an hour; a failure during the lockout starts the half hour again.
# An administrator can lift a lockout early under "Access attempts" in the administration.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"

# Uploaded files (case attachments) live outside the web root and are served only through
# views that check access; there is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Background jobs (jobs/): long renders run in a worker, never in a web request. By default the
# queue is a table in the database (django-tasks-db; worker: `manage.py db_worker`), so one
# machine needs nothing else; TASKS_BACKEND=rq puts it in Redis (django-tasks-rq; workers:
# `manage.py rqworker --job-class django_tasks_rq.Job JOBS_QUEUE`) at REDIS_URL.
JOBS_QUEUE = env_str("JOBS_QUEUE", "default")
JOB_RESULT_DAYS = env_int("JOB_RESULT_DAYS", 7)
# The staff's front page shows the region's standing (targets behind pace, early warnings) as
# the background worker last computed it; older than this, a request asks for it again.
HOME_STANDING_MINUTES = env_int("HOME_STANDING_MINUTES", 10)
# The course list's XLSX of up to this many rows is written in the request; a larger one is a
# background job (participants.export_job): no web request should take more than a few seconds.
COURSE_EXPORT_INLINE_ROWS = env_int("COURSE_EXPORT_INLINE_ROWS", 5000)
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {JOBS_QUEUE: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60 * 60}}
# No link to django-rq's dashboard in the admin: it needs Redis even when the database backend
# runs the jobs, and its model has no table (jobs/admin.py says why the admin leaves it out).
RQ_SHOW_ADMIN_LINK = False
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND not in ("database", "rq"):
    raise ImproperlyConfigured("TASKS_BACKEND must be 'database' or 'rq'.")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_rq.RQBackend"
            if TASKS_BACKEND == "rq"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": [JOBS_QUEUE],
    }
}

# Periodic work (jobs.schedule; `manage.py run_schedule` fires it, the task workers run it):
# the hours, in TIME_ZONE, of the daily reminders, digests and purge of expired job results.
REMINDER_HOUR = env_int("REMINDER_HOUR", 6)
DIGEST_HOUR = env_int("DIGEST_HOUR", 7)
PURGE_HOUR = env_int("PURGE_HOUR", 3)

# E-mail (notifications/): Django's mail over SMTP, configured here from the environment. `make
# run` uses the console backend, which prints each e-mail in the terminal instead.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Rummelig <rummelig@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The public address of the site, for the links in e-mails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Attempts at sending one e-mail before it is failed (1, 4, 16, 64 minutes apart, then hours).
NOTIFICATION_EMAIL_ATTEMPTS = env_int("NOTIFICATION_EMAIL_ATTEMPTS", 6)

# Largest upload Django holds in memory; imports have their own limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools narrate every PDF at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes narrates every login at INFO; failed logins and lockouts are WARNINGs.
        "axes": {"level": "WARNING"},
    },
}
