"""Caching of what is the same for everyone, and nothing else.

- The site's *content version* names the state of everything pages are rendered from that
  editors change: pages, their privacy, images, documents, snippets (glossary terms, reviewers)
  and settings (the crisis lines), and any other model that says `shown_on_pages = True` (a
  clinical review's stamp). Any save or delete of one of these starts a new version (one
  receiver, by model type: a new snippet or setting is covered without a line here).
- Fragments (a lesson's body, a quiz's answer key) are kept under a key that holds the object's
  own revision, the content version and a fingerprint of the templates and the project's code:
  rename a page a lesson links to, delete an image it shows, change a block template,
  and the next view renders afresh. Nothing is ever invalidated by hand. Because the key names
  everything a fragment was made from, each process also keeps its own copy of the fragments it
  read lately (`LocalCopies`): a request asks the shared cache for the content version and
  little else.
- Whole pages only for visitors without cookies, only at a page's own address (no query
  string, so no copy per `?x=`), only when the page marked itself public
  (`public_page_headers`), under the content version (SharedPageCacheMiddleware). The same
  headers let a proxy in front keep them (s-maxage, stale-while-revalidate), and Wagtail's
  frontend cache purges that proxy on publish (WAGTAILFRONTENDCACHE, set from the environment).

Nothing personal is ever kept: a signed-in learner's pages are rendered for each request and
sent `Cache-Control: private, no-cache`.
"""

import hashlib
import pickle  # nosec B403 - only our own values, pickled by this process (as Django's cache does)
import threading
import uuid
from collections import OrderedDict
from contextvars import ContextVar
from functools import cache as memoize
from functools import partial
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_max_age, patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from .middleware import admin_prefix

CONTENT_VERSION_KEY = "content:version"
PAGE_KEY_PREFIX = "pages:page:"
FRAGMENT_TIMEOUT = 60 * 60 * 24
VERSION_TIMEOUT = 60 * 60 * 24 * 30


# --- The content version --------------------------------------------------------------------


# The site request this thread is serving (set by SharedContentMiddleware), so that what is
# looked up without being handed the request (a page id's English source, the locale ids)
# still reads the content version once per request rather than once per look-up.
_serving = ContextVar("coursesite_serving_request", default=None)


def content_version(request=None):
    """The current content version (started on first use); read once per request: the request
    given, else the site request being served."""
    if request is None:
        request = _serving.get()
    version = getattr(request, "content_version", None)
    if version is not None:
        return version
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        cache.add(CONTENT_VERSION_KEY, uuid.uuid4().hex, VERSION_TIMEOUT)
        version = cache.get(CONTENT_VERSION_KEY) or uuid.uuid4().hex
    if request is not None:
        request.content_version = version
    return version


def new_content_version():
    """Something pages are rendered from changed: every kept page and fragment is out of date.

    Now, and again once the change is committed: a page rendered in between from the data as it
    was before the commit is kept under the version that ends then, so it is never served."""
    version = uuid.uuid4().hex
    cache.set(CONTENT_VERSION_KEY, version, VERSION_TIMEOUT)
    serving = _serving.get()
    if serving is not None:  # the request that made the change renders the rest of it afresh
        serving.content_version = version
    transaction.on_commit(lambda: cache.set(CONTENT_VERSION_KEY, uuid.uuid4().hex, VERSION_TIMEOUT))


def content_types():
    """The models editors change that pages are rendered from."""
    return (
        Page,
        PageViewRestriction,
        Site,
        BaseGenericSetting,
        BaseSiteSetting,
        AbstractImage,
        AbstractDocument,
        *get_snippet_models(),
    )


@receiver(post_save, dispatch_uid="content_saved")
@receiver(post_delete, dispatch_uid="content_deleted")
def _content_changed(sender, instance, raw=False, **kwargs):
    if not raw and (isinstance(instance, content_types()) or getattr(instance, "shown_on_pages", False)):
        new_content_version()


@receiver(page_published, dispatch_uid="content_published")
@receiver(page_unpublished, dispatch_uid="content_unpublished")
@receiver(post_page_move, dispatch_uid="content_moved")
def _page_changed(sender, **kwargs):
    new_content_version()


@receiver(m2m_changed, sender=PageViewRestriction.groups.through, dispatch_uid="content_restriction_groups")
def _restriction_groups_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        new_content_version()


# --- Fragments ------------------------------------------------------------------------------


@memoize
def code_version():
    """A fingerprint of the templates and the project's own apps' code, read once per process: a
    deploy that changes how anything is rendered or computed never serves what old code made."""
    digest = hashlib.sha256()
    base = settings.BASE_DIR
    roots = [Path(config.path) for config in apps.get_app_configs() if Path(config.path).is_relative_to(base)]
    sources = [
        *base.joinpath("templates").rglob("*.html"),
        *(p for root in roots for p in root.rglob("*.py")),
    ]
    for path in sorted(sources):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _fragment_key(key, request):
    # The language too: a fragment may hold words of the interface, so one language's copy is
    # never served in the other's (the page cache is keyed by address, which says the language).
    return f"fragment:{code_version()}:{content_version(request)}:{get_language()}:{key}"


