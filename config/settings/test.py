"""Test settings: fast hashing, in-memory mail, tasks run synchronously."""

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, VAR_DIR

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
PAMONG_INLINE_TASKS = "eager"
# Query-count tests pin the uncached (worst) case; the cache has its own tests (leave/tests/views/test_menu_counts_cache.py).
PAMONG_TASK_COUNTS_CACHE_SECONDS = 0
PAMONG_DASHBOARD_CACHE_SECONDS = 0
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PAMONG_TEST_DB lets two runs share one server without dropping each other's database.
    import os

    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get("PAMONG_TEST_DB", "test_pamong")
