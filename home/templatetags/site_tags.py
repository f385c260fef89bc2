"""Small template helpers used across the site's templates."""

from django import template

register = template.Library()


@register.filter
def tel_href(number):
    """A tel: URI for a number as people write it: '1-800-662-4357' -> 'tel:+18006624357'."""
    digits = "".join(ch for ch in str(number) if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        return f"tel:+{digits}"
    return f"tel:{digits}"
