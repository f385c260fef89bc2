"""Finding 7 of issue 14: no file uploads outside /admin/, and small bodies everywhere else,
refused (413) before anything reads or stores them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


@pytest.mark.django_db
class TestRequestSizeLimits:
    def test_a_file_posted_to_the_sign_in_form_is_refused(self, strict_client):
        upload = SimpleUploadedFile("big.bin", b"x" * 1024)
        response = strict_client.post("/accounts/login/", {"login": "a@example.com", "file": upload})
        assert response.status_code == 413
        assert "does not accept file uploads" in response.content.decode()

    def test_a_large_form_body_is_refused(self, client, settings):
        body = "login=a%40example.com&password=" + "x" * (settings.PUBLIC_MAX_BODY_BYTES + 1)
        response = client.post("/accounts/login/", body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 413

    def test_an_ordinary_form_still_works(self, client):
        response = client.post("/join/", {"code": "ABCD-EFGH"})
        assert response.status_code == 400  # the code is unknown: the form answered

    def test_the_editor_may_upload_up_to_its_own_cap(self, client, settings):
        upload = SimpleUploadedFile("doc.txt", b"x" * (settings.PUBLIC_MAX_BODY_BYTES + 10))
        response = client.post("/admin/documents/multiple/add/", {"files[]": upload})
        assert response.status_code != 413  # not signed in: sent to sign in, not refused for size

    def test_the_editor_cap_holds_too(self, client, settings):
        settings.ADMIN_MAX_BODY_BYTES = 1000
        upload = SimpleUploadedFile("doc.txt", b"x" * 2000)
        assert client.post("/admin/documents/multiple/add/", {"files[]": upload}).status_code == 413

    def test_the_limits_are_small(self, settings):
        assert settings.PUBLIC_MAX_BODY_BYTES <= 64 * 1024
        assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2 * 1024 * 1024

    def test_a_malformed_multipart_body_is_a_client_error(self, client):
        response = client.generic(
            "POST", "/join/", b"--nope\r\ngarbage", content_type="multipart/form-data; boundary=zzz"
        )
        assert 400 <= response.status_code < 500
