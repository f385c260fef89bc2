"""Django's and allauth's sign-in backends, with the signed-in user read in one query on each
request: the user's row and whether they belong to any group (`in_any_group`). A family member
is in none, so nothing on their pages (the counselor area link, the editors' bar) needs a
second query to find that out (coursesite.people.group_names)."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import backends, get_user_model
from django.db.models import Exists, OuterRef


class UserWithGroupFlag:
    def get_user(self, user_id):
        model = get_user_model()
        in_groups = model.groups.through.objects.filter(user_id=OuterRef("pk"))
        user = model._default_manager.annotate(in_any_group=Exists(in_groups)).filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(UserWithGroupFlag, backends.ModelBackend):
    """Django's own (by username): the first backend, so the one a session made by
    `force_login`, the bench's data builder or the fault drill names."""


class AuthenticationBackend(UserWithGroupFlag, AllauthBackend):
    """allauth's: sign in by email address."""
