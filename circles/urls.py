from django.urls import path
from django.utils.translation import gettext_lazy as _

import coursesite.converters  # noqa: F401  (registers the id and token converters)

from .views import counselor, joining

urlpatterns = [
    path(_("dashboard/circles/<id:membership_id>/leave/"), joining.leave_circle, name="leave_circle"),
    path(_("join/"), joining.join_by_code, name="join_by_code"),
    path(_("join/<token:token>/"), joining.join_circle, name="join_circle"),
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
