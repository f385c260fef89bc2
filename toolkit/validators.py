import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

PHONE = re.compile(r"^\+?[0-9( ][0-9 ().\-]*(\s?(ext\.?|x)\s?[0-9]{1,6})?$", re.IGNORECASE)


def validate_phone(value):
    """A phone number as people write it: digits with spaces, dashes, dots or brackets, and an
    optional extension; at least three digits."""
    value = value.strip()
    if value and (not PHONE.match(value) or sum(c.isdigit() for c in value) < 3):
        raise ValidationError(
            gettext(
                "Enter a phone number using digits, spaces, dashes or brackets, for example 555-123-4567."
            ),
            code="phone",
        )
