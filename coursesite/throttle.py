"""Throttles for guessable secrets (join codes, certificate codes): count wrong guesses per
client address and per session in the cache, and refuse with 429 past the limit.

allauth throttles its own forms (sign-in, sign-up, verification codes, password reset); these
are the site's other secrets. Counts live in the default cache, so every server shares them;
when Redis is down the cache backend (coursesite.cache) counts in this process instead, so a
throttle is never silently off.

Each limit is settings.THROTTLES[action] = (wrong guesses, seconds): a fixed window that starts
at the first wrong guess.
"""

import hashlib

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.template.response import TemplateResponse


def _keys(request, action):
    keys = [f"throttle:{action}:ip:{get_adapter().get_client_ip(request)}"]
    session_key = getattr(getattr(request, "session", None), "session_key", None)
    if session_key:
        digest = hashlib.sha256(session_key.encode()).hexdigest()[:32]
        keys.append(f"throttle:{action}:session:{digest}")
    return keys


def _limits(action):
    guesses, seconds = settings.THROTTLES[action]
    return guesses, seconds


def is_blocked(request, action):
    """True when this client or session has used up its wrong guesses for `action`."""
    guesses, _ = _limits(action)
    counts = cache.get_many(_keys(request, action))
    return any(count >= guesses for count in counts.values())


def record_miss(request, action):
    """Count one wrong guess against this client and this session."""
    _, seconds = _limits(action)
    for key in _keys(request, action):
        if not cache.add(key, 1, timeout=seconds):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr: a new window
                cache.add(key, 1, timeout=seconds)


def too_many(request):
    """The 429 page: plain words, and what still works without waiting."""
    return TemplateResponse(request, "429.html", {"throttled": True}, status=429)
