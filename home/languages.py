"""The site's two languages: where a page is in the other language, and one learner record.

English is at the site's root and Spanish under /es/ (coursesite/urls.py); a Spanish page is a
wagtail-localize translation of an English page (lessons.edition). Two rules live here:

- `alternates`: the same page in each language (the language switcher and the `hreflang`
  links); `localized_url`: an English address of the site's own pages in the reader's language.
- `source_ids`: ONE learner record across languages. Progress, quiz attempts and certificates
  are always stored against the English page (the translation source); a Spanish page's id is
  mapped to its English page's id when it is written and when it is read, so a lesson done in
  either language counts once, and My learning, certificates, the counselor's matrix and the
  reminders need no language of their own.

Each answer is a fragment of the content version (coursesite.http_cache): the same for every
reader, and new whenever a page changes.
"""

import hashlib
import re

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import mark_safe
from wagtail.models import Locale, Page

from coursesite.http_cache import cached_fragment


def default_language():
    return settings.LANGUAGE_CODE


def language_names():
    return dict(settings.LANGUAGES)


def _locale_ids():
    return dict(Locale.objects.values_list("language_code", "pk"))


def locale_ids(request=None):
    """{language code: Locale id}, a fragment of the content version (one query when not kept)."""
    return cached_fragment("locale-ids", _locale_ids, request)


def default_locale_id(request=None):
    """The id of the default (English) locale."""
    ids = locale_ids(request)
    return ids.get(default_language()) or next(iter(ids.values()), None)


def active_locale_id(request=None):
    """The id of the reader's language's locale (the default one for a language with no pages)."""
    return locale_ids(request).get(translation.get_language()) or default_locale_id(request)


def _translation_sources():
    """{translated page id: English page id} for every page not in the default locale."""
    default = default_locale_id()
    rows = Page.objects.exclude(locale_id=default).values_list("pk", "translation_key")
    keys = {key for _, key in rows}
    english = dict(
        Page.objects.filter(locale_id=default, translation_key__in=keys).values_list("translation_key", "pk")
    )
    return {pk: english[key] for pk, key in rows if key in english}


def translation_sources(request=None):
    return cached_fragment("translation-sources", _translation_sources, request)


def source_ids(ids, request=None):
    """{id: the id progress is kept under} for the given page ids (English pages map to themselves)."""
    sources = translation_sources(request)
    return {pk: sources.get(pk, pk) for pk in ids}


def source_id(page_id, request=None):
    return translation_sources(request).get(page_id, page_id)


def _page_alternates(page_id):
    page = Page.objects.filter(pk=page_id).only("translation_key").first()
    if page is None:
        return None
    urls = {}
    for translated in Page.objects.filter(translation_key=page.translation_key).live().public().specific():
        code = translated.locale.language_code
        url = translated.get_url()
        if url:
            urls[code] = url
    return urls


def page_language(page, request=None):
    """The language code of a page's locale (no query: the locale ids are a fragment)."""
    codes = {pk: code for code, pk in locale_ids(request).items()}
    return codes.get(page.locale_id, default_language())


def subpage_path(page, name, args, language):
    """The address of a RoutablePage's route `name` below the page, in `language` (its routes
    are translated: a quiz's "results/<nonce>/" is "resultados/<nonce>/" in Spanish)."""
    with translation.override(language):
        return page.reverse_subpage(name, args=args)


def alternates(request, page=None, route=None):
    """[{code, name, url, current}] for each language this page is in (the current one first
    marked), a Wagtail page by its translations, any other page by its address under /es/.

    `route`: (name, args) of a route below the page (a quiz's result), kept in each language's
    address in that language's words, so the switcher leads to the same view of the page, not
    to the page itself."""
    current = translation.get_language()
    names = language_names()
    if page is not None and getattr(page, "pk", None):
        urls = cached_fragment(f"page-alternates:{page.pk}", lambda: _page_alternates(page.pk), request) or {}
        if route is not None:
            urls = {code: url + subpage_path(page, *route, code) for code, url in urls.items()}
        query = ""
    else:  # the request's own path, which holds any route below it already
        urls = {code: translate_url(request.path, code) for code in names}
        # What the reader asked this view for (the search's words, a table's page) goes with
        # them to the other language; the hreflang link names the page alone.
        query = request.GET.urlencode()
    return [
        {
            "code": code,
            "name": name,
            "url": urls[code],
            "switch_url": f"{urls[code]}?{query}" if query else urls[code],
            "current": code == current,
        }
        for code, name in names.items()
        if code in urls
    ]


