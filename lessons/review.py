"""The clinical review cycle: when a lesson is due for review, and who reviewed it.

One home for the rules: the "Due for clinical review" report, the dashboard panel and the
workflow's approval step all call these functions.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.utils import timezone

#: A lesson is "due soon" this many days before its review date.
DUE_SOON_DAYS = 30

OVERDUE = "overdue"
DUE_SOON = "due_soon"
NEVER_REVIEWED = "never_reviewed"
UP_TO_DATE = "ok"

LABELS = {
    OVERDUE: "Overdue",
    DUE_SOON: f"Due within {DUE_SOON_DAYS} days",
    NEVER_REVIEWED: "Never reviewed",
    UP_TO_DATE: "Up to date",
}
#: Statuses that put a lesson on the "Due for clinical review" report, most urgent first.
NEEDS_REVIEW = (NEVER_REVIEWED, OVERDUE, DUE_SOON)


@dataclass(frozen=True)
class ReviewState:
    """Where a lesson stands in its review cycle."""

    status: str
    due_on: datetime.date | None

    @property
    def label(self):
        return LABELS[self.status]

    @property
    def needs_review(self):
        return self.status in NEEDS_REVIEW


def add_months(day, months):
    """The same day `months` later; the month's last day when it is shorter (Jan 31 -> Feb 28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def review_state(last_reviewed, interval_months, today=None):
    """The review status of a lesson last reviewed on `last_reviewed` (None: never) that must be
    reviewed every `interval_months` months."""
    today = today or timezone.localdate()
    if last_reviewed is None:
        return ReviewState(NEVER_REVIEWED, None)
    due_on = add_months(last_reviewed, interval_months)
    if due_on < today:
        return ReviewState(OVERDUE, due_on)
    if due_on <= today + datetime.timedelta(days=DUE_SOON_DAYS):
        return ReviewState(DUE_SOON, due_on)
    return ReviewState(UP_TO_DATE, due_on)


def lesson_review_state(lesson, today=None):
    return review_state(lesson.last_reviewed, lesson.review_interval_months, today=today)


def lessons_due_for_review(lessons, today=None):
    """(lesson, state) for the lessons that need a review, most urgent first: never reviewed,
    then by due date."""
    due = []
    for lesson in lessons:
        state = lesson_review_state(lesson, today=today)
        if state.needs_review:
            due.append((lesson, state))
    due.sort(key=lambda item: (item[1].due_on or datetime.date.min, item[0].path))
    return due


def reviewer_for_user(user):
    """The Reviewer shown on lessons this user approves; created from their name if missing."""
    from .models import Reviewer

    reviewer, _ = Reviewer.objects.get_or_create(
        user=user, defaults={"name": user.get_full_name() or user.get_username()}
    )
    return reviewer


def stamp_review(lesson, user, today=None):
    """Record on `lesson` (not saved) that `user` reviewed it today."""
    lesson.reviewer = reviewer_for_user(user)
    lesson.last_reviewed = today or timezone.localdate()
    return lesson
