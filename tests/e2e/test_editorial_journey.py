"""Journey 4 (issues 7 and 18), in a real browser: the editor submits a change for clinical
review and the clinical reviewer approves it from the review queue; the reviewer reviews a
never-reviewed lesson without editing it, and the public page shows the stamp; a submission
refused for a missing Sources block leaves the previous draft."""

import re

import pytest
from django.utils import timezone
from wagtail.models import Revision

from accounts.management.commands.create_demo_accounts import DEMO_ACCOUNTS
from lessons.models import ClinicalReview, LessonPage
from tests.e2e.conftest import ARTIFACTS, axe_violations, screenshot
from tests.factories import UserFactory

LESSON_PATH = "/klonopin-withdrawal/withdrawal-risks/how-long-withdrawal-lasts/"
NEW_SUMMARY = "How long withdrawal can last, and when to call the prescriber: checked by a clinician."


def demo_account(username, roles):
    """The account as `create_demo_accounts` makes it (that command only runs with DEBUG on)."""
    _, email, password, display_name, groups, _ = next(a for a in DEMO_ACCOUNTS if a[0] == username)
    user = UserFactory(username=username, email=email, display_name=display_name, password=password)
    user.is_staff = True
    user.save()
    user.groups.add(*(roles[name] for name in groups))
    return user, email, password


