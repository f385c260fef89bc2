"""The symptom diary's rules: which entries a learner sees, the emergency steps an entry calls for,
and the chart of the last weeks, drawn on the server as SVG geometry for the template."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format

from coursesite.dates import short_day_format

from .models import DiaryEntry

CHART_DAYS = 28
# The chart's own coordinate system (the SVG viewBox); the browser scales it to the screen.
WIDTH, LEFT, RIGHT = 360, 30, 8
ANXIETY_TOP, ANXIETY_HEIGHT = 26, 80
SLEEP_TOP, SLEEP_HEIGHT = 138, 70
SLEEP_MAX = 12  # hours; more is drawn as a full bar and read from the table
AXIS_Y = SLEEP_TOP + SLEEP_HEIGHT
HEIGHT = AXIS_Y + 34


def chart_window(today=None):
    """The first and last day the chart shows: the last CHART_DAYS days, today included."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=CHART_DAYS - 1), today


def entries_between(user, first, last):
    """The learner's own entries in the window, oldest first."""
    return list(DiaryEntry.objects.filter(user=user, day__range=(first, last)).order_by("day"))


def alerts_for(entry):
    """Which emergency steps to show at once after this entry is saved: "seizure", "suicide"."""
    return [
        name
        for name, flagged in (("seizure", entry.seizure), ("suicide", entry.suicidal_thoughts))
        if flagged
    ]


@dataclass
class Chart:
    first: datetime.date
    last: datetime.date
    width: int = WIDTH
    height: int = HEIGHT
    anxiety_lines: list = field(default_factory=list)  # polyline "x,y x,y" strings, broken at gaps
    anxiety_points: list = field(default_factory=list)  # (x, y, value, day)
    sleep_bars: list = field(default_factory=list)  # (x, y, width, height, hours, day)
    dose_lines: list = field(default_factory=list)  # x of each dose-change day
    seizure_marks: list = field(default_factory=list)  # x of each seizure day
    suicide_marks: list = field(default_factory=list)  # x of each day with thoughts of suicide
    x_labels: list = field(default_factory=list)  # (x, text)
    anxiety_ticks: list = field(default_factory=list)  # (y, text)
    sleep_ticks: list = field(default_factory=list)  # (y, text)
    has_data: bool = False

    anxiety_top: int = ANXIETY_TOP
    anxiety_bottom: int = ANXIETY_TOP + ANXIETY_HEIGHT
    sleep_top: int = SLEEP_TOP
    axis_y: int = AXIS_Y
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT


def _x(index):
    step = (WIDTH - LEFT - RIGHT) / CHART_DAYS
    return round(LEFT + step * index + step / 2, 1)


def build_chart(entries, first, last):
    """The chart of `entries` (oldest first) for the days first..last."""
    chart = Chart(first=first, last=last, has_data=bool(entries))
    step = (WIDTH - LEFT - RIGHT) / CHART_DAYS
    bar_width = round(step * 0.7, 1)
    segment = []
    previous_index = None
    for entry in entries:
        index = (entry.day - first).days
        x = _x(index)
        if entry.anxiety is not None:
            y = round(ANXIETY_TOP + ANXIETY_HEIGHT * (1 - entry.anxiety / 10), 1)
            if previous_index is not None and index != previous_index + 1 and segment:
                chart.anxiety_lines.append(" ".join(segment))
                segment = []
            segment.append(f"{x},{y}")
            chart.anxiety_points.append((x, y, entry.anxiety, entry.day))
            previous_index = index
        if entry.sleep_hours is not None:
            hours = float(entry.sleep_hours)
            height = round(SLEEP_HEIGHT * min(hours, SLEEP_MAX) / SLEEP_MAX, 1)
            chart.sleep_bars.append(
                (round(x - bar_width / 2, 1), round(AXIS_Y - height, 1), bar_width, height, hours, entry.day)
            )
        if entry.dose_changed:
            chart.dose_lines.append(x)
        if entry.seizure:
            chart.seizure_marks.append(x)
        if entry.suicidal_thoughts:
            chart.suicide_marks.append(x)
    if segment:
        chart.anxiety_lines.append(" ".join(segment))
    # Django's localized MONTH_DAY_FORMAT ("1 de marzo") is too wide for a tick a week apart.
    short_day = short_day_format()
    chart.x_labels = [
        (_x(index), date_format(first + datetime.timedelta(days=index), short_day))
        for index in range(0, CHART_DAYS, 7)
    ]
    chart.anxiety_ticks = [
        (round(ANXIETY_TOP + ANXIETY_HEIGHT * (1 - v / 10), 1), str(v)) for v in (0, 5, 10)
    ]
    chart.sleep_ticks = [(round(AXIS_Y - SLEEP_HEIGHT * h / SLEEP_MAX, 1), str(h)) for h in (0, 6, 12)]
    return chart


def two_week_grid(start=None):
    """The 14 days of the printable blank grid: dated from `start` when given, else blank."""
    if start is None:
        return [None] * 14
    return [start + datetime.timedelta(days=n) for n in range(14)]
