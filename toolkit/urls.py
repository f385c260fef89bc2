from django.urls import path

from . import views

app_name = "toolkit"

urlpatterns = [
    path("", views.index, name="index"),
    path("safety-plan/", views.safety_plan, name="safety_plan"),
    path("safety-plan/edit/", views.safety_plan_form, name="safety_plan_edit"),
    path("safety-plan/delete/", views.safety_plan_delete, name="safety_plan_delete"),
    path("questions/", views.prescriber_questions, name="questions"),
    path("diary/", views.diary, name="diary"),
    path("diary/delete/", views.diary_delete, name="diary_delete"),
    path("diary/paper/", views.diary_grid, name="diary_grid"),
]
