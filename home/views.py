"""Site-wide views that are not pages: search and the health check."""

import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lessons.models import LessonPage

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


@never_cache
@require_GET
def healthz(request):
    """200 with {"status": "ok"} when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def bench_baseline(request):
    """The benchmark's yardstick: the cheapest Django response, through the full middleware
    stack. Mounted only when settings.BENCH_BASELINE_VIEW is on (coursesite.settings.bench)."""
    return HttpResponse("ok", content_type="text/plain")
