"""Journey 3: a counselor creates a circle, a learner joins by link and consents, the counselor
sees their progress (at 1280 px and on a 375 px phone); the learner leaves after a confirmation
and the counselor no longer sees their progress, only that they left."""

import pytest
from django.contrib.auth.models import Group

from lessons.models import ModulePage
from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import UserFactory


def log_in(page, base_url, email):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Log in", exact=True).click()


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
    desk.get_by_label(seizure.title, exact=True).check()
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
    circle_url = desk.url

    # The counselor on a phone: the table says it scrolls, and the names stay in view.
    counselor_phone = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    log_in(counselor_phone, base, counselor.email)
    counselor_phone.goto(circle_url)
    hint = counselor_phone.get_by_text("swipe the table sideways to see each module")
    assert hint.is_visible()
    wrap = counselor_phone.locator(".table-wrap")
    name = counselor_phone.locator(".matrix tbody th").first
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")  # it does scroll
    before = name.bounding_box()
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    after = name.bounding_box()
    assert abs(after["x"] - before["x"]) < 1 and "Ana" in name.inner_text()  # the name stayed put
    state = counselor_phone.locator(".matrix tbody td").last.bounding_box()
    assert state["x"] + state["width"] <= 375 + 1  # the last module's cell is now in view
    problems["matrix-phone"] = axe_violations(counselor_phone)
    screenshot(counselor_phone, "counselor-circle-375")
    assert counselor_phone.evaluate("document.documentElement.scrollWidth") <= 375  # no page scroll
    # Removing an assignment asks first, and "No" leads back with nothing removed.
    counselor_phone.get_by_role("link", name=f"Remove the assignment of {seizure.title} to everyone").click()
    heading = counselor_phone.locator("h1").inner_text()
    assert heading == f"Remove the assignment of “{seizure.title}” to everyone?"
    problems["remove-assignment-phone"] = axe_violations(counselor_phone)
    assert counselor_phone.evaluate("document.documentElement.scrollWidth") <= 375
    counselor_phone.get_by_role("link", name="No, keep it").click()
    assert counselor_phone.url == f"{circle_url}#assignments" and "1/3 lessons" in counselor_phone.content()
    # In Spanish too the page keeps to the screen (its long sort options widened it).
    counselor_phone.goto(circle_url.replace(base, f"{base}/es"))
    assert counselor_phone.locator("html").get_attribute("lang") == "es"
    assert counselor_phone.evaluate("document.documentElement.scrollWidth") <= 375

    desk.get_by_role("link", name="Ana").click()
    problems["member"] = axe_violations(desk)
    member_url = desk.url

    phone.goto(base + "/dashboard/")
    assert "Casey: looked at your progress in detail" in phone.content()
    problems["dashboard-with-circle"] = axe_violations(phone)
    phone.get_by_role("link", name="Leave this circle").click()
    assert phone.locator("h1").inner_text() == "Leave Casey's care circle?"
    problems["leave-confirm"] = axe_violations(phone)
    phone.get_by_role("button", name="Yes, leave the circle").click()
    assert "You left the circle" in phone.content()

    assert desk.goto(member_url).status == 404
    desk.goto(base + "/counselor/")
    desk.get_by_role("link", name="Rivera family").click()
    assert desk.locator(".matrix").count() == 0  # no progress of anyone
    assert "Ana left the circle on" in desk.locator("main").inner_text()
    assert "No one has joined yet" not in desk.content()
    assert {page: found for page, found in problems.items() if found} == {}


@pytest.mark.django_db(transaction=True)
def test_a_large_circle_is_read_a_page_at_a_time_on_a_phone(live_server, seeded_site, phone):
    """A circle of 60: the first 50 members, then the rest behind "More members", reached by
    keyboard; the sort the counselor chose stays; no accessibility problem on either page."""
    from circles.models import CareCircle, CircleMembership
    from circles.views.counselor import MEMBERS_PER_PAGE

    counselor = UserFactory(username="casey", display_name="Casey")
    counselor.groups.add(Group.objects.get_or_create(name="Counselors")[0])
    circle = CareCircle.objects.create(counselor=counselor, name="Clinic group")
    members = [UserFactory(username=f"m{i:02d}", display_name=f"Member {i:02d}") for i in range(60)]
    CircleMembership.objects.bulk_create([CircleMembership(circle=circle, user=u) for u in members])
    log_in(phone, live_server.url, counselor.email)
    phone.goto(f"{live_server.url}/counselor/circles/{circle.pk}/?sort=-name")
    rows = phone.locator(".matrix tbody tr")
    assert rows.count() == MEMBERS_PER_PAGE and "Member 59" in rows.first.inner_text()
    first_page = axe_violations(phone)
    more = phone.get_by_role("navigation", name="Pages of members").get_by_role("link", name="More members")
    more.focus()
    phone.keyboard.press("Enter")
    phone.wait_for_url("**page=2#matrix-caption")  # opens at the table
    assert rows.count() == 60 - MEMBERS_PER_PAGE and "Member 09" in rows.first.inner_text()
    assert phone.get_by_role("link", name="Previous members").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375  # no page scroll
    assert (first_page, axe_violations(phone)) == ([], [])
