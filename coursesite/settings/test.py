"""Test settings: fast hashing, in-memory cache, plain static storage, email kept in memory."""

from .base import *  # noqa: F403
from .base import STORAGES, env

SECRET_KEY = "test-only-secret-key"  # noqa: S105 - the test settings' own key, never production  # nosec B105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
if not env("REDIS_URL"):
    # Large enough never to cull: a culled content version or fragment would make query counts
    # depend on which tests ran before in the same process.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tests",
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    }
WAGTAILADMIN_BASE_URL = "http://testserver"
# Mail is sent at once, in the test's own process, so tests read it from mail.outbox; the queue
# itself (database backend, retries while SMTP is down) is tested in tests/coursesite/test_mail_queue.py.
TASKS = {
    "default": {"BACKEND": "coursesite.task_batches.BatchingImmediateBackend"},
    "mail": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["mail"]},
}
# Tests of admin features sign staff in with force_login; the second-factor tests in
# tests/home/test_staff_mfa.py turn the rule on explicitly, as production has it.
STAFF_MFA_REQUIRED = False
# Serve static files straight from the finders: no collectstatic needed in tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file in WAL mode, as in production: shared-cache in-memory SQLite locks whole tables
    # and ignores the busy timeout, so concurrency tests would test the wrong thing.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405
else:
    # One test database per checkout, so two clones can run the suite at once on one server.
    import hashlib

    _checkout = hashlib.sha1(str(BASE_DIR).encode()).hexdigest()[:8]  # noqa: F405, S324 - a name, not security  # nosec B324
    DATABASES["default"]["TEST"] = {"NAME": f"test_coursesite_{_checkout}"}  # noqa: F405

# The benchmark's data builder (manage.py build_bench_data): never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
