"""Quiz results for editors in the Wagtail admin: a report listing quizzes, and one page per quiz.

Users who may edit or publish the quiz page (editors, admins) see them, and users allowed to view
quiz attempts (clinical reviewers, who review quizzes without editing them) see every quiz's.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.pages import PagePermissionPolicy

from .analytics import quiz_analytics, quizzes_overview
from .models import QuizPage

EDIT_ACTIONS = ["change", "publish"]
VIEW_ALL_RESULTS = "quizzes.view_quizattempt"
quiz_policy = PagePermissionPolicy(QuizPage)


def can_see_quiz_results(user, quiz=None):
    """May this user see quiz results: of any quiz, or of this one?"""
    if user.is_active and user.has_perm(VIEW_ALL_RESULTS):
        return True
    if quiz is None:
        return quiz_policy.user_has_any_permission(user, EDIT_ACTIONS)
    return quiz_policy.user_has_any_permission_for_instance(user, EDIT_ACTIONS, quiz)


class QuizReportView(WagtailAdminTemplateMixin, TemplateView):
    """Every quiz the user may edit, with its attempts and pass rate."""

    template_name = "quizzes/admin/quiz_report.html"
    page_title = _("Quiz results")
    header_icon = "help"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_quiz_results(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if user.has_perm(VIEW_ALL_RESULTS):
            visible = QuizPage.objects.all()
        else:
            visible = quiz_policy.instances_user_has_any_permission_for(user, EDIT_ACTIONS)
        context["quizzes"] = quizzes_overview(visible)
        return context


class QuizResultsView(WagtailAdminTemplateMixin, TemplateView):
    """One quiz: attempts, pass rate, and per question % right and the most chosen wrong answer."""

    template_name = "quizzes/admin/quiz_results.html"
    header_icon = "help"

    def dispatch(self, request, *args, **kwargs):
        self.quiz = get_object_or_404(QuizPage, pk=kwargs["quiz_id"])
        if not can_see_quiz_results(request.user, self.quiz):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Results: %(title)s") % {"title": self.quiz.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("quizzes_report"), "label": gettext("Quiz results")},
            {"url": "", "label": self.quiz.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quiz"] = self.quiz
        context["can_edit"] = self.quiz.permissions_for_user(self.request.user).can_edit()
        context["figures"] = quiz_analytics(self.quiz, self.request)
        return context
