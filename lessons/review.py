"""The clinical review cycle: when a lesson or quiz is due for review, and who may record one.

One home for the rules: the review queue, the dashboard panel, the review view and the
workflow's approval step all call these functions.

- A page is due when it was never reviewed, or when its last approval is older than its review
  interval (a lesson's own setting; a quiz's is DEFAULT_INTERVAL_MONTHS), or within 30 days of it.
- Only an active member of the "Clinical reviewers" group records a review, and only through
  these functions: from the review queue ("Approve as reviewed", which changes no content and
  restarts the clock) or by approving a submission in the Clinical review workflow (which
  publishes it). No loader, seed or demo step calls them.
- Every review is also written to Wagtail's audit log (action "lessons.clinical_review"), so an
  admin can find it in Reports > Site history by reviewer and date.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, ngettext, pgettext_lazy
from wagtail.log_actions import log

from .editorial import CLINICAL_REVIEWERS

#: A lesson is "due soon" this many days before its review date.
DUE_SOON_DAYS = 30
#: How often a page without its own review interval (a quiz) is reviewed, in months.
DEFAULT_INTERVAL_MONTHS = 12

#: Audit log actions (registered in wagtail_hooks with their labels).
LOG_APPROVED = "lessons.clinical_review"
LOG_CHANGES_REQUESTED = "lessons.clinical_review_changes_requested"

OVERDUE = "overdue"
DUE_SOON = "due_soon"
NEVER_REVIEWED = "never_reviewed"
UP_TO_DATE = "ok"


def _due_within(days):
    return ngettext("Due within %(days)d day", "Due within %(days)d days", days) % {"days": days}


LABELS = {
    OVERDUE: pgettext_lazy("clinical review status", "Overdue"),
    DUE_SOON: lazy(_due_within, str)(DUE_SOON_DAYS),
    NEVER_REVIEWED: pgettext_lazy("clinical review status", "Never reviewed"),
    UP_TO_DATE: pgettext_lazy("clinical review status", "Up to date"),
}
#: Statuses that put a lesson or quiz in the clinical review queue, most urgent first.
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


def interval_months(page):
    """How often this page must be reviewed, in months."""
    return getattr(page, "review_interval_months", None) or DEFAULT_INTERVAL_MONTHS


def page_review_state(page, last_approval, today=None):
    """Where `page` stands, given its latest approval (a ClinicalReview, or None: never)."""
    last_reviewed = last_approval.reviewed_on if last_approval else None
    return review_state(last_reviewed, interval_months(page), today=today)


def is_clinical_reviewer(user):
    """Is this an active member of the Clinical reviewers group? (Superusers too must join it.)"""
    if not (user.is_authenticated and user.is_active):
        return False
    if not hasattr(user, "_is_clinical_reviewer"):
        user._is_clinical_reviewer = user.groups.filter(name=CLINICAL_REVIEWERS).exists()
    return user._is_clinical_reviewer


def reviewer_for_user(user):
    """The Reviewer profile (name and credentials shown on pages) of this user; created from
    their name if missing."""
    from .models import Reviewer

    reviewer, _ = Reviewer.objects.get_or_create(
        user=user, defaults={"name": user.get_full_name() or user.get_username()}
    )
    return reviewer


def latest_approval(page):
    """The page's latest clinical approval, or None."""
    from .models import ClinicalReview

    return ClinicalReview.objects.approvals().filter(page_id=page.pk).order_by("-reviewed_at").first()


def open_change_request(page):
    """The latest "Request changes" on this page that no approval has answered yet, or None."""
    from .models import ClinicalReview

    request = (
        ClinicalReview.objects.filter(page_id=page.pk, outcome=ClinicalReview.CHANGES_REQUESTED)
        .order_by("-reviewed_at")
        .first()
    )
    if request is None:
        return None
    approval = latest_approval(page)
    return request if approval is None or approval.reviewed_at < request.reviewed_at else None


