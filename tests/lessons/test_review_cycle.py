"""The review cycle: due dates and statuses, the clinical review queue (as a report, for editors)
and the dashboard panel."""

import datetime

import pytest
from django.urls import reverse

from lessons.models import LessonPage
from lessons.reports import review_rows
from lessons.review import (
    DUE_SOON,
    NEVER_REVIEWED,
    OVERDUE,
    UP_TO_DATE,
    add_months,
    review_state,
)
from tests.factories import ClinicalReviewFactory

TODAY = datetime.date(2026, 6, 15)


class TestReviewState:
    @pytest.mark.parametrize(
        ("last_reviewed", "months", "status", "due_on"),
        [
            (None, 12, NEVER_REVIEWED, None),
            (datetime.date(2025, 6, 14), 12, OVERDUE, datetime.date(2026, 6, 14)),
            (datetime.date(2025, 6, 15), 12, DUE_SOON, datetime.date(2026, 6, 15)),
            (datetime.date(2025, 7, 15), 12, DUE_SOON, datetime.date(2026, 7, 15)),
            (datetime.date(2025, 7, 16), 12, UP_TO_DATE, datetime.date(2026, 7, 16)),
            (datetime.date(2026, 1, 1), 6, DUE_SOON, datetime.date(2026, 7, 1)),
            (datetime.date(2025, 1, 1), 36, UP_TO_DATE, datetime.date(2028, 1, 1)),
        ],
    )
    def test_status_and_due_date(self, last_reviewed, months, status, due_on):
        state = review_state(last_reviewed, months, today=TODAY)
        assert (state.status, state.due_on) == (status, due_on)
        assert state.needs_review == (status != UP_TO_DATE)

    def test_month_ends_are_kept_in_shorter_months(self):
        assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
        assert add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)
        assert add_months(datetime.date(2025, 11, 30), 3) == datetime.date(2026, 2, 28)


@pytest.mark.django_db
class TestDueReport:
    def stamp(self, lesson, last_reviewed, months=12):
        lesson.review_interval_months = months
        lesson.save_revision().publish()
        ClinicalReviewFactory(page=lesson, revision=lesson.live_revision, on=last_reviewed)

    def test_most_urgent_first(self, course):
        first, second, third, *rest = LessonPage.objects.order_by("path")
        today = datetime.date.today()
        self.stamp(first, today - datetime.timedelta(days=400))  # overdue
        self.stamp(second, today - datetime.timedelta(days=10))  # fine for a year
        self.stamp(third, today - datetime.timedelta(days=340))  # due within 30 days
        titles = [row.title for row in review_rows()]
        assert second.title not in titles
        assert titles[: len(rest)] == [lesson.title for lesson in rest]  # never reviewed first
        assert titles[len(rest) :] == [first.title, third.title]

    def test_report_lists_an_overdue_lesson_for_editors(self, client, course, editor):
        first, second, *_ = LessonPage.objects.order_by("path")
        self.stamp(first, datetime.date.today() - datetime.timedelta(days=800))
        self.stamp(second, datetime.date.today())
        client.force_login(editor)
        response = client.get(reverse("lessons_review_due"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Clinical review queue" in html
        assert first.title in html and "Overdue" in html
        assert second.title not in html
        assert reverse("wagtailadmin_pages:edit", args=[first.pk]) in html

    def test_report_exports_csv(self, client, course, clinical_reviewer):
        first = LessonPage.objects.order_by("path").first()
        self.stamp(first, datetime.date(2020, 1, 1))
        client.force_login(clinical_reviewer)
        response = client.get(reverse("lessons_review_due"), {"export": "csv"})
        assert response.status_code == 200
        lines = b"".join(response.streaming_content).decode().splitlines()
        assert lines[0].startswith("Page,Type,Module,Status,Due")
        (row,) = [line for line in lines if line.startswith(f"{first.title},Lesson,")]
        assert "Overdue,2021-01-01" in row

    def test_in_the_reports_menu_and_on_the_dashboard(self, client, course, editor):
        first = LessonPage.objects.order_by("path").first()
        self.stamp(first, datetime.date(2020, 1, 1))
        client.force_login(editor)
        html = client.get("/admin/").content.decode()
        assert reverse("lessons_review_due") in html
        total = LessonPage.objects.live().count()
        assert f"{total} pages in the clinical review queue" in html
        assert f"0 submitted, {total - 1} never reviewed, 1 overdue, 0 due within 30 days" in html

    def test_counselors_and_visitors_cannot_see_it(self, client, course, make_user):
        assert client.get(reverse("lessons_review_due")).status_code == 302
        client.force_login(make_user("counselor", "Counselors"))
        assert client.get(reverse("lessons_review_due")).status_code == 403  # signed in: no loop
