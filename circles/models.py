"""Care circles: a counselor invites a family, assigns modules, and (with consent) follows
their progress. Every look at a learner's progress is recorded for the learner to see."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from lessons.models.progress import CODE_ALPHABET

# Every invitation stops working after a while (issue 14): a code read out over the phone is
# about 40 bits, so it must not stay guessable for ever. The counselor may choose up to a year.
INVITE_DAYS_DEFAULT = 30
INVITE_DAYS_CHOICES = [7, 30, 90, 365]


def default_invite_expiry():
    return timezone.now() + timedelta(days=INVITE_DAYS_DEFAULT)


def new_join_token():
    """The secret in a join link: 128 bits, URL-safe."""
    return secrets.token_urlsafe(16)


def new_short_code():
    """A code to read out over the phone: 8 unambiguous characters (about 40 bits), e.g. K7Q2-M9XP."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


class CareCircle(models.Model):
    """A counselor's group of family members, e.g. "Rivera family"."""

    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circles_led"
    )
    name = models.CharField(max_length=80, help_text="For you only, e.g. 'Rivera family'.")
    join_token = models.CharField(max_length=32, unique=True, default=new_join_token, editable=False)
    short_code = models.CharField(max_length=9, unique=True, default=new_short_code, editable=False)
    invite_active = models.BooleanField(default=True)
    invite_expires_at = models.DateTimeField(
        null=True,
        blank=True,
        default=default_invite_expiry,
        help_text="The invitation link and code stop working then.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def invite_problem(self, now=None):
        """Why the invitation cannot be used now, in plain words; None when it can."""
        if not self.invite_active:
            return "This invitation has been turned off by the counselor. Ask them for a new one."
        if self.invite_expires_at and self.invite_expires_at <= (now or timezone.now()):
            return "This invitation has expired. Ask the counselor for a new one."
        return None

    def renew_invite(self, days=INVITE_DAYS_DEFAULT):
        """New link and code (the old ones stop working), expiring after `days`."""
        self.join_token = new_join_token()
        self.short_code = new_short_code()
        self.invite_active = True
        self.invite_expires_at = timezone.now() + timedelta(days=days)


class CircleMembership(models.Model):
    """A learner who has consented to share their progress with a circle's counselor.

    Leaving deletes the row, so the counselor loses access on the next request."""

    circle = models.ForeignKey(CareCircle, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships"
    )
    share_email = models.BooleanField(default=False)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["circle", "user"], name="one_membership_per_circle")]
        ordering = ["joined_at", "pk"]

    def __str__(self):
        return f"{self.user} in {self.circle}"


class Assignment(models.Model):
    """A module a counselor asks a whole circle, or one member, to complete."""

    circle = models.ForeignKey(CareCircle, on_delete=models.CASCADE, related_name="assignments")
    module = models.ForeignKey("lessons.ModulePage", on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(
        CircleMembership,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="assignments",
        help_text="Leave empty to assign to everyone in the circle.",
    )
    due_date = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]

    def __str__(self):
        return f"{self.module_id} for {self.member or self.circle}"


class ReminderSent(models.Model):
    """One reminder email per assignment, learner and stage: never sent twice."""

    STAGES = [("due_soon", "Due in 2 days"), ("overdue", "Overdue")]
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=10, choices=STAGES)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "user", "stage"], name="one_reminder_per_stage")
        ]

    def __str__(self):
        return f"{self.stage} reminder for assignment {self.assignment_id}"


class AccessLog(models.Model):
    """Who looked at a learner's progress, when, and what: shown to the learner."""

    VIEWED_CIRCLE = "viewed_circle"
    VIEWED_MEMBER = "viewed_member"
    EXPORTED_CIRCLE = "exported_circle"
    ACTIONS = [
        (VIEWED_CIRCLE, "Looked at the circle's progress overview"),
        (VIEWED_MEMBER, "Looked at your progress in detail"),
        (EXPORTED_CIRCLE, "Downloaded the circle's progress (CSV)"),
    ]
    # Indexed below with created_at: one index for "a learner's latest entries".
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_logs", db_index=False
    )
    counselor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    counselor_name = models.CharField(max_length=150)
    circle_name = models.CharField(max_length=80)
    action = models.CharField(max_length=20, choices=ACTIONS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        # A look at a circle adds one row per member: every index here is paid that many times.
        indexes = [models.Index(fields=["learner", "created_at"], name="access_log_by_learner")]

    def __str__(self):
        return f"{self.counselor_name}: {self.action} ({self.created_at:%Y-%m-%d})"
