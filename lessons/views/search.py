"""Search the lessons."""

import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from ..models import LessonPage

SEARCH_MAX_QUERY_LENGTH = 200
SEARCH_PAGE_SIZE = 10


def search_terms(raw):
    """The words of a search, without the punctuation that search engines treat as syntax
    (a stray quote or bracket would otherwise be a query error)."""
    return " ".join(re.findall(r"\w+", raw[:SEARCH_MAX_QUERY_LENGTH]))


@require_GET
def search(request):
    """Search the live lessons. Over-long queries are cut, odd page numbers fall back to 1."""
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_QUERY_LENGTH]
    terms = search_terms(query)
    results = LessonPage.objects.none()
    if terms:
        results = LessonPage.objects.live().public().search(terms, operator="or")
    paginator = Paginator(results, SEARCH_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return TemplateResponse(
        request,
        "home/search_results.html",
        {"query": query, "results": page, "paginator": paginator},
    )
