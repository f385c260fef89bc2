"""Caching that can never show one person's page to another.

Two layers, both in Django's cache (Redis when REDIS_URL is set, so every app server shares
them and a publish on one is seen by all):

- Fragments keyed by what they were rendered from (a lesson body by its live revision), so
  they need no invalidation: a publish makes a new revision and so a new key.
- Whole pages for visitors who send no cookies (SharedPageCacheMiddleware). Only responses
  that the page itself marked `Cache-Control: public` are stored, and only pages a visitor with
  no session gets: no CSRF token, no progress, no messages, no cookies set. Each stored page
  carries the site's content generation; publishing, unpublishing, moving or deleting a page,
  or changing a site setting, starts a new generation, and older copies are never served.
"""

import hashlib
import uuid
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, get_max_age
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "pages:generation"
PAGE_KEY_PREFIX = "pages:page:"
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


def new_generation(**kwargs):
    """Start a new content generation: every stored whole page is out of date. Again once the
    change is committed, so a page rendered from the old data in between is not kept."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, uuid.uuid4().hex, None))


def current_generation(found):
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


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
        stored = found.get(page_key)
        if stored is not None and stored[0] == generation:
            _, status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if is_shareable(response) and not request.user.is_authenticated:
            headers = [(name, value) for name, value in response.items() if name.lower() != "set-cookie"]
            cache.set(page_key, (generation, response.status_code, headers, response.content), timeout)
            response["X-Page-Cache"] = "miss"
        return response


@receiver(page_published, dispatch_uid="pages_generation_published")
@receiver(page_unpublished, dispatch_uid="pages_generation_unpublished")
@receiver(post_page_move, dispatch_uid="pages_generation_moved")
def _page_changed(sender, **kwargs):
    new_generation()


@receiver(post_save, dispatch_uid="pages_generation_saved")
@receiver(post_delete, dispatch_uid="pages_generation_deleted")
def _content_saved(sender, instance, **kwargs):
    """Any page saved or deleted (titles and links appear on other pages), a site or a site
    setting (the crisis lines are on every page)."""
    if isinstance(instance, Page | Site | BaseGenericSetting | BaseSiteSetting):
        new_generation()
