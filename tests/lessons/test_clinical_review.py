"""Clinical review that reviewers can run (issue 18): the queue, the review view, approving as
reviewed without editing, requesting changes, the stamp families see, the audit log and the CSV
history, and who may do what."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision, WorkflowState

from lessons import editorial
from lessons.models import ClinicalReview, LessonPage
from lessons.review import LOG_APPROVED, review_live_page
from tests.admin_forms import CALL_911, SIMPLE_BODY, SOURCES, lesson_form_data
from tests.factories import ClinicalReviewFactory, QuizPageFactory

QUEUE = "lessons_review_due"


def review_url(page):
    return reverse("lessons_review_page", args=[page.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def publish_all(course):
    """Give every page of the course a published revision, as pages built in the admin have."""
    for page in course.get_descendants().specific():
        page.save_revision().publish()
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def today_words():
    today = timezone.localdate()
    return f"{today:%B} {today.day}, {today.year}"


def submit(client, editor, lesson, **fields):
    client.force_login(editor)
    data = lesson_form_data(lesson, SIMPLE_BODY + [SOURCES], **fields)
    return client.post(edit_url(lesson), {**data, "action-submit": "Submit for clinical review"})


@pytest.fixture
def lessons(editable_course):
    return publish_all(editable_course)


@pytest.fixture
def quiz(editable_course):
    """A published quiz at the end of the course's first module."""
    quiz = QuizPageFactory(parent=editable_course.get_children().first(), title="Check the first module")
    publish_all(editable_course)
    return quiz


@pytest.mark.django_db
class TestTheQueue:
    def test_lists_every_never_reviewed_lesson_with_its_review(self, client, lessons, clinical_reviewer):
        client.force_login(clinical_reviewer)
        response = client.get(reverse(QUEUE))
        assert response.status_code == 200
        html = response.content.decode()
        for lesson in lessons:
            assert lesson.title in html
            assert review_url(lesson) in html
            assert edit_url(lesson) not in html  # reviewers cannot edit: no dead ends
        assert html.count("Never reviewed") >= len(lessons)

    def test_a_lesson_reviewed_recently_leaves_it_and_an_overdue_one_is_back(
        self, client, lessons, clinical_reviewer
    ):
        first, second, *_ = lessons
        ClinicalReviewFactory(page=first, revision=first.live_revision)
        ClinicalReviewFactory(
            page=second, revision=second.live_revision, on=timezone.localdate().replace(year=2020)
        )
        client.force_login(clinical_reviewer)
        html = client.get(reverse(QUEUE)).content.decode()
        assert review_url(first) not in html
        assert review_url(second) in html and "Overdue" in html

    def test_submitted_pages_come_first(self, client, lessons, editor, clinical_reviewer):
        last = lessons[-1]
        assert submit(client, editor, last, summary="A submitted change.").status_code == 302
        client.force_login(clinical_reviewer)
        html = client.get(reverse(QUEUE)).content.decode()
        assert "Submitted for clinical review" in html
        assert html.index(review_url(last)) < html.index(review_url(lessons[0]))
        assert "Review submission" in html

    def test_quizzes_are_in_the_queue(self, client, quiz, clinical_reviewer):
        client.force_login(clinical_reviewer)
        html = client.get(reverse(QUEUE)).content.decode()
        assert "Check the first module" in html and review_url(quiz) in html

    def test_editors_see_the_queue_with_links_to_the_editor(self, client, lessons, editor):
        client.force_login(editor)
        html = client.get(reverse(QUEUE)).content.decode()
        assert edit_url(lessons[0]) in html and review_url(lessons[0]) not in html

    @pytest.mark.parametrize(("modules", "lessons_each"), [(1, 3), (5, 8)])
    def test_query_count_does_not_grow_with_the_course(
        self,
        client,
        make_course,
        roles,
        clinical_reviewer,
        editor,
        django_assert_max_num_queries,
        modules,
        lessons_each,
    ):
        course = make_course(modules=modules, lessons=lessons_each)
        editorial.attach_course(course)
        for module in course.get_children():
            QuizPageFactory(parent=module)
        pages = publish_all(course)
        ClinicalReviewFactory(page=pages[0], revision=pages[0].live_revision)
        submit(client, editor, pages[1], summary="Submitted.")
        client.force_login(clinical_reviewer)
        client.get(reverse(QUEUE))  # warm up the per-process caches (content types, site root)
        with django_assert_max_num_queries(QUEUE_QUERY_BUDGET):
            response = client.get(reverse(QUEUE))
        assert response.status_code == 200
        assert response.content.decode().count('href="/admin/clinical-review/') >= len(pages) - 1