def _localized_path(path, language):
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return None
    default = Locale.get_default()
    english = Page.objects.filter(locale=default, url_path__endswith=path).order_by("depth").first()
    if english is None:
        return None
    translated = english.get_translation_or_none(locale)
    return translated.get_url() if translated is not None and translated.live else None


def localized_url(path, request=None):
    """The address of the site page at English `path` (e.g. "/safety/") in the reader's language."""
    language = translation.get_language()
    if language == default_language():
        return path
    if path == "/":
        return f"/{language}/"
    found = cached_fragment(
        f"localized-path:{language}:{path}", lambda: _localized_path(path, language), request
    )
    return found or path


def _titles_in(locale_id, keys):
    rows = Page.objects.filter(locale_id=locale_id, translation_key__in=keys).live()
    return {str(key): title for key, title in rows.values_list("translation_key", "title")}


def localized_titles(pages, request=None):
    """{page id: its title in the reader's language} for English pages, e.g. the modules that
    assignments and the counselor's matrix are kept under: their translation's title, or their
    own when there is none. One query when not kept (none at all for English readers)."""
    pages = list(pages)
    if translation.get_language() == default_language() or not pages:
        return {page.pk: page.title for page in pages}
    locale_id = active_locale_id(request)
    keys = sorted({str(page.translation_key) for page in pages})
    digest = hashlib.sha256(",".join(keys).encode()).hexdigest()[:24]
    titles = cached_fragment(f"localized-titles:{digest}", lambda: _titles_in(locale_id, keys), request)
    return {page.pk: titles.get(str(page.translation_key), page.title) for page in pages}


def read_by_source(ids, read, request=None):
    """Records kept under English page ids, for the given page ids in any language:
    `read(source_ids or None)` returns {English id: record}; this returns {given id: record}."""
    if ids is None:
        return read(None)
    sources = source_ids([int(pk) for pk in ids], request)
    found = read(set(sources.values()))
    return {pk: found[source] for pk, source in sources.items() if source in found}


def translation_behind(page):
    """When a translated page is behind its English source: the time the English page changed
    after the translation last took its text (wagtail-localize's TranslationSource), else None.
    For an English page, or a page translated by hand (no source), None."""
    from wagtail_localize.models import TranslationSource

    if page is None or not page.pk or page.locale_id == default_locale_id():
        return None
    english = Page.objects.filter(pk=source_id(page.pk)).only("latest_revision_created_at").first()
    source = (
        TranslationSource.objects.filter(object_id=page.translation_key, locale_id=default_locale_id())
        .only("last_updated_at")
        .first()
    )
    if english is None or source is None or english.latest_revision_created_at is None:
        return None
    return (
        english.latest_revision_created_at
        if english.latest_revision_created_at > source.last_updated_at
        else None
    )


def translations_behind():
    """[(translated page, when its English page changed)] for every translation that is behind
    its English source, in tree order: three queries whatever the site's size."""
    from wagtail_localize.models import TranslationSource

    default = Locale.get_default()
    taken = dict(TranslationSource.objects.filter(locale=default).values_list("object_id", "last_updated_at"))
    changed = dict(
        Page.objects.filter(locale=default, translation_key__in=list(taken)).values_list(
            "translation_key", "latest_revision_created_at"
        )
    )
    behind = {key for key, at in changed.items() if at is not None and at > taken[key]}
    pages = Page.objects.exclude(locale=default).filter(translation_key__in=behind).select_related("locale")
    pages = pages.order_by("path")
    return [(page, changed[page.translation_key]) for page in pages]


_SITE_LINK = re.compile(r'href="(/[^"#]*)(#[^"]*)?"')
_NOT_PAGES = ("/static/", "/media/", "/documents/", "/admin/", "/healthz")


def localize_links(html):
    """Links written into content as the English site's addresses ("/tools/questions/",
    "/safety/") point to the same place in the reader's language: a page to its translation, an
    address of the site's own views to its /es/ form. Other links are left as they are."""
    language = translation.get_language()
    if language == default_language() or not html:
        return html
    prefix = f"/{language}/"

    def localized(match):
        path, fragment = match.group(1), match.group(2) or ""
        if path.startswith(prefix) or path.startswith(_NOT_PAGES):
            return match.group(0)
        found = localized_url(path)
        if found == path:
            # The English address is resolved as English (translate_url resolves in the active
            # language, and the Spanish edition's paths are translated: "/tools/" is not one).
            with translation.override(default_language()):
                found = translate_url(path, language)
        return f'href="{found}{fragment}"'

    return mark_safe(_SITE_LINK.sub(localized, str(html)))  # noqa: S308 - only our own hrefs change  # nosec B308 B703
