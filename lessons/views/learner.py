"""Learner views of the course: mark a lesson complete, certificates.

Views are thin: they parse input, call the rules in lessons.progress and
lessons.completion, and render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coursesite import throttle

from ..completion import certificate_after
from ..models import Certificate, LessonPage
from ..progress import progress_for


def _safe_next(request, fallback):
    target = (request.POST if request.method == "POST" else request.GET).get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@never_cache
@require_http_methods(["GET", "POST"])
def complete_lesson(request, lesson_id):
    """Mark a lesson complete for the learner (account or, for visitors, session).

    GET asks first: the shared lesson page (one copy for every visitor without a session) has
    no CSRF token, so its button leads here, to a form with this visitor's own token."""
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=lesson_id)
    if request.method == "GET":
        context = {"lesson": lesson, "next": _safe_next(request, lesson.url)}
        return TemplateResponse(request, "lessons/complete_lesson.html", context)
    store = progress_for(request)
    newly_done = store.complete(lesson)
    if store.is_saved_to_account:
        if newly_done and certificate_after(request.user, lesson):
            messages.success(
                request, gettext("You finished the whole course. Your certificate is on My learning.")
            )
        messages.success(request, gettext("“%(title)s” is marked complete.") % {"title": lesson.title})
    else:
        messages.success(
            request,
            format_html(
                gettext(
                    "“{title}” is marked complete on this device. "
                    '<a href="{signup_url}">Create a free account</a> to keep your progress.'
                ),
                title=lesson.title,
                signup_url=reverse("account_signup"),
            ),
        )
    return HttpResponseRedirect(_safe_next(request, lesson.url))


@never_cache
@login_required
@require_GET
def certificate_detail(request, code):
    """The learner's own printable certificate."""
    certificate = get_object_or_404(
        Certificate.objects.select_related("course"), code=code, user=request.user
    )
    return TemplateResponse(request, "lessons/certificate.html", {"certificate": certificate})


@require_GET
def certificate_verify(request, code):
    """Public check of a certificate code: valid or not, the course and the date, nothing else.
    Unknown codes are counted per client (coursesite.throttle), so codes cannot be guessed."""
    if throttle.is_blocked(request, "certificate_code"):
        return throttle.too_many(request)
    certificate = Certificate.objects.select_related("course").filter(code=code.upper()[:20]).first()
    if certificate is None:
        throttle.record_miss(request, "certificate_code")
    status = 200 if certificate else 404
    return TemplateResponse(
        request,
        "lessons/certificate_verify.html",
        {"certificate": certificate, "code": code[:20]},
        status=status,
    )
