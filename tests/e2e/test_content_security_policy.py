"""The Content-Security-Policy in a real browser: nothing on the public site is blocked, and the
Wagtail admin still works under its own policy after a sign-in with a second factor."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from lessons.models import LessonPage
from tests.e2e.conftest import axe_violations
from tests.e2e.test_public_pages import PUBLIC_PATHS
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


def watch_csp(page):
    """Collect the browser's Content-Security-Policy violation reports for this page."""
    blocked = []
    page.on(
        "console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    return blocked


@pytest.mark.django_db(transaction=True)
def test_public_pages_break_no_rule_of_the_policy(live_server, seeded_site, phone):
    blocked = watch_csp(phone)
    for path in [*PUBLIC_PATHS.values(), "/accounts/login/", "/accounts/signup/"]:
        phone.goto(live_server.url + path)
        phone.wait_for_load_state("load")
    assert blocked == []


@pytest.mark.django_db(transaction=True)
def test_staff_sign_in_with_a_code_and_use_the_admin_under_its_policy(
    live_server, seeded_site, desktop, settings
):
    settings.STAFF_MFA_REQUIRED = True
    settings.MFA_TOTP_TOLERANCE = 1
    staff = UserFactory(username="editor", is_staff=True, is_superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    blocked = watch_csp(desktop)

    desktop.goto(live_server.url + "/admin/")
    assert "/accounts/login/" in desktop.url
    desktop.fill("input[name=login]", staff.email)
    desktop.fill("input[name=password]", PASSWORD)
    desktop.press("input[name=password]", "Enter")
    desktop.wait_for_url("**/accounts/2fa/authenticate/")
    assert axe_violations(desktop) == []
    desktop.fill("input[name=code]", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    desktop.press("input[name=code]", "Enter")
    desktop.wait_for_url("**/admin/")
    assert desktop.get_by_role("heading", name="Dashboard").count() == 1 or "Dashboard" in desktop.title()

    lesson = LessonPage.objects.live().first()
    desktop.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    # The editor's scripts ran: the StreamField and rich-text widgets were built in the page.
    desktop.wait_for_selector("[data-streamfield-stream-container], .Draftail-Editor", timeout=15_000)
    # The live preview is the page itself in a same-origin iframe (frame-ancestors 'self').
    desktop.click('[data-side-panel-toggle="preview"]')
    preview = desktop.frame_locator("#w-preview-iframe")
    preview.locator("h1").first.wait_for(state="attached", timeout=15_000)
    assert preview.locator("h1").first.text_content().strip() == lesson.title
    desktop.goto(f"{live_server.url}/admin/pages/{lesson.get_parent().pk}/")
    desktop.wait_for_load_state("load")

    # The public lesson, seen by a signed-in editor (with Wagtail's user bar), under the strict policy.
    desktop.goto(live_server.url + lesson.url)
    desktop.wait_for_selector("wagtail-userbar", state="attached")
    assert blocked == []
