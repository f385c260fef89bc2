"""Admin registrations for the lessons app: snippets, reports, the clinical review queue and
view, the editor's "Submit for clinical review" action, audit log actions, the dashboard panel
and the content checker in the userbar."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import SubmitForModerationMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from coursesite.second_factor import can_use_admin
from home.panels import TranslationsBehindPanel

from .admin_views import ReviewPageView
from .models import GlossaryTerm, LessonPage, Reviewer
from .progress import visit_lesson
from .reports import (
    ReadingLevelReportView,
    ReviewDuePanel,
    ReviewDueReportView,
    ReviewHistoryReportView,
)
from .review import (
    LOG_APPROVED,
    LOG_CHANGES_REQUESTED,
    document_is_reviewed,
    edits_only_through_workflow,
    is_clinical_reviewer,
    open_change_request,
)


class ReviewerViewSet(SnippetViewSet):
    model = Reviewer
    icon = "user"
    menu_label = _("Clinical reviewers")
    list_display = ["name", "credentials", "user"]
    search_fields = ["name"]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    menu_label = _("Glossary")
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["term", "definition"]
    search_fields = ["term", "definition", "other_forms"]
    search_backend_name = None  # a short list: plain database search is enough


register_snippet(ReviewerViewSet)
register_snippet(GlossaryTermViewSet)


@hooks.register("before_serve_document")
def documents_public_only_after_review(document, request):
    """An editor's upload is served to the public only once a published (so clinically
    reviewed) page uses it; editors and reviewers can always open it."""
    if request.user.is_authenticated and can_use_admin(request.user):
        return None
    if document_is_reviewed(document):
        return None
    raise Http404("No such document.")


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/review-due/", ReviewDueReportView.as_view(), name="lessons_review_due"),
        path(
            "reports/review-due/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="lessons_review_due_results",
        ),
        path("clinical-review/<int:page_id>/", ReviewPageView.as_view(), name="lessons_review_page"),
        path("reports/clinical-reviews/", ReviewHistoryReportView.as_view(), name="lessons_review_history"),
        path(
            "reports/clinical-reviews/results/",
            ReviewHistoryReportView.as_view(results_only=True),
            name="lessons_review_history_results",
        ),
        path("reports/reading-level/", ReadingLevelReportView.as_view(), name="lessons_reading_level"),
        path(
            "reports/reading-level/results/",
            ReadingLevelReportView.as_view(results_only=True),
            name="lessons_reading_level_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_due_menu_item():
    return MenuItem(_("Clinical review queue"), reverse("lessons_review_due"), icon_name="time", order=100)


class ReviewHistoryMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("lessons.view_clinicalreview")


@hooks.register("register_reports_menu_item")
def register_review_history_menu_item():
    return ReviewHistoryMenuItem(
        _("Clinical review history"), reverse("lessons_review_history"), icon_name="history", order=105
    )


class ReviewQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return is_clinical_reviewer(request.user)


@hooks.register("register_admin_menu_item")
def register_review_queue_menu_item():
    """Clinical reviewers have no Pages menu: their work starts from the queue."""
    return ReviewQueueMenuItem(_("Review queue"), reverse("lessons_review_due"), icon_name="tasks", order=150)


@hooks.register("register_log_actions")
def register_clinical_review_log_actions(actions):
    """Clinical reviews in the audit log (Reports > Site history, filter "Action")."""

    @actions.register_action(LOG_APPROVED)
    class ClinicalReviewApproved(LogFormatter):
        label = _("Clinical review: approved")

        def format_message(self, log_entry):
            names = {
                "reviewer": log_entry.data.get("reviewer", gettext("a clinician")),
                "note": log_entry.data.get("note"),
            }
            if names["note"]:
                return gettext("Approved as clinically reviewed by %(reviewer)s. Note: %(note)s") % names
            return gettext("Approved as clinically reviewed by %(reviewer)s") % names

    @actions.register_action(LOG_CHANGES_REQUESTED)
    class ClinicalReviewChangesRequested(LogFormatter):
        label = _("Clinical review: changes requested")

        def format_message(self, log_entry):
            names = {
                "reviewer": log_entry.data.get("reviewer", gettext("a clinician")),
                "note": log_entry.data.get("note", ""),
            }
            return gettext("Changes requested by %(reviewer)s: %(note)s") % names


class SubmitForClinicalReviewMenuItem(SubmitForModerationMenuItem):
    """Wagtail's "Submit to <workflow>" in this site's words."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        state = page.current_workflow_state if page is not None and page.pk else None
        resubmit = state is not None and state.status == state.STATUS_NEEDS_CHANGES
        context["label"] = (
            gettext("Resubmit for clinical review") if resubmit else gettext("Submit for clinical review")
        )
        return context


