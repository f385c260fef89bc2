"""The record of clinical reviews: who checked which version of a page, when, and what they said.

A review is a row of its own, never a field of the page, so recording one changes no content and
no revision: the lesson families read stays exactly as it was, and an editor's next draft cannot
carry an old stamp back. Lessons and quizzes are reviewed the same way (the row points at the page).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ClinicalReviewQuerySet(models.QuerySet):
    def approvals(self):
        return self.filter(outcome=ClinicalReview.APPROVED)

    def latest_approvals(self, page_ids):
        """{page id: its latest approval} for these pages, in one query."""
        latest = {}
        for review in self.approvals().filter(page_id__in=list(page_ids)).order_by("page_id", "reviewed_at"):
            latest[review.page_id] = review
        return latest


class ClinicalReview(models.Model):
    """One clinical review of a lesson or quiz: approved as reviewed, or changes requested."""

    # The page prints its latest approval ("Reviewed by ... on ..."): saving one starts a new
    # content version, so kept copies of the page show it (coursesite.http_cache).
    shown_on_pages = True

    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    OUTCOMES = [(APPROVED, "Approved as reviewed"), (CHANGES_REQUESTED, "Changes requested")]
    #: How the review was made: from the review queue (the live page, nothing published) or by
    #: approving a submission in the Clinical review workflow (which published it).
    QUEUE = "queue"
    WORKFLOW = "workflow"
    ROUTES = [(QUEUE, "Review queue"), (WORKFLOW, "Submitted change")]

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="clinical_reviews")
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The version of the page the reviewer read.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="clinical_reviews"
    )
    reviewer_name = models.CharField(max_length=120, help_text="The reviewer's name as the page shows it.")
    reviewer_credentials = models.CharField(max_length=120, blank=True)
    reviewed_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=20, choices=OUTCOMES)
    route = models.CharField(max_length=10, choices=ROUTES)
    note = models.TextField(
        blank=True, help_text="The reviewer's note to editors; for requested changes, what to change."
    )

    objects = ClinicalReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_at"]
        indexes = [models.Index(fields=["page", "outcome", "reviewed_at"], name="clinical_review_by_page")]
        verbose_name = "clinical review"

    def __str__(self):
        return f"{self.get_outcome_display()}: page {self.page_id} by {self.reviewer_name}"

    @property
    def reviewed_on(self):
        """The day of the review, in the site's time zone."""
        return timezone.localdate(self.reviewed_at)

    @property
    def signed(self):
        """'Dr. Ana Ruiz, MD, addiction psychiatrist' or just the name."""
        if self.reviewer_credentials:
            return f"{self.reviewer_name}, {self.reviewer_credentials}"
        return self.reviewer_name
