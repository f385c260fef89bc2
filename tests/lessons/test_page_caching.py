"""Caching of lesson pages: shared copies only for visitors without a session, never a CSRF
token or anyone's progress in them; publishing replaces them; personal pages stay private."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from lessons.models import LessonPage, LessonProgress
from lessons.progress import SESSION_KEY, AccountProgress
from tests.factories import UserFactory


@pytest.fixture
def course(make_course, client):
    """A course published as editors publish (each lesson with a live revision), on a site
    that has served a request already (its settings exist)."""
    course = make_course(modules=1, lessons=3)
    for lesson in LessonPage.objects.descendant_of(course):
        lesson.save_revision().publish()
    Client().get("/")
    return course


def lessons_of(course):
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def form_of(html, method):
    """The lesson's "Mark as complete" form: (action, hidden fields)."""
    match = re.search(
        rf'<form method="{method}" action="([^"]+)" class="lesson-progress__form"[^>]*>(.*?)</form>',
        html,
        re.S,
    )
    assert match, f"no {method} form in the page"
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', match.group(2)))
    return match.group(1), fields


@pytest.mark.django_db
class TestSharedLessonPage:
    def test_a_visitor_without_cookies_gets_a_public_page_with_no_token_and_no_cookie(self, client, course):
        lesson = lessons_of(course)[0]
        response = client.get(lesson.url)
        assert response.status_code == 200
        assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300", "no-cache"}
        assert "Cookie" in response["Vary"]
        assert not response.cookies
        html = response.content.decode()
        assert "csrfmiddlewaretoken" not in html
        assert "Mark as complete" in html

    def test_the_second_visitor_gets_the_stored_copy_without_rendering(
        self, course, django_assert_num_queries
    ):
        lesson = lessons_of(course)[0]
        first = Client().get(lesson.url)
        assert first["X-Page-Cache"] == "miss"
        with django_assert_num_queries(0):
            second = Client().get(lesson.url)
        assert second["X-Page-Cache"] == "hit"
        assert second.content == first.content
        assert set(second["Cache-Control"].split(", ")) == {"public", "max-age=300", "no-cache"}
        assert "Cookie" in second["Vary"]

    def test_a_second_visitor_can_mark_the_lesson_complete_from_the_cached_page(self, course):
        first_lesson, second_lesson = lessons_of(course)[:2]
        Client(enforce_csrf_checks=True).get(first_lesson.url)  # the first visitor's render is stored
        visitor = Client(enforce_csrf_checks=True)
        cached = visitor.get(first_lesson.url)
        assert cached["X-Page-Cache"] == "hit"
        action, fields = form_of(cached.content.decode(), "get")
        confirm = visitor.get(action, fields)
        assert confirm.status_code == 200
        assert "private" in confirm["Cache-Control"] or "no-cache" in confirm["Cache-Control"]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', confirm.content.decode()).group(1)
        next_url = re.search(r'name="next" value="([^"]+)"', confirm.content.decode()).group(1)
        done = visitor.post(action, {"csrfmiddlewaretoken": token, "next": next_url})
        assert done.status_code == 302
        assert done["Location"] == second_lesson.url
        assert str(first_lesson.pk) in visitor.session[SESSION_KEY]["lessons"]
        # From now on this visitor's pages are their own: private, with their token.
        own = visitor.get(first_lesson.url)
        assert "private" in own["Cache-Control"]
        assert "You completed this lesson" in own.content.decode()
        assert "X-Page-Cache" not in own
        # Other visitors still get the shared page, without this visitor's progress.
        other = Client().get(first_lesson.url)
        assert "You completed this lesson" not in other.content.decode()

    def test_the_confirmation_refuses_a_post_without_a_token(self, course):
        lesson = lessons_of(course)[0]
        strict = Client(enforce_csrf_checks=True)
        strict.get(f"/progress/lessons/{lesson.pk}/complete/")
        assert strict.post(f"/progress/lessons/{lesson.pk}/complete/").status_code == 403

    def test_publishing_replaces_the_stored_copy(self, client, course):
        lesson = lessons_of(course)[0]
        assert client.get(lesson.url)["X-Page-Cache"] == "miss"
        assert client.get(lesson.url)["X-Page-Cache"] == "hit"
        lesson.title = "A corrected title"
        lesson.save_revision().publish()
        response = client.get(lesson.url)
        assert response["X-Page-Cache"] == "miss"
        assert "A corrected title" in response.content.decode()

    def test_a_neighbour_renamed_shows_on_the_stored_page_at_once(self, client, course):
        first, second = lessons_of(course)[:2]
        client.get(first.url)
        second.title = "The renamed next lesson"
        second.save_revision().publish()
        assert "The renamed next lesson" in client.get(first.url).content.decode()


@pytest.mark.django_db
class TestPersonalPagesAreNeverShared:
    def test_signed_in_pages_are_private_and_never_stored(self, course, learner):
        lesson = lessons_of(course)[0]
        AccountProgress(learner).complete(lesson)
        signed_in = Client()
        signed_in.force_login(learner)
        response = signed_in.get(lesson.url)
        assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]
        assert "X-Page-Cache" not in response
        assert "You completed this lesson" in response.content.decode()

        anonymous = Client().get(lesson.url).content.decode()
        assert "You completed this lesson" not in anonymous and "Log out" not in anonymous
        someone_else = Client()
        someone_else.force_login(UserFactory(username="someone-else"))
        other = someone_else.get(lesson.url).content.decode()
        assert "You completed this lesson" not in other
        assert "Mark as complete" in other

    def test_a_stored_public_page_is_never_served_to_a_signed_in_learner(self, course, learner):
        lesson = lessons_of(course)[0]
        Client().get(lesson.url)
        signed_in = Client()
        signed_in.force_login(learner)
        response = signed_in.get(lesson.url)
        assert "X-Page-Cache" not in response
        assert "Log out" in response.content.decode()
        assert "csrfmiddlewaretoken" in response.content.decode()

    def test_a_visitor_with_a_message_waiting_gets_their_own_page(self, client, course):
        first, second = lessons_of(course)[:2]
        client.post(f"/progress/lessons/{first.pk}/complete/", {"next": second.url})
        response = client.get(second.url)
        assert "is marked complete on this device" in response.content.decode()
        assert "private" in response["Cache-Control"]
        assert "is marked complete" not in Client().get(second.url).content.decode()

    def test_the_lesson_body_is_rendered_once_per_revision(self, client, course, learner):
        lesson = lessons_of(course)[0]
        client.force_login(learner)
        client.get(lesson.url)
        keys = [key for key in cache._cache if "lesson-body" in key]  # locmem in tests
        assert len(keys) == 1 and f":{lesson.pk}:{lesson.live_revision_id}" in keys[0]
        lesson.body = [{"type": "paragraph", "value": "<p>Newly published words.</p>"}]
        lesson.save_revision().publish()
        assert "Newly published words." in client.get(lesson.url).content.decode()
        assert LessonProgress.objects.filter(user=learner, lesson=lesson).exists()
