"""Drafts and private pages never reach people without rights: not as pages, not in search,
not in the sitemap."""

import pytest
from wagtail.models import PageViewRestriction

from lessons.models import LessonPage
from tests.factories import LessonPageFactory


@pytest.fixture
def hidden_lessons(course):
    module = course.get_children().first()
    draft = LessonPageFactory(parent=module, slug="secret-draft", title="Zebrafish draft lesson", live=False)
    private = LessonPageFactory(parent=module, slug="staff-only", title="Zebrafish private lesson")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    return draft, private


@pytest.mark.django_db
class TestHiddenPages:
    def test_pages_are_not_served(self, client, hidden_lessons):
        draft, private = hidden_lessons
        assert client.get(draft.url or "/course/module-1/secret-draft/").status_code == 404
        response = client.get(private.url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_search_does_not_find_them(self, client, hidden_lessons):
        html = client.get("/search/", {"q": "Zebrafish"}).content.decode()
        echoed = (
            'value="Zebrafish"',
            'for "Zebrafish"',
            '?q=Zebrafish"',
        )  # the words asked, the switcher's link
        for echo in echoed:
            html = html.replace(echo, "")
        assert "Zebrafish" not in html
        assert client.get("/search/", {"q": "Zebrafish"}).context["paginator"].count == 0

    def test_sitemap_does_not_list_them(self, client, hidden_lessons):
        xml = client.get("/sitemap.xml").content.decode()
        assert "/course/module-1/lesson-1/" in xml
        assert "secret-draft" not in xml and "staff-only" not in xml

    def test_module_and_course_pages_do_not_link_them(self, client, hidden_lessons, course):
        for url in (course.url, course.get_children().first().url):
            assert "Zebrafish" not in client.get(url).content.decode()

    def test_completing_a_hidden_lesson_is_refused(self, client, hidden_lessons):
        for lesson in hidden_lessons:
            assert client.post(f"/progress/lessons/{lesson.pk}/complete/").status_code == 404
        assert not LessonPage.objects.filter(progress__isnull=False).exists()
