from django.urls import path, register_converter

from . import views


class IdConverter:
    """A database id: digits only, short enough never to overflow the database's integer."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class CodeConverter:
    regex = "[A-Za-z0-9-]{1,20}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(IdConverter, "id")
register_converter(CodeConverter, "code")

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export/", views.export_data, name="dashboard_export"),
    path("dashboard/delete/", views.delete_account, name="dashboard_delete"),
    path("dashboard/certificates/<code:code>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<code:code>/", views.certificate_verify, name="certificate_verify"),
    path("progress/lessons/<id:lesson_id>/complete/", views.complete_lesson, name="lesson_complete"),
]
