"""Query budgets for every page the benchmark measures, each at two data sizes: the number of
queries must not grow with the number of lessons, learners, progress rows or quiz attempts.

The counselor's circle page has its own budget at 50 and 500 members in test_circles.py.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from lessons.models import Certificate, LessonPage, LessonProgress, ModulePage
from lessons.progress import AccountProgress
from quizzes.models import QuizAttempt, QuizPage
from tests.factories import QuizPageFactory, UserFactory
from tests.quizzes.conftest import ALL_RIGHT, five_questions, form_data

User = get_user_model()

SIZES = {
    # modules (each ending with a quiz), lessons per module, other learners (each with progress
    # on every lesson and attempts at every quiz), the learner's own earlier attempts per quiz
    "small": (1, 3, 5, 1),
    "large": (5, 12, 200, 40),
}
BUDGETS = {
    # What is the same for everyone (the site, its settings, the course's outline, a lesson's
    # frame and body, its view restrictions, the parts of the templates in {% shared %}) comes
    # from fragments of the content version: these count the rest. The signed-in learner's
    # warm-up view has kept them by the time the anonymous lesson is first rendered.
    "anonymous lesson (stored copy)": 0,
    "anonymous lesson (first render)": 0,
    # the learner (with their "in any group" flag) and their record of the lesson, which also
    # answers "updated since you completed it"
    "signed-in lesson": 2,
    "dashboard": 9,  # includes the "updated since you completed it" notices
    # a first pass: the attempt and the learner's result at the quiz (the row merged with the
    # new attempt, whatever the number of earlier ones; it also tells whether an earlier attempt
    # passed), then lessons.completion decides whether it finished the course (the learner's
    # own records)
    "quiz submission (first pass)": 21,
    # a later pass cannot change what the completion rule reads: the attempt and its result
    "quiz submission (passed before)": 9,
    # the course's last lesson marked complete: the rule says complete, the certificate is issued
    # its "marked complete" message is kept in the session (written through to the database),
    # never in a cookie (issue 14)
    "last lesson marked complete": 19,
}


def build(make_course, size):
    modules, lessons, others, own_attempts = SIZES[size]
    course = make_course(modules=modules, lessons=lessons, slug=f"course-{size}")
    for module in ModulePage.objects.child_of(course):
        first = LessonPage.objects.child_of(module).order_by("path").first()
        QuizPageFactory(parent=module, title=f"Quiz {module.title}", questions=five_questions(first))
    for page in Page.objects.descendant_of(course).specific():
        page.save_revision().publish()
    all_lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    quizzes = list(QuizPage.objects.descendant_of(course).order_by("path"))
    users = User.objects.bulk_create(
        [User(username=f"{size}-{n}", email=f"{size}-{n}@example.com") for n in range(others)]
    )
    learner = UserFactory(username=f"learner-{size}")
    now = timezone.now()
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(user=u, lesson=lesson, started_at=now, completed_at=now)
            for u in users
            for lesson in all_lessons
        ]
        + [
            LessonProgress(user=learner, lesson=lesson, started_at=now, completed_at=now)
            for lesson in all_lessons[:-1]
        ]
    )
    QuizAttempt.objects.bulk_create(
        QuizAttempt(
            user=user,
            quiz=quiz,
            quiz_title=quiz.title,
            nonce=f"earlier-attempt-{n:04d}",
            score=60,
            passed=False,
            must_know_passed=False,
            pass_mark=quiz.pass_mark,
            answers=[],
        )
        for quiz in quizzes
        for user, attempts in [*((u, 1) for u in users), (learner, own_attempts)]
        for n in range(attempts)
    )
    Client().get("/")  # the site's first request creates its settings
    return all_lessons[len(all_lessons) // 2], learner, quizzes[0]


def count(client, path, status=200):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == status
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("size", list(SIZES))
def test_benchmarked_pages_keep_their_query_budgets(size, make_course):
    lesson, learner, quiz = build(make_course, size)
    signed_in = Client()
    signed_in.force_login(learner)
    signed_in.get(lesson.url)  # warm: the learner's view of the lesson is recorded once

    counts = {
        "anonymous lesson (first render)": count(Client(), lesson.url),
        "anonymous lesson (stored copy)": count(Client(), lesson.url),
    }
    for name, path in [("signed-in lesson", lesson.url), ("dashboard", "/dashboard/")]:
        counts[name] = count(signed_in, path)
    with CaptureQueriesContext(connection) as queries:
        response = signed_in.post(quiz.url, form_data(quiz, ALL_RIGHT))
    assert response.status_code == 303
    counts["quiz submission (first pass)"] = len(queries)
    with CaptureQueriesContext(connection) as queries:
        response = signed_in.post(quiz.url, form_data(quiz, ALL_RIGHT))
    assert response.status_code == 303
    counts["quiz submission (passed before)"] = len(queries)

    *others, last = LessonPage.objects.descendant_of(quiz.get_parent().get_parent()).order_by("path")
    for unfinished in others:
        AccountProgress(learner).complete(unfinished)
    assert not Certificate.objects.filter(user=learner).exists()
    with CaptureQueriesContext(connection) as queries:
        response = signed_in.post(f"/progress/lessons/{last.pk}/complete/")
    assert response.status_code == 302
    counts["last lesson marked complete"] = len(queries)
    # complete only where its one module's quiz is the one passed
    assert Certificate.objects.filter(user=learner).exists() is (size == "small")
    print(size, counts)
    over = {page: (n, BUDGETS[page]) for page, n in counts.items() if n > BUDGETS[page]}
    assert over == {}, f"over budget at {size} size: (queries, budget) {over}"
