"""Django settings for jxjy.

Everything a deployment changes comes from the environment, so that the embedded default
(SQLite, in-process tasks, local files) and the scale path (PostgreSQL, Redis, workers) run the
same code. See README.md for the variables.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
# The working data (SQLite file, uploads) lives beside the checkout unless told otherwise.
VAR_DIR = Path(os.environ.get("JXJY_VAR_DIR", PACKAGE_DIR.parent.parent / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("JXJY_SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = os.environ.get("JXJY_DEBUG", "1") == "1"
if not DEBUG and not os.environ.get("JXJY_SECRET_KEY"):
    # The development key is public (it is in this file): sessions, CSRF tokens and the sandbox
    # and verification signatures signed with it could be forged.
    raise ImproperlyConfigured("JXJY_SECRET_KEY must be set when JXJY_DEBUG=0 (a long random string, "
                               "e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))')")
ALLOWED_HOSTS = os.environ.get("JXJY_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("JXJY_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "csp",
    "jxjy.core",
    "jxjy.org",
    "jxjy.accounts",
    "jxjy.plans",
    "jxjy.catalog",
    "jxjy.courseware",
    "jxjy.exams",
    "jxjy.learning",
    "jxjy.credits",
    "jxjy.billing",
    "jxjy.certificates",
    "jxjy.reviews",
    "jxjy.service",
    "jxjy.stats",
    "jxjy.portals",
    "jxjy.notices",
    "jxjy.evaluations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "jxjy.core.middleware.ApiNoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jxjy.core.middleware.SessionIdleRefreshMiddleware",
    "jxjy.core.middleware.PlatformLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jxjy.accounts.middleware.ForcedPasswordChangeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jxjy.core.middleware.RequestContextMiddleware",
    "jxjy.core.middleware_errors.DomainErrorPageMiddleware",
]

ROOT_URLCONF = "jxjy.urls"
WSGI_APPLICATION = "jxjy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "jxjy.core.context.platform",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'jxjy.sqlite3'}",
        conn_max_age=int(os.environ.get("JXJY_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits; the busy timeout queues writers instead
    # of failing them with "database is locked" under concurrent heartbeats.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Connections persist (JXJY_CONN_MAX_AGE, as on PostgreSQL). Closing one after every request
    # made each request that wrote pay a WAL checkpoint (the last connection to close copies the
    # WAL back into the database and syncs it): half the heartbeat's throughput. Kept open, a
    # connection checkpoints every 1000 WAL pages instead (SQLite's automatic checkpoint). Safe
    # with WAL: each process (gunicorn worker) and thread has its own connection, statements run
    # in autocommit or short IMMEDIATE transactions, so no connection holds a snapshot between
    # requests, and a commit is as durable as before (WAL, synchronous=NORMAL: not lost when the
    # app server is killed).
    # Tests use a file database too, never SQLite's in-memory one: Django shares an in-memory
    # database's single connection between the test and every thread of the live server, and two
    # threads inside one SQLite connection deadlock (one holds SQLite's mutex waiting for the GIL
    # to run a Python SQL function, the other holds the GIL waiting for the mutex). The browser
    # journeys' pages fetch several charts at once, which hung a CI run. With a file, each thread
    # has its own connection, as under gunicorn. One file per test process (its pid), in the
    # system's temporary folder: runs side by side never share one, nor a stale WAL file.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"jxjy-test-{os.getpid()}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["jxjy.accounts.backends.IdNumberOrUsernameBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions end after 30 idle minutes (give or take the refresh interval below).
SESSION_COOKIE_AGE = 30 * 60
# Idle timeout: a session in use is saved (its expiry pushed forward) at most once a minute by
# jxjy.core.middleware.SessionIdleRefreshMiddleware, not on every request (every heartbeat).
SESSION_SAVE_EVERY_REQUEST = False
JXJY_SESSION_REFRESH_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Login lockout: this many failures within the window lock the account for the lock time.
JXJY_LOGIN_MAX_FAILURES = 5
JXJY_LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60
JXJY_LOGIN_LOCK_SECONDS = 15 * 60
# API tokens, like sessions, lapse after this many idle seconds.
JXJY_TOKEN_IDLE_SECONDS = 30 * 60

# Uploaded Excel workbooks (question banks, attendance sheets): the upload's size, what its zip
# members may unpack to, and how many members it may have (jxjy.core.xlsx guards every upload).
JXJY_XLSX_MAX_BYTES = int(os.environ.get("JXJY_XLSX_MAX_BYTES", str(10 * 1024 * 1024)))
JXJY_XLSX_MAX_UNPACKED_BYTES = int(os.environ.get("JXJY_XLSX_MAX_UNPACKED_BYTES", str(100 * 1024 * 1024)))
JXJY_XLSX_MAX_MEMBERS = int(os.environ.get("JXJY_XLSX_MAX_MEMBERS", "1000"))

# Pin the platform's clock (ISO 8601) for demos and tests; empty means the real clock.
JXJY_FROZEN_NOW = os.environ.get("JXJY_FROZEN_NOW", "")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("JXJY_MEDIA_ROOT", VAR_DIR / "media"))
# At scale, nginx sends protected media: the internal location mapped to MEDIA_ROOT.
JXJY_MEDIA_ACCEL_REDIRECT = os.environ.get("JXJY_MEDIA_ACCEL_REDIRECT", "")
# Large uploads stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_TEMP_DIR = os.environ.get("JXJY_UPLOAD_TMP") or None

# Celery: without a broker the tasks run in-process, eagerly; with JXJY_BROKER_URL they go to
# workers.
CELERY_BROKER_URL = os.environ.get("JXJY_BROKER_URL", "memory://")
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("JXJY_BROKER_URL")
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("JXJY_TASK_QUEUE", "celery")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# Django's cache: the process's memory unless JXJY_CACHE_URL names a Redis database, which every
# server process then shares (counts kept in the cache, such as the certificate verify limit,
# would otherwise be per process). An unknown scheme stops start-up rather than falling back.
JXJY_CACHE_URL = os.environ.get("JXJY_CACHE_URL", "")
if not JXJY_CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif JXJY_CACHE_URL.split("://", 1)[0] in ("redis", "rediss", "unix"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": JXJY_CACHE_URL, "KEY_PREFIX": "jxjy"}}
else:
    raise ImproperlyConfigured("JXJY_CACHE_URL must be redis://, rediss:// or unix:// (or unset)")

# Security headers and cookies (README "Security"). JXJY_HTTPS says the site is served over HTTPS
# (by nginx or directly): on by default when JXJY_DEBUG=0, off for `make run` on plain http.
JXJY_HTTPS = os.environ.get("JXJY_HTTPS", "0" if DEBUG else "1") == "1"
# Behind nginx, which sets X-Forwarded-Proto and X-Forwarded-For itself (never passing on the
# client's): Django then knows a request came over HTTPS, and the audit log gets the client's address.
JXJY_BEHIND_PROXY = os.environ.get("JXJY_BEHIND_PROXY", "0") == "1"
if JXJY_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
JXJY_TRUST_X_FORWARDED_FOR = JXJY_BEHIND_PROXY
SECURE_SSL_REDIRECT = os.environ.get("JXJY_SSL_REDIRECT", "1" if JXJY_HTTPS else "0") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("JXJY_HSTS_SECONDS", str(365 * 24 * 3600) if JXJY_HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("JXJY_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
# Preloading is a commitment to the browsers' built-in list, made by the domain's owner, not by
# this setting; the check that asks for it does not apply until then.
SECURE_HSTS_PRELOAD = os.environ.get("JXJY_HSTS_PRELOAD", "0") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = JXJY_HTTPS
# No script reads the CSRF cookie: pages carry the token in the form or hx-headers.
CSRF_COOKIE_HTTPONLY = LANGUAGE_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Our own pages may frame each other, nobody else's (CSP frame-ancestors 'self' below says the
# same to current browsers); Django's deploy check asks for DENY, stricter than the policy.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"] + ([] if SECURE_HSTS_PRELOAD else ["security.W021"])

# Content Security Policy (django-csp). Scripts and styles come from our own static files only:
# no inline script or handler anywhere (the pages' scripts live in each app's static/), and
# never 'unsafe-inline' or 'unsafe-eval'. img-src allows data: for the empty favicon.
def _csp_form_action() -> list[str]:
    from jxjy.core.csp import form_action_origins

    return ["'self'", *form_action_origins()]


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": _csp_form_action(),
        "upgrade-insecure-requests": JXJY_HTTPS,
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal": {"()": "jxjy.core.logging.MaskPersonalData"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_personal"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("JXJY_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}
