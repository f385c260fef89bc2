"""The parts of a page that are the same for every reader ({% shared %}), the process's own
copies of fragments (LocalCopies), view restrictions kept with the route fragment, and the
signed-in user read with an "in any group" flag (accounts.backends)."""

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.template import engines
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.safestring import SafeData, mark_safe
from wagtail.models import Locale, PageViewRestriction

from accounts.backends import AuthenticationBackend, ModelBackend
from circles.rules import COUNSELORS_GROUP
from coursesite import http_cache
from coursesite.http_cache import (
    LocalCopies,
    _fragment_key,
    cached_fragment,
    keep_fragment,
    kept_fragment,
    local_copies,
    new_content_version,
)
from home.models import CrisisLines
from lessons.models import LessonPage, ModulePage
from lessons.progress import AccountProgress
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's  # noqa: S105


@pytest.fixture
def course(make_course):
    """A course published as editors publish (every page with a live revision), on a site that
    has served a request already (its settings exist)."""
    course = make_course(modules=2, lessons=3)
    for page in [*ModulePage.objects.descendant_of(course), *LessonPage.objects.descendant_of(course)]:
        page.specific.save_revision().publish()
    Client().get("/")
    return course


def lessons_of(course):
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def html_of(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def shared_keys(language=None):
    """The keys of the shared parts kept in the (locmem) cache for the current content version,
    optionally in one language."""
    marker = f"{http_cache.content_version()}:{language or ''}"
    return {key for key in cache._cache if marker in key and ":shared:" in key}  # noqa: SLF001 (locmem)


def h1_of(html):
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1).strip()


def breadcrumbs_of(html):
    return re.search(r'<nav class="breadcrumbs.*?</nav>', html, re.S).group(0)


def pager_of(html):
    return re.search(r'<nav class="pager".*?</nav>', html, re.S).group(0)


def eyebrow_of(html):
    return re.search(r'<p class="eyebrow">(.*?)</p>', html, re.S).group(1)


def crisis_strip_of(html):
    return re.search(r'<aside class="crisis-strip".*?</aside>', html, re.S).group(0)


def footer_of(html):
    return re.search(r'<footer class="site-footer">.*?</footer>', html, re.S).group(0)


def site_nav_of(html):
    return re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)


@pytest.fixture
def counselors():
    group, _ = Group.objects.get_or_create(name=COUNSELORS_GROUP)
    return group


@pytest.fixture
def counselor(counselors):
    user = UserFactory(username="counselor")
    user.groups.add(counselors)
    return user


# --- 1. {% shared %}: new content shows at once ----------------------------------------------


