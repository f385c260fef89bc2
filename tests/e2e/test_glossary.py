"""The glossary in a real browser: /glossary/ and a lesson's in-place definitions pass axe, and a
definition opens and closes with the keyboard alone, with JavaScript off."""

import pytest

from tests.e2e.conftest import axe_violations, screenshot

LESSON_PATH = "/klonopin-withdrawal/withdrawal-risks/why-stopping-suddenly-is-dangerous/"


@pytest.mark.django_db(transaction=True)
def test_glossary_page_has_no_axe_violations(live_server, seeded_site, phone):
    response = phone.goto(live_server.url + "/glossary/#taper")
    assert response.status == 200
    assert phone.locator(".glossary-list__item").count() == 36
    assert axe_violations(phone) == []
    screenshot(phone, "glossary-375")


@pytest.mark.django_db(transaction=True)
def test_a_definition_opens_and_closes_by_keyboard_without_javascript(live_server, seeded_site, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + LESSON_PATH)
        term = page.locator("button.glossary-term").first
        definition = page.locator(".glossary-definition").first
        assert term.get_attribute("popovertarget") == definition.get_attribute("id")
        assert definition.is_hidden()

        term.focus()
        page.keyboard.press("Enter")
        assert definition.is_visible()
        assert "When the body gets used to a medicine" in definition.inner_text()
        screenshot(page, "lesson-definition-open-375")
        page.keyboard.press("Escape")
        assert definition.is_hidden()

        term.focus()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")  # focus moves into the open definition: its link, then Close
        page.keyboard.press("Tab")
        assert definition.locator("button").evaluate("button => button === document.activeElement")
        page.keyboard.press("Enter")
        assert definition.is_hidden()
    finally:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_a_lesson_with_a_definition_open_has_no_axe_violations(live_server, seeded_site, phone):
    phone.goto(live_server.url + LESSON_PATH)
    phone.locator("button.glossary-term").first.click()  # a tap
    assert phone.locator(".glossary-definition").first.is_visible()
    assert axe_violations(phone) == []
