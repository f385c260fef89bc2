"""Journey 4 (issue 7): the demo-like editor edits a lesson in /admin/ and submits it; the
clinical reviewer approves it; the change is live for families, stamped with the review."""

import pytest
from django.utils import timezone

from accounts.management.commands.create_demo_accounts import DEMO_ACCOUNTS
from lessons.models import LessonPage
from tests.e2e.conftest import screenshot
from tests.factories import UserFactory

LESSON_PATH = "/klonopin-withdrawal/withdrawal-risks/how-long-withdrawal-lasts/"
NEW_SUMMARY = "How long withdrawal can last, and when to call the prescriber: checked by a clinician."


def demo_account(username, roles):
    """The account as `create_demo_accounts` makes it (that command only runs with DEBUG on)."""
    _, email, password, display_name, groups, _ = next(a for a in DEMO_ACCOUNTS if a[0] == username)
    user = UserFactory(username=username, email=email, display_name=display_name, password=password)
    user.is_staff = True
    user.save()
    user.groups.add(*(roles[name] for name in groups))
    return email, password


def log_in(page, base_url, email, password):
    """/admin/login/ goes through the site's (allauth) login, by email; test settings do not
    ask staff for the second factor (tests/home/test_staff_mfa.py covers it)."""
    page.goto(f"{base_url}/accounts/login/?next=/admin/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base_url}/admin/")


def footer_action(page, name):
    """Click an action in the editor's footer menu ("Save draft" and the actions behind it) and
    wait for the editor to come back."""
    page.get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


@pytest.mark.django_db(transaction=True)
def test_editor_submits_reviewer_approves_and_the_change_is_live(live_server, seeded_site, roles, browser):
    lesson = LessonPage.objects.get(url_path__endswith="/how-long-withdrawal-lasts/")
    edit_url = f"{live_server.url}/admin/pages/{lesson.pk}/edit/"
    editor = demo_account("editor", roles)
    reviewer = demo_account("reviewer", roles)

    visitor = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    editor_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    reviewer_page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        log_in(editor_page, live_server.url, *editor)
        editor_page.goto(edit_url)
        assert "Reading grade" in editor_page.content()
        editor_page.fill("#id_summary", NEW_SUMMARY)
        footer_action(editor_page, "Submit to Clinical review")
        editor_page.wait_for_selector("text=has been submitted")
        screenshot(editor_page, "editor-submitted-1280")

        visitor.goto(live_server.url + LESSON_PATH)
        assert NEW_SUMMARY not in visitor.content()  # not live before a clinician approves

        log_in(reviewer_page, live_server.url, *reviewer)
        assert lesson.title in reviewer_page.content()  # "Awaiting your review" on the dashboard
        reviewer_page.goto(edit_url)
        footer_action(reviewer_page, "Approve and Publish")
        screenshot(reviewer_page, "reviewer-approved-1280")

        visitor.goto(live_server.url + LESSON_PATH)
        assert visitor.locator(".lead").inner_text() == NEW_SUMMARY
        today = timezone.localdate()
        assert f"Reviewed by Demo reviewer on {today:%B} {today.day}, {today.year}." in visitor.content()
        screenshot(visitor, "lesson-after-review-375")
    except Exception:
        for name, page in [("editor", editor_page), ("reviewer", reviewer_page), ("visitor", visitor)]:
            screenshot(page, f"FAILED-editorial-journey-{name}")
        raise
    finally:
        for page in (visitor, editor_page, reviewer_page):
            page.context.close()
