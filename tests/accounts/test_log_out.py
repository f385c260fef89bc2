"""Logging out lands on the home page in the language being read; the password reset page
leaves no dead end."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("page", "home", "language"), [("/dashboard/", "/", "en"), ("/es/mi-aprendizaje/", "/es/", "es")]
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


@pytest.mark.parametrize(
    ("prefix", "counselor_home", "my_learning"),
    [("", "/counselor/", "/dashboard/"), ("/es", "/es/counselor/", "/es/mi-aprendizaje/")],
)
def test_a_counselor_lands_in_the_counselor_area_and_a_learner_on_my_learning(
    client, learner, prefix, counselor_home, my_learning
):
    from django.contrib.auth.models import Group

    from circles.rules import COUNSELORS_GROUP
    from tests.factories import UserFactory

    password = "correct-horse-battery"  # tests.factories.UserFactory's  # noqa: S105

    counselor = UserFactory(username="casey")
    counselor.groups.add(Group.objects.get_or_create(name=COUNSELORS_GROUP)[0])
    login = f"{prefix}/accounts/login/"
    signed_in = client.post(login, {"login": counselor.email, "password": password})
    assert signed_in.status_code == 302 and signed_in["Location"] == counselor_home
    client.logout()
    signed_in = client.post(login, {"login": learner.email, "password": password})
    assert signed_in["Location"] == my_learning
    client.logout()
    sent_back = client.post(f"{login}?next=/tools/diary/", {"login": counselor.email, "password": password})
    assert sent_back["Location"] == "/tools/diary/"  # where they were going comes first


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "home", "words"), [("", "/", "spam"), ("/es", "/es/", "spam")])
def test_the_password_reset_page_says_what_to_try_and_names_no_one_to_contact(
    client, seeded_site, prefix, home, words
):
    """allauth's "Please contact us if you have any trouble" named no one to contact (found in
    a 375 px trial): the page says what to try, and that the course is open without an account."""
    page = client.get(f"{prefix}/accounts/password/reset/").content.decode()
    assert "contact us" not in page.lower() and "contáctenos" not in page.lower()
    assert words in page and f'<a href="{home}">' in page
    # The page after sending the form too ("Otherwise contact us...").
    sent = client.post(f"{prefix}/accounts/password/reset/", {"email": "someone@example.com"}, follow=True)
    after = sent.content.decode()
    assert sent.status_code == 200 and "contact" not in after.lower() and "contacto" not in after.lower()
    assert words in after and f'<a href="{home}">' in after
