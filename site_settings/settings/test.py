"""Settings for the pytest suite: tasks run in-process, mail stays in memory."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, PBCERT, Q_CLUSTER, VAR_DIR

VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = False
SECRET_KEY = "test-only-insecure-key-0123456789-abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = os.environ.get(
    "PBCERT_TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
# The worker delivers with EMAIL_BACKEND (locmem: Django's test runner sets it); a test
# that routes the site's mail through the outbox sets EMAIL_BACKEND to the outbox's.
PBCERT_DELIVERY_BACKEND = None
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # served from the apps by WhiteNoise, no collectstatic
MEDIA_ROOT = VAR_DIR / "test-media"
# Never the demo's uploads (var/private-media): the tests delete files there.
PBCERT = {**PBCERT, "PRIVATE_MEDIA_ROOT": VAR_DIR / "test-private-media"}
# A fixed issuer key, public and FOR TESTS ONLY, so that signed fixtures are reproducible.
PBCERT["ISSUER_DID"] = "did:web:testserver"
PBCERT["ISSUER_KEY_FILE"] = str(BASE_DIR / "tests" / "data" / "vc" / "issuer-key-for-tests.txt")
PBCERT["RETIRED_ISSUER_KEYS"] = []

# django-q2 reads Q_CLUSTER once at import: the test settings module is the place.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so --reuse-db keeps the migrated database between runs.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("PBCERT_TEST_DB", str(VAR_DIR / "test-db.sqlite3"))
    }