#: Queries for the reviewer's queue page, whatever the number of lessons and quizzes: the queue
#: itself (submitted pages, lessons, quizzes, last approvals, modules) plus the admin's own
#: (session, user, groups, menus). Measured: 13 with 3 lessons and with 40 lessons and 5 quizzes.
QUEUE_QUERY_BUDGET = 13


@pytest.mark.django_db
class TestReviewingALivePage:
    def test_the_review_view_shows_the_live_lesson_its_grade_and_sources(
        self, client, seeded_site, clinical_reviewer
    ):
        lesson = LessonPage.objects.get(url_path__endswith="/how-long-withdrawal-lasts/")
        client.force_login(clinical_reviewer)
        response = client.get(review_url(lesson))
        assert response.status_code == 200
        html = response.content.decode()
        assert lesson.summary in html
        assert "Never reviewed by a clinician" in html
        assert "Never reviewed: all of the text below is new to review." in html
        assert "Reading grade" in html and "data-reading-grade" in html
        assert "Sources" in html and "This lesson has no Sources block" not in html
        assert "Approve as reviewed" in html and "Request changes" in html
        assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]

    def test_approve_as_reviewed_stamps_without_editing(self, client, lessons, clinical_reviewer):
        lesson = lessons[0]
        revisions = Revision.page_revisions.filter(object_id=str(lesson.pk)).count()
        before = (lesson.live_revision_id, lesson.latest_revision_id, lesson.last_published_at)
        client.force_login(clinical_reviewer)
        response = client.post(
            review_url(lesson), {"decision": "approve", "note": "Checked against the FDA label."}
        )
        assert response.status_code == 302 and response["Location"] == reverse(QUEUE)
        lesson = LessonPage.objects.get(pk=lesson.pk)
        assert (lesson.live_revision_id, lesson.latest_revision_id, lesson.last_published_at) == before
        assert Revision.page_revisions.filter(object_id=str(lesson.pk)).count() == revisions
        (review,) = ClinicalReview.objects.filter(page=lesson)
        assert (review.user, review.outcome, review.route) == (clinical_reviewer, "approved", "queue")
        assert (
            review.revision_id == lesson.live_revision_id and review.note == "Checked against the FDA label."
        )
        # the confirmation, then the lesson has left the queue
        queue = client.get(response["Location"]).content.decode()
        assert f"Recorded: you reviewed “{lesson.title}”" in queue
        assert review_url(lesson) not in queue
        client.logout()
        html = client.get(lesson.url).content.decode()
        assert f"Reviewed by Ana Ruiz on {today_words()}." in html

    def test_the_next_review_shows_what_changed_since(self, client, lessons, clinical_reviewer, editor):
        lesson = lessons[0]
        review_live_page(lesson, clinical_reviewer, approve=True)
        draft = lesson.get_latest_revision_as_object()
        draft.summary = "A new summary about the taper."
        draft.save_revision(user=editor).publish()
        client.force_login(clinical_reviewer)
        html = client.get(review_url(lesson)).content.decode()
        assert '<del><span class="w-sr-only">Removed: </span>Summary: What this lesson teaches.</del>' in html
        assert (
            '<ins><span class="w-sr-only">Added: </span>Summary: A new summary about the taper.</ins>' in html
        )

    def test_nothing_changed_says_so(self, client, lessons, clinical_reviewer):
        review_live_page(lessons[0], clinical_reviewer, approve=True)
        client.force_login(clinical_reviewer)
        html = client.get(review_url(lessons[0])).content.decode()
        assert "data-no-changes" in html

    def test_request_changes_needs_a_comment(self, client, lessons, clinical_reviewer):
        client.force_login(clinical_reviewer)
        response = client.post(review_url(lessons[0]), {"decision": "request_changes", "note": "  "})
        assert response.status_code == 400
        assert "Say what should change" in response.content.decode()
        assert not ClinicalReview.objects.exists()

    def test_requested_changes_reach_the_editors_on_the_edit_view(
        self, client, lessons, clinical_reviewer, editor
    ):
        lesson = lessons[0]
        client.force_login(clinical_reviewer)
        response = client.post(
            review_url(lesson), {"decision": "request_changes", "note": "Add when to call 911 after a fall."}
        )
        assert response.status_code == 302
        client.force_login(editor)
        html = client.get(edit_url(lesson)).content.decode()
        assert "Ana Ruiz asked for changes" in html and "Add when to call 911 after a fall." in html
        # still waiting for a review; the clock did not restart
        assert not ClinicalReview.objects.approvals().exists()
        client.force_login(clinical_reviewer)
        assert review_url(lesson) in client.get(reverse(QUEUE)).content.decode()
        # once approved, the request is answered and the note goes away
        review_live_page(lesson, clinical_reviewer, approve=True)
        client.force_login(editor)
        assert "asked for changes" not in client.get(edit_url(lesson)).content.decode()

    def test_a_quiz_is_reviewed_the_same_way(self, client, quiz, clinical_reviewer):
        client.force_login(clinical_reviewer)
        html = client.get(review_url(quiz)).content.decode()
        assert "Which is right?" in html and "(right)" in html  # the answer key, for the reviewer
        assert "Quizzes have no Sources block" in html
        response = client.post(review_url(quiz), {"decision": "approve", "note": ""})
        assert response.status_code == 302
        client.logout()
        assert f"Reviewed by Ana Ruiz on {today_words()}." in client.get(quiz.url).content.decode()


