"""Carry a visitor's progress into their account when they sign up or log in."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .progress import SESSION_MERGERS, refresh_certificates


@receiver(user_logged_in, dispatch_uid="lessons_merge_visitor_progress")
def merge_visitor_progress(sender, request, user, **kwargs):
    """Run every registered merger (lessons, quizzes, ...), then issue earned certificates."""
    if request is None or not hasattr(request, "session"):
        return
    merged = [merge(request.session, user) for merge in SESSION_MERGERS]
    if any(merged):
        refresh_certificates(user)
