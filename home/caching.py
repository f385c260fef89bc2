"""Caching that can never show one person's page to another.

Three layers, all in Django's cache (Redis when REDIS_URL is set, so every app server shares
them and a publish on one is seen by all; else files on this machine, shared by its processes):

- Fragments keyed by what they were rendered from (a lesson body by its live revision), so
  they need no invalidation: a publish makes a new revision and so a new key.
- Whole pages for visitors who send no cookies (SharedPageCacheMiddleware). Only responses
  that the page itself marked `Cache-Control: public` are stored, and only pages a visitor with
  no session gets: no CSRF token, no progress, no messages, no cookies set. Each stored page
  carries the site's content generation; publishing, unpublishing, moving or deleting a page,
  or changing a site setting, starts a new generation, and older copies are never served.
- Whole pages for one signed-in learner on one device (PersonalPageCacheMiddleware), only for
  views that ask for it (keep_for_learner). The key holds the learner, their session and the
  day; a copy is served only while both the content generation and the learner's own
  generation are the ones it was rendered under. The learner's generation moves on whenever
  anything about them changes: any POST they make, any saved row that points at them, and
  what others do to them (learners_changed, e.g. a counselor's new assignment). The CSRF token
  is never stored: each copy gets the requesting browser's own on the way out.
"""

import hashlib
import re
import uuid
from contextvars import ContextVar
from functools import cache as memoize

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_max_age
from django.utils.crypto import constant_time_compare
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "pages:generation"
PAGE_KEY_PREFIX = "pages:page:"
LEARNER_KEY_PREFIX = "pages:learner:"
PERSONAL_KEY_PREFIX = "pages:personal:"
# Django's {% csrf_token %} field. Its value is swapped for a placeholder in a stored copy.
CSRF_FIELD_RE = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
CSRF_PLACEHOLDER = b"\x00csrf\x00"
FRAGMENT_TIMEOUT = 60 * 60 * 24
# Code that decides how blocks render, besides templates/blocks/ (fingerprinted with them).
FRAGMENT_SOURCES = [
    "home/blocks.py",
    "lessons/blocks.py",
    "lessons/glossary.py",
    "lessons/templatetags/glossary_tags.py",
]


# --- Fragments ---------------------------------------------------------------------------------


@memoize
def block_templates_version():
    """A fingerprint of the block templates and definitions: a deploy that changes how blocks
    render never serves bodies rendered by the old templates."""
    digest = hashlib.sha256()
    sources = sorted((settings.BASE_DIR / "templates" / "blocks").glob("*.html"))
    sources += [settings.BASE_DIR / name for name in FRAGMENT_SOURCES]
    sources = [path for path in sources if path.exists()]
    for path in sources:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cached_fragment(key, render):
    """The cached HTML for `key`, rendered with `render()` on a miss."""
    key = f"fragment:{block_templates_version()}:{key}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, FRAGMENT_TIMEOUT)
    return html


# --- Whole pages for visitors without cookies --------------------------------------------------


# --- Generations: a key whose value names the current state of something ----------------------
# Whatever is kept under a generation is served only while that generation is current. Ending
# one deletes it (one command for any number of keys); the next reader starts a new one.

GENERATION_TIMEOUT = 60 * 60 * 24 * 30


def end_generations(keys):
    """End these generations now, and again once the change is committed, so a copy rendered
    from the old data in between is not served either."""
    keys = list(keys)
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def current_generations(keys, found=None):
    """The current value of each generation key (from `found`, a get_many already made, when
    given), starting any that has ended."""
    found = cache.get_many(keys) if found is None else found
    missing = [key for key in keys if found.get(key) is None]
    if missing:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, GENERATION_TIMEOUT)
        found = {**found, **cache.get_many(missing)}
    # A generation ended again between its start and this read (a concurrent change): a one-off
    # value then, so nothing kept under it is ever served.
    return [found.get(key) or uuid.uuid4().hex for key in keys]


def new_generation(**kwargs):
    """Start a new content generation: every stored whole page is out of date."""
    end_generations([GENERATION_KEY])


def current_generation(found):
    """The content generation, from a get_many that asked for GENERATION_KEY."""
    return current_generations([GENERATION_KEY], found)[0]


def has_no_personal_cookies(request):
    """True when the request carries nothing that could make its page personal: no session,
    no messages, nothing but (at most) a CSRF cookie, which a shared page never uses."""
    return set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}


