"""Public pages in a real browser: axe finds no WCAG 2.2 A/AA violations, no sideways scroll."""

import pytest

from tests.e2e.conftest import axe_violations, printed_pages, screenshot

PUBLIC_PATHS = {
    "home": "/",
    "course": "/klonopin-withdrawal/",
    "module": "/klonopin-withdrawal/seizure-response/",
    "lesson": "/klonopin-withdrawal/seizure-response/stay-safe-side/",
    "safety": "/safety/",
    "faq": "/faq/",
    "privacy": "/privacy/",
    "search": "/search/?q=seizure",
    "not-found": "/no-such-page/",
}


@pytest.mark.django_db(transaction=True)
def test_public_pages_have_no_axe_violations(live_server, seeded_site, phone):
    problems = {}
    for name, path in PUBLIC_PATHS.items():
        response = phone.goto(live_server.url + path)
        assert response.status == (404 if name == "not-found" else 200), path
        violations = axe_violations(phone)
        if violations:
            problems[path] = violations
    assert problems == {}


@pytest.mark.django_db(transaction=True)
def test_no_horizontal_scrolling_at_320px_and_screenshots(live_server, seeded_site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    for path in ["/", PUBLIC_PATHS["lesson"], "/safety/"]:
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    context.close()
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for name in ("home", "lesson"):
            page.goto(live_server.url + PUBLIC_PATHS[name])
            screenshot(page, f"{name}-{width}")
        context.close()


@pytest.mark.django_db(transaction=True)
def test_skip_link_moves_focus_to_main(live_server, seeded_site, phone):
    phone.goto(live_server.url + PUBLIC_PATHS["lesson"])
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    phone.keyboard.press("Enter")
    assert phone.evaluate("location.hash") == "#main"


@pytest.mark.django_db(transaction=True)
def test_safety_card_prints_on_one_page(live_server, seeded_site, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/safety/")
    page.emulate_media(media="print")
    for size in ("A4", "Letter"):
        pages = printed_pages(page, size)
        assert pages == 1, f"safety card prints on {pages} {size} pages"
    context.close()


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_main_links_fold_under_menu_and_the_title_is_on_the_first_screen(
    live_server, seeded_site, phone, desktop
):
    """At 375 px the header took 450 of 740 px before the page's title (found in a 375 px
    trial): the main links fold under "Menu"; the crisis lines, the seizure button and the
    language links stay in view; on a wide screen nothing is folded."""
    phone.goto(live_server.url + PUBLIC_PATHS["lesson"])
    menu = phone.get_by_role("button", name="Menu")
    links = phone.locator("#site-nav-links")
    assert menu.get_attribute("aria-expanded") == "false" and not links.is_visible()
    assert phone.get_by_role("link", name="Seizure or overdose?").is_visible()
    assert phone.locator("h1").bounding_box()["y"] < 740  # the title, on the first screen
    folded_at = menu.bounding_box()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true" and links.is_visible()
    assert phone.get_by_role("link", name="My learning").is_visible()
    # The button stays where it was tapped (it used to jump to a new line on the left), and the
    # language link beside it can still be tapped.
    assert menu.bounding_box() == folded_at
    spanish = phone.get_by_role("link", name="Español").bounding_box()
    centre = (spanish["x"] + spanish["width"] / 2, spanish["y"] + spanish["height"] / 2)
    assert phone.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('a').lang", centre) == "es"
    assert axe_violations(phone) == []
    menu.click()
    assert not links.is_visible()
    # Escape folds it from one of its links, and the focus goes back to the button.
    menu.click()
    phone.get_by_role("link", name="My learning").focus()
    phone.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false" and not links.is_visible()
    assert phone.evaluate("document.activeElement.classList.contains('site-nav__toggle')")

    desktop.goto(live_server.url + PUBLIC_PATHS["lesson"])
    assert not desktop.get_by_role("button", name="Menu").is_visible()
    assert desktop.get_by_role("link", name="My learning").is_visible()
