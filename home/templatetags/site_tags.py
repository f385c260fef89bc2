"""Small template helpers used across the site's templates."""

import re

from django import template
from django.utils.html import conditional_escape, format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from coursesite.people import may_use_admin
from home import languages

register = template.Library()


@register.filter
def uses_admin(user):
    """Show Wagtail's editors' bar only to people who may open the admin (no query for learners)."""
    return may_use_admin(user)


EXTENSION = re.compile(r"\s*(?:ext\.?|x)\s*([0-9]{1,6})\s*$", re.IGNORECASE)


@register.filter
def tel_href(number):
    """A tel: URI for a number as people write it (toolkit.validators.validate_phone): in
    international form, a + and the digits, wherever the country is known. A number typed with
    its + keeps it ('+44 20 7946 0000' -> 'tel:+442079460000'); a North American one gets +1
    ('1-800-662-4357', '(555) 123-4567' -> 'tel:+18006624357', 'tel:+15551234567'), as a phone
    here would dial it; a short number stays as it is ('911' -> 'tel:911'); an extension follows
    ';ext=' ('555-123-4567 ext. 12' -> 'tel:+15551234567;ext=12')."""
    text = str(number).strip()
    extension = EXTENSION.search(text)
    if extension:
        text = text[: extension.start()]
    digits = "".join(ch for ch in text if ch.isdigit())
    if text.startswith("+"):
        digits = f"+{digits}"
    elif len(digits) == 10:
        digits = f"+1{digits}"
    elif len(digits) == 11 and digits.startswith("1"):
        digits = f"+{digits}"
    return f"tel:{digits};ext={extension.group(1)}" if extension else f"tel:{digits}"


# A phone number inside free text ("CVS on Main, (555) 222-3333 ext. 12"): a + and 8 to 15
# digits, or a North American number (ten digits, eleven with its 1), each with its extension.
# A date ("2026-11-03") has eight digits and no +; a dose ("+0.25 mg") has a dot.
PHONE_IN_TEXT = re.compile(
    r"(?<![\w+.])"
    r"((?:(?:\+?1[ .\-]?)?\(?[0-9]{3}\)?[ .\-]?[0-9]{3}[ .\-]?[0-9]{4}|\+[1-9][0-9 ()\-]{6,}[0-9])"
    r"(?:\s*(?:ext\.?|x)\s*[0-9]{1,6})?)"
    r"(?![\w\-.][0-9])(?![\w\-])"
)


def _is_phone_number(written):
    number = written[: match.start()] if (match := EXTENSION.search(written)) else written
    digits = sum(c.isdigit() for c in number)
    return 8 <= digits <= 15 if number.startswith("+") else digits in (10, 11)


@register.filter(needs_autoescape=True)
def call_links(text, autoescape=True):
    """Free text with each phone number in it a link to call it (`tel_href`), the rest escaped:
    a pharmacy's "name and phone" is one tap to call, as the plan's own phone fields are."""
    text = str(text)
    quote = conditional_escape if autoescape else str
    pieces, last = [], 0
    for match in PHONE_IN_TEXT.finditer(text):
        number = match.group(1)
        if not _is_phone_number(number):
            continue
        pieces.append(quote(text[last : match.start(1)]))
        pieces.append(format_html('<a href="{}">{}</a>', tel_href(number), number))
        last = match.end(1)
    pieces.append(quote(text[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece escaped above  # nosec B308 B703


@register.filter
def breadcrumb_ancestors(page):
    """The page's ancestors below the tree root, home first. Routing already fetched them
    (each routed page knows its parent), so no query is needed; otherwise one query."""
    chain, current = [], page
    while getattr(current, "_cached_parent_obj", None) is not None and current.depth > 2:
        current = current._cached_parent_obj
        chain.append(current)
    if current.depth <= 2:
        return chain[::-1]
    return [ancestor for ancestor in page.get_ancestors() if ancestor.depth > 1]


HYPHENATED_WORD = re.compile(r"(\w+(?:-\w+)+)")


@register.filter
def keep_hyphenated_words_together(text):
    """Text, escaped, with each hyphenated word ("must-know") in a span that does not wrap, so a
    narrow screen never breaks a heading at its hyphen ("must-" / "know"), whatever the language."""
    parts = HYPHENATED_WORD.split(str(text))  # plain text and hyphenated words, in turn
    return format_html_join(
        "",
        "{}",
        (
            (format_html('<span class="nowrap">{}</span>', part) if n % 2 else part,)
            for n, part in enumerate(parts)
        ),
    )


SITE_DESCRIPTION = _(
    "A free course for families of someone stopping or cutting down Klonopin (clonazepam): "
    "what to expect, how to help, and when to get help."
)


@register.filter
def meta_description(page):
    """A page's description for search results and link previews: the editor's search
    description, else its summary or intro (rich text made plain), else the site's own."""
    for field in ("search_description", "summary", "intro"):
        text = strip_tags(str(getattr(page, field, "") or "")).strip()
        if text:
            return Truncator(" ".join(text.split())).chars(300)
    return SITE_DESCRIPTION


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """This page in each language: [{code, name, url, current}] (home.languages)."""
    request = context.get("request")
    if request is None:
        return []
    return languages.alternates(request, context.get("page"), context.get("alternates_route"))


@register.simple_tag(takes_context=True)
def localized_url(context, path):
    """The site page at English address `path` (e.g. "/safety/") in the reader's language."""
    return languages.localized_url(path, context.get("request"))


@register.filter
def localized_links(html):
    """Content's links to the site's English addresses, in the reader's language (home.languages)."""
    return languages.localize_links(html)
