"""Learner progress: recording, completing, visitor progress carried into an account."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from lessons.completion import course_progress, module_is_complete
from lessons.models import LessonPage, LessonProgress
from lessons.progress import SESSION_KEY, AccountProgress, merge_session_into_account
from tests.factories import UserFactory


def lessons_of(course):
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def complete(client, lesson, **extra):
    return client.post(f"/progress/lessons/{lesson.pk}/complete/", extra)


SIGNUP = {
    "email": "newcomer@example.com",
    "password1": "a-long-enough-passphrase",
    "password2": "a-long-enough-passphrase",
    "display_name": "Robin",
}


class TestCompletionRule:
    @pytest.mark.parametrize(
        ("done", "total", "has_quiz", "passed", "expected"),
        [
            (3, 3, False, False, True),
            (2, 3, False, False, False),
            (3, 3, True, False, False),
            (3, 3, True, True, True),
            (2, 3, True, True, False),
            (0, 0, False, False, False),
        ],
    )
    def test_module_is_complete(self, done, total, has_quiz, passed, expected):
        assert module_is_complete(done, total, has_quiz, passed) is expected


@pytest.mark.django_db
class TestSignedInProgress:
    def test_viewing_records_started_and_the_button_completes(self, client, course, learner):
        client.force_login(learner)
        lesson = lessons_of(course)[0]
        response = client.get(lesson.url)
        assert "Mark as complete" in response.content.decode()
        row = LessonProgress.objects.get(user=learner, lesson=lesson)
        assert row.started_at and row.completed_at is None
        assert "private" in response["Cache-Control"]

        response = complete(client, lesson)
        assert response.status_code == 302
        row.refresh_from_db()
        assert row.completed_at is not None
        html = client.get(lesson.url).content.decode()
        assert "You completed this lesson on" in html
        assert "Mark as complete" not in html

    def test_completing_twice_keeps_one_record_and_the_first_time(self, client, course, learner):
        client.force_login(learner)
        lesson = lessons_of(course)[0]
        complete(client, lesson)
        first = LessonProgress.objects.get(user=learner, lesson=lesson).completed_at
        complete(client, lesson)
        assert LessonProgress.objects.filter(user=learner, lesson=lesson).count() == 1
        assert LessonProgress.objects.get(user=learner, lesson=lesson).completed_at == first

    def test_redirects_to_the_next_lesson_but_never_off_site(self, client, course, learner):
        client.force_login(learner)
        first, second = lessons_of(course)[:2]
        assert complete(client, first, next=second.url)["Location"] == second.url
        assert complete(client, first, next="https://evil.example/")["Location"] == first.url

    def test_bad_requests(self, client, course, learner):
        client.force_login(learner)
        lesson = lessons_of(course)[0]
        # GET only asks for confirmation (the shared lesson page's button leads there).
        confirm = client.get(f"/progress/lessons/{lesson.pk}/complete/")
        assert confirm.status_code == 200 and "csrfmiddlewaretoken" in confirm.content.decode()
        assert client.put(f"/progress/lessons/{lesson.pk}/complete/").status_code == 405
        assert client.post("/progress/lessons/999999/complete/").status_code == 404
        assert client.post("/progress/lessons/99999999999999999999999/complete/").status_code == 404
        assert client.post("/progress/lessons/abc/complete/").status_code == 404
        lesson.unpublish()
        assert complete(client, lesson).status_code == 404
        assert not LessonProgress.objects.exists()

    def test_csrf_is_enforced(self, course, learner):
        client = Client(enforce_csrf_checks=True)
        client.force_login(learner)
        assert complete(client, lessons_of(course)[0]).status_code == 403
        assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()

    def test_lesson_page_says_lesson_n_of_m(self, client, course, learner):
        client.force_login(learner)
        assert "lesson 2 of 3" in client.get(lessons_of(course)[1].url).content.decode()


@pytest.mark.django_db
class TestVisitorProgress:
    def test_reading_alone_sets_no_cookie(self, client, course):
        response = client.get(lessons_of(course)[0].url)
        assert "sessionid" not in response.cookies
        assert "private" not in response.get("Cache-Control", "")

    def test_visitor_completes_two_lessons_signs_up_and_keeps_both(self, client, course, sign_up):
        first, second = lessons_of(course)[:2]
        complete(client, first)
        complete(client, second)
        assert "Saved on this device" in client.get(lessons_of(course)[2].url).content.decode()
        assert not LessonProgress.objects.exists()

        response = sign_up(client, SIGNUP)
        assert response.status_code == 302, response.content.decode()[:2000]
        rows = LessonProgress.objects.filter(user__email="newcomer@example.com", completed_at__isnull=False)
        assert set(rows.values_list("lesson_id", flat=True)) == {first.pk, second.pk}
        assert SESSION_KEY not in client.session

        html = client.get("/dashboard/").content.decode()
        assert "2 of 3 lessons done" in html
        assert "Robin" in html

    def test_merge_keeps_the_union_and_earliest_times_and_is_harmless_twice(self, client, course, learner):
        first, second, third = lessons_of(course)[:3]
        early, late = timezone.now() - timedelta(days=3), timezone.now() - timedelta(days=1)
        LessonProgress.objects.create(user=learner, lesson=first, started_at=late, completed_at=late)
        LessonProgress.objects.create(user=learner, lesson=third, started_at=late)
        session = {
            SESSION_KEY: {
                "lessons": {
                    str(first.pk): {"started": early.isoformat(), "completed": early.isoformat()},
                    str(second.pk): {"started": early.isoformat(), "completed": None},
                    "not-a-number": {"started": "garbage"},
                    "987654": {"started": early.isoformat(), "completed": early.isoformat()},
                }
            }
        }
        copy = {SESSION_KEY: dict(session[SESSION_KEY])}
        merge_session_into_account(session, learner)
        merge_session_into_account(copy, learner)
        rows = {row.lesson_id: row for row in LessonProgress.objects.filter(user=learner)}
        assert set(rows) == {first.pk, second.pk, third.pk}
        assert rows[first.pk].started_at == early and rows[first.pk].completed_at == early
        assert rows[second.pk].completed_at is None
        assert rows[third.pk].started_at == late

    def test_logging_in_merges_too(self, client, course, learner):
        lesson = lessons_of(course)[0]
        complete(client, lesson)
        client.post("/accounts/login/", {"login": learner.email, "password": "correct-horse-battery"})
        assert LessonProgress.objects.get(user=learner, lesson=lesson).completed_at is not None


@pytest.mark.django_db
class TestDashboard:
    def test_continue_takes_a_returning_learner_to_the_right_lesson(self, course, learner):
        lessons = lessons_of(course)
        phone = Client()
        phone.force_login(learner)
        complete(phone, lessons[0])
        complete(phone, lessons[1])
        phone.get(lessons[3].url)  # opened the first lesson of module 2, not finished
        phone.post("/accounts/logout/")

        laptop = Client()
        laptop.post("/accounts/login/", {"login": learner.email, "password": "correct-horse-battery"})
        html = laptop.get("/dashboard/").content.decode()
        assert f'href="{lessons[3].url}">Continue where you left off: {lessons[3].title}' in html

    def test_next_unfinished_lesson_after_the_latest_completed_one(self, course, learner):
        lessons = lessons_of(course)
        store = AccountProgress(learner)
        store.complete(lessons[0])
        store.complete(lessons[1])
        assert course_progress(store, course).continue_lesson() == lessons[2]
        store.complete(lessons[4])
        assert course_progress(store, course).continue_lesson() == lessons[5]

    def test_progress_bars_and_percentages(self, client, course, learner):
        client.force_login(learner)
        for lesson in lessons_of(course)[:3]:
            complete(client, lesson)
        html = client.get("/dashboard/").content.decode()
        assert 'value="50"' in html  # course: 3 of 6 lessons
        assert 'value="100"' in html  # module 1 complete
        # Each bar is named for screen readers, the figure beside it is for sighted readers.
        assert 'value="50" aria-label="Course progress: 50% done">50%</progress>' in html
        assert '<span class="progress__value" aria-hidden="true">50%</span>' in html
        module = course.get_children().first()
        assert f'value="100" aria-label="{module.title}: 100% done">' in html
        assert 'badge--complete">Done</span>' in html  # the module card, in the same word as an assignment
        assert "no-cache" in client.get("/dashboard/")["Cache-Control"]

    def test_visitors_see_their_device_progress_and_an_invitation(self, client, course):
        complete(client, lessons_of(course)[0])
        html = client.get("/dashboard/").content.decode()
        assert "saved on this device only" in html
        assert "1 of 3 lessons done" in html

    @pytest.mark.parametrize(
        ("dashboard", "language"), [("/dashboard/", "en"), ("/es/mi-aprendizaje/", "es")]
    )
    def test_the_privacy_link_is_the_privacy_page_in_the_readers_language(
        self, seeded_site, client, learner, dashboard, language
    ):
        from wagtail.models import Page

        english = Page.objects.get(slug="privacy", locale__language_code="en")
        privacy = Page.objects.get(translation_key=english.translation_key, locale__language_code=language)
        client.force_login(learner)
        html = client.get(dashboard).content.decode()
        your_data = html.split('id="your-data"', 1)[1].split("</p>", 1)[0]
        assert re.findall(r'href="([^"]+)"', your_data) == [privacy.url]
        assert privacy.url.startswith("/es/") == (language == "es")
        assert client.get(privacy.url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 50])
def test_query_counts_do_not_grow(client, make_course, learner, size, django_assert_max_num_queries):
    course = make_course(modules=1, lessons=size)
    lessons = lessons_of(course)
    store = AccountProgress(learner)
    for lesson in lessons[: size - 1]:
        store.complete(lesson)
    client.force_login(learner)
    client.get(lessons[-1].url)
    with django_assert_max_num_queries(22):  # 20 before the Spanish edition (locale ids, translations' map)
        assert client.get(lessons[-1].url).status_code == 200
    with django_assert_max_num_queries(21):  # + one for the modules' quizzes, one for update notices
        assert client.get("/dashboard/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_parallel_completions_store_one_record(seeded_site):
    learner = UserFactory(username="racer")
    lesson = LessonPage.objects.live().first()
    errors, statuses = [], []

    def hit():
        try:
            client = Client()
            client.force_login(learner)
            statuses.append(complete(client, lesson).status_code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert statuses == [302] * 8
    assert LessonProgress.objects.filter(user=learner, lesson=lesson).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_visitor_completing_15_lessons_at_once_keeps_all_15(make_course):
    """Issue 14, finding 8: parallel "Mark as complete" posts from one visitor used to overwrite
    each other's session (8-9 of 15 kept); each lesson is now a row of its own."""
    course = make_course(modules=3, lessons=5)
    lessons = lessons_of(course)
    visitor = Client()
    visitor.get("/accounts/login/")  # a browser that has been here: it has a session already
    visitor.session.save()
    cookies = visitor.cookies
    errors, statuses = [], []
    barrier = threading.Barrier(len(lessons))

    def hit(lesson):
        try:
            client = Client()
            client.cookies = cookies
            barrier.wait()
            statuses.append(complete(client, lesson).status_code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=hit, args=(lesson,)) for lesson in lessons]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert statuses == [302] * 15
    visitor.cookies = cookies
    html = visitor.get("/dashboard/").content.decode()
    assert html.count("5 of 5 lessons done") == 3


@pytest.mark.django_db
def test_old_visitor_progress_is_forgotten(client, course):
    from django.core.management import call_command

    from lessons.models import VisitorLessonProgress

    first, second = lessons_of(course)[:2]
    complete(client, first)
    complete(Client(), second)
    VisitorLessonProgress.objects.filter(lesson=first).update(updated_at=timezone.now() - timedelta(days=30))
    call_command("forget_old_visitor_progress")
    assert list(VisitorLessonProgress.objects.values_list("lesson_id", flat=True)) == [second.pk]
