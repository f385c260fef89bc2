from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export/", views.export_data, name="dashboard_export"),
    path("dashboard/delete/", views.delete_account, name="dashboard_delete"),
    path("dashboard/reminders/", views.set_reminders, name="set_reminders"),
]
