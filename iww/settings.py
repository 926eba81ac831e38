"""Settings for IWW Zelfscan.

Everything that differs between a laptop and production comes from the environment, with safe
development defaults. Production is selected by ``DEBUG=false`` plus the variables documented in
``docs/deployment.md``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "")
    try:
        return float(value) if value else default
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from exc


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from exc


DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-development-only-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    "axes",
    "iww.apps.IwwConfig",
    "knowledge",
    "evaluation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "iww.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (it asks who is signed in); adds no-store to personal responses.
    "iww.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the Dutch lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "iww.urls"
# Where the admin lives (iww/urls.py); always in Dutch (iww.middleware.ChosenLanguageMiddleware).
ADMIN_URL = "beheer/"

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

WSGI_APPLICATION = "iww.wsgi.application"
ASGI_APPLICATION = "iww.asgi.application"

# SQLite in var/ (ignored by git) unless DATABASE_URL points elsewhere, e.g.
# postgres://user:password@127.0.0.1:5432/iww in production and in CI.
SQLITE_PATH = BASE_DIR / "var" / "iww.sqlite3"
if not os.environ.get("DATABASE_URL"):
    SQLITE_PATH.parent.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SQLITE_PATH}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0 if DEBUG else 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 for new and changed passwords; older hashes are still read and upgraded at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Login rate limiting (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that combination waits AXES_COOLOFF_MINUTES. Behind a proxy, set the
# environment variable AXES_IPWARE_PROXY_COUNT to the number of proxies in front of gunicorn, so
# the client's address is read from X-Forwarded-For (django-ipware does the reading; the
# iww.E001/E002 checks stop the start when it cannot).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "iww.lockout.lockout"
if os.environ.get("AXES_IPWARE_PROXY_COUNT"):
    _proxies = env_int("AXES_IPWARE_PROXY_COUNT", 1)
    if _proxies < 1:
        raise ImproperlyConfigured("AXES_IPWARE_PROXY_COUNT counts proxies: 1 or more, or unset.")
    # ipware counts the proxies *listed in* X-Forwarded-For. The last proxy is not listed (its
    # address is REMOTE_ADDR), so one nginx means 0 there: the client is the right-most entry,
    # the one nginx appended. Not strict: entries a client sent itself, left of it, are ignored
    # instead of sending the lookup back to REMOTE_ADDR (the proxy, shared by everybody).
    AXES_IPWARE_PROXY_COUNT = _proxies - 1
    AXES_IPWARE_PROXY_ORDER = "left-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    IPWARE_STRICT = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
# The language choice is read by the server only; no script needs it.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
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

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "evaluation:landing"
LOGOUT_REDIRECT_URL = "home"

# Mail goes to the console unless SMTP is configured (EMAIL_HOST and friends).
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": env_int("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                # Seconds; a hanging mail server must not hold a worker forever.
                "timeout": env_int("EMAIL_TIMEOUT", 10),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zelfscan@localhost")
# How often an hour one personal resume link may be mailed (the respondent mails it to
# themself; evaluation/scan/mail.py).
RESUME_MAIL_LIMIT = env_int("RESUME_MAIL_LIMIT", 3)

# Password reset requests per hour, per e-mail address and per client address; beyond them the
# answer is 429 and nothing is sent. Counted in the cache (per process unless CACHES is shared).
PASSWORD_RESET_LIMIT_PER_ADDRESS = env_int("PASSWORD_RESET_LIMIT_PER_ADDRESS", 3)
PASSWORD_RESET_LIMIT_PER_CLIENT = env_int("PASSWORD_RESET_LIMIT_PER_CLIENT", 10)
# Per address from all clients together: only against a flood from many machines, so high
# enough that one client cannot use up another address's allowance (that is per client).
PASSWORD_RESET_LIMIT_PER_ADDRESS_ALL_CLIENTS = env_int(
    "PASSWORD_RESET_LIMIT_PER_ADDRESS_ALL_CLIENTS", 20
)

# Rate limits are counted in a cache every worker and every app server shares: the database
# (table created by migration evaluation 0016), or Redis for larger deployments
# (RATE_LIMIT_REDIS_URL, e.g. redis://cache:6379/1; needs the redis package).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["RATE_LIMIT_REDIS_URL"],
        }
        if os.environ.get("RATE_LIMIT_REDIS_URL")
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "iww_rate_limits",
        }
    ),
}

# Privacy: no team, role or comment result is shown below this many submitted responses.
PRIVACY_MIN_RESPONSES = env_int("PRIVACY_MIN_RESPONSES", 3)
# The lowest, median and highest score of a group, and a round's comments, need more: with few
# responses they are close to single people's answers (employee surveys use 5 for comments).
PRIVACY_MIN_FOR_RANGE = env_int("PRIVACY_MIN_FOR_RANGE", 5)
PRIVACY_MIN_FOR_COMMENTS = env_int("PRIVACY_MIN_FOR_COMMENTS", 5)
# The national comparison is shown per condition only when at least this many teams have a score.
NATIONAL_MIN_TEAMS = env_int("NATIONAL_MIN_TEAMS", 10)
# Below this response rate (submitted scans / team size) the gemeente pages mark a round as less
# representative. Not a privacy rule: nothing is withheld.
PARTICIPATION_WARNING = env_float("PARTICIPATION_WARNING", 0.5)
# Prepare a round's PDF report in the background when the round closes or its content changes,
# so a download is normally the stored file (evaluation/report.py).
REPORTS_PREPARE = env_bool("REPORTS_PREPARE", True)

# Retention: `manage.py purge_raw_answers` deletes the raw answers and comments of rounds closed
# longer ago than this; scores, aggregates and reports stay.
RETENTION_DAYS = env_int("RETENTION_DAYS", 365)

# Knowledge pages: lessons per page in the searchable list.
LESSONS_PER_PAGE = 20

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers and probes ask over plain HTTP: the health check answers them (it carries
    # nothing, sets no cookie).
    SECURE_REDIRECT_EXEMPT = [r"^gezond/$"]
    # Only for a production-like run over plain HTTP on loopback (make loadtest).
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# A strict Content-Security-Policy (Django's own middleware), in every mode: only our own
# scripts, styles, fonts and images; no inline script or style, no framing, no plugins.
# data: images are Bootstrap's small SVG icons in its stylesheet.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Django logs the path of every 404 (an unknown or revoked link): tokens become [token].
    "filters": {"redact_tokens": {"()": "iww.accesslog.RedactingFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step, fontTools every font it decompresses, at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Django's Tasks API logs every task start and finish at INFO.
        "django.tasks": {"level": "WARNING"},
        # django-axes logs every login's reset of failed attempts at INFO.
        "axes": {"level": "WARNING"},
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Background tasks (Django's Tasks API). "database" is django-tasks-db: tasks are rows in the
# database and `manage.py db_worker` processes run them, on this or any machine using the same
# database. "immediate" runs a task inline when it is enqueued (inside the request): the default
# with DEBUG for tests and one-off commands; `make run` sets "database" and starts a worker, so
# a save in development costs what it costs in production.
TASK_BACKEND = os.environ.get("TASK_BACKEND", "immediate" if DEBUG else "database")
TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
# A worker making the ZIP of all reports renews its lease on the job after every report. A job
# whose lease ran out (its worker died) is abandoned: the next request starts a new one, and the
# admin can retry or cancel it. Longer than one report ever takes.
BULK_JOB_LEASE_SECONDS = env_int("BULK_JOB_LEASE_SECONDS", 300)

TASKS = {
    "default": {"BACKEND": TASK_BACKENDS[TASK_BACKEND]},
    # Always available by name, so the tests can run the real worker against it.
    "database": {"BACKEND": TASK_BACKENDS["database"]},
}