@pytest.mark.django_db
class TestSharedPartsFollowTheContent:
    def test_the_parts_are_kept_and_reused(self, course, learner):
        lesson = lessons_of(course)[0]
        reader = signed_in(learner)
        first = html_of(reader, lesson.url)
        kept = shared_keys("en")
        # crisis strip, brand, site nav, breadcrumbs, footer, eyebrow, intro, pager
        assert len(kept) == 8
        second = html_of(reader, lesson.url)
        assert shared_keys("en") == kept  # nothing rendered and kept again
        assert h1_of(second) == h1_of(first) == lesson.title

    def test_each_page_has_its_own_parts(self, course, learner):
        first, second, third = lessons_of(course)[:3]
        reader = signed_in(learner)
        for _ in range(2):  # the second round from the kept parts
            pages = [html_of(reader, lesson.url) for lesson in (first, second, third)]
            assert [h1_of(html) for html in pages] == [first.title, second.title, third.title]
            for lesson, html in zip((first, second, third), pages, strict=True):
                assert f'aria-current="page">{lesson.title}</a>' in breadcrumbs_of(html)
            assert [re.search(r"lesson (\d) of 3", eyebrow_of(html)).group(1) for html in pages] == [
                "1",
                "2",
                "3",
            ]
            assert "Previous lesson" not in pager_of(pages[0]) and second.title in pager_of(pages[0])
            assert first.title in pager_of(pages[1]) and third.title in pager_of(pages[1])
            assert "End of module" in pager_of(pages[2])

    def test_a_lesson_renamed_and_published_shows_its_new_title(self, course, learner):
        lesson = lessons_of(course)[0]
        reader = signed_in(learner)
        before = html_of(reader, lesson.url)
        assert h1_of(before) == lesson.title and lesson.title in breadcrumbs_of(before)
        old_title = lesson.title

        lesson.title = "Renamed by an editor"
        lesson.save_revision().publish()

        after = html_of(reader, lesson.url)
        assert h1_of(after) == "Renamed by an editor"
        assert "Renamed by an editor" in breadcrumbs_of(after)
        assert old_title not in breadcrumbs_of(after)
        anonymous = html_of(Client(), lesson.url)
        assert h1_of(anonymous) == "Renamed by an editor"

    def test_a_next_lesson_renamed_shows_in_the_pager(self, course, learner):
        first, second = lessons_of(course)[:2]
        reader = signed_in(learner)
        assert second.title in pager_of(html_of(reader, first.url))
        second.title = "The renamed next lesson"
        second.save_revision().publish()
        assert "The renamed next lesson" in pager_of(html_of(reader, first.url))

    def test_a_module_renamed_shows_in_a_lessons_breadcrumbs_and_eyebrow(self, course, learner):
        lesson = lessons_of(course)[0]
        module = ModulePage.objects.get(pk=lesson.get_parent().pk)
        reader = signed_in(learner)
        before = html_of(reader, lesson.url)
        assert module.title in breadcrumbs_of(before) and module.title in eyebrow_of(before)

        module.title = "A module with a new name"
        module.save_revision().publish()

        after = html_of(reader, lesson.url)
        assert "A module with a new name" in breadcrumbs_of(after)
        assert "A module with a new name" in eyebrow_of(after)
        assert "A module with a new name" in html_of(Client(), lesson.url)

    def test_a_new_emergency_number_shows_in_the_crisis_strip_and_the_footer(self, course, learner):
        lesson = lessons_of(course)[0]
        reader = signed_in(learner)
        before = html_of(reader, lesson.url)
        assert "Call 911" in crisis_strip_of(before) and "<strong>911</strong>" in footer_of(before)

        lines = CrisisLines.load()
        lines.emergency_number = "112"
        lines.save()

        after = html_of(reader, lesson.url)
        assert "Call 112" in crisis_strip_of(after) and "Call 911" not in crisis_strip_of(after)
        assert "<strong>112</strong>" in footer_of(after) and "<strong>911</strong>" not in footer_of(after)
        assert "Call 112" in html_of(Client(), lesson.url)
        assert "Call 112" in html_of(reader, "/dashboard/")  # a page that is not a Wagtail page


# --- 1. {% shared %}: previews ---------------------------------------------------------------


@pytest.mark.django_db
class TestPreviewsAreNeverKept:
    def test_a_preview_of_a_draft_title_never_reaches_the_live_page(self, course, learner):
        lesson = lessons_of(course)[0]
        live_title = lesson.title
        draft = LessonPage.objects.get(pk=lesson.pk)
        draft.title = "A draft title nobody approved"  # not saved: the content version stays
        version = http_cache.content_version()

        preview = draft.make_preview_request(preview_mode="")
        assert preview.status_code == 200
        preview_html = preview.content.decode()
        assert h1_of(preview_html) == "A draft title nobody approved"
        assert "A draft title nobody approved" in breadcrumbs_of(preview_html)
        assert http_cache.content_version() == version
        assert not any("A draft title" in str(value) for value in cache._cache.values())  # noqa: SLF001

        # The preview was made for the site's own host (localhost): the live page at the same
        # host, so the same keys, signed in and not.
        host = {"HTTP_HOST": "localhost"}
        for client in (signed_in(learner), Client()):
            html = html_of(client, lesson.url, **host)
            assert h1_of(html) == live_title
            assert "A draft title" not in html
        assert shared_keys()  # the live page's parts were kept

    def test_a_preview_after_a_live_view_shows_the_draft_not_the_kept_part(self, course, learner):
        lesson = lessons_of(course)[0]
        html_of(signed_in(learner), lesson.url, HTTP_HOST="localhost")
        assert shared_keys()
        draft = LessonPage.objects.get(pk=lesson.pk)
        draft.title = "A draft title nobody approved"
        preview_html = draft.make_preview_request(preview_mode="").content.decode()
        assert h1_of(preview_html) == "A draft title nobody approved"
        assert h1_of(html_of(signed_in(learner), lesson.url, HTTP_HOST="localhost")) == lesson.title

    def test_the_tag_renders_afresh_and_keeps_nothing_for_a_preview_request(self, home_page):
        template = engines["django"].from_string(
            '{% load shared_fragments %}{% shared "test-part" %}{{ words }}{% endshared %}'
        )
        preview = RequestFactory().get("/")
        preview.is_preview = True
        assert template.render({"words": "draft words", "request": preview}) == "draft words"
        assert template.render({"words": "other draft", "request": preview}) == "other draft"
        assert not shared_keys()

        live = RequestFactory().get("/")
        live.is_preview = False
        assert template.render({"words": "live words", "request": live}) == "live words"
        assert len(shared_keys()) == 1
        # kept: the same part for the next reader, whatever their context says
        assert template.render({"words": "changed", "request": RequestFactory().get("/")}) == "live words"
        # and a preview still renders its own
        assert template.render({"words": "draft again", "request": preview}) == "draft again"