@pytest.mark.django_db
class TestReviewingASubmission:
    def test_approving_publishes_it_with_the_stamp(self, client, lessons, editor, clinical_reviewer):
        lesson = lessons[1]
        submit(client, editor, lesson, summary="The submitted summary.")
        client.force_login(clinical_reviewer)
        html = client.get(review_url(lesson)).content.decode()
        assert "Submitted for clinical review" in html and "The submitted summary." in html
        assert "Approve and publish" in html
        response = client.post(review_url(lesson), {"decision": "approve", "note": "Fine."})
        assert response.status_code == 302
        lesson = LessonPage.objects.get(pk=lesson.pk)
        assert lesson.summary == "The submitted summary." and not lesson.has_unpublished_changes
        (review,) = ClinicalReview.objects.filter(page=lesson)
        assert (review.route, review.note, review.revision_id) == (
            "workflow",
            "Fine.",
            lesson.live_revision_id,
        )

    def test_requesting_changes_sends_it_back(self, client, lessons, editor, clinical_reviewer):
        lesson = lessons[1]
        submit(client, editor, lesson, summary="An unsafe summary.")
        client.force_login(clinical_reviewer)
        response = client.post(
            review_url(lesson), {"decision": "request_changes", "note": "Cite the guideline."}
        )
        assert response.status_code == 302
        state = WorkflowState.objects.filter(object_id=str(lesson.pk)).latest("created_at")
        assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
        assert LessonPage.objects.get(pk=lesson.pk).summary != "An unsafe summary."
        assert not ClinicalReview.objects.approvals().exists()


