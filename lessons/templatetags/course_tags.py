"""Template tags that show the course on pages of other apps (the home page lists it)."""

from django import template

from ..models import CoursePage

register = template.Library()


@register.simple_tag
def courses_on(page):
    """The live, public courses directly under `page` (the home page)."""
    return CoursePage.objects.child_of(page).live().public().specific()
