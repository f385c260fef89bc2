"""Signal receivers: visitor progress joins the account at log-in; published lesson changes
are noted for learners who finished the lesson before; a passed quiz may finish the course."""

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import gettext
from wagtail.signals import page_published

from quizzes.history import merge_session_attempts
from quizzes.models import QuizPage
from quizzes.signals import quiz_passed

from .completion import certificate_after, refresh_certificates
from .models import LessonPage
from .progress import merge_session_into_account, record_lesson_update


@receiver(user_logged_in, dispatch_uid="lessons_merge_visitor_progress")
def merge_visitor_progress(sender, request, user, **kwargs):
    """A visitor's lessons and quiz attempts join the account; then any earned certificate."""
    if request is None or not hasattr(request, "session"):
        return
    lessons = merge_session_into_account(request.session, user)
    attempts = merge_session_attempts(request.session, user)
    if lessons or attempts:
        refresh_certificates(user)


@receiver(page_published, sender=LessonPage, dispatch_uid="lessons_record_lesson_update")
def note_lesson_update(sender, instance, revision=None, **kwargs):
    """A lesson published with a change note tells those who finished it before."""
    record_lesson_update(instance)


@receiver(quiz_passed, sender=QuizPage, dispatch_uid="lessons_certificate_after_quiz")
def certificate_after_quiz(sender, request, quiz, user, **kwargs):
    """A passed quiz may finish the course, as a finished lesson may."""
    if certificate_after(user, quiz):
        messages.success(
            request, gettext("You finished the whole course. Your certificate is on My learning.")
        )
