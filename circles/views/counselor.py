"""The counselor area (/counselor/): circles, invitations, assignments, progress, CSV export.

Every view is for members of the Counselors group only (others get 403) and every lookup is
scoped to the counselor's own circles through circles.rules."""

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from home.languages import localized_titles
from lessons.models import counted_lessons

from ..forms import AssignmentForm, CircleForm, InviteForm
from ..models import AccessLog, CareCircle
from ..rules import (
    assign_modules,
    build_matrix,
    circle_for,
    circles_for,
    departures_for,
    is_counselor,
    matrix_page,
    member_name,
    membership_for,
    record_access,
    remove,
)
from ..templatetags.circle_tags import matrix_rows

# Every sort the page takes (?sort=, "-" runs it backwards: circles.rules.sort_rows), each with
# its direction in words, so the sort box shows exactly the sort in use and sending it keeps it.
SORT_OPTIONS = {
    "name": _("Name, A to Z"),
    "-name": _("Name, Z to A"),
    "overdue": _("Needs attention first"),
    "-overdue": _("Needs attention last"),
    "-progress": _("Progress, most done first"),
    "progress": _("Progress, least done first"),
    "-activity": _("Last activity, newest first"),
    "activity": _("Last activity, oldest first"),
}

# Rows of the progress matrix per page: enough to scan at a glance, small enough for a phone
# (a circle of 500 on one page was over 400 KB of HTML). The sort is over the whole circle.
MEMBERS_PER_PAGE = 50


def counselor_required(view):
    @never_cache
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_counselor(request.user):
            raise PermissionDenied(gettext("The counselor area is for counselors only."))
        return view(request, *args, **kwargs)

    return wrapper


@counselor_required
@require_GET
def index(request):
    circles = circles_for(request.user)
    return TemplateResponse(request, "circles/care_circle_list.html", {"circles": circles})


@counselor_required
@require_http_methods(["GET", "POST"])
def create_circle(request):
    form = CircleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        circle = CareCircle(counselor=request.user, name=form.cleaned_data["name"])
        circle.renew_invite(days=form.cleaned_data["expires_in_days"])
        circle.save()
        messages.success(
            request,
            gettext("Circle “%(name)s” created. Share the link or the code below.") % {"name": circle.name},
        )
        return redirect("counselor_circle", circle_id=circle.pk)
    return TemplateResponse(
        request, "circles/care_circle_form.html", {"form": form}, status=400 if form.errors else 200
    )


@counselor_required
@require_GET
def circle_detail(request, circle_id):
    circle = circle_for(request.user, circle_id)
    sort = request.GET.get("sort", "name")
    if sort not in SORT_OPTIONS:
        sort = "name"
    # An odd page number (not a number, past the end) shows the nearest page, never an error.
    modules, page, names = matrix_page(circle, sort, request.GET.get("page"), MEMBERS_PER_PAGE)
    record_access(request.user, circle, AccessLog.VIEWED_CIRCLE)
    join_url = request.build_absolute_uri(reverse("join_circle", args=[circle.join_token]))
    assignments = list(circle.assignments.all())
    for assignment in assignments:  # named as the matrix names them
        assignment.member_label = names.get(assignment.member_id)
    columns = {module.pk: module for module in modules}
    for assignment in assignments:  # the matrix has their modules already (a module no longer live is read)
        if assignment.module_id in columns:
            assignment.module = columns[assignment.module_id]
    # Kept under the English modules, named in the reader's language: the columns and the
    # assignments' modules (one may no longer be live, so not a column) in one look-up.
    titles = localized_titles(set(modules) | {assignment.module for assignment in assignments}, request)
    for assignment in assignments:
        assignment.module_title = titles[assignment.module_id]
    matrix = {
        "modules": modules,
        "module_titles": [titles[module.pk] for module in modules],
        "members": page.paginator.count,
        "page": page,
        "rows_html": matrix_rows(circle, page.object_list),
    }
    return TemplateResponse(
        request,
        "circles/care_circle_detail.html",
        {
            "circle": circle,
            "matrix": matrix,
            "sort": sort,
            "sort_options": SORT_OPTIONS,
            "join_url": join_url,
            "invite_problem": circle.invite_problem_for_counselor(),
            "invite_form": InviteForm(initial={"expires_in_days": str(circle.invite_days)}),
            "assignments": assignments,
            "departures": departures_for(circle),
        },
    )


