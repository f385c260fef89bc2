"""Finding 3 of issue 14: signing up, or asking for a password reset, with an address that has an
account takes the same work and gets the same answer as with one that has none. On this topic
being registered is itself sensitive.

Timed with the production password hasher (Django's PBKDF2), the quickest of interleaved tries,
in this process's CPU time: the work the server does, which is what an attacker times. The
quickest, not the median: whatever else shares this machine's two cores (the other test worker,
a scan) only ever adds time, and under load the medians of the reset's two paths (about 4 ms
each) drifted 2 ms apart while their quickest tries stayed within 1 ms."""

import time

import pytest
from django.test import Client

from tests.factories import UserFactory

TRIES = 7
# Below a few milliseconds this shared test machine's noise is larger than 20%: a difference
# smaller than this is no signal an attacker could read across a network either.
NOISE_SECONDS = 0.002


def signup(client, email):
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "display_name": "Robin",
        },
    )


def reset(client, email):
    return client.post("/accounts/password/reset/", {"email": email})


def timed(action, email):
    client = Client()
    start = time.process_time()
    response = action(client, email)
    return time.process_time() - start, response


def compare(action, known, unknown_emails, tries=TRIES):
    known_times, unknown_times, answers = [], [], set()
    for n in range(tries):
        spent, response = timed(action, known)
        known_times.append(spent)
        answers.add((response.status_code, response.get("Location")))
        spent, response = timed(action, unknown_emails(n))
        unknown_times.append(spent)
        answers.add((response.status_code, response.get("Location")))
    return min(known_times), min(unknown_times), answers


@pytest.fixture
def production_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.mark.django_db
def test_sign_up_takes_the_same_time_and_answer_for_known_and_new_addresses(production_hasher, home_page):
    UserFactory(username="known", email="known@example.com")
    timed(signup, "warm-up@example.com")
    known, new, answers = compare(signup, "known@example.com", lambda n: f"new{n}@example.com")
    assert answers == {(302, "/accounts/confirm-email/")}
    assert abs(known - new) <= 0.2 * max(known, new), f"known {known * 1000:.0f} ms, new {new * 1000:.0f} ms"


@pytest.mark.django_db
def test_password_reset_takes_the_same_time_and_answer(production_hasher, home_page, mailoutbox):
    UserFactory(username="known", email="known@example.com")
    timed(reset, "warm-up@example.com")
    known, unknown, answers = compare(
        reset, "known@example.com", lambda n: f"nobody{n}@example.com", tries=11
    )
    assert len(answers) == 1 and next(iter(answers))[0] == 302
    assert abs(known - unknown) <= max(0.2 * max(known, unknown), NOISE_SECONDS), (
        f"known {known * 1000:.0f} ms, unknown {unknown * 1000:.0f} ms"
    )
    assert {m.to[0] for m in mailoutbox} >= {"known@example.com", "nobody0@example.com"}


@pytest.mark.django_db
def test_the_sign_up_email_never_quotes_the_name_typed_by_whoever_entered_the_address(client, mailoutbox):
    lure = "Your bank: call 555-0100 now"
    client.post(
        "/accounts/signup/",
        {
            "email": "victim@example.com",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
            "display_name": lure,
        },
    )
    (message,) = mailoutbox
    assert lure not in message.body and lure not in message.subject
    assert "If it was not you" in message.body
