"""The benchmark's data builder (`make bench`), at a tiny scale: what it builds works as the
load tool will use it (sessions, CSRF cookie and token, paths)."""

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import Locale

from bench.data import NotEmpty, build
from circles.models import AccessLog, CircleMembership
from lessons.models import LessonProgress
from quizzes.models import AttemptAnswer, QuizAttempt
from tests.factories import UserFactory


@pytest.mark.django_db
def test_tiny_bench_data_set_serves_every_benchmarked_page(seeded_site):
    """On the seeded course (the builder's own load then finds it there), as on a fresh one."""
    data = build(learners=12, circle_size=5, progress_rows=100, quiz_attempts=30)
    fixtures = data.fixtures
    assert fixtures["counts"]["learners"] == 12
    assert CircleMembership.objects.filter(circle=data.circle).count() == 5
    assert 0 < LessonProgress.objects.count() <= 12 * len(data.lessons)
    # The English course: records are kept under English pages only (home.languages).
    english = Locale.get_default()
    assert {lesson.locale_id for lesson in data.lessons} == {english.pk}
    assert not LessonProgress.objects.exclude(lesson__locale=english).exists()
    assert not QuizAttempt.objects.exclude(quiz__locale=english).exists()
    assert not fixtures["lesson_path"].startswith("/es/") and not fixtures["quiz_path"].startswith("/es/")

    anonymous = Client()
    assert "Mark as complete" in anonymous.get(fixtures["lesson_path"]).content.decode()

    learner = Client(enforce_csrf_checks=True)
    learner.cookies[fixtures["session_cookie_name"]] = fixtures["learner_session"]
    learner.cookies[fixtures["csrf_cookie_name"]] = fixtures["csrf_secret"]
    page = learner.get(fixtures["lesson_path"]).content.decode()
    assert "Log out" in page and "Mark as complete" in page
    assert "Continue where you left off" in learner.get("/dashboard/").content.decode()
    # The load tool's POST: the CSRF cookie and the same secret in the header.
    response = learner.post(
        f"/progress/lessons/{fixtures['lesson_id']}/complete/", HTTP_X_CSRFTOKEN=fixtures["csrf_secret"]
    )
    assert response.status_code == 302
    assert LessonProgress.objects.get(user=data.learner, lesson_id=fixtures["lesson_id"]).completed_at

    # The quiz submission: a fresh nonce in place of NONCE, as the load tool sends it.
    attempts = QuizAttempt.objects.filter(user=data.learner).count()
    body = fixtures["quiz_body"].replace("NONCE", "a-fresh-nonce-0001")
    response = learner.post(
        fixtures["quiz_path"],
        body,
        content_type="application/x-www-form-urlencoded",
        HTTP_X_CSRFTOKEN=fixtures["csrf_secret"],
    )
    assert response.status_code == fixtures["quiz_status"] == 303
    assert QuizAttempt.objects.filter(user=data.learner).count() == attempts + 1
    assert 20 <= QuizAttempt.objects.count() <= 31
    assert AttemptAnswer.objects.count() == 5 * QuizAttempt.objects.count()

    counselor = Client()
    counselor.cookies[fixtures["session_cookie_name"]] = fixtures["counselor_session"]
    circle = counselor.get(fixtures["circle_path"])
    assert circle.status_code == 200
    assert circle.content.decode().count("<tr>") == 5 + 1
    assert AccessLog.objects.filter(counselor=data.counselor).count() == 5


@pytest.mark.django_db
def test_refuses_a_database_that_has_accounts(tmp_path):
    UserFactory(username="a-real-learner")
    with pytest.raises(NotEmpty):
        build(learners=2, circle_size=1)
    with pytest.raises(Exception, match="already has accounts"):
        call_command("build_bench_data", "--learners=2", f"--output={tmp_path / 'f.json'}")
