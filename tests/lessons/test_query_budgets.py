"""Query budgets for every page the benchmark measures, each at two data sizes: the number of
queries must not grow with the number of lessons, learners or progress rows.

The counselor's circle page has its own budget at 50 and 500 members in test_circles.py.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lessons.models import LessonPage, LessonProgress
from tests.factories import UserFactory

User = get_user_model()

SIZES = {
    # modules, lessons per module, other learners (each with progress on every lesson)
    "small": (1, 3, 5),
    "large": (5, 12, 200),
}
BUDGETS = {
    "anonymous lesson (stored copy)": 0,
    "anonymous lesson (first render)": 9,
    "signed-in lesson": 15,
    "dashboard": 19,
}


def build(make_course, size):
    modules, lessons, others = SIZES[size]
    course = make_course(modules=modules, lessons=lessons, slug=f"course-{size}")
    for lesson in LessonPage.objects.descendant_of(course):
        lesson.save_revision().publish()
    all_lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    users = User.objects.bulk_create([User(username=f"{size}-{n}") for n in range(others)])
    now = timezone.now()
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(user=u, lesson=lesson, started_at=now, completed_at=now)
            for u in users
            for lesson in all_lessons
        ]
    )
    learner = UserFactory(username=f"learner-{size}")
    for lesson in all_lessons[:-1]:
        LessonProgress.objects.create(user=learner, lesson=lesson, started_at=now, completed_at=now)
    Client().get("/")  # the site's first request creates its settings
    return all_lessons[len(all_lessons) // 2], learner


def count(client, path, status=200):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == status
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("size", list(SIZES))
def test_benchmarked_pages_keep_their_query_budgets(size, make_course):
    lesson, learner = build(make_course, size)
    signed_in = Client()
    signed_in.force_login(learner)
    signed_in.get(lesson.url)  # warm: the learner's view of the lesson is recorded once

    counts = {
        "anonymous lesson (first render)": count(Client(), lesson.url),
        "anonymous lesson (stored copy)": count(Client(), lesson.url),
        "signed-in lesson": count(signed_in, lesson.url),
        "dashboard": count(signed_in, "/dashboard/"),
    }
    over = {page: (n, BUDGETS[page]) for page, n in counts.items() if n > BUDGETS[page]}
    assert over == {}, f"over budget at {size} size: (queries, budget) {over}"
