"""allauth adapter: emails name the site ("Family course"), not the host they were sent from.

allauth takes the name for its subjects ("[name] ...") and bodies ("Thank you for using name!")
from django.contrib.sites, which this project does not install, so it fell back to the request's
host ("127.0.0.1:8011"). The name is settings.SITE_NAME: plain, with no health word in it,
because an inbox is often seen by others."""

from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


@dataclass(frozen=True)
class NamedSite:
    """What allauth's email templates read of a site."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject):
        return f"[{settings.SITE_NAME}] {subject}"

    def send_mail(self, template_prefix, email, context):
        # "domain" too: a confirmation says "... register an account on {domain}".
        site = NamedSite(name=settings.SITE_NAME, domain=settings.SITE_NAME)
        return super().send_mail(template_prefix, email, {**context, "current_site": site})