def log_in(page, base_url, email, password):
    """/admin/login/ goes through the site's (allauth) login, by email; test settings do not
    ask staff for the second factor (tests/home/test_staff_mfa.py covers it)."""
    page.goto(f"{base_url}/accounts/login/?next=/admin/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(f"{base_url}/admin/")


def stamp_for_today():
    today = timezone.localdate()
    return f"Reviewed by Demo reviewer on {today:%B} {today.day}, {today.year}."


def open_review_from_queue(page, lesson_title, link_name):
    """Menu "Review queue", then the lesson's one action in its row."""
    with page.expect_navigation():
        page.get_by_role("link", name="Review queue", exact=True).click()
    page.get_by_role("heading", name="Clinical review queue").wait_for()
    row = page.locator("tr", has_text=lesson_title)
    with page.expect_navigation():
        # named for screen readers with the row's title ("Review: When to call 911")
        row.get_by_role("link", name=re.compile(rf"^{link_name}\s*: {re.escape(lesson_title)}$")).click()
    page.wait_for_selector("[data-clinical-review]")


@pytest.fixture
def contexts(browser):
    made = {}

    def make(name, width=1280, height=900):
        made[name] = browser.new_context(viewport={"width": width, "height": height}).new_page()
        return made[name]

    yield make
    for page in made.values():
        page.context.close()


def fail_screens(pages, name):
    for role, page in pages.items():
        screenshot(page, f"FAILED-{name}-{role}")


@pytest.mark.django_db(transaction=True)
def test_editor_submits_reviewer_approves_from_the_queue(live_server, seeded_site, roles, contexts):
    lesson = LessonPage.objects.get(url_path__endswith="/how-long-withdrawal-lasts/")
    _, *editor = demo_account("editor", roles)
    _, *reviewer = demo_account("reviewer", roles)
    pages = {
        "editor": contexts("editor"),
        "reviewer": contexts("reviewer"),
        "visitor": contexts("visitor", 375, 800),
    }
    try:
        editor_page = pages["editor"]
        log_in(editor_page, live_server.url, *editor)
        editor_page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
        assert "Reading grade" in editor_page.content()
        editor_page.fill("#id_summary", NEW_SUMMARY)
        # the main button of the editor, not hidden behind the arrow
        with editor_page.expect_navigation():
            editor_page.get_by_role("button", name="Submit for clinical review", exact=True).click()
        editor_page.wait_for_selector("text=has been submitted for clinical review")
        assert "moderation" not in editor_page.content().lower()
        screenshot(editor_page, "editor-submitted-1280")

        pages["visitor"].goto(live_server.url + LESSON_PATH)
        assert NEW_SUMMARY not in pages["visitor"].content()  # not live before a clinician approves

        reviewer_page = pages["reviewer"]
        log_in(reviewer_page, live_server.url, *reviewer)
        open_review_from_queue(reviewer_page, lesson.title, "Review submission")
        assert NEW_SUMMARY in reviewer_page.content()  # the submitted version, with what changed
        with reviewer_page.expect_navigation():
            reviewer_page.get_by_role("button", name="Approve and publish").click()
        reviewer_page.wait_for_selector("text=is published with your clinical review")
        screenshot(reviewer_page, "reviewer-approved-1280")

        pages["visitor"].goto(live_server.url + LESSON_PATH)
        assert pages["visitor"].locator(".lead").inner_text() == NEW_SUMMARY
        assert stamp_for_today() in pages["visitor"].content()
        screenshot(pages["visitor"], "lesson-after-review-375")
    except Exception:
        fail_screens(pages, "editorial-journey")
        raise


@pytest.mark.django_db(transaction=True)
def test_reviewer_reviews_a_never_reviewed_lesson_without_editing_it(
    live_server, seeded_site, roles, contexts
):
    lesson = LessonPage.objects.get(url_path__endswith="/when-to-call-911/")
    revisions = Revision.page_revisions.filter(object_id=str(lesson.pk)).count()
    live_revision = lesson.live_revision_id
    reviewer_user, *reviewer = demo_account("reviewer", roles)
    pages = {"reviewer": contexts("reviewer"), "visitor": contexts("visitor", 375, 800)}
    try:
        pages["visitor"].goto(live_server.url + lesson.url)
        assert "Not yet reviewed by a clinician." in pages["visitor"].content()

        page = pages["reviewer"]
        log_in(page, live_server.url, *reviewer)
        open_review_from_queue(page, lesson.title, "Review")
        assert "Never reviewed by a clinician" in page.content()
        assert page.locator("[data-reading-grade]").is_visible()
        assert page.locator("[data-review-sources] li").count() >= 1
        screenshot(page, "review-view-1280")
        page.locator(".clinical-review__decision").screenshot(
            path=str(ARTIFACTS / "review-view-decision-1280.png")
        )
        problems = axe_violations(page)
        assert problems == [], problems

        page.get_by_label("Note for the editors").fill("Checked against the CDC and FDA pages.")
        with page.expect_navigation():
            page.get_by_role("button", name="Approve as reviewed").click()
        page.wait_for_selector(f"text=Recorded: you reviewed “{lesson.title}”")
        assert page.locator("tr", has_text=lesson.title).count() == 0  # off the queue

        pages["visitor"].goto(live_server.url + lesson.url)
        assert stamp_for_today() in pages["visitor"].content()
        screenshot(pages["visitor"], "lesson-reviewed-from-queue-375")

        lesson = LessonPage.objects.get(pk=lesson.pk)
        assert Revision.page_revisions.filter(object_id=str(lesson.pk)).count() == revisions
        assert lesson.live_revision_id == live_revision and not lesson.has_unpublished_changes
        review = ClinicalReview.objects.get(page=lesson)
        assert (review.user, review.note) == (reviewer_user, "Checked against the CDC and FDA pages.")
    except Exception:
        fail_screens(pages, "review-from-queue")
        raise


@pytest.mark.django_db(transaction=True)
def test_a_refused_submission_leaves_the_previous_draft(live_server, seeded_site, roles, contexts):
    lesson = LessonPage.objects.get(url_path__endswith="/signs-of-withdrawal/")
    editor_user, *editor = demo_account("editor", roles)
    # an earlier draft of the editor's, saved without its Sources block (drafts may be)
    draft = lesson.get_latest_revision_as_object()
    draft.body = [(block.block_type, block.value) for block in draft.body if block.block_type != "sources"]
    draft.summary = "The draft saved yesterday."
    previous = draft.save_revision(user=editor_user)
    page = contexts("editor")
    try:
        log_in(page, live_server.url, *editor)
        page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
        page.fill("#id_summary", "A change that cannot go for review yet.")
        page.wait_for_timeout(1500)  # time enough for an autosave, if there were one
        with page.expect_navigation():
            page.get_by_role("button", name="Submit for clinical review", exact=True).click()
        page.wait_for_selector("text=The page could not be saved due to validation errors")
        assert "so it needs a Sources block" in page.content()
        assert page.input_value("#id_summary") == "A change that cannot go for review yet."  # nothing lost
        screenshot(page, "editor-submission-refused-1280")

        lesson = LessonPage.objects.get(pk=lesson.pk)
        assert lesson.latest_revision_id == previous.pk
        assert lesson.get_latest_revision_as_object().summary == "The draft saved yesterday."
        page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
        assert page.input_value("#id_summary") == "The draft saved yesterday."
    except Exception:
        fail_screens({"editor": page}, "refused-submission")
        raise
