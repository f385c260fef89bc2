"""A new learner signs up, types the code from the email, and lands on My learning. Every page
of the way passes axe and breaks no rule of the Content-Security-Policy."""

import re

import pytest
from django.core import mail

from tests.e2e.conftest import axe_violations
from tests.e2e.test_content_security_policy import watch_csp


@pytest.mark.django_db(transaction=True)
def test_sign_up_confirm_the_code_and_arrive(live_server, seeded_site, phone):
    blocked = watch_csp(phone)
    phone.goto(live_server.url + "/accounts/signup/")
    phone.fill("input[name=email]", "new-family@example.com")
    phone.fill("input[name=display_name]", "Robin")
    phone.fill("input[name=password1]", "a-long-enough-passphrase")
    phone.fill("input[name=password2]", "a-long-enough-passphrase")
    phone.get_by_role("button", name="Sign up").click()

    phone.wait_for_url("**/accounts/confirm-email/")
    assert axe_violations(phone) == []
    code = re.search(r"\b[A-Z]{4}-[A-Z]{4}\b", mail.outbox[-1].body).group(0)
    phone.locator("input[name=code]").fill(code)
    phone.locator("input[name=code]").press("Enter")

    phone.wait_for_url("**/dashboard/")
    assert axe_violations(phone) == []
    assert blocked == []