def is_shareable(response):
    """Marked public by the page, with a lifetime, and setting no cookie."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {
        d.strip().split("=")[0].lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return "public" in directives and "private" not in directives and (get_max_age(response) or 0) > 0


def keep_response(key, generation, response, timeout, content=None):
    """Store the response (its content, or `content` instead) under `key`, valid while
    `generation` is current. Never its cookies."""
    headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
    content = response.content if content is None else content
    cache.set(key, (generation, response.status_code, headers, content), timeout)


def kept_response(stored, generation, fill=lambda content: content):
    """The response stored by keep_response, if `generation` is still the one it was kept
    under (`fill` finishes its content); else None."""
    if stored is None or stored[0] != generation:
        return None
    _, status, headers, content = stored
    response = HttpResponse(fill(content), status=status)
    for name, value in headers:
        response[name] = value
    return response


class SharedPageCacheMiddleware:
    """Serve stored copies of public pages to visitors who send no personal cookies.

    Placed last in MIDDLEWARE, so a stored page still passes through every other middleware
    (security headers, CSP) exactly as a freshly rendered one does.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not timeout or request.method != "GET" or not has_no_personal_cookies(request):
            return self.get_response(request)
        url = f"{request.get_host()}{request.get_full_path()}"
        page_key = PAGE_KEY_PREFIX + hashlib.sha256(url.encode()).hexdigest()
        found = cache.get_many([GENERATION_KEY, page_key])
        generation = current_generation(found)
        response = kept_response(found.get(page_key), generation)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if is_shareable(response) and not request.user.is_authenticated:
            keep_response(page_key, generation, response, timeout)
            response["X-Page-Cache"] = "miss"
        return response


# --- Whole pages for one signed-in learner ---------------------------------------------------


def _learner_key(user_id):
    return f"{LEARNER_KEY_PREFIX}{user_id}"


# Sent with user_ids whenever learners_changed is called: what other apps keep about these
# learners (e.g. a counselor's view of their circle) is out of date too.
learners_data_changed = Signal()


# Inside a request that changes something (PersonalPageCacheMiddleware), the learners whose
# learners_data_changed is still to be sent: once, after the request's last write, however
# many rows about them it saved.
_to_announce = ContextVar("learners_to_announce", default=None)


def learners_changed(user_ids, seen_by_others=True):
    """What is kept for these learners is out of date: their generations end (end_generations).

    seen_by_others=False: the change shows on the learners' own pages only (e.g. the list of
    who looked at their progress), so what others keep about them (learners_data_changed)
    stays valid."""
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return
    end_generations(_learner_key(pk) for pk in ids)
    if seen_by_others:
        pending = _to_announce.get()
        if pending is None:
            learners_data_changed.send(sender=None, user_ids=ids)
        else:
            pending.update(ids)


def keep_for_learner(response):
    """Let PersonalPageCacheMiddleware keep this response for the learner who asked for it."""
    response.keep_for_learner = True
    return response


def has_pending_messages(request):
    """Messages waiting to be shown (in their cookie or the session): the next page shows them,
    so it must be rendered, not taken from a stored copy."""
    return CookieStorage.cookie_name in request.COOKIES or SessionStorage.session_key in request.session


def _personal_page_key(request, user_id):
    day = timezone.localdate().isoformat()  # due dates say "today" or "overdue"
    who = f"{user_id}:{request.session.session_key}"
    url = f"{request.get_host()}{request.get_full_path()}"
    return PERSONAL_KEY_PREFIX + hashlib.sha256(f"{who}|{day}|{url}".encode()).hexdigest()


