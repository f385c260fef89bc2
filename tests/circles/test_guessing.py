"""Finding 2 of issue 14: guessable secrets are throttled (join codes per client address and
per session, certificate codes per client address; allauth's verification codes), and every
invitation expires unless the counselor renews it."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from circles.models import CareCircle
from tests.factories import UserFactory


def guess(client, code="ZZZZ-ZZZZ", **extra):
    return client.post("/join/", {"code": code}, **extra)


@pytest.fixture
def circle(db):
    counselor = UserFactory(username="casey")
    counselor.groups.add(Group.objects.get_or_create(name="Counselors")[0])
    return CareCircle.objects.create(counselor=counselor, name="Rivera family")


@pytest.mark.django_db
class TestJoinCodes:
    def test_wrong_codes_from_one_address_end_in_429_even_for_the_right_code(self, settings, circle):
        guesses, _ = settings.THROTTLES["join_code"]
        statuses = [guess(Client()).status_code for _ in range(guesses)]  # a new session each time
        assert statuses == [400] * guesses
        response = guess(Client(), circle.short_code)
        assert response.status_code == 429
        assert "not right too many times" in response.content.decode()

    def test_another_address_is_not_blocked(self, settings, circle):
        guesses, _ = settings.THROTTLES["join_code"]
        for _ in range(guesses):
            guess(Client(), REMOTE_ADDR="203.0.113.9")
        response = guess(Client(), circle.short_code, REMOTE_ADDR="198.51.100.7")
        assert response.status_code == 302

    def test_one_session_is_counted_across_addresses(self, settings, circle):
        guesses, _ = settings.THROTTLES["join_code"]
        client = Client()
        client.get("/")  # no session yet: give it one, as a browser that has visited has
        learner = UserFactory(username="lee")
        client.force_login(learner)
        for n in range(guesses):
            guess(client, REMOTE_ADDR=f"198.51.100.{n + 1}")
        assert guess(client, circle.short_code, REMOTE_ADDR="192.0.2.200").status_code == 429

    def test_right_codes_do_not_count(self, settings, circle):
        guesses, _ = settings.THROTTLES["join_code"]
        for _ in range(guesses + 5):
            assert guess(Client(), circle.short_code).status_code == 302

    def test_the_window_ends(self, settings, circle):
        settings.THROTTLES = {**settings.THROTTLES, "join_code": (2, 1)}
        guess(Client())
        guess(Client())
        assert guess(Client(), circle.short_code).status_code == 429
        time.sleep(1.1)
        assert guess(Client(), circle.short_code).status_code == 302


@pytest.mark.django_db
def test_certificate_codes_are_throttled(settings, client):
    guesses, _ = settings.THROTTLES["certificate_code"]
    statuses = {client.get(f"/certificates/NOPE-{n:04d}/").status_code for n in range(guesses)}
    assert statuses == {404}
    assert client.get("/certificates/NOPE-9999/").status_code == 429


@pytest.mark.django_db
class TestInvitationsExpire:
    def test_a_new_circle_expires_in_30_days_by_default(self, circle):
        left = circle.invite_expires_at - timezone.now()
        assert timedelta(days=29) < left <= timedelta(days=30)

    def test_created_and_renewed_invitations_expire_and_the_counselor_can_choose_longer(self, circle):
        client = Client()
        client.force_login(circle.counselor)
        client.post("/counselor/circles/new/", {"name": "Lee family", "expires_in_days": "365"})
        made = CareCircle.objects.get(name="Lee family")
        assert made.invite_expires_at - timezone.now() > timedelta(days=364)
        client.post("/counselor/circles/new/", {"name": "Kim family"})  # no choice: the default
        assert CareCircle.objects.get(name="Kim family").invite_expires_at - timezone.now() <= timedelta(
            days=30
        )
        assert (
            client.post("/counselor/circles/new/", {"name": "X", "expires_in_days": "0"}).status_code == 400
        )
        client.post(f"/counselor/circles/{circle.pk}/invite/", {"action": "renew"})
        circle.refresh_from_db()
        assert circle.invite_expires_at - timezone.now() <= timedelta(days=30)
        client.post(f"/counselor/circles/{circle.pk}/invite/", {"action": "renew", "expires_in_days": "90"})
        circle.refresh_from_db()
        assert circle.invite_expires_at - timezone.now() > timedelta(days=89)


@pytest.mark.django_db
def test_verification_codes_stop_working_after_three_wrong_tries(client):
    """allauth's own limit (ACCOUNT_EMAIL_VERIFICATION_BY_CODE_MAX_ATTEMPTS): after three wrong
    codes the code is spent and the learner must start again."""
    client.post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "display_name": "Robin",
        },
    )
    statuses = [client.post("/accounts/confirm-email/", {"code": "WRONG1"}).status_code for _ in range(3)]
    assert statuses[:2] == [200, 200]  # the form again, with "incorrect code"
    again = client.get("/accounts/confirm-email/")
    assert again.status_code == 302  # the pending verification is gone: back to sign-up/sign-in
