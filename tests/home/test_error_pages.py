"""Friendly error pages that never leak a traceback; errors are logged to stdout."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client


@pytest.mark.django_db
def test_not_found_page_is_friendly(client, home_page, settings):
    assert settings.DEBUG is False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We could not find that page" in html
    assert 'href="tel:988"' in html
    assert "Traceback" not in html and "URLconf" not in html


@pytest.mark.django_db
@pytest.mark.urls("tests.home.error_urls")
def test_server_error_page_is_friendly_and_leaks_nothing(home_page, settings):
    assert settings.DEBUG is False
    response = Client(raise_request_exception=False).get("/explode/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'href="tel:988"' in html
    for leak in ("hunter2", "Traceback", "RuntimeError", "error_urls", "site-packages"):
        assert leak not in html
    assert "Content-Security-Policy" in response.headers


def test_production_logs_errors_with_traceback_to_stdout(tmp_path):
    """Run in a fresh process with production settings, so the real LOGGING config is used."""
    probe = (
        "import django, logging; django.setup()\n"
        "try:\n    1 / 0\n"
        "except ZeroDivisionError:\n"
        "    logging.getLogger('django.request').exception('Internal Server Error: /probe/')\n"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "coursesite.settings.production",
        "SECRET_KEY": "a-long-random-test-value-" + "x9" * 30,
        "ALLOWED_HOSTS": "course.example.org",
        "WAGTAILADMIN_BASE_URL": "https://course.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "ERROR django.request: Internal Server Error: /probe/" in result.stdout
    assert "ZeroDivisionError: division by zero" in result.stdout
    assert result.stderr == ""
