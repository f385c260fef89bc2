"""The site's URLs plus one view that fails, to see what visitors get from a server error."""

from django.urls import path

from coursesite.urls import urlpatterns as site_urlpatterns


def explode(request):
    raise RuntimeError("database password is hunter2 (must never reach the visitor)")


urlpatterns = [path("explode/", explode), *site_urlpatterns]
