"""Signal receivers: visitor progress joins the account at log-in; published lesson changes
are noted for learners who finished the lesson before."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import LessonPage
from .progress import SESSION_MERGERS, record_lesson_update, refresh_certificates


@receiver(user_logged_in, dispatch_uid="lessons_merge_visitor_progress")
def merge_visitor_progress(sender, request, user, **kwargs):
    """Run every registered merger (lessons, quizzes, ...), then issue earned certificates."""
    if request is None or not hasattr(request, "session"):
        return
    merged = [merge(request.session, user) for merge in SESSION_MERGERS]
    if any(merged):
        refresh_certificates(user)


@receiver(page_published, sender=LessonPage, dispatch_uid="lessons_record_lesson_update")
def note_lesson_update(sender, instance, revision=None, **kwargs):
    """A lesson published with a change note tells those who finished it before."""
    record_lesson_update(instance)
