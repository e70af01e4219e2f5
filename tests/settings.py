"""Test settings: the real settings with a fast password hasher and a known secret."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

# Test settings are the real settings plus a few overrides; this is the only star import.
from rummelig.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Notes the request a view is handling, so that every test finds a write its requests made
# without naming the author (tests/audit_guard.py, tests/conftest.py).
MIDDLEWARE = [*MIDDLEWARE, "tests.audit_guard.RequestWatch"]  # noqa: F405
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
LANGUAGE_CODE = "da"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the concurrency tests write from several threads, each on its own
    # connection, and only a file locks as the embedded default does in production (threads
    # share an in-memory database through table locks that ignore the busy timeout). One file
    # per test process, so that runs side by side never share one; Django deletes it after.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"rummelig-test-{os.getpid()}.sqlite3")
    }
