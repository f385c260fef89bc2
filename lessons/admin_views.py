"""The clinical reviewer's review view: read a lesson or quiz, then approve it as reviewed or
request changes, without editing it. The rules are in lessons.review; this parses the form,
calls them and says what happened."""

from django import forms
from django.apps import apps
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from .glossary import GlossaryMarker
from .models import LessonPage
from .readability import TARGET_GRADE
from .review import (
    decide_submission,
    interval_months,
    is_clinical_reviewer,
    page_review_state,
    review_live_page,
    submission_task_state,
)
from .review_diff import review_material

APPROVE = "approve"
REQUEST_CHANGES = "request_changes"


def reviewable_models():
    return (LessonPage, apps.get_model("quizzes", "QuizPage"))


class ReviewForm(forms.Form):
    """The reviewer's decision and their note (required when they ask for changes)."""

    decision = forms.ChoiceField(choices=[(APPROVE, _("Approve")), (REQUEST_CHANGES, _("Request changes"))])
    note = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Note for the editors"),
        help_text=_("Optional when you approve. When you request changes, say what should change and why."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == REQUEST_CHANGES and not cleaned.get("note", "").strip():
            self.add_error("note", gettext("Say what should change, so the editors know what to do."))
        return cleaned


@method_decorator(never_cache, name="dispatch")
class ReviewPageView(WagtailAdminTemplateMixin, TemplateView):
    """GET: the page under review. POST: the reviewer's decision."""

    template_name = "lessons/admin/review_page.html"
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not is_clinical_reviewer(request.user):
            return permission_denied(request)
        self.page = get_object_or_404(Page, pk=kwargs["page_id"]).specific
        if not isinstance(self.page, reviewable_models()):
            raise Http404("Only lessons and quizzes are clinically reviewed.")
        self.task_state = submission_task_state(self.page, request.user)
        if self.task_state is None and not self.page.live:
            raise Http404("This page is neither published nor submitted for clinical review.")
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Review: %(title)s") % {"title": self.page.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("lessons_review_due"), "label": gettext("Clinical review queue")},
            {"url": "", "label": self.page.title},
        ]

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        submitted = self.task_state is not None
        material = review_material(self.page, submitted)
        context.update(
            page=self.page,
            submitted=submitted,
            material=material,
            state=page_review_state(self.page, material.last_approval),
            interval_months=interval_months(self.page),
            target_grade=TARGET_GRADE,
            is_quiz=not isinstance(self.page, LessonPage),
            body_html=None
            if not isinstance(self.page, LessonPage)
            else material.version.body.render_as_block(context={"glossary": GlossaryMarker()}),
            answer_key=material.version.answer_key(self.request)
            if not isinstance(self.page, LessonPage)
            else None,
            form=form or ReviewForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        approve = form.cleaned_data["decision"] == APPROVE
        note = form.cleaned_data["note"]
        title = self.page.title
        if self.task_state is not None:
            decide_submission(self.page, request.user, approve, note)
            if approve:
                messages.success(
                    request,
                    gettext("Approved: “%(title)s” is published with your clinical review.")
                    % {"title": title},
                )
            else:
                messages.success(
                    request,
                    gettext(
                        "Sent back to the editors with your comment. "
                        "Families keep seeing the published “%(title)s”."
                    )
                    % {"title": title},
                )
        elif approve:
            review = review_live_page(self.page, request.user, approve=True, note=note)
            due_on = page_review_state(self.page, review).due_on
            messages.success(
                request,
                gettext(
                    "Recorded: you reviewed “%(title)s” on %(reviewed_on)s. "
                    "The page now shows your review; its content was not changed. "
                    "Next review due %(due_on)s."
                )
                % {
                    "title": title,
                    "reviewed_on": date_format(review.reviewed_on, "MONTH_DAY_FORMAT"),
                    "due_on": date_format(due_on, gettext("F j, Y")),
                },
            )
        else:
            review_live_page(self.page, request.user, approve=False, note=note)
            messages.success(
                request,
                gettext(
                    "Your request for changes is shown to the editors on “%(title)s”'s edit page. "
                    "Families keep seeing the page as it is."
                )
                % {"title": title},
            )
        return redirect("lessons_review_due")
