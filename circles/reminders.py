"""Assignment reminders: one email per assignment, learner and stage (due in 2 days, overdue).

Safe to run every hour: a ReminderSent row and the queued email (coursesite.mail) are written
in one transaction, so a stage is queued exactly once; the mail worker sends it, retrying while
the mail server is down.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from coursesite.mail import queue_mail

from .models import Assignment, CareCircle, ReminderSent
from .rules import applying_assignment, build_matrix

DUE_SOON_DAYS = 2


def stage_for(due_date, today):
    if due_date < today:
        return "overdue"
    if due_date <= today + timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return None


def pending_reminders(today=None):
    """(assignment, user, stage) for every reminder that should go out and has not."""
    today = today or timezone.localdate()
    due = Assignment.objects.filter(
        due_date__isnull=False, due_date__lte=today + timedelta(days=DUE_SOON_DAYS), module__live=True
    ).select_related("module", "circle__counselor")
    by_circle = {}
    for assignment in due:
        by_circle.setdefault(assignment.circle_id, []).append(assignment)
    if not by_circle:
        return
    opted_out = set(get_user_model().objects.filter(email_reminders=False).values_list("pk", flat=True))
    sent = set(
        ReminderSent.objects.filter(
            assignment__in=[a for items in by_circle.values() for a in items]
        ).values_list("assignment_id", "user_id", "stage")
    )
    for circle in CareCircle.objects.filter(pk__in=by_circle):
        modules, rows = build_matrix(circle, today=today)
        # A module assigned to the circle and to a member too: the member is reminded of the
        # one that applies to them, as My learning lists it (one due here beats any due later).
        targets = {(a.member_id, a.module_id): a for a in by_circle[circle.pk]}
        for assignment in by_circle[circle.pk]:
            stage = stage_for(assignment.due_date, today)
            for row in rows:
                if assignment.member_id not in (None, row.membership.pk):
                    continue
                mine = [targets.get((m, assignment.module_id)) for m in (None, row.membership.pk)]
                if applying_assignment([a for a in mine if a]) is not assignment:
                    continue
                user = row.membership.user
                cell = next((c for c in row.cells if c.module.pk == assignment.module_id), None)
                if cell is None or cell.complete or user.pk in opted_out or not user.email:
                    continue
                if (assignment.pk, user.pk, stage) not in sent:
                    yield assignment, user, stage


def send_reminder(assignment, user, stage):
    """Record and send one reminder, in the language the learner chose for their emails;
    returns False if it was already sent."""
    with translation.override(user.email_language):
        return _send_reminder(assignment, user, stage)


def _send_reminder(assignment, user, stage):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    names = {
        "name": user.get_full_name(),
        "counselor": assignment.circle.counselor.get_full_name(),
        "module": assignment.module.localized.title,
        "date": date_format(assignment.due_date, "MONTH_DAY_FORMAT"),
        "url": f"{base}{reverse('dashboard')}",
    }
    if stage == "overdue":
        when = gettext("It is overdue: it was due on %(date)s.") % names
    else:
        when = gettext("It is due on %(date)s.") % names
    body = (
        gettext("Hello %(name)s,") % names
        + "\n\n"
        + gettext("%(counselor)s asked you to finish “%(module)s”.") % names
        + f" {when}\n\n"
        + gettext("Pick up where you left off: %(url)s") % names
        + "\n\n"
        + gettext("If this is a bad time, that is okay: go at your own pace, and tell your counselor.")
        + "\n"
        + gettext("To stop these emails, turn reminders off on My learning.")
        + "\n\n"
        + gettext("In an emergency call 911. For a mental health crisis, call or text 988.")
    )
    subject = gettext("A reminder from your family course")
    try:
        with transaction.atomic():
            ReminderSent.objects.create(assignment=assignment, user_id=user.pk, stage=stage)
            queue_mail(EmailMessage(subject, body, None, [user.email]))
    except IntegrityError:
        return False
    return True
