"""Template helpers for care circles. The circle matrix is built here in Python: a circle of
500 has 2,500 cells, and a template include per cell was most of the page's time."""

from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from circles.rules import is_counselor as _is_counselor

register = template.Library()


@register.filter
def is_counselor(user):
    return _is_counselor(user)


@lru_cache(maxsize=1024)
def _date(value, format_string):
    return escape(date_format(value, format_string))


def _cell_parts(cell):
    """(state, label, details, overdue badge) of an assigned cell, as escaped HTML pieces."""
    details = [f"{int(cell.lessons_done)}/{int(cell.lessons_total)} lessons"]
    if cell.has_quiz:
        if cell.quiz:
            must_know = "must-know passed" if cell.quiz.must_know_passed else "must-know not yet"
            details.append(f"quiz best {escape(cell.quiz.best_score)}%, {must_know}")
        else:
            details.append("quiz not taken")
    if cell.due_date:
        details.append(f"due {_date(cell.due_date, 'M j')}")
    overdue = ' <span class="badge badge--overdue">Overdue</span>' if cell.overdue else ""
    return cell.state, cell.state_label, "; ".join(details), overdue


def _cell_html(cell):
    if not cell.assigned:
        return '<span class="meta">Not assigned</span>'
    state, label, details, overdue = _cell_parts(cell)
    return f'<span class="state state--{state}">{label}</span> <span class="meta">{details}</span>{overdue}'


def _matrix_td(cell):
    """One cell of the matrix, lean: 2,500 of them make most of the page's weight."""
    if not cell.assigned:
        return "<td><small>Not assigned</small></td>"
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
    for row in rows:
        membership = row.membership
        badges = ""
        if row.overdue:
            badges += '<span class="badge badge--overdue">Overdue</span>'
        if row.stalled:
            badges += '<span class="badge badge--warn">No activity for 7+ days</span>'
        if membership.share_email:
            badges += f"<small>{escape(membership.user.email)}</small>"
        activity = _date(row.last_activity, "M j, Y") if row.last_activity else "<small>None yet</small>"
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
