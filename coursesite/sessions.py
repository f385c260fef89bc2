"""Logging out, or changing the password, ends the account's other sessions.

allauth.usersessions keeps a list of each account's signed-in sessions. Django already refuses
a session whose password hash is stale, so after a password change the other sessions stop
working; ending them here also deletes their stored data. Logging out ends them all: on a shared
family computer, "log out" should mean "log out everywhere".
"""

from allauth.account.signals import password_changed, password_reset, password_set
from allauth.usersessions.adapter import get_adapter
from allauth.usersessions.models import UserSession
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver


def end_other_sessions(request, user):
    """End every stored session of `user` except the one making this request."""
    current = getattr(getattr(request, "session", None), "session_key", None)
    others = UserSession.objects.filter(user_id=user.pk).exclude(session_key=current)
    get_adapter().end_sessions(list(others))


@receiver(user_logged_out)
def end_sessions_on_logout(sender, request, user, **kwargs):
    if user is None or request is None:
        return
    end_other_sessions(request, user)
    # The current session is flushed by logout itself; drop its record too.
    UserSession.objects.filter(user_id=user.pk, session_key=request.session.session_key).delete()


@receiver(password_changed)
@receiver(password_set)
@receiver(password_reset)
def end_sessions_on_password_change(sender, request, user, **kwargs):
    end_other_sessions(request, user)
