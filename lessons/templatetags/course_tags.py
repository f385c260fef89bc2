"""Template tags that show the course on pages of other apps (the home page lists it, My
learning shows progress bars)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from ..models import CoursePage

register = template.Library()


@register.simple_tag
def courses_on(page):
    """The live, public courses directly under `page` (the home page)."""
    return CoursePage.objects.child_of(page).live().public().specific()


@register.simple_tag
def progress_bar(percent, label):
    """A labelled progress bar (e.g. a module's lessons done), with its figure beside it for
    sighted readers; screen readers get the label and figure from the bar itself."""
    name = gettext("%(label)s: %(percent)s%% done") % {"label": label, "percent": percent}
    return format_html(
        '<div class="progress"><progress class="progress__bar" max="100" value="{0}" aria-label="{1}">'
        '{0}%</progress><span class="progress__value" aria-hidden="true">{0}%</span></div>',
        percent,
        name,
    )
