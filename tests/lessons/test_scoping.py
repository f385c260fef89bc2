"""IDOR: every object URL is scoped to the person asking. Each test first shows that the owner
can act, so a passing test means the stranger was refused, not that the URL was broken."""

import pytest
from django.test import Client

from circles.models import CareCircle, CircleMembership
from lessons import editorial
from lessons.models import Certificate
from tests.factories import UserFactory


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
class TestLearnerObjects:
    def test_nobody_can_leave_a_circle_for_someone_else(self, course, make_user):
        counselor = make_user("casey", editorial.COUNSELORS)
        circle = CareCircle.objects.create(counselor=counselor, name="Family")
        victim = CircleMembership.objects.create(circle=circle, user=UserFactory(username="victim"))
        attacker = UserFactory(username="attacker")
        logged_in(attacker).post(f"/dashboard/circles/{victim.pk}/leave/")
        logged_in(counselor).post(f"/dashboard/circles/{victim.pk}/leave/")
        assert CircleMembership.objects.filter(pk=victim.pk).exists()
        logged_in(victim.user).post(f"/dashboard/circles/{victim.pk}/leave/")
        assert not CircleMembership.objects.filter(pk=victim.pk).exists()

    def test_certificates_private_page_and_export_are_the_owners_only(self, course):
        owner, stranger = UserFactory(username="owner"), UserFactory(username="stranger")
        certificate = Certificate.objects.create(user=owner, course=course, completed_at="2026-01-02T00:00Z")
        assert logged_in(owner).get(f"/dashboard/certificates/{certificate.code}/").status_code == 200
        assert logged_in(stranger).get(f"/dashboard/certificates/{certificate.code}/").status_code == 404
        assert certificate.code not in logged_in(stranger).get("/dashboard/export/").content.decode()
        assert owner.email not in logged_in(stranger).get("/dashboard/export/").content.decode()

    def test_reminder_setting_changes_only_ones_own(self, course):
        owner, other = UserFactory(username="owner"), UserFactory(username="other")
        logged_in(owner).post("/dashboard/reminders/", {"user": other.pk})  # "off" for the owner
        other.refresh_from_db()
        owner.refresh_from_db()
        assert other.email_reminders is True
        assert owner.email_reminders is False


@pytest.mark.django_db
class TestPersonalPagesAreNeverShared:
    @pytest.mark.parametrize("url", ["/dashboard/", "/dashboard/export/", "/dashboard/delete/"])
    def test_private_no_store_headers(self, url, course, learner):
        response = logged_in(learner).get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]

    def test_two_learners_see_only_their_own_name(self, course):
        first = UserFactory(username="first", display_name="Firstname")
        second = UserFactory(username="second", display_name="Secondname")
        assert "Firstname" in logged_in(first).get("/dashboard/").content.decode()
        html = logged_in(second).get("/dashboard/").content.decode()
        assert "Secondname" in html and "Firstname" not in html