def _updated_message(count, dated, note):
    """What assigning again changed in the modules already assigned (circles.rules.assign_modules:
    an empty date or note box keeps what the assignment has)."""
    if dated and note:
        text = ngettext(
            "Updated the due date and note of %(count)d module that was already assigned.",
            "Updated the due dates and notes of %(count)d modules that were already assigned.",
            count,
        )
    elif dated and note == "":
        text = ngettext(
            "Updated the due date of %(count)d module that was already assigned and removed its note.",
            "Updated the due dates of %(count)d modules that were already assigned and removed their notes.",
            count,
        )
    elif dated:
        text = ngettext(
            "Updated the due date of %(count)d module that was already assigned; its note is kept.",
            "Updated the due dates of %(count)d modules that were already assigned; their notes are kept.",
            count,
        )
    elif note:
        text = ngettext(
            "Updated the note of %(count)d module that was already assigned; its due date is kept.",
            "Updated the notes of %(count)d modules that were already assigned; their due dates are kept.",
            count,
        )
    elif note == "":
        text = ngettext(
            "Removed the note of %(count)d module that was already assigned; its due date is kept.",
            "Removed the notes of %(count)d modules that were already assigned; their due dates are kept.",
            count,
        )
    else:
        text = ngettext(
            "%(count)d module was already assigned as you asked: nothing changed.",
            "%(count)d modules were already assigned as you asked: nothing changed.",
            count,
        )
    return text % {"count": count}


@counselor_required
@require_POST
def invite(request, circle_id):
    circle = circle_for(request.user, circle_id)
    if request.POST.get("action") == "revoke":
        circle.invite_active = False
        messages.success(request, gettext("The invitation link and code no longer work."))
    else:
        form = InviteForm(request.POST)
        # No choice sent: the new link works as long as the one it replaces did.
        circle.renew_invite(days=form.cleaned_data["expires_in_days"] if form.is_valid() else None)
        messages.success(request, gettext("New invitation link and code made. The old ones no longer work."))
    circle.save(
        update_fields=["invite_active", "invite_days", "join_token", "short_code", "invite_expires_at"]
    )
    return redirect("counselor_circle", circle_id=circle.pk)