# --- 1. {% shared %}: the two languages --------------------------------------------------------


@pytest.mark.django_db
def test_the_two_languages_never_share_a_part(seeded_site, learner):
    english = LessonPage.objects.filter(locale__language_code="en").order_by("path").first()
    spanish = english.get_translation(Locale.objects.get(language_code="es")).specific
    assert spanish.url.startswith("/es/")
    for client in (signed_in(learner), Client(), signed_in(learner)):
        for _ in range(2):  # the second round from the kept parts
            en = html_of(client, english.url)
            es = html_of(client, spanish.url)
            assert "Emergency:" in crisis_strip_of(en) and "Emergencias:" not in crisis_strip_of(en)
            assert "Emergencias:" in crisis_strip_of(es) and "Emergency:" not in crisis_strip_of(es)
            assert "Help is available" in footer_of(en) and "oprima 2" not in footer_of(en)
            assert "Hay ayuda disponible" in footer_of(es) and "oprima 2" in footer_of(es)
            assert "Help is available" not in footer_of(es)
            assert 'href="/es/' in site_nav_of(es) and 'href="/es/' not in site_nav_of(en)
            assert h1_of(en) == english.title and h1_of(es) == spanish.title
    assert shared_keys("en") and shared_keys("es")


# --- 1. {% shared %}: nothing personal inside ---------------------------------------------------


@pytest.mark.django_db
class TestPersonalThingsStayPersonal:
    def test_a_learner_and_a_counselor_each_see_their_own_nav(self, course, learner, counselor):
        lesson = lessons_of(course)[0]
        for order in ((learner, counselor), (counselor, learner)):
            cache.clear()  # each order from nothing kept
            pages = {user.username: html_of(signed_in(user), lesson.url) for user in order}
            assert "Counselor area" in site_nav_of(pages["counselor"])
            assert "Counselor area" not in site_nav_of(pages["learner"])
            for html in pages.values():
                assert "Log out" in site_nav_of(html) and "Log in" not in site_nav_of(html)
            anonymous = html_of(Client(), lesson.url)
            assert "Log in" in site_nav_of(anonymous)
            assert "Log out" not in anonymous and "Counselor area" not in anonymous
            assert shared_keys()

    def test_the_completed_badge_is_the_learners_own(self, course, learner):
        lesson = lessons_of(course)[0]
        other = UserFactory(username="other-learner")
        AccountProgress(learner).complete(lesson)
        badge = "badge--complete"

        assert badge in eyebrow_of(html_of(signed_in(learner), lesson.url))
        assert badge not in html_of(signed_in(other), lesson.url)
        assert badge in eyebrow_of(html_of(signed_in(learner), lesson.url))

        cache.clear()  # the other order: the part first made for someone who did not complete it
        assert badge not in html_of(signed_in(other), lesson.url)
        assert badge in eyebrow_of(html_of(signed_in(learner), lesson.url))
        assert badge not in html_of(Client(), lesson.url)

    def test_no_csrf_token_inside_a_kept_part(self, course, learner):
        lesson = lessons_of(course)[0]
        html_of(signed_in(learner), lesson.url)
        kept = [cache.get(key.split(":", 2)[2]) for key in shared_keys()]
        assert kept and all(isinstance(part, str) for part in kept)
        for part in kept:
            assert "csrfmiddlewaretoken" not in part and "Log out" not in part and "learner" not in part


# --- 2. LocalCopies ---------------------------------------------------------------------------


