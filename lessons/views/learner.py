"""Learner views: mark complete, My learning, certificates, own-data export and deletion.

Views are thin: they parse input, call the rules in lessons.progress, and render.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from home.caching import keep_for_learner

from ..circles import JoinRefused, circle_by_code, circle_by_token, join, learner_assignments, leave
from ..forms import DeleteAccountForm, JoinCodeForm, JoinForm
from ..learner_data import delete_learner, export_learner_data
from ..models import AccessLog, Certificate, CircleMembership, CoursePage, LearnerPreferences, LessonPage
from ..progress import course_progress, issue_certificate_if_complete, pending_updates, progress_for


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
    store.complete(lesson)
    if store.is_saved_to_account:
        course = CoursePage.objects.ancestor_of(lesson).live().first()
        if course and issue_certificate_if_complete(request.user, course_progress(store, course)):
            messages.success(request, "You finished the whole course. Your certificate is on My learning.")
        messages.success(request, f"“{lesson.title}” is marked complete.")
    else:
        messages.success(
            request,
            f"“{lesson.title}” is marked complete on this device. "
            "Create a free account to keep your progress.",
        )
    return HttpResponseRedirect(_safe_next(request, lesson.url))


@never_cache
@require_GET
def dashboard(request):
    """My learning: progress per module, where to continue, certificates."""
    store = progress_for(request)
    courses = [
        course_progress(store, course) for course in CoursePage.objects.live().public().order_by("path")
    ]
    certificates = {}
    if request.user.is_authenticated:
        certificates = {c.course_id: c for c in Certificate.objects.filter(user=request.user)}
    for progress in courses:
        progress.certificate = certificates.get(progress.course.pk)
    context = {"courses": courses, "store": store}
    if request.user.is_authenticated:
        module_complete = {m.module.pk: m.complete for progress in courses for m in progress.modules}
        context.update(
            lesson_updates=pending_updates(request.user),
            assignments=learner_assignments(request.user, module_complete),
            memberships=CircleMembership.objects.filter(user=request.user).select_related(
                "circle__counselor"
            ),
            access_logs=AccessLog.objects.filter(learner=request.user)[:20],
            preferences=LearnerPreferences.objects.filter(user=request.user).first() or LearnerPreferences(),
        )
    response = TemplateResponse(request, "lessons/dashboard.html", context)
    return keep_for_learner(response) if request.user.is_authenticated else response


@never_cache
@require_http_methods(["GET", "POST"])
def join_circle(request, token):
    """The consent screen: exactly what the counselor will see; joining only on confirmation."""
    circle = circle_by_token(token)
    form = JoinForm(request.POST if request.method == "POST" else None)
    context = {"circle": circle, "form": form, "problem": circle.invite_problem()}
    if request.user.is_authenticated:
        context["already"] = CircleMembership.objects.filter(circle=circle, user=request.user).exists()
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if form.is_valid():
            try:
                join(circle, request.user, share_email=form.cleaned_data["share_email"])
            except JoinRefused as refusal:
                context["problem"] = str(refusal)
                return TemplateResponse(request, "lessons/join_circle.html", context, status=409)
            messages.success(
                request, f"You joined {circle.counselor.first_name or 'the counselor'}'s circle."
            )
            return redirect("dashboard")
    status = 410 if context["problem"] else 200
    return TemplateResponse(request, "lessons/join_circle.html", context, status=status)


@require_http_methods(["GET", "POST"])
def join_by_code(request):
    """Type the short code a counselor read out; it leads to the same consent screen."""
    form = JoinCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        circle = circle_by_code(form.cleaned_data["code"])
        if circle is not None:
            return redirect("join_circle", token=circle.join_token)
        form.add_error("code", "We could not find a circle with that code. Check it with your counselor.")
    status = 400 if form.errors else 200
    return TemplateResponse(request, "lessons/join_code.html", {"form": form}, status=status)


@login_required
@require_POST
def leave_circle(request, membership_id):
    if leave(request.user, membership_id):
        messages.success(request, "You left the circle. The counselor can no longer see your progress.")
    return redirect("dashboard")


@login_required
@require_POST
def set_reminders(request):
    enabled = request.POST.get("email_reminders") == "on"
    LearnerPreferences.objects.update_or_create(user=request.user, defaults={"email_reminders": enabled})
    messages.success(request, "Reminder emails are on." if enabled else "Reminder emails are off.")
    return redirect("dashboard")


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
    """Public check of a certificate code: valid or not, the course and the date, nothing else."""
    certificate = Certificate.objects.select_related("course").filter(code=code.upper()[:20]).first()
    status = 200 if certificate else 404
    return TemplateResponse(
        request,
        "lessons/certificate_verify.html",
        {"certificate": certificate, "code": code[:20]},
        status=status,
    )


@never_cache
@login_required
@require_GET
def export_data(request):
    """Download everything stored about the learner, as JSON."""
    response = JsonResponse(export_learner_data(request.user), json_dumps_params={"indent": 2})
    filename = f"my-learning-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Delete the account and all personal data, after the learner confirms with their password."""
    form = DeleteAccountForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_learner(user)
        messages.success(request, "Your account and everything stored about you have been deleted.")
        return redirect("/")
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "lessons/delete_account.html", {"form": form}, status=status)
