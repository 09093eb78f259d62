"""Tests run on PostgreSQL (DATABASE_URL, set by `make test`) with real worker processes where a
test needs them; the in-process suite uses a fast password hasher and the in-memory mail outbox."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env("MEDIA_ROOT", default="/tmp/hub-test-media")
STATIC_ROOT = env("STATIC_ROOT", default="/tmp/hub-test-static")
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Login lock-out is switched on by the tests that check it (tests/hub/accounts/test_lockout.py).
AXES_ENABLED = False
# API rate limits are switched on by the tests that check them (tests/hub/core/api/test_throttling.py).
API_THROTTLE_RATES = {"user": None, "anon": None}
