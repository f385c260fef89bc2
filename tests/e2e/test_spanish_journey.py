"""Issue 19: a Spanish-speaking family's journey on a 375 px phone: the switcher from an English
lesson, a Spanish lesson, a quiz with its feedback, signing up, My learning, and the safety card
printed; axe finds nothing on any Spanish page, and each one says lang="es"."""

import re

import pytest
from django.core import mail
from wagtail.models import Locale

from quizzes.models import QuizPage
from tests.e2e.conftest import axe_violations, printed_pages


def spanish_quiz():
    english = QuizPage.objects.get(url_path__contains="/seizure-response/", locale__language_code="en")
    return english.get_translation(Locale.objects.get(language_code="es")).specific


def checked_page(page, problems, name):
    assert page.evaluate("document.documentElement.lang") == "es", f"{name}: {page.url}"
    if violations := axe_violations(page):
        problems[name] = violations


@pytest.mark.django_db(transaction=True)
def test_a_spanish_journey_on_a_phone(live_server, seeded_site, phone, browser):
    problems = {}
    quiz = spanish_quiz()
    lesson = quiz.get_parent().get_children().live().first()

    # From the English lesson, the switcher leads to the same lesson in Spanish.
    english_lesson = lesson.get_translation(Locale.get_default())
    phone.goto(live_server.url + english_lesson.url)
    phone.locator(".language-switcher").get_by_role("link", name="Español").click()
    phone.wait_for_url(f"**{lesson.url}")
    checked_page(phone, problems, "lesson")
    assert phone.locator("h1").inner_text() == lesson.title

    # The quiz: one wrong answer shows its Spanish feedback and explanation.
    phone.goto(live_server.url + quiz.url)
    checked_page(phone, problems, "quiz")
    key = quiz.answer_key()
    wrong = next(choice for choice in key[0].choices if not choice.correct)
    for question in key:
        fieldset = phone.locator("fieldset", has=phone.locator("legend", has_text=question.text))
        picks = [wrong] if question is key[0] else [c for c in question.choices if c.correct]
        for choice in picks:
            fieldset.get_by_label(choice.text, exact=True).check()
    phone.locator("main form button[type=submit]").first.click()
    phone.wait_for_load_state()
    body = phone.locator("main").inner_text()
    assert wrong.feedback.split("(")[0].strip()[:40] in body
    checked_page(phone, problems, "quiz result")

    # Sign up in Spanish, confirm with the code from the email, arrive on My learning.
    phone.goto(live_server.url + "/es/accounts/signup/")
    checked_page(phone, problems, "sign-up")
    phone.fill("input[name=email]", "familia@example.com")
    phone.fill("input[name=display_name]", "Rosa")
    phone.fill("input[name=password1]", "una-frase-bastante-larga")
    phone.fill("input[name=password2]", "una-frase-bastante-larga")
    phone.locator("main form button[type=submit]").first.click()
    phone.wait_for_url("**/es/accounts/confirm-email/")
    code = re.search(r"\b[A-Z]{4}-[A-Z]{4}\b", mail.outbox[-1].body).group(0)
    phone.locator("input[name=code]").fill(code)
    phone.locator("input[name=code]").press("Enter")
    phone.wait_for_url("**/es/mi-aprendizaje/")
    checked_page(phone, problems, "My learning")

    # The Spanish safety card, with its Spanish crisis lines, prints on one page.
    phone.goto(live_server.url + "/es/tarjeta-de-seguridad/")
    checked_page(phone, problems, "safety card")
    assert "oprima 2" in phone.content()
    assert problems == {}
    printer = (
        browser.new_context().new_page()
    )  # printed as the English card is (tests/e2e/test_public_pages.py)
    printer.goto(live_server.url + "/es/tarjeta-de-seguridad/")
    printer.emulate_media(media="print")
    for size in ("A4", "Letter"):
        pages = printed_pages(printer, size)
        assert pages == 1, f"the Spanish safety card prints on {pages} {size} pages"
    printer.context.close()