def _may_keep(request, response, user_id):
    return (
        getattr(response, "keep_for_learner", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and str(request.user.pk) == str(user_id)
        and not request.session.modified
        and not len(getattr(request, "_messages", ()))
    )


def _start_learner_generation(learner_key, user):
    """A new generation for the learner, with the account's auth hash; None (keep nothing this
    time) if the account changed while it was being started.

    The account was read before the generation existed, so a change committed in between
    (its deletes found nothing to delete) would go unnoticed: read it again now that the
    generation exists; any later change deletes it."""
    # Not current_generations: this one also carries the account's auth hash.
    cache.add(learner_key, (uuid.uuid4().hex, user.get_session_auth_hash()), GENERATION_TIMEOUT)
    learner = cache.get(learner_key)
    current = get_user_model()._default_manager.filter(pk=user.pk, is_active=True).first()
    if (
        not isinstance(learner, tuple)
        or current is None
        or not constant_time_compare(current.get_session_auth_hash(), learner[1])
    ):
        cache.delete(learner_key)
        return None
    return learner


class PersonalPageCacheMiddleware:
    """Serve a signed-in learner the copy of a personal page kept for them on this device.

    A kept copy is served from the session alone, without reading the account: only to the
    session it was rendered for, while the learner's generation (which any change to the
    account, e.g. a new password or deactivation, ends) is the one it was rendered under, and
    while the session's auth hash is the one the account had when that generation began
    (Django checked it then; a session from before a password change never matches). Anything
    else takes the usual way through Django's authentication. (A password changed by a bulk
    update, which sends no signal, reaches kept copies only when the generation ends: at the
    next log-in, POST or saved row about the learner, or after PERSONAL_PAGE_SECONDS.)

    A POST (or any other unsafe method: the learner changed something) ends the learner's
    generation, whatever the view did, so every copy kept for them is out of date. Placed last in
    MIDDLEWARE with SharedPageCacheMiddleware, inside CSRF, sessions and messages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            before = request.user.pk if has_session and request.user.is_authenticated else None
            announcing = _to_announce.set(set())
            try:
                response = self.get_response(request)
            finally:
                announced = _to_announce.get()
                _to_announce.reset(announcing)
            after = request.user.pk if request.user.is_authenticated else None
            learners_changed([before, after, *announced])
            return response
        timeout = getattr(settings, "PERSONAL_PAGE_SECONDS", 0)
        if request.method != "GET" or not timeout or not has_session or request.GET:
            return self.get_response(request)  # (query strings would make endless copies)
        user_id = request.session.get(SESSION_KEY)
        if user_id is None or has_pending_messages(request):
            return self.get_response(request)
        learner_key, page_key = _learner_key(user_id), _personal_page_key(request, user_id)
        found = cache.get_many([GENERATION_KEY, learner_key, page_key])
        content_generation_, learner = current_generation(found), found.get(learner_key)
        if not isinstance(learner, tuple):  # none yet (or one kept by an older release)
            learner = None
        if (
            learner is not None
            and constant_time_compare(request.session.get(HASH_SESSION_KEY, ""), learner[1])
            and request.session.get(BACKEND_SESSION_KEY) in settings.AUTHENTICATION_BACKENDS
        ):
            response = kept_response(
                found.get(page_key),
                (content_generation_, learner[0]),
                lambda content: content.replace(CSRF_PLACEHOLDER, get_token(request).encode()),  # its own
            )
            if response is not None:
                return response
        if not request.user.is_authenticated or str(request.user.pk) != str(user_id):
            return self.get_response(request)  # Django's authentication said no
        if learner is None:
            learner = _start_learner_generation(learner_key, request.user)
        response = self.get_response(request)
        if learner is not None and _may_keep(request, response, user_id):
            content = CSRF_FIELD_RE.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
            keep_response(page_key, (content_generation_, learner[0]), response, timeout, content)
        return response


@memoize
def _user_fields(model):
    """The model's foreign keys to learners (user accounts)."""
    user_model = get_user_model()
    return [f.attname for f in model._meta.concrete_fields if f.is_relation and f.related_model is user_model]


@receiver(post_save, dispatch_uid="learners_row_saved")
@receiver(post_delete, dispatch_uid="learners_row_deleted")
def _learner_row_changed(sender, instance, raw=False, **kwargs):
    """A row about a learner (progress, certificate, membership, the account itself), changed
    by anyone: their kept pages are out of date."""
    if raw:
        return
    ids = [getattr(instance, name) for name in _user_fields(type(instance))]
    if isinstance(instance, get_user_model()):
        ids.append(instance.pk)
    learners_changed(ids)


@receiver(page_published, dispatch_uid="pages_generation_published")
@receiver(page_unpublished, dispatch_uid="pages_generation_unpublished")
@receiver(post_page_move, dispatch_uid="pages_generation_moved")
def _page_changed(sender, **kwargs):
    new_generation()


@receiver(post_save, dispatch_uid="pages_generation_saved")
@receiver(post_delete, dispatch_uid="pages_generation_deleted")
def _content_saved(sender, instance, **kwargs):
    """Any page saved or deleted (titles and links appear on other pages), a page's privacy
    (who may see it; Wagtail saves the restriction, not the page), a site or a site setting
    (the crisis lines are on every page)."""
    if isinstance(instance, Page | PageViewRestriction | Site | BaseGenericSetting | BaseSiteSetting):
        new_generation()


@receiver(m2m_changed, sender=PageViewRestriction.groups.through, dispatch_uid="pages_restriction_groups")
def _restriction_groups_changed(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        new_generation()


@receiver(m2m_changed, sender=get_user_model().groups.through, dispatch_uid="learners_groups_changed")
def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A learner's groups decide links on their pages (the counselor area, the editor's bar)."""
    if action.startswith("post_"):
        learners_changed(pk_set or [] if reverse else [instance.pk], seen_by_others=False)


def after_users_bulk_action(request, action_type, objects, action_class_instance):
    """Wagtail's bulk actions on user accounts (activate, deactivate, assign a role, delete)
    update rows without signals: their kept pages end here (home/wagtail_hooks.py)."""
    user_model = get_user_model()
    users = [obj.pk for obj in objects if isinstance(obj, user_model)]
    learners_changed(users)
