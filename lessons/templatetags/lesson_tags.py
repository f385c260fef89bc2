from django import template

from lessons.circles import is_counselor as _is_counselor

register = template.Library()


@register.filter
def is_counselor(user):
    return _is_counselor(user)
