"""Everything stored about a learner, for their own export, and their deletion.

Each app registers an exporter for the data it owns, so the export stays complete as the
product grows: `@exporter("section")` on a function taking the user and returning JSON-ready data.
"""

from django.db import transaction

_EXPORTERS = {}


def exporter(section):
    def register(func):
        _EXPORTERS[section] = func
        return func

    return register


def export_learner_data(user):
    return {section: func(user) for section, func in _EXPORTERS.items()}


def delete_learner(user):
    """Delete the account and, through the database's cascades, all of the learner's data."""
    with transaction.atomic():
        user.delete()


def _iso(value):
    return value.isoformat() if value else None


@exporter("account")
def export_account(user):
    from allauth.account.models import EmailAddress

    return {
        "display_name": user.first_name,
        "email": user.email,
        "emails": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
    }


@exporter("lesson_progress")
def export_lesson_progress(user):
    rows = user.lesson_progress.select_related("lesson").order_by("started_at")
    return [
        {
            "lesson": row.lesson.title,
            "url": row.lesson.url_path,
            "started_at": _iso(row.started_at),
            "completed_at": _iso(row.completed_at),
        }
        for row in rows
    ]


@exporter("certificates")
def export_certificates(user):
    return [
        {"course": c.course.title, "code": c.code, "completed_at": _iso(c.completed_at)}
        for c in user.certificates.select_related("course")
    ]


@exporter("care_circles")
def export_care_circles(user):
    from .models import Assignment

    memberships = user.circle_memberships.select_related("circle__counselor")
    assignments = Assignment.objects.filter(circle__memberships__user=user).select_related("module")
    return [
        {
            "circle_counselor": m.circle.counselor.first_name or m.circle.counselor.username,
            "joined_at": _iso(m.joined_at),
            "email_shared": m.share_email,
            "assignments": [
                {
                    "module": a.module.title,
                    "due_date": a.due_date.isoformat() if a.due_date else None,
                    "note": a.note,
                }
                for a in assignments
                if a.circle_id == m.circle_id and a.member_id in (None, m.pk)
            ],
        }
        for m in memberships
    ]


@exporter("access_log")
def export_access_log(user):
    return [
        {
            "when": _iso(entry.created_at),
            "counselor": entry.counselor_name,
            "circle": entry.circle_name,
            "what": entry.get_action_display(),
        }
        for entry in user.access_logs.all()
    ]


@exporter("preferences")
def export_preferences(user):
    from .models import LearnerPreferences

    prefs = LearnerPreferences.objects.filter(user=user).first()
    return {"email_reminders": prefs.email_reminders if prefs else True}
