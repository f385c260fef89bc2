"""The family toolkit in a real browser: a visitor's plan on a phone prints on one page; a learner
saves a plan and keeps a diary using the keyboard alone; axe finds nothing on any new page."""

import datetime
import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from tests.e2e.conftest import axe_violations, screenshot
from tests.factories import UserFactory
from toolkit.models import DiaryEntry, SafetyPlan

SEIZURE_LESSON = "/klonopin-withdrawal/seizure-response/stay-safe-side/"
TAPER_LESSON = "/klonopin-withdrawal/supporting-a-loved-one/how-a-taper-is-planned/"
PLAN = {
    "Your loved one's first name": "Sam",
    "What a seizure or an overdose looks like for them": (
        "Stares and does not answer, then his arms shake for about a minute. Very sleepy after. "
        "Overdose: cannot be woken, slow breathing, blue lips."
    ),
    "Prescriber's name": "Dr. Lee, Riverside Clinic",
    "Prescriber's phone": "555-123-4567",
    "After-hours phone": "(555) 765-4321",
    "Pharmacy (name and phone)": "Main Street Pharmacy, 555-222-3333",
    "Rescue medicine and how it was prescribed": (
        "Nasal spray in the blue box in the kitchen drawer. Dr. Lee said: give one spray if a seizure "
        "lasts 5 minutes, then call 911."
    ),
    "First emergency contact: name": "Alex (brother)",
    "First emergency contact: phone": "555-888-9999",
    "Second emergency contact: name": "Jo (neighbor)",
    "Second emergency contact: phone": "555-444-1111",
    "Nearest emergency room (name and address)": "County General Hospital, 1 Hospital Road, Springfield",
}


def pdf_pages(page, paper):
    """How many sheets of `paper` the page prints on (print media, as the browser prints)."""
    page.emulate_media(media="print")
    count = len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf(format=paper)))
    page.emulate_media(media="screen")
    return count


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching `selector` has focus, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def keys(page, *steps):
    """Type text, or press a named key: keys(page, "Sam", "Tab", "Space", "Enter")."""
    for step in steps:
        if step in {"Tab", "Space", "Enter"}:
            page.keyboard.press(step)
        else:
            page.keyboard.type(step)


@pytest.mark.django_db(transaction=True)
def test_visitor_makes_a_plan_on_a_phone_and_prints_it_on_one_page(live_server, seeded_site, phone):
    # One tap from any page to the top of the safety card: the seizure steps begin on the first
    # screen, and the overdose steps are linked beside them.
    phone.goto(live_server.url + SEIZURE_LESSON)
    link = phone.get_by_role("link", name="Seizure or overdose?")
    box = link.bounding_box()
    assert box["y"] + box["height"] < 400 and box["height"] >= 44  # near the top, a large target
    link.click()
    phone.wait_for_url("**/safety/#help-now")
    screen = phone.viewport_size["height"]
    steps_top = phone.locator("#seizure-steps .process-list").bounding_box()["y"]
    assert 0 <= steps_top < screen - 100, steps_top
    overdose = phone.get_by_role("link", name="Overdose: they cannot be woken")
    box = overdose.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] < screen and box["height"] >= 44
    assert phone.locator("#seizure-steps").evaluate(
        "(steps) => steps.compareDocumentPosition(document.querySelector('.phone-list')) & 4"
    )
    screenshot(phone, "toolkit-seizure-link-375")
    overdose.click()
    phone.wait_for_url("**/safety/#overdose-steps")
    assert -1 <= phone.locator("#overdose-steps").bounding_box()["y"] < 120  # at the top (to a subpixel)

    phone.goto(live_server.url + "/tools/safety-plan/edit/")
    assert axe_violations(phone) == []
    phone.get_by_role("button", name="Make my plan").click()
    assert "Enter your loved one's first name." in phone.locator(".error-summary").inner_text()
    assert axe_violations(phone) == []
    for label, value in PLAN.items():
        phone.get_by_label(label).fill(value)
    phone.get_by_label("Prescriber's phone").fill("call the clinic")
    phone.get_by_role("button", name="Make my plan").click()
    assert "Enter a phone number" in phone.locator(".error-summary").inner_text()
    assert (
        phone.get_by_label("Nearest emergency room (name and address)").input_value()
        == PLAN["Nearest emergency room (name and address)"]
    )  # nothing lost
    phone.get_by_label("Prescriber's phone").fill("555-123-4567")
    phone.get_by_role("button", name="Make my plan").click()
    phone.wait_for_url("**/tools/safety-plan/")
    assert phone.locator("h1").inner_text() == "Safety plan for Sam"
    assert SafetyPlan.objects.count() == 0  # a visitor's plan lives in their session only
    assert axe_violations(phone) == []
    screenshot(phone, "toolkit-safety-plan-375")
    assert pdf_pages(phone, "A4") == 1
    assert pdf_pages(phone, "Letter") == 1
    phone.emulate_media(media="print")
    screenshot(phone, "toolkit-safety-plan-print")
    phone.emulate_media(media="screen")

    # Every text field filled to its limit still prints on one page.
    phone.goto(live_server.url + "/tools/safety-plan/edit/")
    for field in phone.locator("form.tool-form input[type=text], form.tool-form textarea").all():
        limit = int(field.get_attribute("maxlength"))
        field.fill(("Long words here " * 60)[:limit])
    phone.get_by_role("button", name="Make my plan").click()
    phone.wait_for_url("**/tools/safety-plan/")
    assert pdf_pages(phone, "A4") == 1 and pdf_pages(phone, "Letter") == 1


