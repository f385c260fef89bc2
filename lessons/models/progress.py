"""What each learner has done: lessons started and completed, certificates earned."""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse

# Unambiguous characters for codes people may read out or type (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class LessonProgress(models.Model):
    """One learner's progress on one lesson: when they first opened it and when they finished."""

    # Indexed below, first in each index: a learner's rows are always read by learner.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress", db_index=False
    )
    lesson = models.ForeignKey("lessons.LessonPage", on_delete=models.CASCADE, related_name="progress")
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    update_seen_at = models.DateTimeField(
        null=True, blank=True, help_text="When the learner last saw the lesson's 'updated' notice."
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="one_progress_per_lesson")]
        indexes = [
            models.Index(fields=["user", "completed_at"]),
            # Everything a counselor's matrix reads of its members' rows, read from the index
            # alone (circles.rules.build_matrix).
            models.Index(fields=["user", "lesson", "completed_at", "started_at"], name="progress_for_matrix"),
        ]
        verbose_name_plural = "lesson progress"

    def __str__(self):
        state = "completed" if self.completed_at else "started"
        return f"{self.user} {state} {self.lesson_id}"


class VisitorLessonProgress(models.Model):
    """A visitor's (no account yet) progress on one lesson, one row each, keyed by their visitor
    key (the session key it began under). A row per lesson, not one list in the session: the
    session is written whole, so parallel "Mark as complete" clicks would overwrite each other.
    Merged into LessonProgress when the visitor signs up or logs in (lessons.progress)."""

    visitor_key = models.CharField(max_length=64)
    lesson = models.ForeignKey("lessons.LessonPage", on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visitor_key", "lesson"], name="one_visitor_progress_per_lesson")
        ]
        verbose_name_plural = "visitor lesson progress"

    def __str__(self):
        return f"visitor {self.visitor_key[:6]}… lesson {self.lesson_id}"


class LessonUpdate(models.Model):
    """A published change that learners who already finished the lesson should hear about."""

    shown_on_pages = True  # the notice on the lesson and My learning (coursesite.http_cache)

    lesson = models.ForeignKey("lessons.LessonPage", on_delete=models.CASCADE, related_name="updates")
    note = models.CharField(max_length=200)
    published_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return f"Update to {self.lesson_id}: {self.note}"


def new_certificate_code():
    """12 characters from a 31-letter alphabet (about 59 bits): unguessable, easy to read out."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(models.Model):
    """Proof that a learner completed a course. Its code can be verified publicly."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates")
    course = models.ForeignKey("lessons.CoursePage", on_delete=models.CASCADE, related_name="certificates")
    code = models.CharField(max_length=14, unique=True, default=new_certificate_code, editable=False)
    completed_at = models.DateTimeField(help_text="When the learner finished the last part of the course.")
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="one_certificate_per_course")]

    def __str__(self):
        return f"Certificate {self.code}"

    def get_absolute_url(self):
        return reverse("certificate_verify", args=[self.code])
