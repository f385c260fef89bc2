"""Zoom, page weight and the certificate, as people with low vision and slow phones meet them."""

import gzip
from pathlib import Path

import pytest
from django.conf import settings

from lessons.models import Certificate, CoursePage
from tests.e2e.conftest import axe_violations
from tests.factories import UserFactory

LESSON = "/klonopin-withdrawal/seizure-response/stay-safe-side/"


@pytest.mark.django_db(transaction=True)
def test_text_zoomed_to_200_percent_stays_usable(live_server, seeded_site, browser):
    # 200% browser zoom on a 1280px screen leaves a 640 CSS px viewport; text zoom doubles type.
    page = browser.new_context(viewport={"width": 640, "height": 900}).new_page()
    for path in ["/", LESSON, "/safety/", "/accounts/login/"]:
        page.goto(live_server.url + path)
        # Through the CSSOM: the Content-Security-Policy (rightly) refuses an injected <style>.
        page.evaluate("document.documentElement.style.setProperty('font-size', '225%', 'important')")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 200% zoom"
        assert page.locator("h1").is_visible()
        assert page.locator(".crisis-strip a").first.is_visible()


@pytest.mark.django_db(transaction=True)
def test_certificate_pages_have_no_axe_violations(live_server, seeded_site, phone):
    learner = UserFactory(username="certified", display_name="Jo")
    certificate = Certificate.objects.create(
        user=learner,
        course=CoursePage.objects.get(locale__language_code="en"),
        completed_at="2026-11-01T12:00Z",
    )
    phone.goto(live_server.url + f"/certificates/{certificate.code}/")
    assert axe_violations(phone) == []
    phone.goto(live_server.url + "/accounts/login/")
    phone.get_by_label("Email").fill(learner.email)
    phone.get_by_label("Password").fill("correct-horse-battery")
    phone.get_by_role("button", name="Log in", exact=True).click()
    phone.goto(live_server.url + f"/dashboard/certificates/{certificate.code}/")
    assert "Jo" in phone.locator("h1").inner_text()
    assert axe_violations(phone) == []


@pytest.mark.django_db
def test_lesson_page_transfer_is_under_100_kb(client, seeded_site):
    """HTML + CSS + JS of a lesson page, gzipped, as a phone downloads it."""
    html = client.get(LESSON).content
    static = Path(settings.BASE_DIR) / "static"
    assets = [static / "css" / "site.css", static / "js" / "site.js"]
    total = len(gzip.compress(html)) + sum(len(gzip.compress(path.read_bytes())) for path in assets)
    assert total < 100_000, f"lesson page transfer is {total} bytes gzipped"
    assert b"<script src=" in html and html.count(b"<script") == 1  # one small script, no framework
