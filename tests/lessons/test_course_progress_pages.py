"""Course and module pages show a learner's progress (ticks, "x of y done") to signed-in
learners and to visitors with progress on this device; visitors without cookies get the one
shared copy, with no ticks (issue 17)."""

import pytest
from django.test import Client
from wagtail.models import Page

from lessons.models import LessonPage, ModulePage
from lessons.progress import AccountProgress
from tests.lessons.test_query_budgets import build

DONE = "✓</span> Done"
# The same at both sizes (1 module of 3 lessons, 5 modules of 12 with 200 other learners).
# Of these, the progress itself costs 3 (the learner's records, the quizzes, their results).
PAGE_BUDGETS = {
    "course, signed in": 18,
    "module, signed in": 22,
    "course, visitor": 12,
    "module, visitor": 16,
}


@pytest.fixture
def published(make_course, client):
    course = make_course(modules=2, lessons=3)
    for page in Page.objects.descendant_of(course, inclusive=True).specific():
        page.save_revision().publish()
    client.get("/")  # the site's first request creates its settings
    return course


def modules_of(course):
    return list(ModulePage.objects.child_of(course).order_by("path"))


def lessons_of(module):
    return list(LessonPage.objects.child_of(module).order_by("path"))


@pytest.mark.django_db
class TestTicks:
    def test_a_signed_in_learner_sees_ticks_and_counts_on_a_private_page(self, published, learner):
        first, second = modules_of(published)
        for lesson in lessons_of(first):
            AccountProgress(learner).complete(lesson)
        AccountProgress(learner).record_view(lessons_of(second)[0])
        client = Client()
        client.force_login(learner)
        course_page = client.get(published.url)
        html = course_page.content.decode()
        assert html.count(DONE) == 3 and html.count("Started</span>") == 1
        assert "Module complete: 3 of 3 done" in html and "0 of 3 done" in html
        assert "You have done 50% of the course." in html
        assert "private" in course_page["Cache-Control"] and "X-Page-Cache" not in course_page
        module_page = client.get(second.url)
        module_html = module_page.content.decode()
        assert "0 of 3 done" in module_html and module_html.count("Started</span>") == 1
        assert DONE not in module_html and "private" in module_page["Cache-Control"]
        assert client.get(first.url).content.decode().count(DONE) == 3

    def test_the_module_page_button_leads_where_the_learner_left_off(self, published, learner):
        module, _ = modules_of(published)
        first, second, third = lessons_of(module)
        client = Client()
        client.force_login(learner)

        def button():
            html = client.get(module.url).content.decode()
            at = html.rfind('<a class="button"')
            return html[at:].split("</a>")[0] if at >= 0 else ""

        assert "Start the first lesson" in button() and first.url in button()
        AccountProgress(learner).complete(first)
        AccountProgress(learner).record_view(second)
        assert f"Continue where you left off: {second.title}" in button() and second.url in button()
        for lesson in (second, third):
            AccountProgress(learner).complete(lesson)
        quiz_or_nothing = button()  # this module has no quiz: nothing left to start
        assert "Start the first lesson" not in quiz_or_nothing and "Continue" not in quiz_or_nothing

    def test_a_visitor_with_progress_on_this_device_sees_ticks(self, published):
        first, _ = modules_of(published)
        lesson = lessons_of(first)[1]
        visitor = Client()
        visitor.post(f"/progress/lessons/{lesson.pk}/complete/")
        for url in (published.url, first.url):
            response = visitor.get(url)
            assert response.content.decode().count(DONE) == 1, url
            assert "1 of 3 done" in response.content.decode()
            assert "private" in response["Cache-Control"]

    def test_a_visitor_without_cookies_gets_the_shared_page_with_no_ticks(self, published, learner):
        first, _ = modules_of(published)
        AccountProgress(learner).complete(lessons_of(first)[0])
        for url in (published.url, first.url):
            response = Client().get(url)
            html = response.content.decode()
            assert response.status_code == 200 and DONE not in html and " done" not in html
            assert "public" in response["Cache-Control"]
        # ...and a learner never gets that shared copy.
        signed_in = Client()
        signed_in.force_login(learner)
        response = signed_in.get(published.url)
        assert "X-Page-Cache" not in response and DONE in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("size", ["small", "large"])
def test_course_and_module_pages_with_progress_keep_their_query_budget(
    size, make_course, django_assert_max_num_queries
):
    lesson, learner, quiz = build(make_course, size)
    module = lesson.get_parent()
    course = module.get_parent()
    signed_in = Client()
    signed_in.force_login(learner)
    signed_in.get(course.url)  # warm: the session and the site settings
    with django_assert_max_num_queries(PAGE_BUDGETS["course, signed in"]):
        response = signed_in.get(course.url)
    assert DONE in response.content.decode()
    with django_assert_max_num_queries(PAGE_BUDGETS["module, signed in"]):
        response = signed_in.get(module.url)
    assert DONE in response.content.decode()
    visitor = Client()
    visitor.post(f"/progress/lessons/{lesson.pk}/complete/")
    with django_assert_max_num_queries(PAGE_BUDGETS["course, visitor"]):
        response = visitor.get(course.url)
    assert response.content.decode().count(DONE) == 1
    with django_assert_max_num_queries(PAGE_BUDGETS["module, visitor"]):
        response = visitor.get(module.url)
    assert response.content.decode().count(DONE) == 1
