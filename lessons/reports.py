"""Admin reports about lessons: the clinical review queue, the history of reviews and how hard
each lesson is to read.

All are Wagtail ReportViews (listing, pagination, CSV/XLSX export) over rows computed by the
business-rule functions in lessons.review and lessons.readability.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

import django_filters
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, WorkflowState
from wagtail.permission_policies import ModelPermissionPolicy

from .models import ClinicalReview, LessonPage, ModulePage
from .readability import TARGET_EASE, TARGET_GRADE, lesson_readability
from .review import (
    DUE_SOON,
    DUE_SOON_DAYS,
    NEVER_REVIEWED,
    OVERDUE,
    interval_months,
    is_clinical_reviewer,
    page_review_state,
)

SUBMITTED = "submitted"


def _module_titles(pages):
    """{module path: module title} for the modules holding these pages, in one query."""
    paths = {page.path[: -Page.steplen] for page in pages}
    return dict(ModulePage.objects.filter(path__in=paths).values_list("path", "title"))


def page_action_url(user, page_id):
    """Where a page's row leads this user: clinical reviewers to its review, others to the editor."""
    if is_clinical_reviewer(user):
        return reverse("lessons_review_page", args=[page_id])
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def _row_url(row):
    return row.url


class ActionColumn(Column):
    """A row's one action: a button-styled link to row.url, named with the row's title for
    screen readers ("Review: When to call 911")."""

    cell_template_name = "lessons/admin/action_cell.html"


@dataclass
class ReviewRow:
    """One lesson or quiz in the clinical review queue."""

    pk: int
    title: str
    kind: str
    module: str
    reviewer: str
    last_reviewed: datetime.date | None
    interval_months: int
    due_on: datetime.date | None
    status: str
    status_code: str
    url: str = ""
    action: str = ""


def _submitted_since():
    """{page id: when it was submitted} for pages waiting in a workflow for a reviewer."""
    states = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, base_content_type=ContentType.objects.get_for_model(Page)
    ).values_list("object_id", "created_at")
    return {int(object_id): created_at for object_id, created_at in states}


def _reviewable_pages(submitted_ids):
    """Live lessons and quizzes, and the ones submitted for review (live or not), in course order."""
    QuizPage = apps.get_model("quizzes", "QuizPage")
    wanted = Q(live=True) | Q(pk__in=submitted_ids)
    pages = []
    for model in (LessonPage, QuizPage):
        fields = ["id", "title", "path", "depth", "live"]
        if model is LessonPage:
            fields.append("review_interval_months")
        pages += list(model.objects.filter(wanted).only(*fields))
    return sorted(pages, key=lambda page: page.path)


def review_rows(today=None):
    """The queue: every lesson and quiz submitted for clinical review, never reviewed, overdue or
    due soon; submitted first (oldest first), then never reviewed, then by due date. Five
    queries, whatever the number of pages."""
    submitted = _submitted_since()
    pages = _reviewable_pages(list(submitted))
    approvals = ClinicalReview.objects.latest_approvals(page.pk for page in pages)
    modules = _module_titles(pages)
    rows = []
    for page in pages:
        approval = approvals.get(page.pk)
        state = page_review_state(page, approval, today=today)
        if page.pk not in submitted and not state.needs_review:
            continue
        rows.append(
            ReviewRow(
                pk=page.pk,
                title=page.title,
                kind=gettext("Lesson") if isinstance(page, LessonPage) else gettext("Quiz"),
                module=modules.get(page.path[: -Page.steplen], ""),
                reviewer=approval.signed if approval else "",
                last_reviewed=approval.reviewed_on if approval else None,
                interval_months=interval_months(page),
                due_on=state.due_on,
                status=gettext("Submitted for clinical review") if page.pk in submitted else str(state.label),
                status_code=SUBMITTED if page.pk in submitted else state.status,
            )
        )
    oldest = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    rows.sort(
        key=lambda row: (
            row.status_code != SUBMITTED,
            submitted.get(row.pk, oldest),
            row.due_on or datetime.date.min,
        )
    )
    return rows


class ReviewDueReportView(ReportView):
    """The clinical review queue: lessons and quizzes submitted, never reviewed, or due."""

    page_title = _("Clinical review queue")
    header_icon = "time"
    index_url_name = "lessons_review_due"
    index_results_url_name = "lessons_review_due_results"
    columns = [
        Column("title", label=_("Page")),
        Column("kind", label=_("Type")),
        Column("module", label=_("Module")),
        StatusTagColumn(
            "status", label=_("Status"), primary=lambda row: row.status_code in (OVERDUE, SUBMITTED)
        ),
        DateColumn("due_on", label=_("Due")),
        DateColumn("last_reviewed", label=_("Last reviewed")),
        Column("reviewer", label=_("Reviewed by")),
        ActionColumn("action", label=_("Action")),
    ]
    list_export = [
        "title",
        "kind",
        "module",
        "status",
        "due_on",
        "last_reviewed",
        "reviewer",
        "interval_months",
    ]
    export_headings = {
        "title": _("Page"),
        "kind": _("Type"),
        "module": _("Module"),
        "status": _("Status"),
        "due_on": _("Due"),
        "last_reviewed": _("Last reviewed"),
        "reviewer": _("Reviewed by"),
        "interval_months": _("Review every (months)"),
    }
    verbose_name_plural = _("pages due for clinical review")

    def get_queryset(self):
        rows = review_rows()
        reviewer = is_clinical_reviewer(self.request.user)
        for row in rows:
            row.url = page_action_url(self.request.user, row.pk)
            if not reviewer:
                row.action = gettext("Edit")
            else:
                row.action = (
                    gettext("Review submission") if row.status_code == SUBMITTED else gettext("Review")
                )
        return rows

    def get_filename(self):
        return f"clinical-review-queue-{datetime.date.today():%Y-%m-%d}"


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
    url: str = ""


