"""
Settings for the roadmap site: one module, driven by environment variables.

Local use needs nothing set (SQLite file, DEBUG on, local-memory cache). Production sets at least
SECRET_KEY, DEBUG=false, ALLOWED_HOSTS and DATABASE_URL; the security settings below then switch on
and `manage.py check --deploy` passes.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Local use by default; production sets DEBUG=false (and `check --deploy` insists on it).
DEBUG = env_bool("DEBUG", default=True)
# The fallback key is for local use only; `check --deploy` flags it, so production must set one.
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    "django-insecure-local-development-key-do-not-use-in-production"
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "accounts",
    "roadmap_site.apps.AdminConfig",  # django.contrib.admin, with roadmap_site.admin.AdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "sources",
    "roadmap",
    "progress",
    "quizzes",
    "certificates",
    "axes",
    "csp",
    "import_export",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "roadmap_site.middleware.ContentSecurityPolicyMiddleware",
    "roadmap_site.middleware.PermissionsPolicyMiddleware",
    "roadmap_site.middleware.JsonErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages and JSON are compressed here, zstd or gzip (static files come precompressed from
    # whitenoise, above). Compressed responses are padded against BREACH, and CSRF tokens are
    # masked per response.
    "roadmap_site.compression.CompressionMiddleware",
    "roadmap_site.middleware.DatabaseUnavailableMiddleware",
    "roadmap_site.middleware.NulCharacterMiddleware",
    "roadmap_site.middleware.SessionMiddleware",  # Django's, a 503 when the database is lost
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, taking the learner the session's look-up read with it (roadmap_site.sessions).
    "roadmap_site.middleware.AuthenticationMiddleware",
    # A signed-in learner's request that may write forgets their kept pages (learner_pages).
    "roadmap.learner_pages.LearnerPagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it turns a log-in refused by django-axes into the response (our own form page).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "roadmap_site.urls"
# bench/run sets BENCH_VIEWS=1 to add /bench/ok (a bare view behind the same middleware, the
# benchmark's ceiling); it does not exist otherwise.
BENCH_VIEWS = env_bool("BENCH_VIEWS")
WSGI_APPLICATION = "roadmap_site.wsgi.application"

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
            ],
        },
    },
]

# Database: SQLite file by default; Postgres (or anything dj-database-url reads) from DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with a health check that costs no round trip (roadmap_site/postgresql).
    DATABASES["default"]["ENGINE"] = "roadmap_site.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# The learner's heaviest queries are prepared on the Postgres server once per connection
# (`accounts.prepared`). Turn it off behind a pooler that shares server connections between
# clients (PgBouncer in transaction or statement mode), where a PREPARE may not be seen later.
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", default=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Caches: local memory by default, Redis when REDIS_URL is set (shared by every app server).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's, one redis-py client per pool rather than one per call.
            "BACKEND": "roadmap_site.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "roadmap"),
            # A Redis that is away must cost a request little: refused connections fail at
            # once, and these bound a hung one. The site then serves from Postgres alone.
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Cached page content and rendered sections, keyed by the content version (which lives in
# "default", shared by all processes): each process keeps its own copies, so a page needs one
# round trip to Redis, and a content change is seen by every process on its next request.
# Nothing here is shared state. Redis holds the content version (roadmap/content_cache.py) and
# the pages kept for signed-in learners (roadmap/learner_pages.py), sessions stay in Postgres,
# so the site serves, slower but correct, from Postgres alone while Redis is away.
CACHES["content"] = {
    # locmem, keeping the roadmap page's content graph unpickled (roadmap/content_cache.py)
    "BACKEND": "roadmap.content_cache.ContentCache",
    "LOCATION": "content",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
CACHES["content-pieces"] = {
    # The same kind of store for many small pieces (a quiz form's question cards), apart so
    # that they never push the pages' content out: at most about 10 MB a process.
    "BACKEND": "roadmap.content_cache.ContentCache",
    "LOCATION": "content-pieces",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

# Sessions live in the database. A cached copy ("cached_db") cannot be trusted across a Redis
# outage: writes during it reach only the database, and the cache serves the older copy when
# Redis returns (a log-out undone, a visitor's marks lost). Reading one is a primary-key lookup.
# Django's "db" over accounts.LearnerSession: the look-up reads the learner too, SQL built once.
SESSION_ENGINE = "roadmap_site.sessions"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "progress:dashboard"
LOGOUT_REDIRECT_URL = "roadmap:home"

# Log-in throttling (django-axes, accounts/throttling.py), counted in the database: this many
# failures for one account from one address, or this many from one address over all accounts,
# within the window (which restarts with each counted failure).
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "50"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))
AUTHENTICATION_BACKENDS = [
    "accounts.throttling.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "accounts.throttling.LoginAttemptHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.throttling.lockout_username"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a refusal runs out on its own
AXES_SENSITIVE_PARAMETERS = ["username", "password"]
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # no log of every successful log-in (addresses are personal data)

# Read at call time, so that tests (and `settings` overrides) can change the numbers above.
AXES_FAILURE_LIMIT = "accounts.throttling.failure_limit"
AXES_COOLOFF_TIME = "accounts.throttling.cool_off"
# The client's address: REMOTE_ADDR, unless the site runs behind TRUSTED_PROXY_COUNT reverse
# proxies that each append to X-Forwarded-For; then the address the outermost one saw.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_PROXY_ORDER = "right-most"
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "roadmap_site.storage.MinifiedStaticFilesStorage"
        )
    },
}
# Hashed files are cached "forever" by whitenoise itself; this is for the few unhashed ones.
WHITENOISE_MAX_AGE = 3600 if not DEBUG else 0
WHITENOISE_USE_FINDERS = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console by default; SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Roadmap Atlas <no-reply@localhost>")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Security. Always-on headers, plus HTTPS-only settings whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)

# The Content-Security-Policy, sent by django-csp (roadmap_site.middleware.ContentSecurityPolicy):
# nothing inline, nothing from elsewhere. The admin alone adds 'unsafe-inline' styles (its own).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# django-import-export (resources' CSV in the admin): one transaction per import (formula-like
# cells are guarded by roadmap.resource_csv, as for questions).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
