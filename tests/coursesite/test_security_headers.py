"""Security headers on every response: a strict CSP on the public site, a looser one only under
/admin/, and HTTPS hardening as production settings configure it."""

import pytest

from lessons.models import LessonPage
from tests.factories import UserFactory


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
class TestPublicPages:
    @pytest.mark.parametrize("path", ["/", "/search/?q=seizure", "/accounts/login/", "/no-such-page/"])
    def test_strict_content_security_policy(self, client, home_page, path):
        csp = csp_directives(client.get(path))
        assert csp["default-src"] == ["'self'"]
        assert csp["script-src"] == ["'self'"]
        assert csp["style-src"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert csp["base-uri"] == ["'none'"]
        assert csp["form-action"] == ["'self'"]
        assert not any("unsafe" in value for values in csp.values() for value in values)

    def test_no_inline_script_or_style_in_public_html(self, client, course):
        response = client.get("/course/module-1/lesson-1/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>" not in html and "<script " in html  # only <script src=...>
        assert "<style" not in html
        assert 'style="' not in html
        assert " on" + "click=" not in html

    def test_other_security_headers(self, client, home_page):
        response = client.get("/")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_admin_gets_its_own_policy_and_the_public_site_does_not(client, home_page, settings):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))

    admin = csp_directives(client.get("/admin/"))
    assert admin["script-src"] == ["'self'", "'unsafe-inline'"]
    # Page previews are shown in a same-origin iframe.
    assert admin["frame-ancestors"] == ["'self'"]
    assert admin["object-src"] == ["'none'"]

    public = csp_directives(client.get("/"))
    assert public["script-src"] == ["'self'"]
    assert public["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_an_editors_preview_keeps_the_strict_policy_but_may_be_framed_by_the_admin(client, course, settings):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(UserFactory(username="editor", is_staff=True, is_superuser=True))
    lesson = course.get_descendants().type(LessonPage).first()

    response = client.get(f"/admin/pages/{lesson.pk}/view_draft/")
    assert response.status_code == 200
    assert lesson.title in response.content.decode()
    csp = csp_directives(response)
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]


@pytest.mark.django_db
class TestHttps:
    """Production turns these on (coursesite/settings/production.py); the test sets them the
    same way, since the suite runs on test settings."""

    @pytest.fixture
    def production_https(self, settings):
        settings.SECURE_SSL_REDIRECT = True
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        settings.SECURE_HSTS_SECONDS = 31_536_000
        settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    def test_plain_http_is_redirected_to_https(self, client, home_page, production_https):
        response = client.get("/safety/?x=1")
        assert response.status_code == 301
        assert response["Location"] == "https://testserver/safety/?x=1"

    def test_the_proxy_header_counts_as_https(self, client, home_page, production_https):
        response = client.get("/", headers={"x-forwarded-proto": "https"})
        assert response.status_code == 200
        assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"

    def test_the_header_is_ignored_unless_configured(self, client, home_page, production_https, settings):
        settings.SECURE_PROXY_SSL_HEADER = None
        response = client.get("/", headers={"x-forwarded-proto": "https"})
        assert response.status_code == 301
