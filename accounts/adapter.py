"""allauth's adapter for this site: mail goes through the queue (coursesite.mail), and signing
up with an address that already has an account costs the same work as a new one.

With ACCOUNT_PREVENT_ENUMERATION both answers are the same page ("enter the code we emailed
you"); without equal work the time taken still told them apart (a new account hashes its
password, about 250 ms; a known address did nothing). Now both hash a password and both queue
one message."""

import secrets

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth.hashers import make_password

from coursesite.mail import queue_mail


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        queue_mail(self.render_mail(template_prefix, email, context))

    def send_account_already_exists_mail(self, email):
        # The work a new account does in save_user (set_password), on a throwaway password.
        make_password(secrets.token_urlsafe(16))
        super().send_account_already_exists_mail(email)
