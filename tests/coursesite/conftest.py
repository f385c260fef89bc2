"""Helpers of the site-plumbing tests."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


@pytest.fixture
def restore_in_fresh_process():
    """Run `manage.py restore_db --noinput` in a process of its own, as an operator would: the
    database (and, given, other environment) from `env`; returns the finished process."""

    def run(backup_file, database_url, tmp_path, **env_extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(DJANGO_SETTINGS_MODULE="coursesite.settings.test", DATABASE_URL=database_url, **env_extra)
        command = [sys.executable, "manage.py", "restore_db", "--noinput", "--output-dir", str(tmp_path)]
        return subprocess.run(  # noqa: S603 (fixed arguments)
            [*command, str(backup_file)],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    return run
