"""Settings shared by every environment of the demo site.

Environment variables: DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS,
WAGTAILADMIN_BASE_URL (or PBCERT_HOST and PBCERT_PORT), EMAIL_URL-style EMAIL_* settings,
PBCERT_VAR_DIR, PBCERT_ISSUER_DID, PBCERT_ISSUER_KEY (or PBCERT_ISSUER_KEY_FILE),
PBCERT_RETIRED_ISSUER_KEYS (JSON).
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from pbcert_wagtail.credentials.keys import did_web
from pbcert_wagtail.ka_admin import JS_LOCALE_PATH

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PBCERT_VAR_DIR", BASE_DIR / "var"))


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "pbcert_wagtail",
    "pbcert_wagtail.ka_admin",  # Georgian for Wagtail's own strings: before the Wagtail apps
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_q",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
]

MIDDLEWARE = [
    "pbcert_wagtail.views.errors.NotFoundInDebug",  # our 404 page with DEBUG on too
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "pbcert_wagtail.clean_input.CleanInputMiddleware",  # before anything reads a form
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a refused sign-in into the lock-out page
]

# A failed CSRF check: our 403 page, in the visitor's language ("reload the page and send again").
CSRF_FAILURE_VIEW = "pbcert_wagtail.views.errors.csrf_failure"
ROOT_URLCONF = "site_settings.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "site_settings.wsgi.application"


def database_from_env():
    """DATABASE_URL selects the database; a SQLite file under var/ by default.

    SQLite gets WAL mode and IMMEDIATE transactions, so concurrent writers wait for
    the lock (up to `timeout` seconds) instead of failing with "database is locked".
    """
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update(
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL;",
            }
        )
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Georgian first, English second.
LANGUAGE_CODE = "ka"
LANGUAGES = [
    ("ka", "ქართული"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale", JS_LOCALE_PATH]  # the admin's Georgian JavaScript strings
TIME_ZONE = "Asia/Tbilisi"
FORMAT_MODULE_PATH = ["pbcert_wagtail.formats"]  # Georgian: 24-hour time
WAGTAIL_TIME_FORMAT = "H:i"
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no request to gravatar.com from any admin page
WAGTAILADMIN_USER_LOGIN_FORM = (
    "pbcert_wagtail.ka_admin.forms.LoginForm"  # labels its password field
)
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The admin's title (its home page and the browser tab), in the admin user's language.
WAGTAIL_SITE_NAME = _("Municipality certification")
# The site's address in emails and printed links: WAGTAILADMIN_BASE_URL, else the
# address `runserver` listens on, from PBCERT_HOST and PBCERT_PORT (`make demo PORT=8101`
# sets them), else http://127.0.0.1:8000.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL") or "http://{}:{}".format(
    os.environ.get("PBCERT_HOST") or "127.0.0.1", os.environ.get("PBCERT_PORT") or "8000"
)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "mp4", "webm", "vtt"]
WAGTAILEMBEDS_FINDERS = []  # no oEmbed requests: videos load only when a visitor asks
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Every email of the site (Django's and Wagtail's too) is an outbox row first
# (pbcert_wagtail/mail.py); the worker delivers it with PBCERT_DELIVERY_BACKEND, SMTP by
# default, giving up on a silent server after EMAIL_TIMEOUT seconds (and retrying later).
EMAIL_BACKEND = "pbcert_wagtail.mail.OutboxBackend"
PBCERT_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "pbcert@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: django-q2 with its ORM broker (no extra server). On SQLite keep one
# worker: SQLite takes one writer at a time.
Q_CLUSTER = {
    "name": "pbcert",
    "orm": "default",
    "workers": int(os.environ.get("Q_WORKERS", "1")),
    "timeout": 120,
    "retry": 300,
    "max_attempts": 5,
    "catch_up": False,
    "label": _("Background tasks"),
}

# Shared by every process on the machine (rate limits of the public forms).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
    }
}

PBCERT = {
    "CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR" if env_bool("BEHIND_TLS_PROXY") else None,
    # The signed credentials' issuer: PBCERT_ISSUER_DID, else the did:web of the site's
    # address (the demo: did:web:127.0.0.1%3A8000); its private key in PBCERT_ISSUER_KEY
    # or the file PBCERT_ISSUER_KEY_FILE (the demo: var/issuer-key.txt, made on first run).
    "ISSUER_DID": os.environ.get("PBCERT_ISSUER_DID") or did_web(WAGTAILADMIN_BASE_URL),
    "ISSUER_KEY_FILE": os.environ.get("PBCERT_ISSUER_KEY_FILE") or str(VAR_DIR / "issuer-key.txt"),
    "RETIRED_ISSUER_KEYS": json.loads(os.environ.get("PBCERT_RETIRED_ISSUER_KEYS") or "[]"),
}

# The admin sign-in resists guessing (django-axes, counted in the database, so every process
# shares the count): LOGIN_FAILURE_LIMIT failed attempts for one username, or from one
# address, pause sign-in for it for LOGIN_COOLOFF_MINUTES. A successful sign-in clears the
# count; staff unlock sooner in Settings → Locked sign-ins (pbcert_wagtail/admin/lockouts.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out sign-in
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each counted on its own
AXES_RESET_ON_SUCCESS = True
# Attempts while locked are refused without being counted: the pause ends when it said.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The address as the public forms' rate limit reads it (PBCERT["CLIENT_IP_HEADER"]).
AXES_CLIENT_IP_CALLABLE = "pbcert_wagtail.admin.lockouts.client_ip_address"
# The Wagtail sign-in page again (429), in the visitor's language.
AXES_LOCKOUT_CALLABLE = "pbcert_wagtail.admin.lockouts.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # no record of every successful sign-in: not needed, personal

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
