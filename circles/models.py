"""Care circles: a counselor invites a family, assigns modules, and (with consent) follows
their progress. Every look at a learner's progress is recorded for the learner to see."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    invite_days = models.PositiveSmallIntegerField(
        default=INVITE_DAYS_DEFAULT,
        help_text="How many days a new link and code work (every invitation stops in the end).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    # Why an invitation cannot be used, in the words of the person reading: the family member
    # holding the link, or the counselor who leads the circle.
    FOR_LEARNER = {
        "off": _("This invitation has been turned off by the counselor. Ask them for a new one."),
        "expired": _("This invitation has expired. Ask the counselor for a new one."),
    }
    FOR_COUNSELOR = {
        "off": _(
            "You turned this invitation off: the link and the code no longer work. "
            "To invite someone, make a new link and code."
        ),
        "expired": _(
            "This invitation has expired: the link and the code no longer work. "
            "To invite someone, make a new link and code."
        ),
    }

    def invite_state(self, now=None):
        """ "off", "expired", or None when the invitation can be used now."""
        if not self.invite_active:
            return "off"
        if self.invite_expires_at and self.invite_expires_at <= (now or timezone.now()):
            return "expired"
        return None

    def invite_problem(self, now=None):
        """Why the invitation cannot be used now, for the family member; None when it can."""
        return self.FOR_LEARNER.get(self.invite_state(now))

    def invite_problem_for_counselor(self, now=None):
        """Why the invitation cannot be used now, for the counselor; None when it can."""
        return self.FOR_COUNSELOR.get(self.invite_state(now))

    def renew_invite(self, days=None):
        """New link and code (the old ones stop working, and are kept so whoever still holds them
        is told the invitation was replaced). The new ones work for `days` days, by default as
        long as the invitation they replace did. Call save() afterwards."""
        if self.pk and self.join_token:
            self.retired_invites.create(join_token=self.join_token, short_code=self.short_code)
        if days:
            self.invite_days = days
        self.join_token = new_join_token()
        self.short_code = new_short_code()
        self.invite_active = True
        self.invite_expires_at = timezone.now() + timedelta(days=self.invite_days)


class RetiredInvite(models.Model):
    """A link and code a counselor replaced with new ones: they no longer let anyone join, but
    whoever still holds them is told to ask for the new ones rather than shown "not found"."""

    circle = models.ForeignKey(CareCircle, on_delete=models.CASCADE, related_name="retired_invites")
    join_token = models.CharField(max_length=32, unique=True)
    short_code = models.CharField(max_length=9, db_index=True)
    retired_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Replaced invitation of circle {self.circle_id}"


class CircleMembership(models.Model):
    """A learner who has consented to share their progress with a circle's counselor.

    Leaving deletes the row, so the counselor loses access on the next request; a Departure
    keeps who left and when, for the counselor."""

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


class Departure(models.Model):
    """Someone who left a circle (or whom the counselor removed), and when: the counselor sees
    who is gone. Deleted with the account or the circle; no progress is kept."""

    circle = models.ForeignKey(CareCircle, on_delete=models.CASCADE, related_name="departures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    removed_by_counselor = models.BooleanField(default=False)
    left_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-left_at", "-pk"]

    def __str__(self):
        return f"{self.user} left {self.circle}"


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
        # A module is assigned once to the whole circle and once to any one member: assigning it
        # again updates that assignment (circles.rules.assign_modules) instead of adding a row.
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "module"],
                condition=models.Q(member__isnull=True),
                name="one_circle_assignment_per_module",
            ),
            models.UniqueConstraint(
                fields=["circle", "module", "member"],
                condition=models.Q(member__isnull=False),
                name="one_member_assignment_per_module",
            ),
        ]

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
        (VIEWED_CIRCLE, _("Looked at the circle's progress overview")),
        (VIEWED_MEMBER, _("Looked at your progress in detail")),
        (EXPORTED_CIRCLE, _("Downloaded the circle's progress (CSV)")),
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