class TestLocalCopies:
    def test_a_changed_object_does_not_change_the_next_copy(self):
        copies = LocalCopies()
        copies.put("k", SimpleNamespace(ticks=[1], title="Module"))
        first = copies.get("k")
        first.ticks.append(2)
        first.title = "changed"
        first.extra = True
        second = copies.get("k")
        assert second is not first
        assert second.ticks == [1] and second.title == "Module" and not hasattr(second, "extra")

    def test_the_value_put_is_copied_when_put(self):
        copies = LocalCopies()
        value = SimpleNamespace(ticks=[])
        copies.put("k", value)
        value.ticks.append("changed after it was put")
        assert copies.get("k").ticks == []

    def test_strings_are_returned_as_they_are(self):
        copies = LocalCopies()
        text = mark_safe("<p>kept</p>")  # noqa: S308 (a literal)
        copies.put("k", text)
        assert copies.get("k") is text
        assert isinstance(copies.get("k"), SafeData)
        plain = "x" * 100
        copies.put("plain", plain)
        assert copies.get("plain") is plain

    def test_the_size_bound_evicts_the_oldest(self):
        copies = LocalCopies(size=2)
        copies.put("a", "A")
        copies.put("b", "B")
        copies.put("c", "C")
        assert copies.get("a") is None
        assert copies.get("b") == "B" and copies.get("c") == "C"
        # the one read least lately goes first
        copies.get("b")
        copies.put("d", "D")
        assert copies.get("c") is None
        assert copies.get("b") == "B" and copies.get("d") == "D"
        assert len(copies._copies) == 2  # noqa: SLF001

    def test_a_missing_key_and_clear(self):
        copies = LocalCopies()
        assert copies.get("nothing") is None
        copies.put("k", {"a": 1})
        copies.clear()
        assert copies.get("k") is None


@pytest.mark.django_db
class TestFragmentsThroughLocalCopies:
    def test_an_object_from_cached_fragment_can_be_changed_by_its_caller_only(self):
        made = []

        def render():
            made.append(1)
            return SimpleNamespace(ticks=[], title="Module 1")

        first = cached_fragment("test-object", render)
        first.ticks.append("done")
        second = cached_fragment("test-object", render)
        assert made == [1]  # kept, not rendered again
        assert second.ticks == [] and second.title == "Module 1"
        second.title = "set by a caller"
        third = kept_fragment("test-object")
        assert third.title == "Module 1" and third.ticks == []
        assert third is not second

    def test_a_local_copy_is_served_without_the_shared_cache(self):
        keep_fragment("test-local", SimpleNamespace(words="kept"))
        cache.delete(_fragment_key("test-local", None))  # another process's eviction, say
        assert kept_fragment("test-local").words == "kept"

    def test_a_copy_read_from_the_shared_cache_is_kept_locally(self):
        full_key = _fragment_key("test-read", None)
        cache.set(full_key, {"words": "from the shared cache"})
        assert local_copies.get(full_key) is None
        assert kept_fragment("test-read") == {"words": "from the shared cache"}
        assert local_copies.get(full_key) == {"words": "from the shared cache"}

    def test_strings_come_back_as_they_are(self):
        text = mark_safe("<nav>the same for everyone</nav>")  # noqa: S308 (a literal)
        cached_fragment("test-text", lambda: text)
        again = cached_fragment("test-text", lambda: "rendered again")
        assert again is text and isinstance(again, SafeData)

    def test_a_new_content_version_means_the_old_copy_is_not_served(self):
        old_key = _fragment_key("test-version", None)
        assert cached_fragment("test-version", lambda: SimpleNamespace(words="old")).words == "old"
        assert cached_fragment("test-version", lambda: "text").words == "old"
        new_content_version()
        assert local_copies.get(old_key) is not None  # still there, under the old version's key
        assert kept_fragment("test-version") is None
        assert cached_fragment("test-version", lambda: SimpleNamespace(words="new")).words == "new"
        assert kept_fragment("test-version").words == "new"

    def test_the_language_is_in_the_key(self):
        from django.utils import translation

        with translation.override("en"):
            cached_fragment("test-language", lambda: "English")
        with translation.override("es"):
            assert kept_fragment("test-language") is None
            assert cached_fragment("test-language", lambda: "Español") == "Español"
        with translation.override("en"):
            assert kept_fragment("test-language") == "English"


