"""Views of the site's plumbing: the health check and the benchmark's yardstick."""

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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