@pytest.mark.django_db
class TestWhoMayDoWhat:
    def test_reviewers_cannot_edit_content(self, client, lessons, clinical_reviewer, editor):
        lesson = lessons[0]
        client.force_login(clinical_reviewer)
        data = lesson_form_data(lesson, SIMPLE_BODY + [SOURCES], summary="Edited by a reviewer.")
        response = client.post(edit_url(lesson), {**data, "action-save-draft": "Save draft"})
        assert response.status_code == 302 and response["Location"] == "/admin/"  # permission denied
        # not even while the lesson waits for their approval, when Wagtail would let them in
        submit(client, editor, lesson, summary="Submitted by the editor.")
        client.force_login(clinical_reviewer)
        assert client.get(edit_url(lesson))["Location"] == review_url(lesson)
        response = client.post(edit_url(lesson), {**data, "action-save-draft": "Save draft"})
        assert response["Location"] == review_url(lesson)
        lesson = LessonPage.objects.get(pk=lesson.pk)
        assert lesson.get_latest_revision_as_object().summary == "Submitted by the editor."
        assert not LessonPage.objects.filter(summary="Edited by a reviewer.").exists()

    def test_editors_cannot_approve(self, client, lessons, editor):
        client.force_login(editor)
        for method in (client.get, client.post):
            response = method(review_url(lessons[0]), {"decision": "approve"})
            assert response.status_code == 302 and response["Location"] == "/admin/"
        assert not ClinicalReview.objects.exists()

    def test_only_clinical_reviewers_stamp_not_even_a_superuser(self, client, lessons, make_user):
        admin = make_user("root", is_superuser=True, is_staff=True)
        client.force_login(admin)
        response = client.post(review_url(lessons[0]), {"decision": "approve"})
        assert response["Location"] == "/admin/"
        with pytest.raises(PermissionDenied):
            review_live_page(lessons[0], admin, approve=True)
        assert not ClinicalReview.objects.exists()

    def test_a_superuser_approving_a_submission_publishes_it_without_a_review(
        self, client, lessons, editor, make_user
    ):
        lesson = lessons[1]
        submit(client, editor, lesson, summary="Approved by an admin.")
        state = WorkflowState.objects.active().get(object_id=str(lesson.pk))
        client.force_login(make_user("root", is_superuser=True, is_staff=True))
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[lesson.pk, "approve", state.current_task_state.pk]
        )
        assert client.post(url, {"comment": ""}).status_code == 302
        assert LessonPage.objects.get(pk=lesson.pk).summary == "Approved by an admin."
        assert not ClinicalReview.objects.exists()  # published, but no clinician reviewed it

    def test_visitors_sign_in_and_counselors_are_refused(self, client, lessons, make_user):
        assert client.get(review_url(lessons[0]))["Location"].startswith("/accounts/login/")
        client.force_login(make_user("counselor", editorial.COUNSELORS))
        assert client.get(review_url(lessons[0])).status_code == 403  # signed in: no loop to sign-in

    def test_reviewers_open_quiz_results_and_reading_level(
        self, client, editable_course, quiz, clinical_reviewer
    ):
        client.force_login(clinical_reviewer)
        report = client.get(reverse("quizzes_report"))
        assert report.status_code == 200 and "Check the first module" in report.content.decode()
        results = client.get(reverse("quizzes_results", args=[quiz.pk]))
        assert results.status_code == 200
        assert edit_url(quiz) not in results.content.decode()  # no link to an editor they cannot open
        reading = client.get(reverse("lessons_reading_level"))
        assert reading.status_code == 200
        lesson = LessonPage.objects.descendant_of(editable_course).first()
        assert review_url(lesson) in reading.content.decode()
        menu = client.get("/admin/").content.decode()
        assert "Quiz results" in menu and "Reading level" in menu and "Review queue" in menu

    def test_every_group_has_the_permissions_it_is_meant_to(self, roles):
        for name, permissions in editorial.GROUP_PERMISSIONS.items():
            held = set(roles[name].permissions.values_list("content_type__app_label", "codename"))
            assert set(permissions) <= held, name


@pytest.mark.django_db
class TestNoPretendReviews:
    def test_loading_the_course_and_the_demo_accounts_stamps_nothing(self, client, seeded_site, settings):
        settings.DEBUG = True
        call_command("create_demo_accounts")
        assert not ClinicalReview.objects.exists()
        lesson = LessonPage.objects.get(url_path__endswith="/how-long-withdrawal-lasts/")
        assert "Not yet reviewed by a clinician." in client.get(lesson.url).content.decode()


