"""Search the lessons. Ranking, snippets and editors' promotions: lessons.search."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from home.languages import active_locale_id

from ..models import LessonPage
from ..search import SEARCH_MAX_QUERY_LENGTH, promotions, ranked, search_terms, snippet

SEARCH_PAGE_SIZE = 10


@require_GET
def search(request):
    """Search the live lessons in the reader's language. Over-long queries are cut, odd page
    numbers fall back to 1."""
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_QUERY_LENGTH]
    terms = search_terms(query)
    picks = promotions(terms)
    results = []
    if terms:
        picked = {pick.page_id for pick in picks if pick.page_id}
        lessons = LessonPage.objects.live().public().filter(locale_id=active_locale_id(request))
        found = lessons.exclude(pk__in=picked).search(terms, operator="or")
        results = ranked(found, terms)
    paginator = Paginator(results, SEARCH_PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    for result in page:
        result.snippet = snippet(result, terms)
    return TemplateResponse(
        request,
        "home/search_results.html",
        {
            "query": query,
            "results": page,
            "paginator": paginator,
            "promotions": picks if page.number == 1 else [],
        },
    )
