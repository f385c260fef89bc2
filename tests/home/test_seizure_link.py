"""'Seizure? What to do now' is in the header of every page and lands on the safety card's steps,
which come before its phone list."""

import pytest
from django.test import Client

from home.models import SafetyCardPage

LINK = '<a class="seizure-link" href="/safety/#seizure-steps">Seizure? What to do now</a>'


PAGES = ["/", "/no-such-page/", "/accounts/login/", "/tools/", "/dashboard/", "/search/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_the_link_in_its_header(client, home_page, path):
    html = client.get(path).content.decode()
    assert LINK in html
    assert html.index(LINK) < html.index('<main id="main"')


@pytest.mark.django_db
@pytest.mark.urls("tests.home.error_urls")
def test_the_server_error_page_has_it_too(home_page):
    assert LINK in Client(raise_request_exception=False).get("/explode/").content.decode()


@pytest.mark.django_db
def test_the_card_shows_the_steps_before_the_phone_numbers(client, home_page):
    card = SafetyCardPage(
        title="Seizure first aid card",
        slug="safety",
        body=[{"type": "numbered_steps", "value": {"title": "Stay, Safe, Side", "steps": [{"title": "Go"}]}}],
    )
    home_page.add_child(instance=card)
    card.save_revision().publish()
    html = client.get("/safety/").content.decode()
    assert html.index('id="seizure-steps"') < html.index("Stay, Safe, Side") < html.index("Phone numbers")
