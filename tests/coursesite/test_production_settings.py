"""Production settings, loaded in a fresh process as gunicorn would load them."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

REQUIRED = {
    "DJANGO_SETTINGS_MODULE": "coursesite.settings.production",
    "SECRET_KEY": "a-long-random-test-value-" + "k7" * 30,
    "ALLOWED_HOSTS": "course.example.org",
    "WAGTAILADMIN_BASE_URL": "https://course.example.org",
}


def run(args, tmp_path, **env):
    # Only the machine's environment, none of the test run's DJANGO_* or service variables.
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in {*REQUIRED, "REDIS_URL", "DATABASE_URL"}
    }
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **clean, **env}
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_gives_no_warnings(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **REQUIRED)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "WAGTAILADMIN_BASE_URL"])
def test_refuses_to_start_without_required_variables(tmp_path, missing):
    env = {k: v for k, v in REQUIRED.items() if k != missing}
    result = run(["manage.py", "check"], tmp_path, **env)
    assert result.returncode != 0
    assert f"The environment variable {missing} must be set." in result.stderr


def test_redis_url_moves_cache_and_sessions_to_redis(tmp_path):
    probe = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.STAFF_MFA_REQUIRED)"
    )
    result = run(["-c", probe], tmp_path, REDIS_URL="redis://127.0.0.1:6379/5", **REQUIRED)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "coursesite.cache.ResilientRedisCache",
        "django.contrib.sessions.backends.cached_db",
        "True",
    ]
