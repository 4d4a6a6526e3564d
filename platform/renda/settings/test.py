"""Test profile: real PostgreSQL and Redis, a Redis database of its own."""

from renda.env import env_str

from .base import *  # noqa: F403

REDIS_URL = env_str("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")
CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
CACHES["default"]["KEY_PREFIX"] = "renda-test"  # noqa: F405
CELERY_BROKER_URL = REDIS_URL
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
MEDIA_ROOT = ROOT_DIR / ".local" / "test-media"  # noqa: F405
DEBUG = False
# Parallel checkouts (worktrees) on one machine each take a database of their own.
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "test_renda")}  # noqa: F405
ALLOWED_HOSTS = ["testserver", ".testserver", "localhost", ".localhost", "127.0.0.1"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# No Celery worker runs under tests: onboarding started from a page or the API runs in the request.
PROVISIONING_DISPATCH = "sync"
PROVISIONING_ARCHIVE_ROOT = ROOT_DIR / ".local" / "test-archives"  # noqa: F405
CELERY_RESULT_BACKEND = REDIS_URL
