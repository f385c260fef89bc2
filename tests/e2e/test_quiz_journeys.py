"""Quizzes in a real browser: keyboard only, axe in every state, and a visitor's whole journey."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from lessons.models import LessonPage, ModulePage
from quizzes.models import QuizPage
from tests.e2e.conftest import axe_violations, screenshot

SEIZURE_MODULE = "/klonopin-withdrawal/seizure-response/"
SIGNUP = {"email": "journey@example.com", "password": "a-long-enough-passphrase", "name": "Jordan"}


def seizure_quiz():
    return QuizPage.objects.get(url_path__contains="/seizure-response/")


def right_texts(quiz):
    """{question text: [texts of its right answers]} from the server's answer key."""
    return {q.text: [c.text for c in q.choices if c.correct] for q in quiz.answer_key()}


def answer_with_mouse(page, picks):
    """Tick the answers whose label texts are given, question by question (by legend text)."""
    for question, texts in picks.items():
        fieldset = page.locator("fieldset", has=page.locator("legend", has_text=question))
        for text in texts:
            fieldset.get_by_label(text, exact=True).check()


FOCUSED = """(() => {
  const e = document.activeElement;
  return {
    tag: e.tagName, id: e.id, name: e.getAttribute("name") || "", classes: e.className || "",
    text: (e.textContent || "").trim().slice(0, 80),
    label: e.labels && e.labels[0] ? e.labels[0].textContent.trim() : "",
  };
})()"""


def focused(page):
    return page.evaluate(FOCUSED)


def tab_to(page, predicate, limit=80):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if predicate(focused(page)):
            return focused(page)
    raise AssertionError(f"Tab never reached the element; focus is on {focused(page)}")


def answer_by_keyboard(page, picks):
    """Answer with Tab, arrow keys and Space only, in the order the questions appear."""
    legends = page.locator("fieldset legend").all_inner_texts()
    for legend in legends:
        wanted = picks.get(legend)
        fieldset = page.locator("fieldset", has=page.locator("legend", has_text=legend))
        labels = fieldset.locator("label").all_inner_texts()
        name = fieldset.locator("input").first.get_attribute("name")
        input_type = fieldset.locator("input").first.get_attribute("type")
        current = tab_to(page, lambda f, name=name: f["name"] == name)
        if wanted is None:
            continue  # leave this question unanswered
        if input_type == "radio":
            target = labels.index(wanted[0])
            start = labels.index(current["label"])
            for _ in range(target - start):
                page.keyboard.press("ArrowDown")
            if target == start:
                page.keyboard.press("Space")
            assert focused(page)["label"] == wanted[0]
        else:
            for position, label in enumerate(labels):
                if position:
                    page.keyboard.press("Tab")
                assert focused(page)["label"] == label
                if label in wanted:
                    page.keyboard.press("Space")


def submit_by_keyboard(page):
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Check my answers")
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.django_db(transaction=True)
def test_keyboard_only_quiz_with_an_error_then_a_pass(live_server, seeded_site, desktop):
    quiz = seizure_quiz()
    right = right_texts(quiz)
    questions = list(right)
    desktop.goto(live_server.url + quiz.url)

    partly = {q: right[q] for q in questions[1:]}  # question 1 left unanswered
    answer_by_keyboard(desktop, partly)
    submit_by_keyboard(desktop)
    assert "Error:" in desktop.title()
    now = focused(desktop)
    assert "error-summary" in now["classes"], now  # focus moved to the error summary
    for question, texts in partly.items():  # the answers given are kept
        fieldset = desktop.locator("fieldset", has=desktop.locator("legend", has_text=question))
        for text in texts:
            assert fieldset.get_by_label(text, exact=True).is_checked()

    # Follow the error summary's link to the unanswered question, answer it, send again.
    tab_to(desktop, lambda f: f["tag"] == "A" and f["text"].startswith("Question 1"))
    desktop.keyboard.press("Enter")
    first = desktop.locator("fieldset").first
    assert focused(desktop)["name"] == first.locator("input").first.get_attribute("name")
    labels = first.locator("label").all_inner_texts()
    for _ in range(labels.index(right[questions[0]][0])):
        desktop.keyboard.press("ArrowDown")
    desktop.keyboard.press("Space")
    submit_by_keyboard(desktop)
    assert desktop.locator("h1").inner_text() == "You passed: 100%"
    assert focused(desktop)["id"] == "result-heading"  # focus moved to the result


@pytest.mark.django_db(transaction=True)
def test_the_quiz_has_no_axe_violations_before_with_errors_and_after(live_server, seeded_site, phone):
    quiz = seizure_quiz()
    problems = {}
    phone.goto(live_server.url + quiz.url)
    if violations := axe_violations(phone):
        problems["before"] = violations
    phone.get_by_role("button", name="Check my answers").click()
    assert phone.locator(".error-summary").is_visible()
    if violations := axe_violations(phone):
        problems["errors"] = violations
    right = right_texts(quiz)
    answer_with_mouse(phone, {q: t for q, t in right.items() if q != list(right)[0]})
    answer_with_mouse(phone, {list(right)[0]: ["Put a spoon between his teeth, as your friend says."]})
    phone.get_by_role("button", name="Check my answers").click()
    assert phone.locator("h1").inner_text() == "Not passed: a must-know question was wrong"
    if violations := axe_violations(phone):
        problems["after"] = violations
    assert problems == {}

    # No sideways scrolling at 320 px, on the form or the result.
    phone.set_viewport_size({"width": 320, "height": 700})
    for url in (phone.url, live_server.url + quiz.url):
        phone.goto(url)
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at 320px"


