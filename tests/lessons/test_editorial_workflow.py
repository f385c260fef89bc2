"""Roles and the Clinical review workflow: editors submit, clinical reviewers approve, and only
approved changes reach families, stamped with the reviewer and the date."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Workflow, WorkflowState

from lessons import editorial
from lessons.loader import CourseLoader
from lessons.models import ClinicalReview, CoursePage, LessonPage, Reviewer
from tests.admin_forms import SIMPLE_BODY, SOURCES, lesson_form_data
from tests.factories import ReviewerFactory

LESSON_PATH = "/klonopin-withdrawal/withdrawal-risks/how-long-withdrawal-lasts/"


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def lesson():
    return LessonPage.objects.get(url_path__endswith="/how-long-withdrawal-lasts/")


def submit_change(client, editor, page, **fields):
    """The editor changes the lesson and submits it to Clinical review."""
    client.force_login(editor)
    data = lesson_form_data(page, SIMPLE_BODY + [SOURCES], **fields)
    response = client.post(edit_url(page), {**data, "action-submit": "Submit to Clinical review"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return WorkflowState.objects.active().get(object_id=str(page.pk))


def workflow_action(client, user, page, action, comment=""):
    state = WorkflowState.objects.active().get(object_id=str(page.pk))
    client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.current_task_state.pk])
    return client.post(url, {"comment": comment})


@pytest.mark.django_db
class TestRolesFromTheMigration:
    @pytest.fixture(autouse=True)
    def migrated(self):
        """What migration lessons/0002 does, run again as `migrate` runs it (it is safe to run on
        a database that has it all already): a transactional test elsewhere may have emptied
        the tables since the test database was migrated."""
        from django.apps import apps

        module = importlib.import_module("lessons.migrations.0002_editorial_roles_and_clinical_review")
        module.forwards(apps, None)

    def test_groups_and_their_admin_access(self):
        groups = {group.name: group for group in Group.objects.all()}
        assert {"Editors", "Clinical reviewers", "Site admins", "Counselors"} <= set(groups)
        for name in ("Editors", "Clinical reviewers", "Site admins"):
            assert groups[name].permissions.filter(codename="access_admin").exists(), name
        assert not groups["Counselors"].permissions.exists()
        assert not GroupPagePermission.objects.filter(group__name="Counselors").exists()

    def test_no_group_but_site_admins_may_publish(self):
        publishers = set(
            GroupPagePermission.objects.filter(permission__codename="publish_page").values_list(
                "group__name", flat=True
            )
        )
        assert publishers <= {"Site admins"}
        assert not Group.objects.filter(name="Moderators").exists()

    def test_clinical_review_workflow_replaces_wagtails_default(self):
        workflow = Workflow.objects.get(name="Clinical review")
        assert workflow.active
        (task,) = [task.specific for task in workflow.tasks.all()]
        assert [group.name for group in task.groups.all()] == ["Clinical reviewers"]
        assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()


@pytest.mark.django_db
class TestCourseSection:
    def test_loading_the_course_puts_it_under_clinical_review(self, seeded_site):
        course = CoursePage.objects.get(locale__language_code="en")
        assert course.get_workflow().name == "Clinical review"
        assert lesson().get_workflow().name == "Clinical review"
        assert GroupPagePermission.objects.filter(
            group__name="Editors", page=course, permission__codename="change_page"
        ).exists()

    def test_loader_rebuilds_roles_on_an_emptied_database(self, db):
        Group.objects.all().delete()
        Workflow.objects.all().delete()
        CourseLoader(translate=False).load()
        assert CoursePage.objects.get(locale__language_code="en").get_workflow().name == "Clinical review"
        assert Group.objects.filter(name__in=["Editors", "Clinical reviewers", "Site admins"]).count() == 3

    def test_setting_up_twice_changes_nothing(self, seeded_site):
        counts = (Group.objects.count(), GroupPagePermission.objects.count(), Workflow.objects.count())
        editorial.ensure_roles()
        CourseLoader().load()
        assert (
            Group.objects.count(),
            GroupPagePermission.objects.count(),
            Workflow.objects.count(),
        ) == counts


@pytest.mark.django_db
class TestAdminAccess:
    def test_demo_editor_and_reviewer_can_use_the_admin_counselor_cannot(self, client, seeded_site, settings):
        settings.DEBUG = True  # the demo accounts command refuses to run otherwise
        call_command("create_demo_accounts")
        for username, password in [("editor", "demo-editor-2026"), ("reviewer", "demo-reviewer-2026")]:
            assert client.login(username=username, password=password)
            assert client.get("/admin/").status_code == 200, username
            client.logout()
        assert client.login(username="editor", password="demo-editor-2026")
        assert client.get(edit_url(lesson())).status_code == 200
        client.logout()
        assert client.login(username="counselor", password="demo-counselor-2026")
        response = client.get("/admin/")
        assert response.status_code == 403  # no editor access: said plainly, no sign-in loop
        assert "does not have access to the editor" in response.content.decode()


@pytest.mark.django_db
class TestClinicalReview:
    def test_an_editor_cannot_publish(self, client, seeded_site, editor):
        page = lesson()
        assert not page.permissions_for_user(editor).can_publish()
        client.force_login(editor)
        data = lesson_form_data(page, SIMPLE_BODY + [SOURCES], summary="Changed without review.")
        response = client.post(edit_url(page), {**data, "action-publish": "Publish"})
        assert response.status_code == 302
        assert "Changed without review." not in client.get(LESSON_PATH).content.decode()
        page.refresh_from_db()
        assert page.has_unpublished_changes  # kept as a draft, not published

    def test_submitted_change_goes_live_only_after_approval_with_reviewer_and_date(
        self, client, seeded_site, editor, clinical_reviewer
    ):
        page = lesson()
        state = submit_change(client, editor, page, summary="How long it lasts, reviewed.")
        assert state.workflow.name == "Clinical review"
        client.logout()
        assert "How long it lasts, reviewed." not in client.get(LESSON_PATH).content.decode()

        response = workflow_action(client, clinical_reviewer, page, "approve")
        assert response.status_code == 302
        client.logout()
        html = client.get(LESSON_PATH).content.decode()
        assert "How long it lasts, reviewed." in html
        today = timezone.localdate()
        assert f"Reviewed by Ana Ruiz on {today:%B} {today.day}, {today.year}." in html

        page = LessonPage.objects.get(pk=page.pk)
        (review,) = ClinicalReview.objects.filter(page=page)
        assert (review.user, review.outcome, review.route) == (clinical_reviewer, "approved", "workflow")
        assert review.revision == page.live_revision  # the version that went live is the one reviewed
        assert review.reviewed_on == today and review.reviewer_name == "Ana Ruiz"
        # the published content is exactly what the editor submitted: no stamp written into it
        assert page.live_revision.content["summary"] == "How long it lasts, reviewed."
        assert "last_reviewed" not in page.live_revision.content

    def test_an_existing_reviewer_profile_is_used_with_its_credentials(
        self, client, seeded_site, editor, clinical_reviewer
    ):
        ReviewerFactory(name="Dr. Ana Ruiz", credentials="MD, addiction psychiatrist", user=clinical_reviewer)
        page = lesson()
        submit_change(client, editor, page)
        workflow_action(client, clinical_reviewer, page, "approve")
        client.logout()
        assert (
            "Reviewed by Dr. Ana Ruiz, MD, addiction psychiatrist, on"
            in client.get(LESSON_PATH).content.decode()
        )
        assert Reviewer.objects.filter(user=clinical_reviewer).count() == 1

    def test_requesting_changes_keeps_the_live_lesson_and_the_comment(
        self, client, seeded_site, editor, clinical_reviewer
    ):
        page = lesson()
        submit_change(client, editor, page, summary="An unsafe summary.")
        workflow_action(client, clinical_reviewer, page, "reject", comment="Cite the guideline here.")
        client.logout()
        assert "An unsafe summary." not in client.get(LESSON_PATH).content.decode()
        state = WorkflowState.objects.filter(object_id=str(page.pk)).latest("created_at")
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        assert state.current_task_state.comment == "Cite the guideline here."
        assert not ClinicalReview.objects.approvals().filter(page=page).exists()

    def test_an_editor_cannot_approve(self, client, seeded_site, editor):
        page = lesson()
        submit_change(client, editor, page)
        response = workflow_action(client, editor, page, "approve")
        assert (
            response.status_code == 302 and response["Location"] == "/admin/"
        )  # Wagtail's "permission denied"
        assert WorkflowState.objects.active().filter(object_id=str(page.pk)).exists()
        assert not ClinicalReview.objects.filter(page=page).exists()
