"""Dates shortened where a localized format is too wide: a chart's ticks, a matrix cell.

Django's MONTH_DAY_FORMAT spells the month out ("March 9", "9 de marzo"); the short form comes
from the catalogue, so each language keeps its own order ("Mar 9", "9 mar")."""

from django.utils.translation import pgettext


def short_day_format():
    """The date format of a short day and month in the reader's language, for date_format or
    the |date filter."""
    return pgettext("a date format: a short day and month", "M j")