@pytest.mark.django_db(transaction=True)
def test_visitor_fails_reads_the_lesson_passes_and_signs_up(live_server, seeded_site, phone, browser):
    quiz = seizure_quiz()
    right = right_texts(quiz)
    questions = list(right)
    module = ModulePage.objects.get(url_path__endswith="/seizure-response/")
    lessons = list(LessonPage.objects.child_of(module).order_by("path"))

    phone.goto(live_server.url + "/")
    phone.get_by_role("link", name=f"Module 4 {module.title}").click()
    assert phone.locator("h1").inner_text() == module.title
    assert phone.get_by_role("link", name=quiz.title).is_visible()  # the module lists its quiz
    phone.get_by_role("link", name=lessons[0].title, exact=True).first.click()
    for lesson in lessons:
        # The first "Mark as complete" of a visitor without a session is sent by site.js after
        # it fetched a CSRF token (the shared page has none), so the next page comes a moment later.
        expect(phone.locator("h1")).to_have_text(lesson.title)
        phone.get_by_role("button", name="Mark as complete").click()
    # Completing the last lesson leads on to the quiz.
    expect(phone.locator("h1")).to_have_text(quiz.title)

    wrong = dict(right)
    wrong[questions[0]] = ["Put a spoon between his teeth, as your friend says."]
    answer_with_mouse(phone, wrong)
    phone.get_by_role("button", name="Check my answers").click()
    assert phone.locator("h1").inner_text() == "Not passed: a must-know question was wrong"
    assert phone.get_by_text("One must-know question was not right.").is_visible()

    phone.get_by_role("link", name=f"Read this again in “{lessons[0].title}”").first.click()
    assert phone.locator("h1").inner_text() == lessons[0].title
    assert phone.evaluate("location.hash") == "#what-not-to-do"
    phone.go_back()
    phone.get_by_role("link", name="Try the quiz again").first.click()
    answer_with_mouse(phone, right)
    phone.get_by_role("button", name="Check my answers").click()
    assert phone.locator("h1").inner_text() == "You passed: 100%"
    screenshot(phone, "quiz-results-375")
    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    desktop.add_cookies(phone.context.cookies())
    wide = desktop.new_page()
    wide.goto(phone.url)
    assert wide.locator("h1").inner_text() == "You passed: 100%"
    screenshot(wide, "quiz-results-1280")
    desktop.close()

    phone.get_by_role("link", name="create a free account").click()
    phone.locator("#id_email").fill(SIGNUP["email"])
    phone.locator("#id_password1").fill(SIGNUP["password"])
    phone.locator("#id_password2").fill(SIGNUP["password"])
    phone.locator("#id_display_name").fill(SIGNUP["name"])
    phone.get_by_role("button", name="Sign up").click()
    phone.wait_for_url("**/accounts/confirm-email/")  # verification by code is mandatory
    code = re.search(r"\b[A-Z]{4}-[A-Z]{4}\b", mail.outbox[-1].body).group(0)
    phone.locator("input[name=code]").fill(code)
    phone.locator("input[name=code]").press("Enter")
    phone.wait_for_url("**/dashboard/**")
    phone.goto(live_server.url + "/dashboard/")
    item = phone.locator(".module-progress", has=phone.get_by_role("link", name=module.title))
    text = item.inner_text()
    assert "3 of 3 lessons done; quiz passed (best 100%, latest 100%)." in text
    assert "Done" in text
    assert axe_violations(phone) == []


@pytest.mark.django_db(transaction=True)
def test_back_after_the_result_ticks_nothing_the_learner_did_not_choose(live_server, seeded_site, phone):
    """The answers are shuffled on every load: a browser that put ticks back by position after
    Back would tick answers nobody chose (unsafe ones included). The form asks it not to; the
    server ticks the answers the learner sent, by answer, so Back shows exactly those."""
    quiz = seizure_quiz()
    picks = right_texts(quiz)
    phone.goto(live_server.url + quiz.url)
    answer_with_mouse(phone, picks)
    phone.get_by_role("button", name="Check my answers").click()
    assert phone.locator("h1").inner_text() == "You passed: 100%"
    phone.go_back()
    expect(phone.locator("h1")).to_have_text(quiz.title)
    ticked = phone.locator("form.quiz-form input:checked")
    assert ticked.count() == sum(len(texts) for texts in picks.values())
    for question, texts in picks.items():
        fieldset = phone.locator("fieldset", has=phone.locator("legend", has_text=question))
        for text in texts:
            assert fieldset.get_by_label(text, exact=True).is_checked()
