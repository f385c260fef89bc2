"""'Updated since you completed it': learners who finished a lesson hear about a change that
editors noted, on My learning and on the lesson, until they open the lesson again."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lessons.models import LessonPage, LessonProgress, LessonUpdate
from tests.factories import UserFactory


def publish_with_note(lesson, note):
    lesson.change_note = note
    lesson.save_revision().publish()


@pytest.fixture
def finished(course, learner):
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    earlier = timezone.now() - timedelta(days=3)
    LessonProgress.objects.create(user=learner, lesson=lesson, started_at=earlier, completed_at=earlier)
    client = Client()
    client.force_login(learner)
    return lesson, client


@pytest.mark.django_db
class TestLessonUpdates:
    def test_notice_appears_on_dashboard_and_lesson_then_clears(self, finished):
        lesson, client = finished
        publish_with_note(lesson, "We added what to do after a fall.")
        dashboard = client.get("/dashboard/").content.decode()
        assert "Updated since you completed it" in dashboard
        assert "We added what to do after a fall." in dashboard

        page = client.get(lesson.url).content.decode()
        assert "Updated since you completed it" in page and "after a fall" in page
        assert "after a fall" not in client.get("/dashboard/").content.decode()
        assert "Updated since you completed it" not in client.get(lesson.url).content.decode()

    def test_small_fixes_without_a_note_tell_nobody(self, finished):
        lesson, client = finished
        publish_with_note(lesson, "")
        assert not LessonUpdate.objects.exists()
        assert "Updated since you completed it" not in client.get("/dashboard/").content.decode()

    def test_republishing_the_same_note_does_not_notify_again(self, finished):
        lesson, client = finished
        publish_with_note(lesson, "New 911 advice.")
        client.get(lesson.url)  # seen
        publish_with_note(lesson, "New 911 advice.")
        assert LessonUpdate.objects.count() == 1
        assert "New 911 advice" not in client.get("/dashboard/").content.decode()
        publish_with_note(lesson, "Another change.")
        assert "Another change." in client.get("/dashboard/").content.decode()

    def test_only_learners_who_finished_before_the_change_see_it(self, finished):
        lesson, _ = finished
        publish_with_note(lesson, "Changed wording.")
        later = UserFactory(username="later")
        LessonProgress.objects.create(
            user=later, lesson=lesson, started_at=timezone.now(), completed_at=timezone.now()
        )
        never = UserFactory(username="never")
        for user in (later, never):
            client = Client()
            client.force_login(user)
            assert "Changed wording." not in client.get("/dashboard/").content.decode()
