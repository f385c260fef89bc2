"""The clinical review stamp families see on a lesson or quiz: who reviewed it and when."""

from django import template

from lessons.review import latest_approval

register = template.Library()


@register.inclusion_tag("lessons/includes/review_stamp.html")
def review_stamp(page):
    """ "Reviewed by Dr. Ana Ruiz, MD, on June 3, 2026." or, plainly, that no clinician has yet."""
    return {"review": latest_approval(page)}
