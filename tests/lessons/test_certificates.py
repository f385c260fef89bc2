"""Completing a course earns a certificate whose code anyone can verify."""

import re

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from lessons.completion import certificate_after, course_progress
from lessons.models import Certificate, LessonPage, ModulePage
from lessons.progress import AccountProgress
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
        assert learner.display_name in page and course.title in page and certificate.code in page

        public = Client().get(f"/certificates/{certificate.code}/")
        assert public.status_code == 200
        html = public.content.decode()
        assert "This certificate is valid" in html and course.title in html
        assert learner.display_name not in html and learner.email not in html

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


@pytest.mark.django_db
class TestOnlyLessonsThatCountDecideTheCertificate:
    """A certificate follows the completion rule: lessons the rule does not count (draft,
    private, in a draft or private module) never stop it; counted ones always do."""

    @pytest.fixture
    def layout(self, make_course, learner):
        course = make_course(modules=3, lessons=2)
        modules = list(ModulePage.objects.child_of(course).order_by("path"))
        return course, modules, learner

    def finish(self, learner, lessons):
        for lesson in lessons:
            AccountProgress(learner).complete(lesson)

    def lessons(self, page):
        return list(LessonPage.objects.descendant_of(page).order_by("path"))

    def test_nothing_done_then_all_done_then_certified_once(self, layout):
        course, _, learner = layout
        lessons = self.lessons(course)
        self.finish(learner, lessons[:-1])
        assert certificate_after(learner, lessons[0]) is None
        self.finish(learner, lessons[-1:])
        certificate = certificate_after(learner, lessons[-1])
        assert certificate is not None and certificate.course_id == course.pk
        assert certificate_after(learner, lessons[-1]) is None  # already issued: not again
        assert Certificate.objects.filter(user=learner).count() == 1

    @pytest.mark.parametrize(
        "hide",
        ["draft lesson", "private lesson", "draft module", "private module"],
    )
    def test_lessons_the_rule_does_not_count_do_not_block(self, layout, hide):
        course, modules, learner = layout
        hidden_module = modules[1]
        unfinished = self.lessons(hidden_module)[0]
        target = {
            "draft lesson": unfinished,
            "private lesson": unfinished,
            "draft module": hidden_module,
            "private module": hidden_module,
        }[hide]
        if hide.startswith("draft"):
            target.specific.unpublish()
        else:
            PageViewRestriction.objects.create(page=target, restriction_type=PageViewRestriction.LOGIN)
        done = [lesson for lesson in self.lessons(course) if lesson.pk != unfinished.pk]
        self.finish(learner, done)
        assert course_progress(AccountProgress(learner), course).complete
        assert certificate_after(learner, done[0]) is not None

    def test_a_lesson_in_a_module_that_counts_does_block(self, layout):
        course, modules, learner = layout
        PageViewRestriction.objects.create(page=modules[0], restriction_type=PageViewRestriction.LOGIN)
        unfinished = self.lessons(modules[2])[1]
        done = [lesson for lesson in self.lessons(course) if lesson.pk != unfinished.pk]
        self.finish(learner, done)
        assert certificate_after(learner, done[0]) is None

    def test_another_course_does_not_count(self, layout, make_course):
        course, _, learner = layout
        other = make_course(modules=1, lessons=2, slug="other-course")
        self.finish(learner, self.lessons(course))
        assert certificate_after(learner, self.lessons(other)[0]) is None
        assert certificate_after(learner, self.lessons(course)[0]).course_id == course.pk
