"""The course part of a learner's own data export: lessons opened and finished, certificates."""


def _iso(value):
    return value.isoformat() if value else None


def export_for(user, base_url=""):
    """{"lesson_progress": [...], "certificates": [...]}, JSON-ready; addresses start with
    base_url (the site's, e.g. "https://course.example.org"), so they open from the file."""
    return {"lesson_progress": _lesson_progress(user, base_url), "certificates": _certificates(user)}


def _lesson_progress(user, base_url):
    rows = user.lesson_progress.select_related("lesson").order_by("started_at")
    return [
        {
            "lesson": row.lesson.title,
            "url": base_url + row.lesson.get_url(),
            "started_at": _iso(row.started_at),
            "completed_at": _iso(row.completed_at),
        }
        for row in rows
    ]


def _certificates(user):
    return [
        {"course": c.course.title, "code": c.code, "completed_at": _iso(c.completed_at)}
        for c in user.certificates.select_related("course")
    ]
