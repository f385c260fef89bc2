"""Views of the site's plumbing: the health check and the benchmark's yardstick."""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import CHECKS, run_checks, summary


@never_cache
@require_GET
def healthz(request):
    """{"status": "ok" | "degraded" | "error", "checks": {...}}; 503 only when the database fails
    (coursesite.health)."""
    status, http_status, checks = summary(run_checks(CHECKS))
    return JsonResponse({"status": status, "checks": checks}, status=http_status)


@require_GET
def bench_baseline(request):
    """The benchmark's yardstick: the cheapest Django response, through the full middleware
    stack. Mounted only when settings.BENCH_BASELINE_VIEW is on (coursesite.settings.bench)."""
    return HttpResponse("ok", content_type="text/plain")
