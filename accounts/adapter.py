"""allauth's adapter for this site.

- Emails name the site ("Family course"), not the host they were sent from: allauth takes the
  name for its subjects ("[name] ...") and bodies from django.contrib.sites, which this project
  does not install, so it fell back to the request's host ("127.0.0.1:8011"). The name is
  settings.SITE_NAME: plain, with no health word in it, because an inbox is often seen by others.
- Mail goes through the queue (coursesite.mail): a slow or down mail server neither slows nor
  fails a sign-up, and a message is retried until it is sent.
- A counselor who logs in lands in the counselor area; a family member on My learning.
- Logging out leads to the home page in the language the learner was reading (/es/ for a
  Spanish page), not always to the English one.
- Signing up with an address that already has an account costs the same work as a new one: with
  ACCOUNT_PREVENT_ENUMERATION both answers are the same page, and without equal work the time
  taken still told them apart (a new account hashes its password; a known address did nothing).
"""

import secrets
from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils.translation import get_language

from circles.rules import is_counselor
from coursesite.mail import queue_mail, site_name
from home.languages import localized_url


@dataclass(frozen=True)
class NamedSite:
    """What allauth's email templates read of a site."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject):
        return f"[{site_name()}] {subject}"

    def save_user(self, request, user, form, commit=True):
        """A new account's emails come in the language it signed up in (/es/ is Spanish)."""
        language = get_language()
        if language in dict(settings.LANGUAGES):
            user.email_language = language
        return super().save_user(request, user, form, commit=commit)

    def get_login_redirect_url(self, request):
        """A counselor lands in the counselor area, a family member on My learning (a `next`
        address, e.g. the page they were sent to log in from, comes first: allauth's rule)."""
        if is_counselor(request.user):
            return reverse("counselor")
        return super().get_login_redirect_url(request)

    def get_logout_redirect_url(self, request):
        """The home page in the language of the page the learner logged out from."""
        return localized_url("/", request)

    def send_mail(self, template_prefix, email, context):
        # "domain" too: a confirmation says "... register an account on {domain}".
        site = NamedSite(name=site_name(), domain=site_name())
        queue_mail(
            self.render_mail(template_prefix, email, {"email": email, "current_site": site, **context})
        )

    def send_account_already_exists_mail(self, email):
        # The work a new account does in save_user (set_password), on a throwaway password.
        make_password(secrets.token_urlsafe(16))
        super().send_account_already_exists_mail(email)