@pytest.mark.django_db(transaction=True)
def test_learner_saves_a_plan_and_keeps_a_diary_with_the_keyboard_alone(live_server, seeded_site, phone):
    learner = UserFactory(username="kim", display_name="Kim")
    today = timezone.localdate()
    phone.goto(live_server.url + "/accounts/login/")
    tab_to(phone, "#id_login")
    keys(phone, learner.email)
    tab_to(phone, "#id_password")
    keys(phone, "correct-horse-battery", "Enter")
    phone.wait_for_url("**/dashboard/")

    tab_to(phone, "a[href='/tools/safety-plan/']")
    keys(phone, "Enter")
    phone.wait_for_url("**/tools/safety-plan/edit/")
    tab_to(phone, "#id_first_name")
    keys(phone, "Sam", "Tab", "Stares, then shakes.", "Tab", "Dr. Lee", "Tab", "555-123-4567", "Enter")
    phone.wait_for_url("**/tools/safety-plan/")
    assert SafetyPlan.objects.get(user=learner).prescriber_name == "Dr. Lee"

    phone.goto(live_server.url + "/tools/diary/")
    for days_ago, sleep, anxiety, dose in [(2, "7", "3", True), (1, "5.5", "6", False), (0, "4", "8", False)]:
        day = today - datetime.timedelta(days=days_ago)
        tab_to(phone, "#id_day")
        keys(phone, day.strftime("%m%d%Y"))
        tab_to(phone, "#id_sleep_hours")
        keys(phone, sleep, "Tab", anxiety, "Tab", "Space")  # and the first symptom
        tab_to(phone, "#id_dose_changed")
        if dose:
            keys(phone, "Space")
        tab_to(phone, "#id_notes")
        keys(phone, f"Day {days_ago}", "Tab")
        with phone.expect_navigation():
            keys(phone, "Enter")
        assert "Saved your diary" in phone.locator(".messages").inner_text()
    assert list(DiaryEntry.objects.filter(user=learner).values_list("anxiety", "symptoms")) == [
        (3, ["tremor"]),
        (6, ["tremor"]),
        (8, ["tremor"]),
    ]
    assert DiaryEntry.objects.get(user=learner, day=today - datetime.timedelta(days=2)).dose_changed
    chart = phone.locator("svg.tool-chart__svg")
    assert chart.is_visible()
    assert chart.locator("circle").count() == 3 and chart.locator(".tool-chart__dose").count() == 1
    assert phone.locator(".tool-diary-table tbody tr").count() == 3
    # Each day's Change and Delete are on the first screen's width, beside the date (as a last
    # column they were reached only by swiping the table sideways).
    width = phone.viewport_size["width"]
    for link in phone.locator(".tool-diary-table tbody a").all():
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, link.inner_text()
    assert phone.locator(".tool-diary-table tbody a").count() == 6
    # The table's name is read whole on the phone (as a <caption> it was cut off at the edge).
    name = phone.locator("#diary-caption")
    assert name.inner_text().startswith("Your diary, ")
    assert name.bounding_box()["x"] + name.bounding_box()["width"] <= width
    assert phone.get_by_role("region", name=name.inner_text()).count() == 1
    # A note reads as a line of text, not a word per line in a narrow last column.
    assert phone.locator(".tool-diary-table tbody td:last-child").first.bounding_box()["width"] >= 200
    assert axe_violations(phone) == []
    screenshot(phone, "toolkit-diary-chart-375")
    phone.emulate_media(media="print")
    screenshot(phone, "toolkit-diary-print")
    phone.emulate_media(media="screen")
    assert phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0

    # A seizure entered for today (opened with its "Change" link: the plain page now adds
    # another day): the emergency steps show at once, focused.
    phone.goto(f"{live_server.url}/tools/diary/?day={today.isoformat()}")
    tab_to(phone, "#id_seizure")
    keys(phone, "Space")
    tab_to(phone, "form[action='/tools/diary/'] button[type=submit]")
    with phone.expect_navigation():
        keys(phone, "Enter")
    alert = phone.locator(".tool-alerts")
    assert "A seizure: what to do now" in alert.inner_text() and "Stay" in alert.inner_text()
    assert axe_violations(phone) == []
    screenshot(phone, "toolkit-diary-seizure-alert-375")
    # The steps' page was reached by a redirect after saving: leaving it and coming Back shows
    # the diary again, never the browser's "Confirm Form Resubmission" (ERR_CACHE_MISS).
    phone.goto(f"{live_server.url}/safety/")
    phone.go_back()
    assert phone.url == f"{live_server.url}/tools/diary/"
    assert phone.locator("#diary-form-heading").count() == 1


