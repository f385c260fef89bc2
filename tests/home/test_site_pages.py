"""Site-wide pages and settings: crisis lines, safety card, FAQ, search, health check."""

import pytest
from wagtail.models import Page

from home.models import CrisisLines, FAQPage, HomePage, SafetyCardPage, StandardPage
from lessons.models import CoursePage, LessonPage, ModulePage

CRISIS_NUMBERS = ["911", "988", "1-800-662-4357", "1-800-222-1222"]


def assert_crisis_lines(response):
    html = response.content.decode()
    for number in CRISIS_NUMBERS:
        assert number in html, f"crisis line {number} missing from {response.wsgi_request.path}"
    assert 'href="tel:988"' in html
    assert 'href="tel:+18002221222"' in html


class TestTreeRules:
    def test_pages_can_only_be_created_where_they_belong(self):
        assert CoursePage.allowed_parent_page_models() == [HomePage]
        assert ModulePage.allowed_parent_page_models() == [CoursePage]
        assert LessonPage.allowed_parent_page_models() == [ModulePage]
        assert LessonPage.allowed_subpage_models() == []
        assert set(HomePage.allowed_subpage_models()) == {CoursePage, SafetyCardPage, FAQPage, StandardPage}

    @pytest.mark.django_db
    def test_a_lesson_cannot_sit_directly_under_a_course(self, course):
        assert not LessonPage.can_create_at(course)
        assert ModulePage.can_create_at(course)

    @pytest.mark.django_db
    def test_only_one_safety_card_and_faq(self, seeded_site):
        home = HomePage.objects.get(locale__language_code="en")
        assert not SafetyCardPage.can_create_at(home)
        assert not FAQPage.can_create_at(home)


@pytest.mark.django_db
class TestCrisisLines:
    def test_every_seeded_page_shows_the_crisis_lines(self, client, seeded_site):
        for page in Page.objects.live().filter(depth__gte=2).specific():
            response = client.get(page.url)
            assert response.status_code == 200, page.url
            assert_crisis_lines(response)

    def test_search_and_404_pages_show_them_too(self, client, seeded_site):
        assert_crisis_lines(client.get("/search/?q=seizure"))
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert_crisis_lines(response)

    def test_editors_can_change_them(self, client, seeded_site):
        lines = CrisisLines.load()
        lines.poison_number = "1-800-222-9999"
        lines.save()
        html = client.get("/").content.decode()
        assert "1-800-222-9999" in html
        assert 'href="tel:+18002229999"' in html

    def test_samhsa_is_described_as_referrals_not_crisis(self, client, seeded_site):
        html = client.get("/").content.decode()
        assert "Not a crisis line" in html


@pytest.mark.django_db
class TestSafetyCard:
    def test_has_seizure_first_aid_and_911_criteria(self, client, seeded_site):
        response = client.get("/safety/")
        assert response.status_code == 200
        html = response.content.decode()
        for words in ["Stay", "Safe", "Side", "5 minutes", "mouth"]:
            assert words in html, words
        assert "Call 911 if" in html
        assert_crisis_lines(response)

    def test_needs_no_login(self, client, seeded_site):
        response = client.get("/safety/")
        assert response.status_code == 200
        assert "/accounts/login/" not in response.get("Location", "")


@pytest.mark.django_db
def test_faq_answers_every_question_from_the_brief(client, seeded_site):
    html = client.get("/faq/").content.decode()
    for question in [
        "What is Klonopin",
        "signs of withdrawal",
        "stop suddenly",
        "How long does withdrawal last",
        "best treatment",
        "helpline",
        "without taking over",
        "seizure",
        "911, 988",
        "look after myself",
    ]:
        assert question.lower() in html.lower(), question
    assert html.count("<details") >= 10


@pytest.mark.django_db
class TestSearch:
    def test_finds_seizure_lessons(self, client, seeded_site):
        response = client.get("/search/", {"q": "seizure"})
        assert response.status_code == 200
        assert "Stay, Safe, Side" in response.content.decode() or "seizure" in response.content.decode()
        assert response.context["paginator"].count >= 1
        titles = [page.title for page in response.context["results"]]
        assert any("eizure" in title for title in titles), titles

    def test_empty_and_odd_input_is_handled(self, client, seeded_site):
        assert client.get("/search/").status_code == 200
        assert client.get("/search/", {"q": "seizure", "page": "abc"}).status_code == 200
        assert client.get("/search/", {"q": "x" * 5000, "page": "999"}).status_code == 200

    def test_unpublished_lessons_are_not_found(self, client, seeded_site):
        lesson = LessonPage.objects.live().search("seizure")[0]
        lesson.unpublish()
        response = client.get("/search/", {"q": lesson.title})
        assert lesson.title not in [page.title for page in response.context["results"]]

    def test_post_is_refused(self, client, seeded_site):
        assert client.post("/search/", {"q": "seizure"}).status_code == 405


@pytest.mark.django_db
class TestHealthz:
    def test_answers_json_when_the_database_answers(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {
            "status": "ok",
            "checks": {"database": "ok", "storage": "ok", "sharedcache": "ok", "mailqueue": "ok"},
        }
        assert "no-cache" in response["Cache-Control"]

    def test_reports_503_when_the_database_fails(self, client, monkeypatch):
        from django.db import DatabaseError

        def broken(*args, **kwargs):
            raise DatabaseError("down")

        monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.temporary_connection", broken)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["status"] == "error"