@counselor_required
@require_http_methods(["GET", "POST"])
def assign(request, circle_id):
    circle = circle_for(request.user, circle_id)
    form = AssignmentForm(circle, request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        added, updated = assign_modules(
            circle,
            form.cleaned_data["member"],
            {module: form.due_for(module) for module in form.cleaned_data["modules"]},
            form.note_change(),
        )
        if added:
            assigned = ngettext("Assigned %(count)d module.", "Assigned %(count)d modules.", added)
            messages.success(request, assigned % {"count": added})
        if updated:
            dated = any(form.due_for(module) for module in form.cleaned_data["modules"])
            messages.success(request, _updated_message(updated, dated, form.note_change()))
        return redirect("counselor_circle", circle_id=circle.pk)
    return TemplateResponse(
        request,
        "circles/assignment_form.html",
        {"form": form, "circle": circle},
        status=400 if form.errors else 200,
    )


@counselor_required
@require_http_methods(["GET", "POST"])
def delete_assignment(request, circle_id, assignment_id):
    """GET: which assignment, what removing it means (with its due date and note, to put it back
    as it was), one button to do it. POST: remove it (one already gone: nothing to say)."""
    circle = circle_for(request.user, circle_id)
    assignment = (
        circle.assignments.select_related("module", "member__circle").filter(pk=assignment_id).first()
    )
    if assignment is None and request.method == "GET":
        raise Http404
    if assignment is not None:
        # Said in full, as it was shown, so a tap on the wrong line is seen and can be put back.
        names = {
            "module": localized_titles([assignment.module], request)[assignment.module_id],
            "who": member_name(assignment.member) if assignment.member else gettext("everyone"),
        }
        if request.method == "GET":
            context = {"assignment": assignment, "circle": circle, **names}
            return TemplateResponse(request, "circles/remove_assignment.html", context)
        assignment.delete()
        removed = [
            gettext("Removed the assignment of “%(module)s” to %(who)s. To undo it, assign the module again.")
            % names
        ]
        # What it said, since it is gone now: so it can be put back as it was.
        if assignment.due_date:
            due = date_format(assignment.due_date, "DATE_FORMAT")
            removed.append(gettext("It was due %(due)s.") % {"due": due})
        if assignment.note:
            removed.append(gettext("Its note was: %(note)s") % {"note": assignment.note})
        messages.success(request, " ".join(removed))
    return redirect("counselor_circle", circle_id=circle.pk)


@counselor_required
@require_GET
def member_detail(request, circle_id, membership_id):
    membership = membership_for(request.user, circle_id, membership_id)
    modules, rows = build_matrix(membership.circle, member=membership)
    record_access(request.user, membership.circle, AccessLog.VIEWED_MEMBER, membership=membership)
    titles = localized_titles(modules, request)
    return TemplateResponse(
        request,
        "circles/circle_membership_detail.html",
        {
            "membership": membership,
            "circle": membership.circle,
            "modules": modules,
            "row": rows[0],
            "cells": [(titles[cell.module.pk], cell) for cell in rows[0].cells],
        },
    )


@counselor_required
@require_http_methods(["GET", "POST"])
def remove_member(request, circle_id, membership_id):
    """GET: what removing the member means, with one button to do it. POST: remove them."""
    membership = membership_for(request.user, circle_id, membership_id)
    name = member_name(membership)
    if request.method == "GET":
        context = {"membership": membership, "circle": membership.circle, "name": name}
        return TemplateResponse(request, "circles/remove_member.html", context)
    remove(membership, by_counselor=True)
    removed = gettext("Removed %(name)s from the circle. You no longer see their progress.")
    messages.success(request, removed % {"name": name})
    return redirect("counselor_circle", circle_id=circle_id)


def _csv_safe(value):
    """Stop spreadsheet formula injection from names people chose themselves."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value):
        return value


@counselor_required
@require_GET
def export_csv(request, circle_id):
    """The circle's progress as CSV, streamed row by row (that circle only)."""
    circle = circle_for(request.user, circle_id)
    modules, rows = build_matrix(circle)
    titles = localized_titles(modules, request)
    record_access(request.user, circle, AccessLog.EXPORTED_CIRCLE)
    writer = csv.writer(_Echo())
    # The rows are written while the response streams: in the language and the time zone of the
    # request (the site's, settings.TIME_ZONE), as the matrix page shows them.
    language, zone = translation.get_language(), timezone.get_current_timezone()

    def lines():
        # UTF-8 with its byte order mark: Excel then reads names such as "José Núñez" as written.
        yield "\ufeff"
        with translation.override(language), timezone.override(zone):
            yield from _csv_lines(writer, modules, titles, rows)

    filename = f"circle-{slugify(circle.name) or circle.pk}-{timezone.localdate().isoformat()}.csv"
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _spreadsheet_time(moment):
    """A moment as a spreadsheet reads and sorts it, in the site's time zone: "2026-03-09 22:30"
    ("" for none). Not ISO 8601 with its "T" and offset, which spreadsheets keep as text."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _csv_lines(writer, modules, titles, rows):
    yes, no, not_assigned = gettext("yes"), gettext("no"), gettext("not assigned")
    zone = timezone.get_current_timezone_name()
    header = [gettext("Member"), gettext("Email (if shared)")]
    header += [gettext("Last activity (%(zone)s time)") % {"zone": zone}]
    header += [gettext("Overdue"), gettext("Stalled")]
    counted = counted_lessons(modules)  # the one rule for which lessons count (the matrix's too)
    lessons_in = {module.pk: len(counted[module.path]) for module in modules}
    for module in modules:
        names = {"module": titles[module.pk], "total": lessons_in.get(module.pk, 0)}
        header += [
            _csv_safe(gettext("%(module)s: status") % names),
            _csv_safe(gettext("%(module)s: due") % names),
            _csv_safe(gettext("%(module)s: lessons done (of %(total)s)") % names),
            _csv_safe(gettext("%(module)s: best quiz %%") % names),
            _csv_safe(gettext("%(module)s: must-know passed") % names),
        ]
    yield writer.writerow(header)
    for row in rows:
        user = row.membership.user
        line = [
            _csv_safe(row.name),
            _csv_safe(user.email if row.membership.share_email else ""),
            _spreadsheet_time(row.last_activity),
            yes if row.overdue else no,
            yes if row.stalled else no,
        ]
        for cell in row.cells:
            line += [
                str(cell.state_label) if cell.assigned else not_assigned,
                cell.due_date.isoformat() if cell.assigned and cell.due_date else "",
                cell.lessons_done,
                "" if not cell.quiz else cell.quiz.best_score,
                "" if not cell.quiz else (yes if cell.quiz.must_know_passed else no),
            ]
        yield writer.writerow(line)