@pytest.mark.django_db(transaction=True)
def test_toolkit_and_picture_pages_have_no_axe_violations(live_server, seeded_site, phone, desktop):
    problems = {}
    blocked = []  # Content-Security-Policy reports: no inline style or script on these pages
    phone.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    paths = [
        "/tools/",
        "/tools/questions/",
        "/tools/diary/",
        "/tools/diary/paper/",
        SEIZURE_LESSON,
        TAPER_LESSON,
    ]
    for path in paths:
        assert phone.goto(live_server.url + path).status == 200, path
        if violations := axe_violations(phone):
            problems[path] = violations
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    screenshot(phone, "toolkit-taper-lesson-375")
    phone.goto(live_server.url + SEIZURE_LESSON + "#stay-safe-side")
    screenshot(phone, "toolkit-seizure-lesson-375")
    assert phone.locator("figure.teach").count() == 2

    phone.goto(live_server.url + "/tools/questions/")
    phone.get_by_label("Should there be a rescue medicine for seizures?", exact=False).check()
    phone.get_by_label("Your own question").fill("Can he drive to work?")
    phone.get_by_role("button", name="Make my list").click()
    assert "Can he drive to work?" in phone.locator(".tool-questions").inner_text()
    if violations := axe_violations(phone):
        problems["questions-list"] = violations
    screenshot(phone, "toolkit-questions-375")
    assert pdf_pages(phone, "Letter") == 1

    phone.goto(live_server.url + "/tools/diary/paper/")
    assert pdf_pages(phone, "A4") == 1 and pdf_pages(phone, "Letter") == 1

    desktop.goto(live_server.url + "/faq/")
    assert desktop.get_by_role("link", name="Seizure or overdose?").is_visible()
    screenshot(desktop, "toolkit-header-desktop")
    assert problems == {}
    assert blocked == []


@pytest.mark.django_db
def test_page_weights(client, seeded_site):
    """HTML + CSS + JS of each toolkit page, gzipped, as a phone downloads it (a lesson: under 100 kB)."""
    static = Path(settings.BASE_DIR) / "static"
    assets = sum(
        len(gzip.compress((static / name).read_bytes()))
        for name in ["css/site.css", "css/toolkit.css", "js/site.js"]
    )
    for path in [
        "/tools/",
        "/tools/safety-plan/edit/",
        "/tools/questions/",
        "/tools/diary/",
        "/tools/diary/paper/",
    ]:
        html = client.get(path).content
        total = len(gzip.compress(html)) + assets
        print(f"page weight {path}: {total} bytes gzipped ({len(html)} bytes of HTML)")
        assert total < 100_000
    pictures = sum(len(gzip.compress(path.read_bytes())) for path in (static / "img" / "teach").glob("*.svg"))
    print(f"all six teaching pictures: {pictures} bytes gzipped")
    assert pictures < 20_000
