"""Django settings, read only from environment variables (see docs/configuration.md)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from quadrant.core.env import (
    ImproperSetting,
    default_file_storage,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    keyed_secret,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("QUADRANT_VAR_DIR", str(BASE_DIR / "var")))

QUADRANT_ENV = env_choice("QUADRANT_ENV", ("demo", "test", "production"), "demo")
PRODUCTION = QUADRANT_ENV == "production"
TESTING = QUADRANT_ENV == "test"

SECRET_KEY = secret_key("QUADRANT_SECRET_KEY", production=PRODUCTION, store=VAR_DIR / "secret_key")
# Keys the change history's hash chain; kept outside the database, so that someone who can
# write to the database alone cannot recompute the chain (docs/security.md, section 11).
HISTORY_KEY = keyed_secret(
    "QUADRANT_HISTORY_KEY", production=PRODUCTION, fallback=SECRET_KEY, purpose="quadrant.history"
)
DEBUG = env_bool("QUADRANT_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperSetting("QUADRANT_DEBUG", "must not be true when QUADRANT_ENV=production")

ALLOWED_HOSTS = env_list(
    "QUADRANT_ALLOWED_HOSTS",
    [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver", "[::1]"],
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperSetting("QUADRANT_ALLOWED_HOSTS", "is required when QUADRANT_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("QUADRANT_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "csp",
    "django_q",
    "quadrant.core",
    "quadrant.organisation",
    "quadrant.accounts",
    "quadrant.control",
    "quadrant.language",
    "quadrant.planning",
    "quadrant.actions",
    "quadrant.improvement",
    "quadrant.assurance",
    "quadrant.demo",
    "quadrant.overview",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "quadrant.core.middleware.RequestIdMiddleware",
    "quadrant.core.api.errors.ApiProblemMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "quadrant.core.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "quadrant.accounts.middleware.SessionLimitMiddleware",
    "quadrant.accounts.middleware.TwoFactorRequiredMiddleware",
    "quadrant.accounts.restore.FormRestoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "quadrant.urls"
WSGI_APPLICATION = "quadrant.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "quadrant" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "quadrant.core.context_processors.shell",
            ],
            "builtins": ["quadrant.core.templatetags.nhsuk"],
        },
    }
]


def _database() -> dj_database_url.DBConfig:
    default_url = f"sqlite:///{VAR_DIR / 'quadrant.sqlite3'}"
    url = env_str("QUADRANT_DATABASE_URL", default_url)
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("QUADRANT_DB_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperSetting("QUADRANT_DATABASE_URL", f"is not a database URL ({exc})") from exc
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["CONN_MAX_AGE"] = 0
        # WAL lets readers proceed during writes; IMMEDIATE makes writers queue, not fail.
        config["OPTIONS"] = {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        }
        config["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    elif engine != "django.db.backends.postgresql":
        raise ImproperSetting(
            "QUADRANT_DATABASE_URL", "must name an sqlite:// or postgres:// database"
        )
    config["ATOMIC_REQUESTS"] = False
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisation.Person"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "quadrant.accounts.hashers.OwaspArgon2PasswordHasher",  # Argon2id at OWASP's settings
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing is not under test in most tests; the security tests use Argon2 explicitly.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "quadrant.accounts.validators.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "quadrant" / "static"]
STORAGES = {
    "default": default_file_storage(),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = VAR_DIR / "media"  # uploads; no URL serves it (core.uploads.serving does)
# The largest evidence file accepted (a photo or PDF), in bytes.
QUADRANT_UPLOAD_MAX_BYTES = env_int("QUADRANT_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# The largest controlled document file (a PDF, Word, Excel or text file), in bytes.
QUADRANT_DOCUMENTS_MAX_BYTES = env_int("QUADRANT_DOCUMENTS_MAX_BYTES", 20 * 1024 * 1024)
# Whether a controlled document's author may also be its approver (most trusts forbid it).
QUADRANT_DOCUMENTS_AUTHOR_MAY_APPROVE = env_bool("QUADRANT_DOCUMENTS_AUTHOR_MAY_APPROVE", False)

# Sessions: 30 minutes idle, 12 hours at most (the absolute limit is enforced by middleware).
SESSION_COOKIE_AGE = env_int("QUADRANT_SESSION_IDLE_SECONDS", 30 * 60)
# The idle clock is restarted at most once a minute (accounts.middleware), not by a database
# write on every request: a session ends between 29 and 30 minutes after the last request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_ABSOLUTE_SECONDS = env_int("QUADRANT_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "quadrant.core.views.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("QUADRANT_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("QUADRANT_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

EMAIL_BACKEND = env_str(
    "QUADRANT_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("QUADRANT_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("QUADRANT_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("QUADRANT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("QUADRANT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("QUADRANT_EMAIL_TLS", PRODUCTION)
DEFAULT_FROM_EMAIL = env_str("QUADRANT_EMAIL_FROM", "quadrant@localhost")

REDIS_URL = env_str("QUADRANT_REDIS_URL", "")
Q_CLUSTER = {
    "name": "quadrant",
    "workers": env_int("QUADRANT_WORKERS", 2),
    "timeout": 3600,
    "retry": 3700,
    "max_attempts": 1,
    "catch_up": False,
    "ack_failures": True,
    "poll": 1,
    "label": "Background tasks",
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
if TESTING:
    Q_CLUSTER["sync"] = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "quadrant.core.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "quadrant.core.api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["quadrant.core.filtersets.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "quadrant.core.api.errors.exception_handler",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Quadrant API",
    "DESCRIPTION": "The REST API of Quadrant, the quality management system.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": "/static/vendor/nhsuk/images/favicon.ico",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "FrameworkKindEnum": "quadrant.assurance.standards.choices.FrameworkKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "quadrant.core.api.schema.add_error_responses",
    ],
}
API_TOKEN_DAYS = env_int("QUADRANT_API_TOKEN_DAYS", 30)

# Single sign-on (OpenID Connect); endpoints left empty are read from the issuer's discovery.
QUADRANT_OIDC = {
    name: env_str(f"QUADRANT_OIDC_{name}", "")
    for name in (
        "ISSUER",
        "CLIENT_ID",
        "CLIENT_SECRET",
        "AUTHORIZATION_ENDPOINT",
        "TOKEN_ENDPOINT",
        "JWKS_URI",
    )
}
# Where emailed links (password reset) point.
QUADRANT_BASE_URL = env_str("QUADRANT_BASE_URL", "http://localhost:8000")

QUADRANT_ORGANISATION_NAME = env_str("QUADRANT_ORGANISATION_NAME", "")
# The SPC rule profile new measures start with (mdc = NHS England Making Data Count).
QUADRANT_DEFAULT_RULES = env_choice("QUADRANT_DEFAULT_RULES", ("mdc", "nhsr", "anhoej"), "mdc")
QUADRANT_DEMO_PASSWORD = "quadrant-demo"  # noqa: S105 - shown on the demo login page only

# URL feeds never reach internal addresses, except hosts named here (intranet data warehouses).
QUADRANT_FEED_ALLOWED_HOSTS = env_list("QUADRANT_FEED_ALLOWED_HOSTS", [])
QUADRANT_FEED_CONNECT_TIMEOUT = env_int("QUADRANT_FEED_CONNECT_TIMEOUT", 10)
QUADRANT_FEED_READ_TIMEOUT = env_int("QUADRANT_FEED_READ_TIMEOUT", 60)
QUADRANT_FEED_MAX_MB = env_int("QUADRANT_FEED_MAX_MB", 500)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("QUADRANT_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
