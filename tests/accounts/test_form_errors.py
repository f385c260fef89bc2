"""The error summary at the top of a form names the field each problem is in."""

import html
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def summary(html):
    box = html[html.index('class="error-summary"') :]
    return re.findall(r'<li><a href="#([^"]+)">([^<]*)</a>', box[: box.index("</ul>")])


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", ["Email: This field is required.", "Display name: This field is required."]),
        ("/es", ["Correo electrónico: Este campo es necesario."]),
    ],
)
def test_an_empty_sign_up_says_which_fields_are_missing(prefix, expected):
    response = Client().post(f"{prefix}/accounts/signup/", {})
    assert response.status_code == 200  # allauth's answer to a form with errors
    found = summary(response.content.decode())
    assert all(anchor.startswith("id_") for anchor, _ in found)
    assert all(line in [text for _, text in found] for line in expected), found


def test_an_error_that_names_its_field_is_not_prefixed_again(client, learner):
    client.force_login(learner)
    response = client.post("/tools/safety-plan/edit/", {})
    found = [html.unescape(text) for _, text in summary(response.content.decode())]
    assert "Enter your loved one's first name." in found, found
    assert not any(text.startswith("Your loved one's first name:") for text in found)


@pytest.mark.parametrize("prefix", ["", "/es"])
def test_the_sign_up_error_summary_takes_focus_so_a_screen_reader_reads_it(prefix):
    """As the quiz's error summary does (autofocus, and static/js/site.js for browsers that
    ignore it on a div): focus moves to the summary, which a screen reader then reads."""
    page = Client().post(f"{prefix}/accounts/signup/", {}).content.decode()
    tag = re.search(r'<div class="error-summary"[^>]*>', page).group(0)
    assert "data-focus-on-load" in tag and "autofocus" in tag and 'tabindex="-1"' in tag
    assert page.count("data-focus-on-load") == 1 and page.count("autofocus") == 1
    assert Client().get(f"{prefix}/accounts/signup/").content.decode().count("autofocus") == 0
