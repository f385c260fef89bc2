"""Completing a course earns a certificate whose code anyone can verify."""

import re

import pytest
from django.test import Client

from lessons.models import Certificate, LessonPage
from tests.factories import UserFactory


def finish_course(client, course):
    for lesson in LessonPage.objects.descendant_of(course).order_by("path"):
        client.post(f"/progress/lessons/{lesson.pk}/complete/")


@pytest.mark.django_db
class TestCertificates:
    def test_completing_the_course_issues_a_verifiable_certificate(self, client, course, learner):
        client.force_login(learner)
        assert "certificate" not in client.get("/dashboard/").content.decode().lower()
        finish_course(client, course)
        certificate = Certificate.objects.get(user=learner, course=course)
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", certificate.code)

        dashboard = client.get("/dashboard/").content.decode()
        assert f"/dashboard/certificates/{certificate.code}/" in dashboard
        page = client.get(f"/dashboard/certificates/{certificate.code}/").content.decode()
        assert learner.first_name in page and course.title in page and certificate.code in page

        public = Client().get(f"/certificates/{certificate.code}/")
        assert public.status_code == 200
        html = public.content.decode()
        assert "This certificate is valid" in html and course.title in html
        assert learner.first_name not in html and learner.email not in html

    def test_lower_case_codes_verify_and_unknown_codes_do_not(self, client, course, learner):
        client.force_login(learner)
        finish_course(client, course)
        code = Certificate.objects.get().code
        assert Client().get(f"/certificates/{code.lower()}/").status_code == 200
        response = Client().get("/certificates/AAAA-BBBB-CCCC/")
        assert response.status_code == 404
        assert "could not find a certificate" in response.content.decode()

    def test_one_certificate_however_often_the_course_is_finished(self, client, course, learner):
        client.force_login(learner)
        finish_course(client, course)
        finish_course(client, course)
        assert Certificate.objects.filter(user=learner).count() == 1

    def test_the_private_page_is_only_for_its_owner(self, client, course, learner):
        client.force_login(learner)
        finish_course(client, course)
        code = Certificate.objects.get().code
        other = Client()
        other.force_login(UserFactory(username="someone-else"))
        assert other.get(f"/dashboard/certificates/{code}/").status_code == 404
        assert Client().get(f"/dashboard/certificates/{code}/").status_code == 302  # to log in

    def test_visitor_who_finishes_then_signs_up_gets_the_certificate(self, client, course, sign_up):
        finish_course(client, course)
        sign_up(
            client,
            {
                "email": "late@example.com",
                "password1": "a-long-passphrase-1",
                "password2": "a-long-passphrase-1",
                "display_name": "Late",
            },
        )
        assert Certificate.objects.filter(user__email="late@example.com", course=course).exists()