# --- 3. View restrictions kept with the route fragment -----------------------------------------


def route_keys():
    return {key for key in cache._cache if ":route:" in key}  # noqa: SLF001


@pytest.mark.django_db
class TestKeptViewRestrictions:
    def test_a_lesson_made_private_after_a_view_is_refused_then_public_again(self, course, learner):
        lesson = lessons_of(course)[0]
        reader = signed_in(learner)
        assert Client().get(lesson.url).status_code == 200
        assert reader.get(lesson.url).status_code == 200
        assert route_keys()  # the route fragment (with the page's restrictions) was kept

        restriction = PageViewRestriction.objects.create(
            page=lesson, restriction_type=PageViewRestriction.LOGIN
        )
        for _ in range(2):
            refused = Client().get(lesson.url)
            assert refused.status_code == 302 and "/accounts/login/" in refused["Location"]
            assert reader.get(lesson.url).status_code == 200

        restriction.delete()
        for _ in range(2):
            assert Client().get(lesson.url).status_code == 200
            assert reader.get(lesson.url).status_code == 200

    def test_a_restriction_on_the_module_covers_its_lessons(self, course, learner):
        lesson = lessons_of(course)[0]
        assert Client().get(lesson.url).status_code == 200
        PageViewRestriction.objects.create(
            page=lesson.get_parent(), restriction_type=PageViewRestriction.LOGIN
        )
        refused = Client().get(lesson.url)
        assert refused.status_code == 302 and "/accounts/login/" in refused["Location"]
        assert signed_in(learner).get(lesson.url).status_code == 200

    def test_a_restriction_to_a_group_kept_with_its_groups(self, course, learner, counselor, counselors):
        lesson = lessons_of(course)[0]
        assert signed_in(learner).get(lesson.url).status_code == 200
        restriction = PageViewRestriction.objects.create(
            page=lesson, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(counselors)
        for _ in range(2):  # the second time from the kept route fragment
            assert signed_in(learner).get(lesson.url).status_code == 302
            assert Client().get(lesson.url).status_code == 302
            assert signed_in(counselor).get(lesson.url).status_code == 200

    def test_a_password_added_after_a_view_asks_for_it(self, course):
        lesson = lessons_of(course)[0]
        visitor = Client()
        assert "Some plain words." in html_of(visitor, lesson.url)
        restriction = PageViewRestriction.objects.create(
            page=lesson, restriction_type=PageViewRestriction.PASSWORD, password="family-only"
        )
        for _ in range(2):
            asked = html_of(visitor, lesson.url)
            assert 'name="password"' in asked and "Some plain words." not in asked
        action = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, lesson.pk])
        assert visitor.post(action, {"password": "family-only", "return_url": lesson.url}).status_code == 302
        assert "Some plain words." in html_of(visitor, lesson.url)
        assert 'name="password"' in html_of(Client(), lesson.url)

    def test_the_route_fragment_holds_the_restrictions(self, course):
        lesson = lessons_of(course)[0]
        PageViewRestriction.objects.create(page=lesson, restriction_type=PageViewRestriction.LOGIN)
        Client().get(lesson.url)
        (key,) = route_keys()
        page = cache.get(key.split(":", 2)[2])
        assert page.pk == lesson.pk
        kept = page.__dict__["_kept_view_restrictions"]
        assert [r.restriction_type for r in kept] == [PageViewRestriction.LOGIN]
        with CaptureQueriesContext(connection) as queries:
            assert [r.restriction_type for r in page.get_view_restrictions()] == [PageViewRestriction.LOGIN]
        assert len(queries) == 0


# --- 4. The signed-in user with an "in any group" flag -----------------------------------------


def group_queries(queries):
    return [q["sql"] for q in queries.captured_queries if "auth_group" in q["sql"]]


