"""Glossary terms in lesson text: the first use of each term opens its definition in place.

The markup is a button that toggles a popover holding the definition (HTML's `popover`
attribute: no JavaScript). It works with a keyboard (Tab, Enter, Escape), by touch (tap to
open, tap outside or "Close" to close) and with screen readers (a button that says whether it
is expanded, with the definition right after it). Browsers without popover support show the
definition inline, right after the word. Stored content is never changed: terms are marked when
a lesson is rendered, skipping text inside links, buttons and headings.

The terms are read from the database once and kept in the cache until a term is saved or
deleted, so a lesson page costs no glossary query.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from coursesite.http_cache import cached_fragment
from home.languages import active_locale_id

# Text inside these elements is never marked: links and buttons cannot hold a button, and
# headings should read as headings.
SKIP_TAGS = {"a", "button", "h1", "h2", "h3", "h4", "h5", "h6", "dfn", "code", "script", "style", "summary"}
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
_WHITESPACE = r"\s+"


@dataclass(frozen=True)
class Term:
    """What rendering needs to know about one glossary term."""

    term: str
    anchor: str
    definition: str
    forms: tuple


def glossary_terms():
    """All glossary terms, kept as a fragment of the content version (coursesite.http_cache):
    any saved or deleted term starts a new one. One query when they are not kept yet."""

    def load():
        from .models import GlossaryTerm

        return tuple(
            Term(term=item.term, anchor=item.anchor, definition=item.definition, forms=tuple(item.forms()))
            for item in GlossaryTerm.objects.filter(locale_id=active_locale_id())
        )

    return cached_fragment("glossary-terms", load)


@lru_cache(maxsize=16)
def _matcher(terms):
    """One case-insensitive, whole-word regex for every form of every term, longest first, so
    "benzodiazepine use disorder" wins over "benzodiazepine". Plurals in -s/-es match too."""
    forms = sorted(
        ((form, index) for index, term in enumerate(terms) for form in term.forms),
        key=lambda item: -len(item[0]),
    )
    if not forms:
        return None, {}
    alternatives, owner = [], {}
    for number, (form, index) in enumerate(forms):
        words = _WHITESPACE.join(re.escape(str(conditional_escape(word))) for word in form.split())
        alternatives.append(rf"(?P<f{number}>{words}(?:e?s)?)")
        owner[f"f{number}"] = terms[index]
    pattern = re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])", re.IGNORECASE)
    return pattern, owner


def term_markup(term, text):
    """The button and its popover definition for one use of a term."""
    popover_id = f"define-{term.anchor}"
    return format_html(
        '<button type="button" class="glossary-term" popovertarget="{id}">{text}</button>'
        '<span class="glossary-definition" id="{id}" popover>'
        "<dfn>{term}</dfn>: {definition} "
        '<a href="{glossary_url}#{anchor}">{all_words}</a> '
        '<button type="button" class="glossary-definition__close" popovertarget="{id}" '
        'popovertargetaction="hide">{close}</button>'
        "</span>",
        id=popover_id,
        text=mark_safe(text),  # noqa: S308 - already-escaped text from the rendered rich text  # nosec B308 B703
        term=term.term,
        definition=term.definition,
        glossary_url=reverse("glossary"),
        anchor=term.anchor,
        all_words=gettext("All words explained"),
        close=gettext("Close"),
    )


class GlossaryMarker:
    """Marks the first use of each glossary term in one page, across all its blocks."""

    def __init__(self, terms=None):
        self._terms = terms
        self.seen = set()

    @property
    def terms(self):
        if self._terms is None:
            self._terms = glossary_terms()
        return self._terms

    def mark(self, html):
        """The rendered rich text `html` with the page's first use of each term marked."""
        pattern, owner = _matcher(self.terms)
        if pattern is None:
            return mark_safe(html)  # noqa: S308 - html is rendered rich text, already safe  # nosec B308 B703

        def replace(match):
            term = owner[match.lastgroup]
            if term.anchor in self.seen:
                return match.group(0)
            self.seen.add(term.anchor)
            return term_markup(term, match.group(0))

        out, skipping = [], []
        for piece in _TAG.split(str(html)):
            if piece.startswith("<"):
                found = _TAG_NAME.match(piece)
                if found and found.group(2).lower() in SKIP_TAGS:
                    if found.group(1):
                        if skipping:
                            skipping.pop()
                    elif not piece.endswith("/>"):
                        skipping.append(found.group(2).lower())
                out.append(piece)
            elif piece and not skipping:
                out.append(pattern.sub(replace, piece))
            else:
                out.append(piece)
        return mark_safe("".join(out))  # noqa: S308 - rendered rich text plus format_html markup  # nosec B308 B703
