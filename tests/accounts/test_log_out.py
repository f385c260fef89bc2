"""Logging out: the learner lands on the home page in the language they were reading."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("page", "home", "language"), [("/dashboard/", "/", "en"), ("/es/dashboard/", "/es/", "es")]
)
def test_logging_out_lands_on_the_home_page_in_the_language_being_read(
    client, seeded_site, learner, page, home, language
):
    client.force_login(learner)
    html = client.get(page).content.decode()
    action = re.search(r'<form method="post" action="([^"]*logout[^"]*)"', html).group(1)
    response = client.post(action)
    assert response.status_code == 302 and response["Location"] == home
    landed = client.get(response["Location"])
    assert landed.status_code == 200
    assert re.search(r'<html lang="([^"]+)"', landed.content.decode()).group(1) == language
    assert "_auth_user_id" not in client.session
