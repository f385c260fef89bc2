"""The staff second-factor rule: who needs one, and whether this session has passed it.

Anyone who can open the Wagtail admin (staff, superusers, or a group with admin access) must
have an authenticator app (allauth.mfa TOTP) and must have used it in the current session,
either at sign-in or by activating it. A session signed in with a password alone, e.g. one that
began before the authenticator was added, does not count.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_used
from django.dispatch import receiver

SESSION_KEY = "staff_second_factor_user"


def can_use_admin(user):
    """Staff, superusers, or a group with admin access."""
    return user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def needs_second_factor(user):
    """True for any signed-in user who can reach the Wagtail admin."""
    return user.is_authenticated and can_use_admin(user)


def has_authenticator_app(user):
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def session_passed_second_factor(request):
    return request.session.get(SESSION_KEY) == str(request.user.pk)


def _mark_session(request, user):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = str(user.pk)


@receiver(authenticator_used)
def mark_session_after_use(sender, request, user, authenticator, **kwargs):
    """A code (or recovery code) was accepted at sign-in or re-authentication."""
    _mark_session(request, user)


@receiver(authenticator_added)
def mark_session_after_activation(sender, request, user, authenticator, **kwargs):
    """Activating an authenticator app means a valid code from it was just entered."""
    if authenticator.type == Authenticator.Type.TOTP:
        _mark_session(request, user)
