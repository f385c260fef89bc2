"""The site's own addresses in a reader's language, as the site reverses them: the Spanish
edition's paths are translated ("/es/herramientas/diario/"), so tests ask for them by name."""

from django.urls import reverse
from django.utils import translation


def address(name, language="en", *args, **kwargs):
    with translation.override(language):
        return reverse(name, args=args or None, kwargs=kwargs or None)


def language_of(prefix):
    """ "" -> "en", "/es" -> "es": for tests parametrized by an address prefix."""
    return prefix.strip("/") or "en"
