"""What a lesson page shows: position in module, previous/next, review line, blocks."""

import datetime

import pytest

from lessons.models import LessonPage
from tests.factories import ClinicalReviewFactory, LessonPageFactory


@pytest.mark.django_db
class TestLessonPage:
    def test_position_and_neighbours(self, client, course):
        module = course.get_children().first()
        lessons = list(LessonPage.objects.child_of(module).order_by("path"))
        response = client.get(lessons[1].url)
        html = response.content.decode()
        assert "lesson 2 of 3" in html
        assert f'href="{lessons[0].url}" rel="prev"' in html
        assert f'href="{lessons[2].url}" rel="next"' in html

    def test_last_lesson_leads_back_to_the_module(self, client, course):
        module = course.get_children().first()
        last = LessonPage.objects.child_of(module).order_by("path").last()
        html = client.get(last.url).content.decode()
        assert "End of module" in html
        assert f'href="{module.url}"' in html

    def test_unpublished_lessons_are_skipped_and_404(self, client, course):
        module = course.get_children().first()
        lessons = list(LessonPage.objects.child_of(module).order_by("path"))
        lessons[1].unpublish()
        assert client.get(lessons[1].url).status_code == 404
        html = client.get(lessons[0].url).content.decode()
        assert "lesson 1 of 2" in html
        assert f'href="{lessons[2].url}" rel="next"' in html

    def test_shows_who_reviewed_it_and_when(self, client, course):
        lesson = LessonPage.objects.first()
        assert "Not yet reviewed by a clinician" in client.get(lesson.url).content.decode()
        # the page kept for visitors is replaced when a review is recorded
        ClinicalReviewFactory(page=lesson, reviewer_credentials="MD", on=datetime.date(2026, 3, 2))
        assert "Reviewed by Dr. Ana Ruiz, MD, on March 2, 2026" in client.get(lesson.url).content.decode()

    def test_block_library_renders(self, client, course):
        module = course.get_children().first()
        lesson = LessonPageFactory(
            parent=module,
            slug="all-blocks",
            body=[
                {
                    "type": "callout",
                    "value": {"kind": "emergency", "title": "Call 911", "text": "<p>Now.</p>"},
                },
                {"type": "key_takeaways", "value": {"title": "Key points", "items": ["One"]}},
                {
                    "type": "numbered_steps",
                    "value": {"title": "Steps", "steps": [{"title": "Stay", "text": ""}]},
                },
                {"type": "do_dont", "value": {"title": "", "do": ["Time it"], "dont": ["Hold them down"]}},
                {
                    "type": "call_911",
                    "value": {
                        "title": "Call 911 if",
                        "intro": "",
                        "criteria": ["5 minutes"],
                        "source": "CDC",
                    },
                },
                {"type": "faq_item", "value": {"question": "Why?", "answer": "<p>Because.</p>"}},
                {
                    "type": "video",
                    "value": {
                        "title": "First aid",
                        "url": "https://example.org/v",
                        "transcript": "<p>Words.</p>",
                    },
                },
                {"type": "quote", "value": {"text": "We kept a diary.", "attribution": "An example story"}},
            ],
        )
        html = client.get(lesson.url).content.decode()
        assert 'class="callout callout--emergency"' in html
        assert "<details" in html and "<summary>Why?</summary>" in html
        assert "Hold them down" in html and "Call 911 if" in html
        assert "<iframe" not in html  # videos are linked, never embedded
        assert "Read the transcript" in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/course/", "/course/module-1/"])
def test_course_pages_render(client, course, path):
    assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_lesson_page_queries_do_not_grow_with_the_number_of_lessons(
    client, make_course, django_assert_max_num_queries
):
    small = make_course(modules=1, lessons=5, slug="small")
    big = make_course(modules=1, lessons=50, slug="big")
    small_lesson = LessonPage.objects.descendant_of(small).order_by("path")[2]
    big_lesson = LessonPage.objects.descendant_of(big).order_by("path")[25]
    client.get("/")  # the site's first request creates its settings (a new content version)
    client.get(small_lesson.url)  # each page's first view renders its body once; measure the next
    client.get(big_lesson.url)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_run:
        assert client.get(small_lesson.url).status_code == 200
    with CaptureQueriesContext(connection) as big_run:
        assert client.get(big_lesson.url).status_code == 200
    assert len(big_run) == len(small_run)
    with django_assert_max_num_queries(14):
        client.get(big_lesson.url)
