"""Benchmark settings (`make bench`): the production settings, served by gunicorn over plain
HTTP on the loopback, so only what needs TLS is relaxed (the SSL redirect and secure-only
cookies). DEBUG stays off. The bench runner (bench/run.py) supplies SECRET_KEY, ALLOWED_HOSTS,
WAGTAILADMIN_BASE_URL, DATABASE_URL and, for `DB=postgres`, REDIS_URL."""

from .production import *  # noqa: F403
from .production import BASE_DIR, env

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Static files collected (hashed and compressed) into the bench folder, not the project's.
STATIC_ROOT = env("STATIC_ROOT", str(BASE_DIR / "bench" / "static"))

# A trivial view at /bench/baseline, served through the same middleware: the yardstick.
BENCH_BASELINE_VIEW = True

# The benchmark's data builder (manage.py build_bench_data).
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
