"""The site's user model: people sign in with their email address and are shown by a display
name they choose; their own preferences live on the account."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A family member, counselor, editor or reviewer.

    allauth signs people in by email (ACCOUNT_LOGIN_METHODS); the username is kept only because
    Wagtail's user admin lists it, and allauth fills it in. `display_name` is the one name the
    site shows (certificates, a counselor's view, messages): never a legal name, never required
    to be real."""

    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        max_length=50,
        blank=True,
        help_text="Shown on certificates and to counselors. A first name or a nickname is fine.",
    )
    email_reminders = models.BooleanField(
        default=True, help_text="Email this person when an assigned module is due soon or overdue."
    )
    email_language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text="The language of the emails this person gets (the language they signed up in, "
        "until they choose another on My learning).",
    )

    def get_full_name(self):
        return self.display_name or self.email or self.username

    def get_short_name(self):
        return self.get_full_name()

    def __str__(self):
        return self.get_full_name()
