"""Health data stays the learner's own: in their export, deleted with their account, never shown to
a counselor, a care circle or another learner."""

import json

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from circles.models import CareCircle, CircleMembership
from tests.factories import UserFactory
from toolkit.export import export_for
from toolkit.models import DiaryEntry, SafetyPlan

PLAN = {"first_name": "Sam", "prescriber_name": "Dr. Lee", "prescriber_phone": "555-123-4567"}
NOTE = "Shaky all morning, slept 3 hours"


@pytest.fixture
def learner_with_data(signed_in):
    client, user = signed_in("mina", display_name="Mina")
    client.post("/tools/safety-plan/edit/", PLAN)
    today = timezone.localdate().isoformat()
    client.post("/tools/diary/", {"day": today, "anxiety": "6", "notes": NOTE, "dose_changed": "on"})
    assert SafetyPlan.objects.filter(user=user).exists() and DiaryEntry.objects.filter(user=user).exists()
    return client, user


@pytest.mark.django_db
class TestExport:
    def test_export_for_has_the_plan_and_the_diary(self, learner_with_data):
        _, user = learner_with_data
        data = export_for(user)
        assert data["safety_plan"]["prescriber_name"] == "Dr. Lee"
        assert data["symptom_diary"][0]["notes"] == NOTE
        assert data["symptom_diary"][0]["dose_changed"] is True
        json.dumps(data)  # JSON-ready

    def test_the_learners_download_includes_them_and_nobody_elses(self, learner_with_data, signed_in):
        client, _ = learner_with_data
        other, _ = signed_in("other")
        other.post("/tools/safety-plan/edit/", dict(PLAN, prescriber_name="Dr. Someone Else"))
        data = json.loads(client.get("/dashboard/export/").content)
        assert data["safety_plan"]["first_name"] == "Sam"
        assert [entry["anxiety"] for entry in data["symptom_diary"]] == [6]
        assert "Dr. Someone Else" not in json.dumps(data)

    def test_a_learner_without_data_exports_empty_sections(self, signed_in):
        _, user = signed_in("empty")
        assert export_for(user) == {"safety_plan": None, "symptom_diary": []}


@pytest.mark.django_db
def test_deleting_the_account_deletes_the_plan_and_the_diary(learner_with_data, signed_in):
    client, user = learner_with_data
    other, other_user = signed_in("other")
    other.post("/tools/safety-plan/edit/", PLAN)
    confirm = client.get("/dashboard/delete/").content.decode()
    assert "your safety plan and your symptom diary" in confirm  # the page says what goes
    response = client.post("/dashboard/delete/", {"password": "correct-horse-battery"})
    assert response.status_code == 302
    assert not SafetyPlan.objects.filter(user_id=user.pk).exists()
    assert not DiaryEntry.objects.filter(user_id=user.pk).exists()
    assert SafetyPlan.objects.filter(user=other_user).exists()


@pytest.mark.django_db
def test_a_counselor_never_sees_a_members_plan_or_diary(learner_with_data, course, client):
    _, user = learner_with_data
    counselor = UserFactory(username="casey")
    counselor.groups.add(Group.objects.get_or_create(name="Counselors")[0])
    circle = CareCircle.objects.create(counselor=counselor, name="Rivera family")
    membership = CircleMembership.objects.create(circle=circle, user=user)
    client.force_login(counselor)
    pages = [
        f"/counselor/circles/{circle.pk}/",
        f"/counselor/circles/{circle.pk}/members/{membership.pk}/",
        f"/counselor/circles/{circle.pk}/export.csv",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        text = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
        assert "Dr. Lee" not in text and NOTE not in text and "Sam" not in text, path
    # The toolkit's own pages show the counselor only their own (empty) tools.
    assert client.get("/tools/safety-plan/")["Location"] == "/tools/safety-plan/edit/"
    assert NOTE not in client.get("/tools/diary/").content.decode()