@pytest.mark.django_db
class TestTheRecord:
    def test_each_review_is_in_the_audit_log_and_site_history(
        self, client, lessons, clinical_reviewer, make_user
    ):
        review_live_page(lessons[0], clinical_reviewer, approve=True, note="Matches the guideline.")
        entry = PageLogEntry.objects.get(action=LOG_APPROVED)
        assert (entry.page_id, entry.user) == (lessons[0].pk, clinical_reviewer)
        client.force_login(make_user("root", is_superuser=True, is_staff=True))
        url = reverse("wagtailadmin_reports:site_history")
        html = client.get(url, {"action": LOG_APPROVED, "user": clinical_reviewer.pk}).content.decode()
        assert "Approved as clinically reviewed by Ana Ruiz. Note: Matches the guideline." in html
        assert "Clinical review: approved" in html  # the action filter's label

    def test_the_history_exports_as_csv_and_filters_by_reviewer(
        self, client, lessons, clinical_reviewer, make_user
    ):
        review_live_page(lessons[0], clinical_reviewer, approve=True, note="Matches the guideline.")
        other = make_user("ben", editorial.CLINICAL_REVIEWERS, display_name="Ben Okafor")
        review_live_page(lessons[1], other, approve=False, note="Add a source.")
        client.force_login(clinical_reviewer)
        response = client.get(reverse("lessons_review_history"), {"export": "csv"})
        assert response.status_code == 200
        lines = b"".join(response.streaming_content).decode().splitlines()
        assert lines[0].startswith("Reviewed at,Page ID,Page,Page path,Version (revision ID),Reviewer")
        assert len(lines) == 3
        assert any(
            "Ana Ruiz" in line and "Approved as reviewed" in line and "Matches the guideline." in line
            for line in lines
        )
        filtered = client.get(reverse("lessons_review_history"), {"user": other.pk}).content.decode()
        assert "Ben Okafor" in filtered and lessons[1].title in filtered
        assert "Matches the guideline." not in filtered

    def test_editors_cannot_open_the_history(self, client, lessons, editor):
        client.force_login(editor)
        assert client.get(reverse("lessons_review_history")).status_code == 302


@pytest.mark.django_db
class TestTheEditorsSide:
    def test_submit_for_clinical_review_is_the_main_button(self, client, lessons, editor):
        client.force_login(editor)
        html = client.get(edit_url(lessons[0])).content.decode()
        footer = html[html.index("<footer") :]
        assert footer.index("Submit for clinical review") < footer.index("Save draft")
        assert "data-w-autosave-interval-value" not in html  # drafts change only when the editor says

    def test_a_new_lesson_is_submitted_the_same_way(self, client, lessons, editor):
        client.force_login(editor)
        module = lessons[0].get_parent()
        url = reverse("wagtailadmin_pages:add", args=["lessons", "lessonpage", module.pk])
        html = client.get(url).content.decode()
        footer = html[html.index("<footer") :]
        assert footer.index("Submit for clinical review") < footer.index("Save draft")

    def test_the_confirmation_uses_the_sites_words(self, client, lessons, editor):
        response = submit(client, editor, lessons[0], summary="Changed.")
        html = client.get(response["Location"]).content.decode()
        assert "has been submitted for clinical review" in html
        assert "moderation" not in html.lower()

    def test_a_refused_submission_keeps_the_previous_draft(self, client, lessons, editor):
        lesson = lessons[0]
        before = lesson.latest_revision_id
        client.force_login(editor)
        data = lesson_form_data(lesson, SIMPLE_BODY + [CALL_911], summary="Refused summary.")
        response = client.post(edit_url(lesson), {**data, "action-submit": "Submit for clinical review"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "The page could not be saved due to validation errors" in html
        assert "Refused summary." in html  # the editor's changes are still in the form to fix
        lesson = LessonPage.objects.get(pk=lesson.pk)
        assert lesson.latest_revision_id == before
        assert not WorkflowState.objects.active().filter(object_id=str(lesson.pk)).exists()
