"""Finding 1 of issue 14: every sign-in goes through allauth (rate limits, second factor,
verified address). A test walks every URL the site answers and fails on any view, other than
allauth's, that signs people in."""

import inspect
import re

import django.contrib.auth
import pytest
from django.contrib.auth.views import LoginView
from django.urls import get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern, RoutePattern, URLPattern, URLResolver

SAMPLES = ["1", "ABCD-EFGH", "abcdefghijklmnop", "x"]


def sample_for(converter):
    return next(value for value in SAMPLES if re.fullmatch(converter.regex, value))


def example_path(route, converters):
    """A path that matches `route` ("join/<token:token>/"), with sample values."""

    def fill(match):
        return sample_for(converters[match.group("name")])

    return re.sub(r"<(?:[^>:]+:)?(?P<name>[^>]+)>", fill, route)


def walk(resolver, prefix="", regex_only=False):
    """(path or None, callback) for every pattern; None for regex patterns (no sample path)."""
    for pattern in resolver.url_patterns:
        # i18n_patterns' language prefix is a route too: "" for English (the default language).
        route_pattern = isinstance(pattern.pattern, RoutePattern | LocalePrefixPattern)
        here = prefix + str(pattern.pattern) if route_pattern and not regex_only else None
        if isinstance(pattern, URLResolver):
            yield from walk(pattern, here or "", regex_only=here is None)
        elif isinstance(pattern, URLPattern):
            converters = getattr(pattern.pattern, "converters", {})
            path = None
            if here is not None:
                all_converters = {**_resolver_converters(resolver), **converters}
                path = "/" + example_path(here, all_converters)
            yield path, pattern.callback


def _resolver_converters(resolver):
    return getattr(resolver.pattern, "converters", {}) or {}


def signs_people_in(view):
    """A view that authenticates outside allauth: a LoginView, or code that calls Django's
    authenticate() or login() directly."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None and issubclass(view_class, LoginView):
        return True
    target = view_class or inspect.unwrap(view)
    module = inspect.getmodule(target)
    if module is None or module.__name__.startswith("allauth."):
        return False
    names = vars(module)
    return names.get("login") is django.contrib.auth.login or names.get("authenticate") is (
        django.contrib.auth.authenticate
    )


def test_the_walk_finds_the_sign_in_views_it_looks_for():
    """The detector itself: it recognises Django's LoginView and allauth's is allowed."""
    assert signs_people_in(LoginView.as_view())
    assert not signs_people_in(resolve("/accounts/login/").func)


@pytest.mark.django_db
def test_no_url_signs_people_in_outside_allauth():
    offenders = []
    for path, callback in walk(get_resolver()):
        if path is None:
            view = callback  # a regex pattern: judged as declared
        else:
            try:
                view = resolve(path).func  # what actually answers (earlier patterns shadow later)
            except Resolver404:
                continue
        if signs_people_in(view):
            offenders.append(path or getattr(callback, "__qualname__", repr(callback)))
    assert offenders == []


def test_wagtails_front_end_login_leads_to_allauth(client):
    response = client.get("/_util/login/?next=/course/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/course/"
    response = client.post("/_util/login/", {"username": "x", "password": "y"})
    assert response.status_code in (302, 405)
