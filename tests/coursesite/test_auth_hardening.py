"""Sign-in hardening: rate limits, CSRF, no account enumeration, password rules, and sessions
that end when the password changes or the account logs out."""

import json
import re

import pytest
from allauth.usersessions.models import UserSession
from django.test import Client

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "a-new-long-passphrase-42"


@pytest.fixture
def member(db, home_page):
    return UserFactory(username="member")


def sign_in(client, user, password=PASSWORD):
    return client.post("/accounts/login/", {"login": user.email, "password": password})


def signed_in(client):
    """Whether this browser is signed in, as the site sees it."""
    return client.get("/accounts/email/").status_code == 200


def without_tokens(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.django_db
class TestRateLimits:
    def test_too_many_sign_in_attempts_get_429(self, client, member):
        statuses = [sign_in(client, member, password=f"wrong-{n}").status_code for n in range(31)]
        assert statuses[:30] == [200] * 30  # the form with an error
        assert statuses[30] == 429
        page = sign_in(client, member)
        assert page.status_code == 429
        assert "Too many attempts" in page.content.decode()

    def test_a_forged_forwarded_for_header_does_not_reset_the_count(self, client, member):
        # With no trusted proxy (ALLAUTH_TRUSTED_PROXY_COUNT = 0), X-Forwarded-For is ignored.
        statuses = [
            client.post(
                "/accounts/login/",
                {"login": member.email, "password": f"wrong-{n}"},
                headers={"x-forwarded-for": f"203.0.113.{n}"},
            ).status_code
            for n in range(31)
        ]
        assert statuses[30] == 429

    def test_an_account_locks_after_five_failures_even_with_the_right_password(self, client, member):
        for n in range(5):
            sign_in(client, member, password=f"wrong-{n}")
        response = sign_in(client, member)
        assert response.status_code == 200
        assert "Too many failed login attempts" in response.content.decode()
        assert not signed_in(client)


@pytest.mark.django_db
def test_csrf_is_enforced_on_sign_in(member):
    browser = Client(enforce_csrf_checks=True)
    forged = browser.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert forged.status_code == 403
    assert not signed_in(browser)

    token = browser.get("/accounts/login/").context["csrf_token"]
    real = browser.post(
        "/accounts/login/", {"login": member.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert real.status_code == 302
    assert signed_in(browser)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/accounts/password/change/",
        "/accounts/email/",
        "/accounts/reauthenticate/",
        "/accounts/sessions/",
        "/accounts/2fa/totp/activate/",
        "/accounts/logout/",
    ],
)
def test_csrf_is_enforced_on_signed_in_forms(member, path):
    """wapiti reports these forms as lacking a CSRF token: its list of token names does not
    include Django's csrfmiddlewaretoken. The forged posts are refused all the same."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    assert browser.post(path, {"password": PASSWORD, "email": "x@example.com"}).status_code == 403
    assert signed_in(browser)


@pytest.mark.django_db
def test_the_session_list_shows_the_accounts_sessions(member):
    laptop, phone = Client(HTTP_USER_AGENT="Laptop browser"), Client(HTTP_USER_AGENT="Phone browser")
    sign_in(laptop, member)
    sign_in(phone, member)
    page = laptop.get("/accounts/sessions/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Laptop browser" in html and "Phone browser" in html


@pytest.mark.django_db
def test_the_learners_export_lists_their_sessions_and_second_factor_but_no_secret(member):
    from allauth.mfa.totp.internal.auth import TOTP

    laptop, phone = Client(HTTP_USER_AGENT="Laptop browser"), Client(HTTP_USER_AGENT="Phone browser")
    sign_in(laptop, member)
    sign_in(phone, member)
    sign_in(Client(HTTP_USER_AGENT="Someone else's browser"), UserFactory(username="someone-else"))
    TOTP.activate(member, "JBSWY3DPEHPK3PXP")
    export = laptop.get("/dashboard/export/")
    data = json.loads(export.content)
    assert sorted(s["browser"] for s in data["signed_in_sessions"]) == ["Laptop browser", "Phone browser"]
    assert data["signed_in_sessions"][0]["ip_address"] == "127.0.0.1"
    assert [f["type"] for f in data["second_factor"]] == ["totp"]
    assert "JBSWY3DPEHPK3PXP" not in export.content.decode()


@pytest.mark.django_db
class TestNoAccountEnumeration:
    """Whether an address has an account must not show in any response."""

    def compare(self, path, known, unknown, data):
        responses = []
        for email in (known, unknown):
            response = Client().post(path, {**data, "email": email}, follow=True)
            responses.append(
                (
                    response.status_code,
                    response.redirect_chain,
                    without_tokens(response.content.decode()).replace(email, "EMAIL"),
                )
            )
        assert responses[0] == responses[1]
        return responses[0]

    def test_sign_up(self, member, mailoutbox):
        status, chain, html = self.compare(
            "/accounts/signup/",
            member.email,
            "nobody-yet@example.com",
            {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "display_name": "Sam"},
        )
        assert status == 200 and chain == [("/accounts/confirm-email/", 302)]
        # Each address gets one email: "you already have an account" or "confirm your address".
        assert sorted(m.to[0] for m in mailoutbox) == sorted([member.email, "nobody-yet@example.com"])

    def test_password_reset(self, member, mailoutbox):
        status, chain, html = self.compare(
            "/accounts/password/reset/", member.email, "nobody@example.com", {}
        )
        assert status == 200 and chain == [("/accounts/password/reset/done/", 302)]
        assert sorted(m.to[0] for m in mailoutbox) == sorted([member.email, "nobody@example.com"])

    def test_sign_in_with_a_wrong_password(self, member):
        known = sign_in(Client(), member, password="wrong-password")
        unknown = Client().post(
            "/accounts/login/", {"login": "nobody@example.com", "password": "wrong-password"}
        )
        assert known.status_code == unknown.status_code == 200
        assert known.context["form"].errors == unknown.context["form"].errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password, problem",
    [
        ("Zq7-wX2!p", "at least 10 characters"),
        ("1234567890123", "entirely numeric"),
        ("password1234", "too common"),
    ],
)
def test_sign_up_applies_the_password_rules(client, home_page, password, problem):
    response = client.post(
        "/accounts/signup/", {"email": "new@example.com", "password1": password, "password2": password}
    )
    assert response.status_code == 200
    assert problem in " ".join(response.context["form"].errors["password1"])


@pytest.mark.django_db
class TestSessionsEnd:
    @pytest.fixture
    def two_browsers(self, member):
        laptop, phone = Client(), Client()
        for browser in (laptop, phone):
            assert sign_in(browser, member).status_code == 302
        assert signed_in(laptop) and signed_in(phone)
        assert UserSession.objects.filter(user=member).count() == 2
        return laptop, phone

    def test_a_password_change_keeps_this_session_and_ends_the_others(self, member, two_browsers):
        laptop, phone = two_browsers
        response = laptop.post(
            "/accounts/password/change/",
            {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )
        assert response.status_code == 302
        assert signed_in(laptop)
        assert not signed_in(phone)
        assert UserSession.objects.filter(user=member).count() == 1

    def test_logging_out_ends_every_session(self, member, two_browsers):
        laptop, phone = two_browsers
        assert laptop.post("/accounts/logout/").status_code == 302
        assert not signed_in(laptop)
        assert not signed_in(phone)
        assert UserSession.objects.filter(user=member).count() == 0

    def test_a_password_reset_ends_every_session(self, member, two_browsers, mailoutbox):
        laptop, phone = two_browsers
        Client().post("/accounts/password/reset/", {"email": member.email})
        link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mailoutbox[-1].body).group(1)
        stranger = Client()
        form_url = stranger.get(link)["Location"]
        stranger.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        assert not signed_in(laptop)
        assert not signed_in(phone)
        assert UserSession.objects.filter(user=member).count() == 0
