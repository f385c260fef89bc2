"""Journey 3: a counselor creates a circle, a learner joins by link and consents, the counselor
sees their progress; the learner leaves and the counselor no longer sees them."""

import pytest
from django.contrib.auth.models import Group

from lessons.models import ModulePage
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import UserFactory


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()


@pytest.mark.django_db(transaction=True)
def test_counselor_and_learner_journey(live_server, seeded_site, browser):
    counselor = UserFactory(username="casey", display_name="Casey")
    counselor.groups.add(Group.objects.get_or_create(name="Counselors")[0])
    learner = UserFactory(username="ana", display_name="Ana")
    base = live_server.url
    problems = {}

    desk = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(desk, base, counselor.email)
    desk.goto(base + "/counselor/")
    problems["/counselor/"] = axe_violations(desk)
    desk.get_by_role("link", name="Create a circle").click()
    problems["circle-form"] = axe_violations(desk)
    desk.get_by_label("Circle name").fill("Rivera family")
    desk.get_by_role("button", name="Create circle").click()
    join_url = desk.locator("code.invite-link").inner_text()
    desk.get_by_role("link", name="Assign modules").click()
    problems["assign-form"] = axe_violations(desk)
    seizure = ModulePage.objects.get(slug="seizure-response")
    desk.get_by_label(seizure.title).check()
    desk.get_by_role("button", name="Assign").click()

    phone = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    log_in(phone, base, learner.email)
    phone.goto(join_url)
    problems["consent"] = axe_violations(phone)
    assert "Never your quiz answers" in phone.content()
    phone.get_by_role("button", name="Join and share my progress").click()
    phone.get_by_role("link", name=seizure.title).first.click()
    phone.locator(".lesson-list a, .process-list__title a").first.click()
    phone.get_by_role("button", name="Mark as complete").click()

    desk.reload()
    assert "Ana" in desk.content() and "1/3 lessons" in desk.content()
    problems["matrix"] = axe_violations(desk)
    screenshot(desk, "counselor-circle-1280")
    desk.get_by_role("link", name="Ana").click()
    problems["member"] = axe_violations(desk)
    member_url = desk.url

    phone.goto(base + "/dashboard/")
    assert "Casey (Rivera family): looked at your progress in detail" in phone.content()
    problems["dashboard-with-circle"] = axe_violations(phone)
    phone.get_by_role("button", name="Leave this circle").click()
    assert "You left the circle" in phone.content()

    assert desk.goto(member_url).status == 404
    desk.goto(base + "/counselor/")
    desk.get_by_role("link", name="Rivera family").click()
    assert "Ana" not in desk.locator("main").inner_text()
    assert {page: found for page, found in problems.items() if found} == {}