def reading_rows():
    """Every lesson, in course order, measured on its latest saved version (what editors see)."""
    lessons = list(LessonPage.objects.select_related("latest_revision", "locale").order_by("path"))
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
                flag=_flag(reading),
            )
        )
    return rows


def _flag(reading):
    """What the report says of a lesson harder to read than its language's target."""
    if not reading.over_target:
        return ""
    if reading.language == "es":
        return gettext("Spanish: Fernandez-Huerta below %(ease)s") % {"ease": TARGET_EASE}
    return gettext("Above grade %(grade)s") % {"grade": TARGET_GRADE}


def _target_label():
    return gettext(
        "Target: grade %(grade)s or below (Spanish lessons: Fernandez-Huerta reading ease %(ease)s or above)"
    ) % {"grade": TARGET_GRADE, "ease": TARGET_EASE}


TARGET_LABEL = lazy(_target_label, str)()


class ReadingLevelReportView(ReportView):
    """Every lesson's Flesch-Kincaid reading grade, flagging those above the target."""

    page_title = _("Reading level of lessons")
    header_icon = "doc-full"
    index_url_name = "lessons_reading_level"
    index_results_url_name = "lessons_reading_level_results"
    columns = [
        TitleColumn("title", label=_("Lesson"), get_url=_row_url),
        Column("module", label=_("Module")),
        Column("status", label=_("Status")),
        Column("grade", label=_("Reading grade")),
        Column("words", label=_("Words")),
        StatusTagColumn("flag", label=TARGET_LABEL, primary=True),
    ]
    list_export = ["title", "module", "status", "grade", "words", "flag"]
    export_headings = {
        "title": _("Lesson"),
        "module": _("Module"),
        "status": _("Status"),
        "grade": _("Reading grade"),
        "words": _("Words"),
        "flag": TARGET_LABEL,
    }
    verbose_name_plural = _("lessons")

    def get_queryset(self):
        rows = reading_rows()
        for row in rows:
            row.url = page_action_url(self.request.user, row.pk)
        return rows

    def get_filename(self):
        return f"lesson-reading-levels-{datetime.date.today():%Y-%m-%d}"


class ReviewDuePanel(Component):
    """Dashboard panel: how many lessons and quizzes wait for a clinical review, with a link to
    the queue."""

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
            "submitted": counts[SUBMITTED],
            "due_soon_days": DUE_SOON_DAYS,
            "report_url": reverse("lessons_review_due"),
        }


def _reviewers(request):
    """The people who have recorded a clinical review, for the history's filter."""
    return get_user_model().objects.filter(clinical_reviews__isnull=False).distinct().order_by("last_name")


class ReviewHistoryFilterSet(WagtailFilterSet):
    user = django_filters.ModelChoiceFilter(label=_("Reviewer"), queryset=_reviewers)
    reviewed_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    outcome = django_filters.ChoiceFilter(label=_("Outcome"), choices=ClinicalReview.OUTCOMES)

    class Meta:
        model = ClinicalReview
        fields = ["user", "reviewed_at", "outcome"]


class ReviewHistoryReportView(ReportView):
    """Every clinical review ever recorded, newest first, for the organisation's records."""

    page_title = _("Clinical review history")
    header_icon = "history"
    index_url_name = "lessons_review_history"
    index_results_url_name = "lessons_review_history_results"
    filterset_class = ReviewHistoryFilterSet
    permission_policy = ModelPermissionPolicy(ClinicalReview)
    any_permission_required = ["view"]
    columns = [
        Column("page", label=_("Page"), accessor="page.title"),
        DateColumn("reviewed_at", label=_("Reviewed")),
        Column("signed", label=_("Reviewer")),
        Column("get_outcome_display", label=_("Outcome")),
        Column("get_route_display", label=_("How")),
        Column("note", label=_("Note")),
    ]
    list_export = [
        "reviewed_at",
        "page_id",
        "page.title",
        "page.url_path",
        "revision_id",
        "reviewer_name",
        "reviewer_credentials",
        "user.email",
        "get_outcome_display",
        "get_route_display",
        "note",
    ]
    export_headings = {
        "reviewed_at": _("Reviewed at"),
        "page_id": _("Page ID"),
        "page.title": _("Page"),
        "page.url_path": _("Page path"),
        "revision_id": _("Version (revision ID)"),
        "reviewer_name": _("Reviewer"),
        "reviewer_credentials": _("Credentials"),
        "user.email": _("Reviewer's account"),
        "get_outcome_display": _("Outcome"),
        "get_route_display": _("How"),
        "note": _("Note"),
    }
    verbose_name_plural = _("clinical reviews")

    def get_queryset(self):
        return ClinicalReview.objects.select_related("page", "user").order_by("-reviewed_at")

    def get_filename(self):
        return f"clinical-reviews-{datetime.date.today():%Y-%m-%d}"
