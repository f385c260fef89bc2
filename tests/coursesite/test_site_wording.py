"""What the site says about itself (issue 17, bug 7): emails name the site, times are written
one way, a refused request logs one line, and the "create an account" flash is a link."""

import logging
import re
from datetime import datetime

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone

from circles.models import AccessLog
from lessons.models import LessonPage
from tests.factories import UserFactory


@pytest.mark.django_db
def test_allauth_emails_name_the_site_not_the_host(learner, mailoutbox):
    client = Client(HTTP_HOST="127.0.0.1")
    response = client.post("/accounts/password/reset/", {"email": learner.email})
    assert response.status_code == 302
    message = mailoutbox[-1]
    assert message.subject.startswith("[Family course] ")
    assert "Hello from Family course!" in message.body
    assert "Thank you for using Family course!" in message.body
    assert "127.0.0.1" not in message.subject and "127.0.0.1" not in message.body.split("\n", 1)[0]
    assert "127.0.0.1\n" not in message.body and not message.body.rstrip().endswith("127.0.0.1")


@pytest.mark.django_db
def test_sign_up_confirmation_names_the_site(client, mailoutbox):
    client.post(
        "/accounts/signup/",
        {
            "email": "ana@example.com",
            "password1": "a-long-passphrase-9",
            "password2": "a-long-passphrase-9",
            "display_name": "Ana",
        },
    )
    body = mailoutbox[-1].body
    assert mailoutbox[-1].subject.startswith("[Family course] ")
    assert "testserver" not in body and "Family course" in body


@pytest.mark.django_db
def test_times_are_written_one_way(course):
    learner = UserFactory(username="ana")
    counselor = UserFactory(username="casey", display_name="Casey")
    entry = AccessLog.objects.create(
        learner=learner,
        counselor=counselor,
        counselor_name="Casey",
        circle_name="x",
        action=AccessLog.VIEWED_CIRCLE,
    )
    late_night = timezone.make_aware(datetime(2026, 11, 30, 0, 35))
    AccessLog.objects.filter(pk=entry.pk).update(created_at=late_night)
    client = Client()
    client.force_login(learner)
    html = client.get("/dashboard/").content.decode()
    assert "Nov 30, 2026, 12:35 AM" in html and "a.m." not in html
    noon = timezone.make_aware(datetime(2026, 11, 30, 12, 32))
    assert Template("{{ t|time }}").render(Context({"t": noon})) == "12:32 PM"


@pytest.mark.django_db
def test_a_refused_request_logs_one_line_not_a_traceback(learner):
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client = Client()
        client.force_login(learner)
        assert client.get("/counselor/").status_code == 403
    finally:
        logger.removeHandler(handler)
    forbidden = [r for r in records if r.status_code == 403]
    assert len(forbidden) == 1
    assert forbidden[0].exc_info is None
    assert forbidden[0].getMessage() == "Forbidden (Permission denied): /counselor/"
    # A server error keeps its traceback: the filter is for client errors only.
    from coursesite.log_filters import OneLineForClientErrors

    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        error = logging.LogRecord("django.request", logging.ERROR, "", 0, "Server error", (), sys.exc_info())
    error.status_code = 500
    assert OneLineForClientErrors().filter(error) and error.exc_info is not None


@pytest.mark.django_db
def test_the_create_an_account_flash_is_a_link(client, course):
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    response = client.post(f"/progress/lessons/{lesson.pk}/complete/", follow=True)
    html = response.content.decode()
    assert '<a href="/accounts/signup/">Create a free account</a> to keep your progress.' in html
    assert "&lt;a href" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accounts/login/", "Log in"),
        ("/accounts/signup/", "Sign up"),
        ("/accounts/password/reset/", "Reset your password"),
        ("/accounts/password/reset/key/1-bad/", "This link no longer works"),
        ("/es/accounts/password/reset/", "Restablecer la contraseña"),
        ("/es/accounts/password/reset/key/1-bad/", "Este enlace ya no sirve"),
    ],
)
def test_account_pages_say_log_in_in_the_sites_sentence_case(client, path, heading):
    """allauth's own headings were "Sign In", "Password Reset" and "Bad Token" beside a menu that
    says "Log in" (found in a 375 px trial)."""
    html = client.get(path).content.decode()
    assert re.search(r"<h1[^>]*>\s*" + re.escape(heading) + r"\s*</h1>", html), heading
    allauths = (
        "Sign In",
        "Sign Up",
        "Password Reset",
        "Reset My Password",
        "Bad Token",
        "Restablecer Contraseña",
    )
    assert [words for words in allauths if words in html] == []


@pytest.mark.django_db
def test_the_log_in_button_and_the_change_password_page_follow_the_same_wording(client, learner):
    login = client.get("/accounts/login/").content.decode()
    buttons = re.findall(r"<button[^>]*>\s*(.*?)\s*</button>", login)
    assert "Log in" in buttons and "Sign In" not in buttons
    client.force_login(learner)
    html = client.get("/accounts/password/change/").content.decode()
    assert "Change your password" in html and "Current password" in html and "Change Password" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/accounts/password/reset/key/1-bad/", "This link no longer works"),
        ("/es/accounts/password/reset/key/1-bad/", "Este enlace ya no sirve"),
        ("/es/accounts/signup/", "Registrarse"),
    ],
)
def test_the_browser_tab_says_what_the_heading_says(client, path, title):
    html = client.get(path).content.decode()
    assert re.search(r"<title>\s*" + re.escape(title) + r"\s*\|", html)
    assert re.search(r"<h1[^>]*>\s*" + re.escape(title) + r"\s*</h1>", html)


@pytest.mark.django_db
def test_the_sessions_page_speaks_the_sites_words_and_wraps_on_a_phone(client, learner):
    client.force_login(learner)
    html = client.get("/accounts/sessions/").content.decode()
    assert '<table class="allauth-table">' in html
    headings = [re.sub(r"\s+", " ", h).strip() for h in re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", html, re.S)]
    assert headings[:2] == ["Started", "IP address"]
    buttons = [b.strip() for b in re.findall(r"<button[^>]*>(.*?)</button>", html, re.S)]
    assert buttons == ["Menu", "Log out", "Log out"]  # the menu's, then the page's own (allauth: "Sign Out")
    assert [words for words in ("Started At", "IP Address", "Sign Out") if words in html] == []


@pytest.mark.django_db
def test_my_learning_says_logged_in_as_the_menu_says_log_out(client, learner):
    client.force_login(learner)
    html = client.get("/dashboard/").content.decode()
    assert f"You are logged in as {learner.get_full_name()}." in html and "signed in as" not in html


@pytest.mark.django_db
def test_the_two_factor_page_says_two_step_verification_as_the_editor_gate_does(client, learner):
    client.force_login(learner)
    html = client.get("/accounts/2fa/").content.decode()
    assert re.search(r"<h1[^>]*>\s*Two-step verification\s*</h1>", html)
    assert "Two-Factor Authentication" not in html
