"""Test settings: fast hashing, in-memory cache, plain static storage, email kept in memory."""

from .base import *  # noqa: F403
from .base import STORAGES, env

SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
if not env("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files straight from the finders: no collectstatic needed in tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