def _record(page, user, *, outcome, route, revision, note):
    from .models import ClinicalReview

    if not is_clinical_reviewer(user):
        raise PermissionDenied(gettext("Only clinical reviewers record clinical reviews."))
    profile = reviewer_for_user(user)
    with transaction.atomic():
        review = ClinicalReview.objects.create(
            page_id=page.pk,
            revision=revision,
            user=user,
            reviewer_name=profile.name,
            reviewer_credentials=profile.credentials,
            outcome=outcome,
            route=route,
            note=note.strip(),
        )
        action = LOG_APPROVED if outcome == ClinicalReview.APPROVED else LOG_CHANGES_REQUESTED
        log(
            instance=page,
            action=action,
            user=user,
            revision=revision,
            data={"review_id": review.pk, "route": route, "note": review.note, "reviewer": review.signed},
        )
    return review


def review_live_page(page, user, approve, note=""):
    """A review from the queue of the live page, which `user` has read.

    Approve ("Approve as reviewed"): records who, when and their optional note, which restarts the
    review clock; the page and its revisions are not touched. Request changes: the note (required)
    is shown to editors on the page's edit view until the page is next approved."""
    from .models import ClinicalReview

    if not page.live or page.live_revision_id is None:
        raise ValueError("Only a published page can be reviewed from the queue.")
    if not approve and not note.strip():
        raise ValueError("Say what should change.")
    outcome = ClinicalReview.APPROVED if approve else ClinicalReview.CHANGES_REQUESTED
    return _record(
        page, user, outcome=outcome, route=ClinicalReview.QUEUE, revision=page.live_revision, note=note
    )


def approve_published_submission(page, user, revision, note=""):
    """Called by the workflow's finish action once a submission is approved and published."""
    from .models import ClinicalReview

    return _record(
        page,
        user,
        outcome=ClinicalReview.APPROVED,
        route=ClinicalReview.WORKFLOW,
        revision=revision,
        note=note,
    )


def submission_task_state(page, user):
    """The Clinical review task this user may decide on for this page (it was submitted and is
    waiting for a clinical reviewer), or None."""
    task_state = page.current_workflow_task_state
    if task_state is None or not is_clinical_reviewer(user):
        return None
    task = task_state.task.specific
    actions = {name for name, _label, _modal in task.get_actions(page, user)}
    return task_state if {"approve", "reject"} <= actions else None


def decide_submission(page, user, approve, note=""):
    """Approve (which publishes, through the workflow) or send back a submitted change."""
    task_state = submission_task_state(page, user)
    if task_state is None:
        raise PermissionDenied(gettext("This page is not waiting for your clinical review."))
    if not approve and not note.strip():
        raise ValueError("Say what should change.")
    from .models import ClinicalReview

    revision = page.get_latest_revision()
    with transaction.atomic():  # publishing and its review (lessons.workflows), or neither
        task_state.task.specific.on_action(
            task_state, user, "approve" if approve else "reject", comment=note.strip()
        )
        if approve:
            return
        _record(
            page,
            user,
            outcome=ClinicalReview.CHANGES_REQUESTED,
            route=ClinicalReview.WORKFLOW,
            revision=revision,
            note=note,
        )


def edits_only_through_workflow(user, page):
    """Does this user reach the page's editor only because it waits for their approval (not
    through a right to edit it)?"""
    permissions = page.permissions_for_user(user)
    if user.is_superuser or "change" in permissions.permissions:
        return False
    return not ("add" in permissions.permissions and page.owner_id == user.pk)


def document_is_reviewed(document):
    """A document is public once a live page uses it in its published content: pages are
    published only after clinical review, so until then an editor's upload is not public.

    The reference index says which pages may use it (it can describe a draft); each live one
    is checked against its published content, as stored on the page itself."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    page_type = ContentType.objects.get_for_model(Page)
    candidates = ReferenceIndex.get_references_to(document).filter(base_content_type=page_type)
    page_ids = {int(object_id) for object_id in candidates.values_list("object_id", flat=True)}
    wanted = (ReferenceIndex._get_base_content_type(document).pk, str(document.pk))  # noqa: SLF001
    for page in Page.objects.live().filter(pk__in=page_ids).specific():
        references = ReferenceIndex._extract_references_from_object(page)  # noqa: SLF001
        if any((content_type, object_id) == wanted for content_type, object_id, *_ in references):
            return True
    return False