@pytest.mark.django_db
class TestUserReadWithAGroupFlag:
    def test_both_backends_read_the_flag(self, learner, counselor):
        for backend in (ModelBackend(), AuthenticationBackend()):
            assert backend.get_user(learner.pk).in_any_group is False
            assert backend.get_user(counselor.pk).in_any_group is True
            assert backend.get_user(10**9) is None
            assert backend.get_user("not an id") is None

    def test_the_user_and_the_flag_come_in_one_query(self, counselor, django_assert_num_queries):
        with django_assert_num_queries(1):
            user = ModelBackend().get_user(counselor.pk)
        assert (user.pk, user.email, user.display_name) == (
            counselor.pk,
            counselor.email,
            counselor.display_name,
        )
        assert user.date_joined == counselor.date_joined  # converted like any model read

    def test_an_inactive_user_is_not_signed_in(self, learner):
        get_user_model().objects.filter(pk=learner.pk).update(is_active=False)
        assert ModelBackend().get_user(learner.pk) is None
        assert AuthenticationBackend().get_user(learner.pk) is None

    def test_a_learner_in_no_group_makes_no_query_for_groups(self, course, learner):
        lesson = lessons_of(course)[0]
        reader = signed_in(learner)
        reader.get(lesson.url)  # warm: the visit recorded, the fragments kept
        with CaptureQueriesContext(connection) as queries:
            response = reader.get(lesson.url)
        assert response.status_code == 200
        assert response.wsgi_request.user.in_any_group is False
        assert group_queries(queries) == []
        assert "Counselor area" not in response.content.decode()

    def test_a_learner_signed_in_through_allauth_makes_no_query_for_groups(self, course, learner):
        lesson = lessons_of(course)[0]
        reader = Client()
        signed = reader.post("/accounts/login/", {"login": learner.email, "password": PASSWORD})
        assert signed.status_code == 302
        assert reader.session["_auth_user_backend"] == "accounts.backends.AuthenticationBackend"
        reader.get(lesson.url)
        with CaptureQueriesContext(connection) as queries:
            response = reader.get(lesson.url)
        assert response.status_code == 200 and "Log out" in response.content.decode()
        assert group_queries(queries) == []

    def test_a_counselor_still_sees_the_counselor_area(self, course, counselor):
        lesson = lessons_of(course)[0]
        response = signed_in(counselor).get(lesson.url)
        assert response.wsgi_request.user.in_any_group is True
        assert "Counselor area" in site_nav_of(response.content.decode())

    def test_joining_the_counselors_shows_the_link_on_the_next_request(self, course, learner, counselors):
        lesson = lessons_of(course)[0]
        reader = signed_in(learner)
        assert "Counselor area" not in html_of(reader, lesson.url)
        learner.groups.add(counselors)
        assert "Counselor area" in site_nav_of(html_of(reader, lesson.url))
        learner.groups.remove(counselors)
        assert "Counselor area" not in html_of(reader, lesson.url)


# --- 5. The content version, read once per request ---------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["lesson", "/dashboard/", "/es/mi-aprendizaje/"])
def test_a_page_reads_the_content_version_once(where, seeded_site, learner, monkeypatch):
    """Every fragment a page looks up is keyed by the content version; looked up without the
    request in hand (a lesson's English source, the locale ids) it is still read from the
    shared cache once per request, not once per look-up."""
    lesson = LessonPage.objects.live().filter(locale__language_code="en").first()
    path = lesson.url if where == "lesson" else where
    reader = signed_in(learner)
    assert reader.get(path).status_code == 200  # warm: this process's copies made
    reads = []
    shared_get = cache.get

    def counted_get(key, *args, **kwargs):
        reads.append(key)
        return shared_get(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counted_get, raising=False)
    assert reader.get(path).status_code == 200
    assert reads.count(http_cache.CONTENT_VERSION_KEY) == 1
    http_cache.new_content_version()  # and a change is seen on the next request
    html = reader.get(path).content.decode()
    assert "<html" in html and reads.count(http_cache.CONTENT_VERSION_KEY) == 2


@pytest.mark.django_db
def test_a_request_that_changes_content_renders_the_rest_under_the_new_version():
    """A change made while a page is being served (the site's first request creates its
    settings) starts a new version for that request too: what it renders afterwards is kept
    under the version the next requests read, not the one that has just ended."""
    request = RequestFactory().get("/")
    serving = http_cache._serving.set(request)  # noqa: SLF001 - as SharedContentMiddleware does
    try:
        before = http_cache.content_version()
        assert http_cache.content_version() == before == request.content_version
        new_content_version()
        assert (
            http_cache.content_version()
            == request.content_version
            == cache.get(http_cache.CONTENT_VERSION_KEY)
        )
        assert request.content_version != before
    finally:
        http_cache._serving.reset(serving)  # noqa: SLF001
