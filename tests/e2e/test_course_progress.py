"""Course and module pages show ticks and "x of y done" in a real browser, at 1280 px and on a
375 px phone, for a visitor with progress and a signed-in learner; axe finds nothing (issue 17)."""

import pytest
from playwright.sync_api import expect

from lessons.models import CoursePage, LessonPage, ModulePage
from lessons.progress import AccountProgress
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_a_visitor_on_a_phone_sees_their_ticks(live_server, seeded_site, phone):
    course = CoursePage.objects.live().first()
    module = ModulePage.objects.child_of(course).live().order_by("path").first()
    lesson = LessonPage.objects.child_of(module).live().order_by("path").first()
    base = live_server.url
    phone.goto(base + lesson.url)
    phone.get_by_role("button", name="Mark as complete").click()
    phone.wait_for_load_state()
    if "/progress/lessons/" in phone.url:  # the shared page's button asks on a page of its own
        phone.get_by_role("button", name="Mark as complete").click()
    expect(phone.get_by_text("is marked complete on this device")).to_be_visible()
    problems = {}
    for name, url in [("course", course.url), ("module", module.url)]:
        phone.goto(base + url)
        done = phone.locator(".lesson-state--done")
        assert done.count() == 1, name
        assert done.first.is_visible() and "Done" in done.first.inner_text()
        assert phone.locator(".module-done").first.inner_text().startswith("1 of ")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, name
        problems[name] = axe_violations(phone)
        screenshot(phone, f"{name}-progress-375")
    assert {page: found for page, found in problems.items() if found} == {}


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_learner_at_1280_sees_a_finished_module(live_server, seeded_site, desktop):
    course = CoursePage.objects.live().first()
    module = ModulePage.objects.child_of(course).live().order_by("path").first()
    learner = UserFactory(username="ana", display_name="Ana")
    for lesson in LessonPage.objects.child_of(module).live():
        AccountProgress(learner).complete(lesson)
    base = live_server.url
    desktop.goto(base + "/accounts/login/")
    desktop.get_by_label("Email").fill(learner.email)
    desktop.get_by_label("Password").fill("correct-horse-battery")
    desktop.get_by_role("button", name="Log in", exact=True).click()
    desktop.goto(base + course.url)
    lessons = LessonPage.objects.child_of(module).live().count()
    assert desktop.locator(".lesson-state--done").count() == lessons
    summary = desktop.locator(".module-done").first.inner_text()
    assert f"{lessons} of {lessons} lessons" in summary and "quiz not passed" in summary
    problems = {"course": axe_violations(desktop)}
    screenshot(desktop, "course-progress-1280")
    desktop.goto(base + module.url)
    assert desktop.locator(".lesson-state--done").count() == lessons
    problems["module"] = axe_violations(desktop)
    assert {page: found for page, found in problems.items() if found} == {}