class LocalCopies:
    """This process's copies of the fragments it read or made lately, under the same full keys
    as in the shared cache (code, content version, language, key), so a copy can never be out
    of date: a change starts a new content version, hence new keys, and the old copies are
    simply never asked for again and fall off the end (at most `size` are kept).

    Text is kept as it is (it cannot be changed); anything else as its pickle, unpickled for
    each use, so a caller that sets attributes on what it got (ticks on a module) changes its
    own copy only, exactly as with a copy read from the shared cache."""

    def __init__(self, size=2048):
        self.size = size
        self._copies = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            stored = self._copies.get(key)
            if stored is None:
                return None
            self._copies.move_to_end(key)
        return stored if isinstance(stored, str) else pickle.loads(stored)  # noqa: S301 - our own pickle  # nosec B301

    def put(self, key, value):
        stored = value if isinstance(value, str) else pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._copies[key] = stored
            self._copies.move_to_end(key)
            while len(self._copies) > self.size:
                self._copies.popitem(last=False)

    def clear(self):
        with self._lock:
            self._copies.clear()


local_copies = LocalCopies()


def kept_fragment(key, request=None):
    """What is kept under `key` for this content version and this code, or None."""
    full_key = _fragment_key(key, request)
    value = local_copies.get(full_key)
    if value is None:
        value = cache.get(full_key)
        if value is not None:
            local_copies.put(full_key, value)
    return value


def keep_fragment(key, value, request=None):
    full_key = _fragment_key(key, request)
    cache.set(full_key, value, FRAGMENT_TIMEOUT)
    local_copies.put(full_key, value)


def cached_fragment(key, render, request=None):
    """What `render()` returns, kept under `key` for this content version, this code and the
    active language (the version read from `request` when given, so a request reads it once)."""
    value = kept_fragment(key, request)
    if value is None:
        value = render()
        if value is not None:  # nothing is kept for nothing (e.g. an address that is no page)
            keep_fragment(key, value, request)
    return value


# --- The site and its settings, for every request ---------------------------------------------


@memoize
def _generic_settings():
    return [model for model in apps.get_models() if issubclass(model, BaseGenericSetting)]


def _setting(model, request):
    return cached_fragment(f"setting:{model._meta.label}", model._get_or_create, request)


class SharedContentMiddleware:
    """The Wagtail site answering this request and the site-wide settings (the crisis lines on
    every page), from the content version's copy rather than the database on each request:
    both are content, so any change to them starts a new version.

    Wagtail looks both up once per request and keeps them on the request (`_wagtail_site`, each
    setting's cache attribute); this fills those in from the kept copies (never reading the
    database itself: a request that needs no site, like /healthz, makes no query for one), and
    keeps the site Wagtail looked up when there was no copy yet. Not in the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(admin_prefix()):  # editors always read the database
            return self.get_response(request)
        # get_host() refuses hosts outside ALLOWED_HOSTS (400): no copy per forged Host header.
        site_key = f"site:{request.get_host()}:{request.get_port()}"
        site = kept_fragment(site_key, request)
        if site is not None:
            request._wagtail_site = site
        for model in _generic_settings():  # read only if the page uses it (a redirect does not)
            setattr(request, model.get_cache_attr_name(), SimpleLazyObject(partial(_setting, model, request)))
        serving = _serving.set(request)
        try:
            response = self.get_response(request)
        finally:
            _serving.reset(serving)
        found = getattr(request, "_wagtail_site", None)
        if site is None and found is not None:  # Wagtail looked it up for this request: keep it
            found.root_page = found.root_page.specific  # where routing starts, fetched once
            keep_fragment(site_key, found, request)
        return response


# --- Whole public pages -----------------------------------------------------------------------


def has_no_personal_cookies(request):
    """True when the request carries nothing that could make its page personal: no session,
    no messages, nothing but (at most) a CSRF cookie, which a shared page never uses."""
    return set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}


def public_page_headers(response):
    """The same page for every visitor: browsers check back each visit (max-age=0), a shared
    proxy keeps it PUBLIC_PAGE_MAX_AGE seconds and may serve it stale while it refetches."""
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.PUBLIC_PAGE_MAX_AGE,
        stale_while_revalidate=60,
    )
    patch_vary_headers(response, ["Cookie"])
    return response


def private_page_headers(response):
    """This learner's own page: never kept by anyone else."""
    patch_cache_control(response, private=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def _is_shareable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {
        d.strip().split("=")[0].lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    return "public" in directives and "private" not in directives and (get_max_age(response) is not None)


class SharedPageCacheMiddleware:
    """Serve kept copies of public pages to visitors who send no personal cookies.

    Placed last in MIDDLEWARE, so a kept page still passes through every other middleware
    (security headers, CSP) exactly as a freshly rendered one does. Only addresses without a
    query string are kept: the number of copies is bounded by the number of pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if (
            not timeout
            or request.method != "GET"
            or request.META.get("QUERY_STRING")
            or not has_no_personal_cookies(request)
        ):
            return self.get_response(request)
        version = content_version(request)
        url = f"{request.get_host()}{request.path}"
        # The address says the language (/es/...); the active language is in the key as well, so
        # one language's page can never be served for the other's.
        address = hashlib.sha256(url.encode()).hexdigest()
        page_key = f"{PAGE_KEY_PREFIX}{code_version()}:{version}:{get_language()}:{address}"
        stored = cache.get(page_key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _is_shareable(response) and not request.user.is_authenticated:
            headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
            cache.set(page_key, (response.status_code, headers, response.content), timeout)
            response["X-Page-Cache"] = "miss"
        return response
