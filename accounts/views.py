"""The learner's own area: My learning, reminder emails, their data export and deleting the
account. Views are thin: progress comes from lessons.progress, circles from circles.rules,
the export from accounts.export."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from circles.models import AccessLog
from circles.rules import learner_assignments, learner_circles
from home.languages import source_id
from lessons.completion import course_progress, live_courses
from lessons.models import Certificate
from lessons.progress import pending_updates, progress_for

from .export import delete_learner, export_learner_data
from .forms import DeleteAccountForm


@never_cache
@require_GET
def dashboard(request):
    """My learning: progress per module, where to continue, certificates."""
    store = progress_for(request)
    courses = [course_progress(store, course, request) for course in live_courses(request)]
    certificates = {}
    if request.user.is_authenticated:
        certificates = {c.course_id: c for c in Certificate.objects.filter(user=request.user)}
    for progress in courses:
        progress.certificate = certificates.get(progress.course.pk)
    context = {"courses": courses, "store": store}
    if request.user.is_authenticated:
        # By English module id (assignments, like all progress, are kept under the English page).
        modules = {source_id(m.module.pk, request): m for progress in courses for m in progress.modules}
        memberships = learner_circles(request.user)
        records = {pk: record for p in courses for m in p.modules for pk, record in m.records.items()}
        context.update(
            lesson_updates=pending_updates(records, request),
            assignments=learner_assignments(memberships, modules),
            memberships=memberships,
            access_logs=AccessLog.objects.filter(learner=request.user)[:20],
        )
    return TemplateResponse(request, "accounts/dashboard.html", context)


@login_required
@require_POST
def set_reminders(request):
    enabled = request.POST.get("email_reminders") == "on"
    request.user.email_reminders = enabled
    fields = ["email_reminders"]
    language = request.POST.get("email_language")
    if language in dict(settings.LANGUAGES):  # anything else leaves the choice as it was
        request.user.email_language = language
        fields.append("email_language")
    request.user.save(update_fields=fields)
    messages.success(
        request, gettext("Reminder emails are on.") if enabled else gettext("Reminder emails are off.")
    )
    return redirect("dashboard")


@never_cache
@login_required
@require_GET
def export_data(request):
    """Download everything stored about the learner, as JSON."""
    base_url = request.build_absolute_uri("/").rstrip("/")
    response = JsonResponse(export_learner_data(request.user, base_url), json_dumps_params={"indent": 2})
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
        messages.success(request, gettext("Your account and everything stored about you have been deleted."))
        return redirect("/")
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "accounts/delete_account.html", {"form": form}, status=status)
