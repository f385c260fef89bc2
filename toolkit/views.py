"""The toolkit's pages. Thin: parse the form, call the rule (plan.py, diary.py), render.

Health data is never logged: the plan and diary views mark every POST field sensitive, so an
error report shows none of them, and nothing here writes to a log, a message or an email."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from . import diary as diary_rules
from .forms import DiaryEntryForm, QuestionsForm, SafetyPlanForm
from .models import DiaryEntry
from .plan import forget_plan, keep_plan, plan_for, plan_rows
from .questions import QUESTIONS, sources_of
from .safety import safety_steps


@never_cache
@require_GET
def index(request):
    return TemplateResponse(request, "toolkit/index.html", {})


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def safety_plan_form(request):
    """Make or change the plan. Visitors keep it in their session; learners in their account."""
    if request.method == "POST":
        form = SafetyPlanForm(request.POST)
        if form.is_valid():
            keep_plan(request, form.cleaned_data)
            if request.user.is_authenticated:
                messages.success(request, gettext("Saved your safety plan."))
            else:
                messages.success(
                    request,
                    gettext("Your safety plan is ready. Print it now: it is kept only for this visit."),
                )
            return redirect("toolkit:safety_plan")
        status = 400
    else:
        form = SafetyPlanForm(initial=plan_for(request) or {})
        status = 200
    return TemplateResponse(request, "toolkit/safety_plan_form.html", {"form": form}, status=status)


@never_cache
@require_GET
def safety_plan(request):
    """The one-page plan, ready to print; the form when there is no plan yet."""
    plan = plan_for(request)
    if plan is None:
        return redirect("toolkit:safety_plan_edit")
    context = {"plan": plan, "rows": plan_rows(plan), "safety": safety_steps(request)}
    return TemplateResponse(request, "toolkit/safety_plan.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def safety_plan_delete(request):
    """Asked first (GET: a page that says what goes and offers to keep it), deleted on POST."""
    if request.method == "GET":
        if plan_for(request) is None:
            return redirect("toolkit:safety_plan")
        return _confirm_delete(
            request,
            gettext("Delete your safety plan?"),
            gettext("Delete the plan"),
            "toolkit:safety_plan",
            gettext("My safety plan"),
        )
    forget_plan(request)
    messages.success(request, gettext("Your safety plan is deleted."))
    return redirect("toolkit:index")


@never_cache
@require_http_methods(["GET", "POST"])
def prescriber_questions(request):
    """Tick the questions to ask; sending the form shows just those, ready to print. A POST, so
    which questions were ticked never appears in an address or a server log."""
    chosen = own = None
    status = 200
    if request.method == "POST":
        form = QuestionsForm(request.POST)
        if form.is_valid():
            chosen, own = form.chosen()
        else:
            status = 400
    else:
        form = QuestionsForm()
    context = {
        "form": form,
        "questions": QUESTIONS,
        "chosen": chosen,
        "own": own,
        "sources": sources_of(chosen if chosen is not None else QUESTIONS),
    }
    return TemplateResponse(request, "toolkit/prescriber_questions.html", context, status=status)


@never_cache
@require_GET
def diary_grid(request):
    """The printable two-week paper grid (no data: anyone may print it)."""
    context = {"days": diary_rules.two_week_grid(), "rows": DIARY_GRID_ROWS}
    return TemplateResponse(request, "toolkit/diary_grid.html", context)


DIARY_GRID_ROWS = [
    (_("Hours of sleep"), ""),
    (_("Anxiety (0 to 10)"), ""),
    (_("Symptoms"), "tall"),
    (_("Dose changed?"), ""),
    (_("Seizure? (call 911 if first, or over 5 minutes)"), ""),
    (_("Thoughts of suicide? (call or text 988)"), ""),
    (_("Notes"), "tall"),
]


@never_cache
@sensitive_post_parameters()
@require_http_methods(["GET", "POST"])
def diary(request):
    """The diary: for visitors, what it is and the paper grid; for learners, the daily log, the
    chart of the last weeks and the table of the same numbers."""
    if not request.user.is_authenticated:
        if request.method == "POST":  # nothing is kept for visitors: ask them to sign in first
            return redirect_to_login(request.get_full_path())
        return TemplateResponse(request, "toolkit/diary_entry.html", {})
    alerts = []
    status = 200
    moved = taken = shown_day = None
    if request.method == "POST":
        form = DiaryEntryForm(request.POST)
        entry = form.save_for(request.user) if form.is_valid() else None
        if form.refusal == form.MOVED:
            # The answers were another day's: nothing is saved. With only the date changed, the
            # day asked for is shown as it is; with anything typed, the form as sent, typing kept.
            moved = {
                "filled_for": form.cleaned_data["filled_for"],
                "day": form.cleaned_data["day"],
                "typed_over": form.typed_over,
            }
            status = 409
            if not form.typed_over:
                shown_day = moved["day"]
        elif form.refusal == form.TAKEN:
            # A form filled in for no day, sent with the date of a day written already: nothing
            # is saved, the form keeps what was typed, and the notice links to that day's entry.
            taken, status = form.cleaned_data["day"], 409
        elif entry is not None:
            if diary_rules.alerts_for(entry):
                # The emergency steps show on the page this leads to, once: the session keeps only
                # the day (nothing about the steps goes into an address, a log or a message), and
                # Back or a reload never offers to send the form again.
                request.session[ALERT_DAY_KEY] = entry.day.isoformat()
            else:
                messages.success(
                    request,
                    gettext("Saved your diary for %(day)s.")
                    % {"day": date_format(entry.day, "MONTH_DAY_FORMAT")},
                )
            return redirect("toolkit:diary")
        else:
            status = 400
    else:
        shown_day = _day_asked_for(request)
        alerts = _alerts_after_saving(request)
    first, last = diary_rules.chart_window()
    entries = diary_rules.entries_between(request.user, first, last)
    today = timezone.localdate()
    # The plain diary page, with today written already: the form adds another day and starts
    # empty, date too (today opens with its "Change" link), so nothing of today's answers is
    # carried to the day being added, and nothing typed is lost to a refusal.
    # After the emergency steps, the form is as after any save: today's entry.
    adding = (
        request.method == "GET"
        and "day" not in request.GET
        and not alerts
        and any(e.day == today for e in entries)
    )
    if adding:
        form = DiaryEntryForm()
    elif shown_day is not None:
        form = DiaryEntryForm(initial=_initial_for(request.user, shown_day, entries, first, last))
    context = {
        "form": form,
        "moved": moved,
        "taken": taken,
        "adding": adding,
        "alerts": alerts,
        "entries": entries,
        "chart": diary_rules.build_chart(entries, first, last),
        "safety": safety_steps(request) if "seizure" in alerts else None,
    }
    return TemplateResponse(request, "toolkit/diary_entry.html", context, status=status)


ALERT_DAY_KEY = "toolkit:diary-alert-day"


def _alerts_after_saving(request):
    """The emergency steps for the entry just saved (its day taken from the session, once), or []."""
    saved = request.session.pop(ALERT_DAY_KEY, None)
    if saved is None:
        return []
    entry = DiaryEntry.objects.filter(user=request.user, day=datetime.date.fromisoformat(saved)).first()
    return diary_rules.alerts_for(entry) if entry is not None else []


def _day_asked_for(request):
    """The day asked for (?day=2026-03-14, from a "Change" link), else today."""
    try:
        return datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


def _initial_for(user, day, shown, first, last):
    """The form's starting values for `day`: filled in from that day's entry (found among the
    entries shown when the day is in the chart), with the day it was filled in for."""
    entry = next((entry for entry in shown if entry.day == day), None)
    if entry is None and not first <= day <= last:
        entry = DiaryEntry.objects.filter(user=user, day=day).first()
    if entry is None:
        return {"day": day}
    return {**{name: getattr(entry, name) for name in DiaryEntryForm.Meta.fields}, "filled_for": day}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def diary_delete(request):
    """Delete one day of the learner's own diary: asked first (GET ?day=), deleted on POST."""
    try:
        day = datetime.date.fromisoformat(request.POST.get("day", "") or request.GET.get("day", ""))
    except ValueError:
        messages.error(request, gettext("That date could not be read. Nothing was deleted."))
        return redirect("toolkit:diary")
    if request.method == "GET":
        if not DiaryEntry.objects.filter(user=request.user, day=day).exists():
            return redirect("toolkit:diary")
        shown = date_format(day, "MONTH_DAY_FORMAT")
        return _confirm_delete(
            request,
            gettext("Delete your diary entry for %(day)s?") % {"day": shown},
            gettext("Delete the entry for %(day)s") % {"day": shown},
            "toolkit:diary",
            gettext("Symptom diary"),
            {"day": day.isoformat()},
        )
    deleted, _ = DiaryEntry.objects.filter(user=request.user, day=day).delete()
    if deleted:
        messages.success(
            request,
            gettext("Deleted your diary entry for %(day)s.") % {"day": date_format(day, "MONTH_DAY_FORMAT")},
        )
    return redirect("toolkit:diary")


def _confirm_delete(request, question, button, keep_url, keep_title, fields=None):
    """The page that asks before something of the family's is deleted: what goes, that it cannot
    be undone, one button to delete (a POST to this address) and one link to keep it; its
    breadcrumbs lead back to the tool (`keep_url`, named `keep_title`), not only to Home."""
    context = {
        "question": question,
        "button": button,
        "keep_url": keep_url,
        "keep_title": keep_title,
        "fields": fields or {},
    }
    return TemplateResponse(request, "toolkit/confirm_delete.html", context)
