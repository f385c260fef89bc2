"""'Seizure or overdose?' is in the header of every page and lands at the top of the safety card,
where the seizure steps begin and the overdose steps are linked, before its phone list."""

import pytest
from django.test import Client

from home.models import SafetyCardPage

LINK = '<a class="seizure-link" href="/safety/#help-now">Seizure or overdose?</a>'


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
    steps = html.index('class="steps__title">Stay, Safe, Side')
    assert html.index('id="seizure-steps"') < steps < html.index("Phone numbers")


@pytest.mark.parametrize(
    ("prefix", "button", "seizure", "overdose", "steps"),
    [
        (
            "",
            "Seizure or overdose?",
            "Seizure: Stay",
            "Overdose: they cannot be woken",
            ["Call 911.", "naloxone"],
        ),
        (
            "/es",
            "¿Convulsión o sobredosis?",
            "Convulsión: Quédese",
            "Sobredosis: no se puede despertar",
            ["Llame al 911.", "naloxona"],
        ),
    ],
)
def test_the_button_lands_where_both_the_seizure_and_the_overdose_steps_are(
    client, seeded_site, prefix, button, seizure, overdose, steps
):
    """The course's own card, in the reader's language: at its top ("help-now"), links to its
    seizure steps and its overdose steps, each there on the page as the card cites them."""
    import re

    header = client.get(f"{prefix}/").content.decode()
    href, name = re.search(r'<a class="seizure-link" href="([^"]+)">([^<]+)</a>', header).groups()
    assert name == button
    address, anchor = href.split("#")
    html = client.get(address).content.decode()
    top = html.index(f'id="{anchor}"')
    links = re.findall(
        r'<a href="#([a-z-]+)">([^<]+)</a>', html[top : html.index('class="safety-card__body"')]
    )
    assert [anchor for anchor, _ in links] == ["seizure-steps", "overdose-steps"]
    # Both calls an emergency may need are there on arrival, before the steps, to tap.
    calls = re.findall(
        r'<a class="button[^"]*" href="tel:([^"]+)">', html[top : html.index("safety-card__jump")]
    )
    assert calls == ["911", "+18002221222"]
    assert links[0][1].startswith(seizure) and links[1][1] == overdose
    seizure_at, overdose_at = html.index('id="seizure-steps"'), html.index('id="overdose-steps"')
    assert top < seizure_at < overdose_at < html.index('id="card-lines"')
    overdose_block = html[overdose_at : html.index("</aside>", overdose_at)]
    assert overdose in overdose_block and all(step in overdose_block for step in steps)
    assert "FDA" in overdose_block  # cited, as on the card
