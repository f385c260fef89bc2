"""Admin reports about lessons: which are due for clinical review, and how hard each is to read.

Both are Wagtail ReportViews (listing, pagination, CSV/XLSX export) over rows computed by the
business-rule functions in lessons.review and lessons.readability.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.urls import reverse
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from .models import LessonPage, ModulePage
from .readability import TARGET_GRADE, lesson_readability
from .review import DUE_SOON, DUE_SOON_DAYS, NEVER_REVIEWED, OVERDUE, lessons_due_for_review


def _module_titles(lessons):
    """{module path: module title} for the modules holding these lessons, in one query."""
    paths = {lesson.path[: -Page.steplen] for lesson in lessons}
    return dict(ModulePage.objects.filter(path__in=paths).values_list("path", "title"))


def _edit_url(row):
    return reverse("wagtailadmin_pages:edit", args=[row.pk])


@dataclass
class ReviewRow:
    """One lesson on the "Due for clinical review" report."""

    pk: int
    title: str
    module: str
    reviewer: str
    last_reviewed: datetime.date | None
    interval_months: int
    due_on: datetime.date | None
    status: str
    status_code: str


def review_rows(today=None):
    """The live lessons that are overdue, due soon or never reviewed, most urgent first."""
    lessons = list(LessonPage.objects.live().select_related("reviewer").order_by("path"))
    modules = _module_titles(lessons)
    return [
        ReviewRow(
            pk=lesson.pk,
            title=lesson.title,
            module=modules.get(lesson.path[: -Page.steplen], ""),
            reviewer=lesson.reviewer.name if lesson.reviewer else "",
            last_reviewed=lesson.last_reviewed,
            interval_months=lesson.review_interval_months,
            due_on=state.due_on,
            status=state.label,
            status_code=state.status,
        )
        for lesson, state in lessons_due_for_review(lessons, today=today)
    ]


class ReviewDueReportView(ReportView):
    """Live lessons past their review date, due within 30 days, or never reviewed."""

    page_title = "Due for clinical review"
    header_icon = "time"
    index_url_name = "lessons_review_due"
    index_results_url_name = "lessons_review_due_results"
    columns = [
        TitleColumn("title", label="Lesson", get_url=_edit_url),
        Column("module", label="Module"),
        StatusTagColumn("status", label="Status", primary=lambda row: row.status_code == OVERDUE),
        DateColumn("due_on", label="Due"),
        DateColumn("last_reviewed", label="Last reviewed"),
        Column("reviewer", label="Reviewed by"),
        Column("interval_months", label="Review every (months)"),
    ]
    list_export = ["title", "module", "status", "due_on", "last_reviewed", "reviewer", "interval_months"]
    export_headings = {
        "title": "Lesson",
        "module": "Module",
        "status": "Status",
        "due_on": "Due",
        "last_reviewed": "Last reviewed",
        "reviewer": "Reviewed by",
        "interval_months": "Review every (months)",
    }
    verbose_name_plural = "lessons due for review"

    def get_queryset(self):
        return review_rows()

    def get_filename(self):
        return f"lessons-due-for-review-{datetime.date.today():%Y-%m-%d}"


@dataclass
class ReadingRow:
    """One lesson on the "Reading level" report."""

    pk: int
    title: str
    module: str
    status: str
    grade: float
    words: int
    flag: str


def reading_rows():
    """Every lesson, in course order, measured on its latest saved version (what editors see)."""
    lessons = list(LessonPage.objects.select_related("latest_revision").order_by("path"))
    modules = _module_titles(lessons)
    rows = []
    for lesson in lessons:
        latest = (
            lesson.with_content_json(lesson.latest_revision.content) if lesson.latest_revision else lesson
        )
        reading = lesson_readability(latest)
        rows.append(
            ReadingRow(
                pk=lesson.pk,
                title=latest.title,
                module=modules.get(lesson.path[: -Page.steplen], ""),
                status=lesson.status_string,
                grade=reading.grade,
                words=reading.words,
                flag=f"Above grade {TARGET_GRADE}" if reading.over_target else "",
            )
        )
    return rows


class ReadingLevelReportView(ReportView):
    """Every lesson's Flesch-Kincaid reading grade, flagging those above the target."""

    page_title = "Reading level of lessons"
    header_icon = "doc-full"
    index_url_name = "lessons_reading_level"
    index_results_url_name = "lessons_reading_level_results"
    columns = [
        TitleColumn("title", label="Lesson", get_url=_edit_url),
        Column("module", label="Module"),
        Column("status", label="Status"),
        Column("grade", label="Reading grade"),
        Column("words", label="Words"),
        StatusTagColumn("flag", label=f"Target: grade {TARGET_GRADE} or below", primary=True),
    ]
    list_export = ["title", "module", "status", "grade", "words", "flag"]
    export_headings = {
        "title": "Lesson",
        "module": "Module",
        "status": "Status",
        "grade": "Reading grade",
        "words": "Words",
        "flag": f"Target: grade {TARGET_GRADE} or below",
    }
    verbose_name_plural = "lessons"

    def get_queryset(self):
        return reading_rows()

    def get_filename(self):
        return f"lesson-reading-levels-{datetime.date.today():%Y-%m-%d}"


class ReviewDuePanel(Component):
    """Dashboard panel: how many live lessons need a clinical review, with a link to the report."""

    order = 150
    template_name = "lessons/admin/review_due_panel.html"

    def get_context_data(self, parent_context):
        rows = review_rows()
        counts = Counter(row.status_code for row in rows)
        return {
            "count": len(rows),
            "overdue": counts[OVERDUE],
            "due_soon": counts[DUE_SOON],
            "never_reviewed": counts[NEVER_REVIEWED],
            "due_soon_days": DUE_SOON_DAYS,
            "report_url": reverse("lessons_review_due"),
        }
