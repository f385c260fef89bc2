"""Signal receivers: visitor progress joins the account at log-in; published lesson changes
are noted for learners who finished the lesson before; a counselor's change to a circle
refreshes what its members see."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from .circles import circles_changed, members_changed
from .models import Assignment, CareCircle, CircleMembership, LessonPage
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


@receiver(post_save, sender=Assignment, dispatch_uid="lessons_assignment_saved")
@receiver(post_delete, sender=Assignment, dispatch_uid="lessons_assignment_deleted")
@receiver(post_save, sender=CareCircle, dispatch_uid="lessons_circle_saved")
def circle_changed(sender, instance, raw=False, **kwargs):
    """An assignment or a circle's name shows on every member's My learning."""
    if raw:
        return
    members_changed(instance.pk if isinstance(instance, CareCircle) else instance.circle_id)


@receiver(post_save, sender=CircleMembership, dispatch_uid="lessons_membership_saved")
@receiver(post_delete, sender=CircleMembership, dispatch_uid="lessons_membership_deleted")
def membership_changed(sender, instance, raw=False, **kwargs):
    """Someone joined, left, or changed what they share: the circle's matrix changes (the
    learner's own pages are refreshed by home.caching, as the row points at them)."""
    if not raw:
        circles_changed([instance.circle_id])


@receiver(post_save, sender=get_user_model(), dispatch_uid="lessons_counselor_saved")
def counselor_changed(sender, instance, raw=False, update_fields=None, **kwargs):
    """A counselor's name shows on their circles' members' My learning ("Casey's circle")."""
    if raw or update_fields == frozenset({"last_login"}):  # a log-in changes no name
        return
    for circle_id in CareCircle.objects.filter(counselor=instance).values_list("pk", flat=True):
        members_changed(circle_id)
