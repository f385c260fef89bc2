"""Everything stored about a learner, for their own export, and their deletion.

The export reads top to bottom: the account itself, then each app's part (each app's
`export_for(user)`), in the order a person would look for them. An app that stores anything
about a person adds its part here; tests/accounts/test_learner_data.py checks every model with a
foreign key to the user is covered or deliberately left out.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.db import transaction

from circles import export as circles_export
from lessons import export as lessons_export
from quizzes import export as quizzes_export
from toolkit import export as toolkit_export


def _iso(value):
    return value.isoformat() if value else None


def export_learner_data(user, base_url=""):
    """Everything about `user`; addresses of pages start with base_url (the site's address)."""
    return {
        "account": _account(user),
        "preferences": {"email_reminders": user.email_reminders, "email_language": user.email_language},
        "signed_in_sessions": _sessions(user),
        "second_factor": _authenticators(user),
        **lessons_export.export_for(user, base_url),
        **quizzes_export.export_for(user, base_url),
        **circles_export.export_for(user),
        **toolkit_export.export_for(user),
    }


def delete_learner(user):
    """Delete the account and, through the database's cascades, all of the learner's data."""
    with transaction.atomic():
        user.delete()


def _account(user):
    return {
        "display_name": user.display_name,
        "email": user.email,
        "emails": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
    }


def _sessions(user):
    """Each signed-in browser, as listed at /accounts/sessions/."""
    return [
        {
            "signed_in_at": session.created_at.isoformat(),
            "last_seen_at": session.last_seen_at.isoformat(),
            "ip_address": session.ip,
            "browser": session.user_agent,
        }
        for session in UserSession.objects.purge_and_list(user)
    ]


def _authenticators(user):
    """Which second factors the account has (never their secrets)."""
    return [
        {
            "type": authenticator.type,
            "added_at": authenticator.created_at.isoformat(),
            "last_used_at": authenticator.last_used_at.isoformat() if authenticator.last_used_at else None,
        }
        for authenticator in Authenticator.objects.filter(user_id=user.pk).order_by("created_at")
    ]
