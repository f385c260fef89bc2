"""Learner journeys in a real browser, on a phone-sized screen."""

import pytest

from lessons.models import LessonPage
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import UserFactory

ACCOUNT_PAGES = ["/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"]


@pytest.mark.django_db(transaction=True)
def test_account_pages_have_no_axe_violations(live_server, seeded_site, phone):
    problems = {}
    for path in ACCOUNT_PAGES:
        assert phone.goto(live_server.url + path).status == 200
        if violations := axe_violations(phone):
            problems[path] = violations
    # The sign-up form with errors, too.
    phone.goto(live_server.url + "/accounts/signup/")
    phone.get_by_role("button", name="Sign up").click()
    if violations := axe_violations(phone):
        problems["signup-errors"] = violations
    assert problems == {}


@pytest.mark.django_db(transaction=True)
def test_returning_learner_continues_where_they_left_off(live_server, seeded_site, phone):
    learner = UserFactory(username="returning", display_name="Pat")
    lessons = list(LessonPage.objects.live().order_by("path"))
    from lessons.progress import AccountProgress

    store = AccountProgress(learner)
    store.complete(lessons[0])
    store.complete(lessons[1])
    store.record_view(lessons[2])

    phone.goto(live_server.url + "/accounts/login/")
    phone.get_by_label("Email").fill(learner.email)
    phone.get_by_label("Password").fill("correct-horse-battery")
    phone.get_by_role("button", name="Log in", exact=True).click()
    phone.wait_for_url("**/dashboard/")
    assert axe_violations(phone) == []
    screenshot(phone, "dashboard-375")
    phone.get_by_role("link", name=f"Continue where you left off: {lessons[2].title}").click()
    assert phone.locator("h1").inner_text() == lessons[2].title
