"""Admin wiring for quizzes: the results report (Reports menu) and a button on each quiz page."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from .admin_views import QuizReportView, QuizResultsView, can_see_quiz_results
from .models import QuizPage


@hooks.register("register_admin_urls")
def register_quiz_results_urls():
    return [
        path("quiz-results/", QuizReportView.as_view(), name="quizzes_report"),
        path("quiz-results/<int:quiz_id>/", QuizResultsView.as_view(), name="quizzes_results"),
    ]


class QuizResultsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_quiz_results(request.user)


@hooks.register("register_reports_menu_item")
def register_quiz_results_menu_item():
    return QuizResultsMenuItem(
        _("Quiz results"), reverse("quizzes_report"), name="quiz-results", icon_name="help", order=1300
    )


class QuizResultsButton(PageMenuItem):
    label = _("Quiz results")
    icon_name = "help"

    def __init__(self, *, page, priority, **kwargs):
        super().__init__(page=page, priority=priority, url=reverse("quizzes_results", args=[page.pk]))


def _quiz_results_button(page, user, priority):
    page_class = page.specific_class
    if page_class is not None and issubclass(page_class, QuizPage) and can_see_quiz_results(user, page):
        yield QuizResultsButton(page=page, priority=priority)


@hooks.register("register_page_header_buttons")
def quiz_results_header_button(page, user, view_name, next_url=None):
    yield from _quiz_results_button(page, user, priority=66)


@hooks.register("register_page_listing_more_buttons")
def quiz_results_listing_button(page, user, next_url=None):
    yield from _quiz_results_button(page, user, priority=55)
