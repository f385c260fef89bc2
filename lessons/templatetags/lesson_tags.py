"""Template helpers for the lessons app. The circle matrix is built here in Python: a circle of
500 has 2,500 cells, and a template include per cell was most of the page's time."""

from functools import lru_cache

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from lessons.circles import is_counselor as _is_counselor

register = template.Library()


@register.filter
def is_counselor(user):
    return _is_counselor(user)


@lru_cache(maxsize=1024)
def _date(value, format_string):
    return escape(date_format(value, format_string))


def _cell_html(cell):
    if not cell.assigned:
        return '<span class="meta">Not assigned</span>'
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
    return (
        f'<span class="state state--{cell.state}">{cell.state_label}</span> '
        f'<span class="meta">{"; ".join(details)}</span>{overdue}'
    )


@register.simple_tag
def matrix_cell(cell):
    """One member's progress on one module (state, lessons, quiz, due date, overdue)."""
    return mark_safe(_cell_html(cell))  # noqa: S308 - numbers, constants and escaped text only


@register.simple_tag
def matrix_rows(circle, rows):
    """The circle matrix's body: one row per member, one cell per assigned module."""
    member_url = reverse("counselor_member", args=[circle.pk, 0])[: -len("0/")]
    html = []
    for row in rows:
        membership = row.membership
        badges = ""
        if row.overdue:
            badges += '<span class="badge badge--overdue">Overdue</span>'
        if row.stalled:
            badges += '<span class="badge badge--warn">No activity for 7+ days</span>'
        if membership.share_email:
            badges += f'<span class="meta">{escape(membership.user.email)}</span>'
        activity = (
            _date(row.last_activity, "M j, Y") if row.last_activity else '<span class="meta">None yet</span>'
        )
        cells = "".join(f"<td>{_cell_html(cell)}</td>" for cell in row.cells)
        html.append(
            f'<tr><th scope="row"><a href="{member_url}{int(membership.pk)}/">{escape(row.name)}</a>'
            f"{badges}</th><td>{activity}</td>{cells}</tr>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped or a number
