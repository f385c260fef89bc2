"""URL converters shared by the apps' urls: ids, certificate codes and join-link secrets are
checked by shape before any view or query sees them."""

from django.urls import register_converter
from django.urls.converters import StringConverter


class IdConverter:
    """A database id: digits only, short enough never to overflow the database's integer."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class CodeConverter(StringConverter):
    """A certificate code: letters, digits and dashes, at most 20 characters."""

    regex = "[A-Za-z0-9-]{1,20}"


class TokenConverter(StringConverter):
    """A join-link secret: URL-safe base64, at most 64 characters."""

    regex = "[A-Za-z0-9_-]{1,64}"


register_converter(IdConverter, "id")
register_converter(CodeConverter, "code")
register_converter(TokenConverter, "token")
