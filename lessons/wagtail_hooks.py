"""Admin registrations for the lessons app: snippets, reports, the dashboard panel and the
content checker in the userbar."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import GlossaryTerm, LessonPage, Reviewer
from .progress import visit_lesson
from .reports import ReadingLevelReportView, ReviewDuePanel, ReviewDueReportView


class ReviewerViewSet(SnippetViewSet):
    model = Reviewer
    icon = "user"
    menu_label = "Clinical reviewers"
    list_display = ["name", "credentials", "user"]
    search_fields = ["name"]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "help"
    menu_label = "Glossary"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["term", "definition"]
    search_fields = ["term", "definition", "other_forms"]
    search_backend_name = None  # a short list: plain database search is enough


register_snippet(ReviewerViewSet)
register_snippet(GlossaryTermViewSet)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/review-due/", ReviewDueReportView.as_view(), name="lessons_review_due"),
        path(
            "reports/review-due/results/",
            ReviewDueReportView.as_view(results_only=True),
            name="lessons_review_due_results",
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
    return MenuItem("Due for clinical review", reverse("lessons_review_due"), icon_name="time", order=100)


@hooks.register("register_reports_menu_item")
def register_reading_level_menu_item():
    return MenuItem("Reading level", reverse("lessons_reading_level"), icon_name="doc-full", order=110)


@hooks.register("construct_homepage_panels")
def add_review_due_panel(request, panels):
    panels.append(ReviewDuePanel())


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
            "error_name": "Image has no alt text",
            "help_text": "Describe what the image shows for people who cannot see it",
        },
        "image-redundant-alt": {
            "error_name": "Alt text repeats the text around it",
            "help_text": "Say what the image adds instead",
        },
        "role-img-alt": {
            "error_name": "Image has no text alternative",
            "help_text": "Describe what the image shows for people who cannot see it",
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
