"""Django's and allauth's sign-in backends, with the signed-in user read in one query on each
request: the user's row and whether they belong to any group (`in_any_group`). A family member
is in none, so nothing on their pages (the counselor area link, the editors' bar) needs a
second query to find that out (coursesite.people.group_names)."""

from functools import cache

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import backends, get_user_model
from django.db.models import Exists, OuterRef

_ANY_ID = -1  # stands for the user's id while the query is compiled


@cache
def _user_query():
    """The SQL and parameters of "this user, and whether they are in any group", built by the
    ORM once per process: it runs on every signed-in request, and building it each time (the
    EXISTS subquery, the ordering) took five times as long as running it."""
    model = get_user_model()
    in_groups = model.groups.through.objects.filter(user_id=OuterRef("pk"))
    queryset = model._default_manager.annotate(in_any_group=Exists(in_groups)).filter(pk=_ANY_ID)
    sql, params = queryset.query.sql_with_params()
    if list(params).count(_ANY_ID) != 1:  # the id must be the one parameter standing for it
        raise RuntimeError(f"Unexpected parameters in the signed-in user query: {params!r}")
    return sql, tuple(params)


class UserWithGroupFlag:
    def get_user(self, user_id):
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):  # a session from elsewhere: nobody is signed in
            return None
        sql, params = _user_query()
        found = get_user_model()._default_manager.raw(sql, [user_id if p == _ANY_ID else p for p in params])
        user = next(iter(found), None)
        if user is None or not self.user_can_authenticate(user):
            return None
        user.in_any_group = bool(user.in_any_group)  # SQLite answers 1 or 0
        return user


class ModelBackend(UserWithGroupFlag, backends.ModelBackend):
    """Django's own (by username): the first backend, so the one a session made by
    `force_login`, the bench's data builder or the fault drill names."""


class AuthenticationBackend(UserWithGroupFlag, AllauthBackend):
    """allauth's: sign in by email address."""
