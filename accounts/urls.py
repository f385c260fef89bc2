from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

urlpatterns = [
    path(_("dashboard/"), views.dashboard, name="dashboard"),
    path(_("dashboard/export/"), views.export_data, name="dashboard_export"),
    path(_("dashboard/delete/"), views.delete_account, name="dashboard_delete"),
    path(_("dashboard/reminders/"), views.set_reminders, name="set_reminders"),
]
