"""Who a signed-in person is to the site, read once per request: the names of their groups.

Several things on a page depend on them (the counselor area link, the editors' bar), so they are
read in one query and kept on the user object for the rest of the request."""


def group_names(user):
    """The names of the user's groups (a frozenset); empty for anyone not signed in."""
    if not user.is_authenticated:
        return frozenset()
    names = getattr(user, "_group_names", None)
    if names is None and getattr(user, "in_any_group", None) is False:  # accounts.backends
        names = user._group_names = frozenset()
    if names is None:
        names = user._group_names = frozenset(user.groups.values_list("name", flat=True))
    return names


def may_use_admin(user):
    """Could this person open the Wagtail admin? False without a query for learners (no staff
    flag, no group); for the others Wagtail's own permission check decides."""
    if not getattr(user, "is_authenticated", False):  # also a page rendered without a request
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(group_names(user)) and user.has_perm("wagtailadmin.access_admin")
