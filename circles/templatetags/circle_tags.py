"""Template helpers for care circles. The circle matrix is built here in Python: a circle of
500 has 2,500 cells, and a template include per cell was most of the page's time."""

from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from circles.rules import is_counselor as _is_counselor
from coursesite.dates import short_day_format

register = template.Library()


@register.filter
def is_counselor(user):
    return _is_counselor(user)


def _date(value, format_string):
    """A date (not a moment: matrix_rows turns those into their day in the site's time zone)."""
    return _cached_date(value, format_string, get_language())


@lru_cache(maxsize=1024)
def _cached_date(value, format_string, language):
    """`language` is part of the key: the format ("DATE_FORMAT": "Mar 9, 2026", "9 de marzo de
    2026") and the month names are the page's language's."""
    return escape(date_format(value, format_string))


def _cell_parts(cell):
    """(state, label, details, overdue badge) of an assigned cell, as escaped HTML pieces."""
    lessons = {"done": int(cell.lessons_done), "total": int(cell.lessons_total)}
    details = [escape(gettext("%(done)d/%(total)d lessons") % lessons)]
    if cell.has_quiz:
        if cell.quiz:
            must_know = (
                gettext("must-know passed") if cell.quiz.must_know_passed else gettext("must-know not yet")
            )
            quiz = {"score": cell.quiz.best_score, "must_know": must_know}
            details.append(escape(gettext("quiz best %(score)s%%, %(must_know)s") % quiz))
        else:
            details.append(escape(gettext("quiz not taken")))
    if cell.due_date:
        details.append(escape(gettext("due %(date)s")) % {"date": _date(cell.due_date, short_day_format())})
    overdue = ""
    if cell.overdue:
        word = escape(gettext("Overdue"))  # not inside the f-string: makemessages does not look there
        overdue = f' <span class="badge badge--overdue">{word}</span>'
    return cell.state, escape(cell.state_label), "; ".join(details), overdue


def _cell_html(cell):
    if not cell.assigned:
        words = escape(gettext("Not assigned"))
        return f'<span class="meta">{words}</span>'
    state, label, details, overdue = _cell_parts(cell)
    return f'<span class="state state--{state}">{label}</span> <span class="meta">{details}</span>{overdue}'


def _matrix_td(cell):
    """One cell of the matrix, lean: 2,500 of them make most of the page's weight."""
    if not cell.assigned:
        words = escape(gettext("Not assigned"))
        return f"<td><small>{words}</small></td>"
    state, label, details, overdue = _cell_parts(cell)
    return f'<td class="state--{state}"><b>{label}</b> <small>{details}</small>{overdue}</td>'


@register.simple_tag
def matrix_cell(cell):
    """One member's progress on one module (state, lessons, quiz, due date, overdue)."""
    return mark_safe(_cell_html(cell))  # noqa: S308 - numbers, constants and escaped text only  # nosec B308 B703


@register.simple_tag
def matrix_rows(circle, rows):
    """The circle matrix's body: one row per member, one cell per assigned module.

    Members with the same progress on a module share one Cell (circles.rules.build_matrix),
    so each distinct cell is turned into HTML once."""
    member_url = reverse("counselor_member", args=[circle.pk, 0])[: -len("0/")]
    td_of = {}  # id(cell) -> its <td>; the cells stay alive in `rows` meanwhile
    html = []
    # The words first, not inside the f-strings: makemessages does not look there.
    overdue, stalled, none_yet = gettext("Overdue"), gettext("No activity for 7+ days"), gettext("None yet")
    overdue_badge = f'<span class="badge badge--overdue">{escape(overdue)}</span>'
    stalled_badge = f'<span class="badge badge--warn">{escape(stalled)}</span>'
    no_activity = f"<small>{escape(none_yet)}</small>"
    zone, language = timezone.get_current_timezone(), get_language()  # once, not once per member
    for row in rows:
        membership = row.membership
        badges = ""
        if row.overdue:
            badges += overdue_badge
        if row.stalled:
            badges += stalled_badge
        if membership.share_email:
            badges += f"<small>{escape(membership.user.email)}</small>"
        if row.last_activity:
            activity = _cached_date(row.last_activity.astimezone(zone).date(), "DATE_FORMAT", language)
        else:
            activity = no_activity
        cells = []
        for cell in row.cells:
            td = td_of.get(id(cell))
            if td is None:
                td = td_of[id(cell)] = _matrix_td(cell)
            cells.append(td)
        html.append(
            f'<tr><th scope="row"><a href="{member_url}{int(membership.pk)}/">{escape(row.name)}</a>'
            f"{badges}</th><td>{activity}</td>{''.join(cells)}</tr>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped or a number  # nosec B308 B703
