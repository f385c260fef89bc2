"""A learner's own data: export everything, delete everything."""

import json

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from lessons.models import Certificate, LessonPage, LessonProgress
from tests.factories import UserFactory


def complete_all(client, course):
    for lesson in LessonPage.objects.descendant_of(course).order_by("path"):
        client.post(f"/progress/lessons/{lesson.pk}/complete/")


@pytest.fixture
def two_learners(course):
    mine, theirs = UserFactory(username="mine", display_name="Mina"), UserFactory(username="theirs")
    for user in (mine, theirs):
        client = Client()
        client.force_login(user)
        complete_all(client, course)
    return mine, theirs


@pytest.mark.django_db
class TestExport:
    def test_contains_exactly_the_learners_own_data(self, client, two_learners):
        mine, theirs = two_learners
        client.force_login(mine)
        response = client.get("/dashboard/export/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="my-learning-data-')
        data = json.loads(response.content)
        assert data["account"]["email"] == mine.email
        assert data["account"]["display_name"] == "Mina"
        assert len(data["lesson_progress"]) == LessonProgress.objects.filter(user=mine).count() == 6
        assert [c["code"] for c in data["certificates"]] == [Certificate.objects.get(user=mine).code]
        text = response.content.decode()
        assert theirs.email not in text
        assert Certificate.objects.get(user=theirs).code not in text

    def test_needs_login(self, client):
        assert client.get("/dashboard/export/").status_code == 302


def rows_naming(user_id, email):
    """Every row in the database that points at the user or contains their email."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model._meta.label == "auth.User":
                if model.objects.filter(**{field.name: user_id}).exists():
                    found.append(f"{model._meta.label}.{field.name}")
            elif isinstance(field, models.CharField | models.TextField) and (
                model.objects.filter(**{f"{field.name}__icontains": email}).exists()
            ):
                found.append(f"{model._meta.label}.{field.name}")
    return found


@pytest.mark.django_db
class TestDelete:
    def test_wrong_password_deletes_nothing(self, client, two_learners):
        mine, _ = two_learners
        client.force_login(mine)
        response = client.post("/dashboard/delete/", {"password": "not-it"})
        assert response.status_code == 400
        assert "That password is not right" in response.content.decode()
        assert LessonProgress.objects.filter(user=mine).exists()

    def test_get_shows_the_confirmation_and_changes_nothing(self, client, two_learners):
        mine, _ = two_learners
        client.force_login(mine)
        assert "Delete my account for good" in client.get("/dashboard/delete/").content.decode()
        assert LessonProgress.objects.filter(user=mine).exists()

    def test_deleting_leaves_no_row_that_names_them(self, client, two_learners):
        mine, theirs = two_learners
        user_id, email = mine.pk, mine.email
        client.force_login(mine)
        assert rows_naming(user_id, email)  # the check can see them before
        response = client.post("/dashboard/delete/", {"password": "correct-horse-battery"})
        assert response.status_code == 302
        assert rows_naming(user_id, email) == []
        assert "_auth_user_id" not in client.session
        assert LessonProgress.objects.filter(user=theirs).count() == 6  # others untouched

    def test_csrf_is_enforced(self, two_learners):
        mine, _ = two_learners
        client = Client(enforce_csrf_checks=True)
        client.force_login(mine)
        assert client.post("/dashboard/delete/", {"password": "correct-horse-battery"}).status_code == 403
