"""Development settings: DEBUG on, a throwaway secret, email to the console."""

from .base import *  # noqa: F403
from .base import STORAGES, env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-secret-key-not-for-production")
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# The demo accounts reach the admin without a second factor (README, "Demo accounts").
STAFF_MFA_REQUIRED = False

# The benchmark's data builder (manage.py build_bench_data): never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
