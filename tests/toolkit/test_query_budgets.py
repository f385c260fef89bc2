"""The plan and diary pages stay within the query budgets of other signed-in pages (My learning:
22, a signed-in lesson: 16), and their counts do not grow with the data: measured at two sizes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import UserFactory
from toolkit.models import DiaryEntry, SafetyPlan

SIZES = {"small": (3, 2), "large": (300, 60)}  # the learner's diary days, other learners
# Five of each count are the base template's for any signed-in page (the user, the crisis lines,
# the counselor link, Wagtail's user bar permissions).
BUDGETS = {
    "/tools/": 5,
    "/tools/safety-plan/": 8,  # + the plan, the safety card and its view restrictions
    "/tools/safety-plan/edit/": 6,  # + the plan
    "/tools/diary/": 6,  # + the last four weeks' entries
    "/tools/diary/?day=2020-01-01": 7,  # + that day's entry, outside the chart
    "/tools/questions/": 5,
    "/tools/diary/paper/": 5,
}
MEASURED = {}


def fill(user, days):
    today = timezone.localdate()
    DiaryEntry.objects.bulk_create(
        DiaryEntry(
            user=user,
            day=today - datetime.timedelta(days=n),
            anxiety=n % 11,
            sleep_hours=n % 10,
            symptoms=["tremor", "sweating"],
            dose_changed=n % 14 == 0,
            seizure=n == 5,
            notes="A note",
        )
        for n in range(days)
    )
    SafetyPlan.objects.create(user=user, first_name="Sam", prescriber_name="Dr. Lee", nearest_er="County")


@pytest.mark.django_db
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("path", list(BUDGETS))
def test_toolkit_pages_within_budget(size, path, signed_in, safety_card, django_assert_max_num_queries):
    days, others = SIZES[size]
    client, user = signed_in(f"learner-{size}")
    fill(user, days)
    for n in range(others):
        fill(UserFactory(username=f"other-{size}-{n}"), min(days, 30))
    client.get(path)  # warm the settings and site-root caches, as on a running site
    with django_assert_max_num_queries(BUDGETS[path]), CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    MEASURED.setdefault(path, {})[size] = len(queries)
    if len(MEASURED[path]) == 2:
        assert MEASURED[path]["small"] == MEASURED[path]["large"], MEASURED[path]
    print(f"{path} {size}: {len(queries)} queries, {len(response.content)} bytes")
