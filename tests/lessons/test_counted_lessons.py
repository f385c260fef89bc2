"""One answer to "which lessons count", wherever it is asked: a login-restricted lesson counts
nowhere, so My learning, the course page, the counselor's matrix, the certificate and the
reminders agree (lessons.models.counted_lessons, lessons.completion)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from circles.models import Assignment, CareCircle, CircleMembership
from lessons.completion import course_progress
from lessons.models import Certificate, LessonPage, ModulePage
from lessons.progress import AccountProgress
from tests.factories import UserFactory


@pytest.fixture
def restricted_course(make_course, learner):
    """One module of three lessons, the last visible to signed-in people only; the learner has
    finished the first and is in a counselor's circle with the module assigned."""
    course = make_course(modules=1, lessons=3)
    module = ModulePage.objects.child_of(course).get()
    first, second, restricted = LessonPage.objects.child_of(module).order_by("path")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    AccountProgress(learner).complete(first)
    counselor = UserFactory(username="casey", display_name="Casey")
    counselor.groups.add(Group.objects.get_or_create(name="Counselors")[0])
    circle = CareCircle.objects.create(counselor=counselor, name="Family")
    CircleMembership.objects.create(circle=circle, user=learner)
    Assignment.objects.create(circle=circle, module=module, due_date=timezone.localdate() + timedelta(days=2))
    return course, module, circle, counselor


@pytest.mark.django_db
def test_a_restricted_lesson_counts_nowhere(restricted_course, learner):
    course, module, circle, counselor = restricted_course
    me = Client()
    me.force_login(learner)
    # The last public lesson marked complete through the site finishes the course: certificate.
    second = LessonPage.objects.child_of(module).order_by("path")[1]
    assert me.post(f"/progress/lessons/{second.pk}/complete/").status_code == 302
    assert Certificate.objects.filter(user=learner, course=course).exists()

    progress = course_progress(AccountProgress(learner), course)
    assert [(m.lessons_done, m.lessons_total, m.complete) for m in progress.modules] == [(2, 2, True)]

    dashboard = me.get("/dashboard/").content.decode()
    assert "2 of 2 lessons done" in dashboard and "2 of 3" not in dashboard

    counselors_view = Client()
    counselors_view.force_login(counselor)
    matrix = counselors_view.get(f"/counselor/circles/{circle.pk}/").content.decode()
    assert "2/2 lessons" in matrix and "2/3 lessons" not in matrix
    assert "Complete" in matrix

    # Reminders: the assignment is done, so nobody is reminded of it.
    call_command("send_reminders")
    assert mail.outbox == []
