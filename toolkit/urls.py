from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "toolkit"

urlpatterns = [
    path("", views.index, name="index"),
    path(_("safety-plan/"), views.safety_plan, name="safety_plan"),
    path(_("safety-plan/edit/"), views.safety_plan_form, name="safety_plan_edit"),
    path(_("safety-plan/delete/"), views.safety_plan_delete, name="safety_plan_delete"),
    path(_("questions/"), views.prescriber_questions, name="questions"),
    path(_("diary/"), views.diary, name="diary"),
    path(_("diary/delete/"), views.diary_delete, name="diary_delete"),
    path(_("diary/paper/"), views.diary_grid, name="diary_grid"),
]
