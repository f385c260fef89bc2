"""Caching of lesson pages: shared copies only for visitors without a session, never a CSRF
token or anyone's progress in them, never one per query string; any content change replaces
them and every fragment; personal pages are never kept."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from lessons.models import LessonPage, LessonProgress
from lessons.progress import AccountProgress, SessionProgress
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
        assert set(response["Cache-Control"].split(", ")) == {
            "public",
            "max-age=0",
            "s-maxage=300",
            "stale-while-revalidate=60",
        }
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
        assert set(second["Cache-Control"].split(", ")) == {
            "public",
            "max-age=0",
            "s-maxage=300",
            "stale-while-revalidate=60",
        }
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
        assert first_lesson.pk in SessionProgress(visitor.session).lesson_records()
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
        client.get(lesson.url)
        assert [key for key in cache._cache if "lesson-body" in key] == keys  # the second view reuses it
        lesson.body = [{"type": "paragraph", "value": "<p>Newly published words.</p>"}]
        lesson.save_revision().publish()
        assert "Newly published words." in client.get(lesson.url).content.decode()
        assert LessonProgress.objects.filter(user=learner, lesson=lesson).exists()


@pytest.mark.django_db
class TestOnlyKnownAddressesAreKept:
    def test_a_query_string_gets_the_page_but_no_copy_of_its_own(self, client, course):
        lesson = lessons_of(course)[0]
        before = {key for key in cache._cache if "pages:page:" in key}
        for n in range(20):
            response = Client().get(f"{lesson.url}?x={n}")
            assert response.status_code == 200
            assert "X-Page-Cache" not in response
        assert {key for key in cache._cache if "pages:page:" in key} == before


@pytest.mark.django_db
class TestFragmentsFollowWhatTheyWereRenderedFrom:
    """A lesson body is kept under its revision AND the content version: what it links to or
    shows changing elsewhere shows on the next view, with no rule for anyone to remember."""

    def test_renaming_a_linked_page_shows_its_new_address(self, learner, course):
        first, second = lessons_of(course)[:2]
        first.body = [
            {
                "type": "paragraph",
                "value": f'<p>Read <a linktype="page" id="{second.pk}">the next one</a>.</p>',
            }
        ]
        first.save_revision().publish()
        reader = Client()
        reader.force_login(learner)
        assert f'href="{second.url}"' in reader.get(first.url).content.decode()
        second.slug = "a-new-address"
        second.save_revision().publish()
        second.refresh_from_db()
        html = reader.get(first.url).content.decode()
        assert f'href="{second.url}"' in html and "a-new-address" in html
        assert "a-new-address" in Client().get(first.url).content.decode()  # the shared copy too

    def test_deleting_an_image_takes_it_off_the_page(self, learner, course):
        from wagtail.images import get_image_model
        from wagtail.images.tests.utils import get_test_image_file
        from wagtail.models import Collection

        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        image = get_image_model().objects.create(
            title="Recovery position", file=get_test_image_file(), collection=root
        )
        lesson = lessons_of(course)[0]
        lesson.body = [
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "A person lying on their side", "caption": ""},
            }
        ]
        lesson.save_revision().publish()
        reader = Client()
        reader.force_login(learner)
        assert "A person lying on their side" in reader.get(lesson.url).content.decode()
        assert "A person lying on their side" in Client().get(lesson.url).content.decode()
        image.delete()
        assert "A person lying on their side" not in reader.get(lesson.url).content.decode()
        assert "A person lying on their side" not in Client().get(lesson.url).content.decode()