@hooks.register("construct_page_action_menu")
def submit_for_clinical_review_first(menu_items, request, context):
    """For people who cannot publish (editors), sending a change for clinical review is the main
    button of the page editor; "Save draft" moves under the arrow."""
    for index, item in enumerate(menu_items):
        if isinstance(item, SubmitForModerationMenuItem):
            submit = SubmitForClinicalReviewMenuItem(order=item.order)
            menu_items.pop(index)
            can_publish = any(getattr(other, "name", "") == "action-publish" for other in menu_items)
            menu_items.insert(index if can_publish else 0, submit)
            return


@hooks.register("before_edit_page")
def review_instead_of_editing(request, page):
    """Clinical reviewers review pages, they do not edit them: Wagtail would let them into the
    editor of a page waiting for their approval; they go to its review view instead. Editors
    opening a page see a clinical reviewer's open request for changes."""
    if is_clinical_reviewer(request.user) and edits_only_through_workflow(request.user, page):
        return redirect("lessons_review_page", page.pk)
    if request.method == "GET":
        change = open_change_request(page)
        if change is not None:
            names = {
                "reviewer": change.signed,
                "date": date_format(change.reviewed_on, "MONTH_DAY_FORMAT"),
                "note": change.note,
            }
            messages.warning(
                request,
                gettext(
                    "Clinical review: %(reviewer)s asked for changes on %(date)s: “%(note)s”. "
                    "Make them, then submit for clinical review."
                )
                % names,
            )


@hooks.register("register_reports_menu_item")
def register_reading_level_menu_item():
    return MenuItem(_("Reading level"), reverse("lessons_reading_level"), icon_name="doc-full", order=110)


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    panels.append(ReviewDuePanel())
    panels.append(TranslationsBehindPanel())


class CourseContentChecker(ContentCheckerItem):
    """Wagtail's content checker (axe, in the userbar and the editor's Checks panel), run on the
    page's main content with the rules editors can act on: image alt text, heading order, and
    names for links and buttons."""

    axe_include = ["main"]
    axe_run_only = [
        "image-alt",
        "alt-text-quality",
        "image-redundant-alt",
        "role-img-alt",
        "heading-order",
        "empty-heading",
        "p-as-heading",
        "link-name",
        "button-name",
        "input-button-name",
        "empty-table-header",
        "frame-title",
        "empty-meta-description",
    ]
    axe_messages = {
        **ContentCheckerItem.axe_messages,
        "image-alt": {
            "error_name": _("Image has no alt text"),
            "help_text": _("Describe what the image shows for people who cannot see it"),
        },
        "image-redundant-alt": {
            "error_name": _("Alt text repeats the text around it"),
            "help_text": _("Say what the image adds instead"),
        },
        "role-img-alt": {
            "error_name": _("Image has no text alternative"),
            "help_text": _("Describe what the image shows for people who cannot see it"),
        },
    }


@hooks.register("construct_wagtail_userbar")
def use_course_content_checker(request, items, page):
    for index, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, CourseContentChecker):
            items[index] = CourseContentChecker(in_editor=item.in_editor)


@hooks.register("before_serve_page")
def note_lesson_visit(page, request, serve_args, serve_kwargs):
    """Opening a lesson records the reader's progress before the page renders it."""
    if isinstance(page, LessonPage):
        request.lesson_visit = visit_lesson(request, page)
