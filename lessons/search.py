"""How lesson search ranks and shows its results: the rule in one place.

- Ranking: lessons whose title has a searched word come first, then those whose summary has
  one, then the rest; within each group the search backend's relevance order is kept. The
  fields are boosted in LessonPage.search_fields too (PostgreSQL weighs them); the SQLite
  backend ranks title and body only, so the grouping here makes the order the same on both.
- Snippets: a few words around the first match in the summary or body, escaped, with the
  searched words wrapped in <mark>.
- Promotions: pages an editor pinned to a search (wagtail.contrib.search_promotions) come first.
"""

import re

from django.utils.html import escape, format_html, format_html_join
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

SEARCH_MAX_QUERY_LENGTH = 200
MAX_RESULTS = 200  # the course has a few dozen lessons; a bound all the same
SNIPPET_WORDS = 28


def search_terms(raw):
    """The words of a search, without the punctuation that search engines treat as syntax
    (a stray quote or bracket would otherwise be a query error)."""
    return " ".join(re.findall(r"\w+", raw[:SEARCH_MAX_QUERY_LENGTH]))


def _word_pattern(terms):
    """Words starting with a searched word ("taper" finds "tapering"), whole words otherwise."""
    words = sorted({w.lower() for w in terms.split() if len(w) > 1}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\w*", re.IGNORECASE)


def ranked(results, terms):
    """The backend's results, title matches first, then summary matches, then the rest."""
    pattern = _word_pattern(terms)
    results = list(results[:MAX_RESULTS])
    if pattern is None:
        return results

    def group(page):
        if pattern.search(page.title):
            return 0
        return 1 if pattern.search(page.summary or "") else 2

    return sorted(results, key=group)  # sorted() is stable: relevance order within each group


def snippet(page, terms):
    """A few words of the lesson around the first searched word, marked; its summary if the
    words are not found in it (they may be in the title alone)."""
    pattern = _word_pattern(terms)
    summary = page.summary or ""
    texts = [summary]
    if hasattr(page, "body"):  # the words the search index holds: no link names or choices
        texts += page.body.stream_block.get_searchable_content(page.body)
    for text in texts:
        words = text.split()
        for index, word in enumerate(words):
            if pattern is not None and pattern.search(word):
                start = max(0, index - SNIPPET_WORDS // 3)
                chosen = words[start : start + SNIPPET_WORDS]
                prefix = "… " if start > 0 else ""
                suffix = " …" if start + SNIPPET_WORDS < len(words) else ""
                return mark(prefix + " ".join(chosen) + suffix, terms)
    return mark(summary, terms)


def mark(text, terms):
    """The text, escaped, with each searched word wrapped in <mark>."""
    pattern = _word_pattern(terms)
    if pattern is None:
        return escape(text)
    pairs, last = [], 0
    for match in pattern.finditer(text):
        pairs.append((text[last : match.start()], match.group(0)))
        last = match.end()
    return format_html("{}{}", format_html_join("", "{}<mark>{}</mark>", pairs), text[last:])


def promotions(terms):
    """What editors pinned to this search: live pages or outside links, in their order."""
    if not terms:
        return []
    picks = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(terms))
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    return [pick for pick in picks if pick.page is None or pick.page.live]
