from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from lessons.views import search as search_views

from . import views as site_views

urlpatterns = [
    # Staff sign in through allauth (rate limits, second factor), never Wagtail's own form.
    # Django's admin is deliberately not mounted.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", site_views.healthz, name="healthz"),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if getattr(settings, "BENCH_BASELINE_VIEW", False):
    urlpatterns += [path("bench/baseline", site_views.bench_baseline, name="bench_baseline")]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Everything a family reads or does, in English at the root and in Spanish under /es/: the
# address alone says the language (no redirect by the browser's language). The addresses a
# family sees are in their language too ("/es/herramientas/diario/"): each path() of these
# is translated in locale/ (allauth's /accounts/ and the counselor area are not).
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("lessons.urls")),
    path("", include("circles.urls")),
    path(_("tools/"), include("toolkit.urls")),
    path(_("search/"), search_views.search, name="search"),
    prefix_default_language=False,
)

urlpatterns += [
    # Wagtail's front-end sign-in for private pages is Django's plain LoginView (no rate limits,
    # no second factor, no verified address): it leads to allauth's instead.
    path("_util/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
] + i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
