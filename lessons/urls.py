from django.urls import path, register_converter
from django.urls.converters import StringConverter

from .views import counselor, glossary, learner


class IdConverter:
    """A database id: digits only, short enough never to overflow the database's integer."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class CodeConverter(StringConverter):
    """A certificate code: letters, digits and dashes, at most 20 characters."""

    regex = "[A-Za-z0-9-]{1,20}"


class TokenConverter(StringConverter):
    """A join-link secret: URL-safe base64, at most 64 characters."""

    regex = "[A-Za-z0-9_-]{1,64}"


register_converter(IdConverter, "id")
register_converter(CodeConverter, "code")


register_converter(TokenConverter, "token")

urlpatterns = [
    path("dashboard/", learner.dashboard, name="dashboard"),
    path("dashboard/export/", learner.export_data, name="dashboard_export"),
    path("dashboard/delete/", learner.delete_account, name="dashboard_delete"),
    path("dashboard/certificates/<code:code>/", learner.certificate_detail, name="certificate_detail"),
    path("dashboard/circles/<id:membership_id>/leave/", learner.leave_circle, name="leave_circle"),
    path("dashboard/reminders/", learner.set_reminders, name="set_reminders"),
    path("certificates/<code:code>/", learner.certificate_verify, name="certificate_verify"),
    path("glossary/", glossary.glossary, name="glossary"),
    path("progress/lessons/<id:lesson_id>/complete/", learner.complete_lesson, name="lesson_complete"),
    path("join/", learner.join_by_code, name="join_by_code"),
    path("join/<token:token>/", learner.join_circle, name="join_circle"),
    path("counselor/", counselor.index, name="counselor"),
    path("counselor/circles/new/", counselor.create_circle, name="counselor_circle_new"),
    path("counselor/circles/<id:circle_id>/", counselor.circle_detail, name="counselor_circle"),
    path("counselor/circles/<id:circle_id>/invite/", counselor.invite, name="counselor_invite"),
    path("counselor/circles/<id:circle_id>/assign/", counselor.assign, name="counselor_assign"),
    path(
        "counselor/circles/<id:circle_id>/assignments/<id:assignment_id>/delete/",
        counselor.delete_assignment,
        name="counselor_assignment_delete",
    ),
    path(
        "counselor/circles/<id:circle_id>/members/<id:membership_id>/",
        counselor.member_detail,
        name="counselor_member",
    ),
    path(
        "counselor/circles/<id:circle_id>/members/<id:membership_id>/remove/",
        counselor.remove_member,
        name="counselor_member_remove",
    ),
    path("counselor/circles/<id:circle_id>/export.csv", counselor.export_csv, name="counselor_export"),
]
