"""The care-circle part of a learner's own data export: circles joined, their assignments, and
every look a counselor took at the learner's progress."""

from .models import Assignment, Departure


def _iso(value):
    return value.isoformat() if value else None


def export_for(user):
    """{"care_circles": [...], "circles_left": [...], "access_log": [...]}, JSON-ready."""
    return {
        "care_circles": _care_circles(user),
        "circles_left": _circles_left(user),
        "access_log": _access_log(user),
    }


def _circles_left(user):
    departures = Departure.objects.filter(user=user).select_related("circle__counselor")
    return [
        {
            "circle_counselor": d.circle.counselor.get_full_name(),
            "left_at": _iso(d.left_at),
            "removed_by_counselor": d.removed_by_counselor,
        }
        for d in departures
    ]


def _care_circles(user):
    memberships = user.circle_memberships.select_related("circle__counselor")
    assignments = Assignment.objects.filter(circle__memberships__user=user).select_related("module")
    return [
        {
            "circle_counselor": m.circle.counselor.get_full_name(),
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


def _access_log(user):
    return [
        {
            "when": _iso(entry.created_at),
            "counselor": entry.counselor_name,
            "what": entry.get_action_display(),
        }
        for entry in user.access_logs.all()
    ]
