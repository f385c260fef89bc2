"""Junk to every form and query parameter gives a 4xx or a normal page, never a 500.

Hypothesis generates the junk; each property runs a bounded number of examples."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from circles.models import CareCircle
from lessons.models import LessonPage
from tests.factories import UserFactory

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    # The fixtures build a read-mostly site once per test; the junk requests do not depend on
    # a fresh database per example.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
junk = st.one_of(
    st.text(max_size=300),
    st.from_regex(r"-?[0-9]{1,40}", fullmatch=True),
    st.sampled_from(["", " ", "\x00", "<script>", "' OR 1=1 --", "%00", "../../etc/passwd", "9" * 400]),
)


def status_ok(response):
    return response.status_code < 500


@pytest.fixture
def site(course):
    counselor = UserFactory(username="junk-counselor")
    counselor.groups.add(Group.objects.get_or_create(name="Counselors")[0])
    circle = CareCircle.objects.create(counselor=counselor, name="Junk circle")
    learner = UserFactory(username="junk-learner")
    return {
        "lesson": LessonPage.objects.first(),
        "circle": circle,
        "counselor": counselor,
        "learner": learner,
    }


def client_for(user=None):
    client = Client(raise_request_exception=False)
    if user:
        client.force_login(user)
    return client


@pytest.mark.django_db
@EXAMPLES
@given(q=junk, page=junk)
def test_search(site, q, page):
    assert status_ok(client_for().get("/search/", {"q": q, "page": page}))


@pytest.mark.django_db
@EXAMPLES
@given(next_url=junk, code=junk, path_junk=junk)
def test_visitor_forms_and_urls(site, next_url, code, path_junk):
    client = client_for()
    assert status_ok(client.post(f"/progress/lessons/{site['lesson'].pk}/complete/", {"next": next_url}))
    assert status_ok(client.post("/join/", {"code": code}))
    assert status_ok(client.get(f"/certificates/{path_junk[:30]}/".replace("//", "/x/")))
    assert status_ok(client.get(f"/join/{path_junk[:30]}/".replace("//", "/x/")))


@pytest.mark.django_db
@EXAMPLES
@given(email=junk, password=junk, name=junk)
def test_account_forms(site, email, password, name):
    client = client_for()
    assert status_ok(
        client.post(
            "/accounts/signup/",
            {"email": email, "password1": password, "password2": password, "display_name": name},
        )
    )
    assert status_ok(client_for().post("/accounts/login/", {"login": email, "password": password}))
    assert status_ok(client_for().post("/accounts/password/reset/", {"email": email}))
    assert status_ok(client_for(site["learner"]).post("/dashboard/delete/", {"password": password}))


@pytest.mark.django_db
@EXAMPLES
@given(
    name=junk, expiry=junk, modules=st.lists(junk, max_size=3), member=junk, due=junk, note=junk, sort=junk
)
def test_counselor_forms(site, name, expiry, modules, member, due, note, sort):
    client = client_for(site["counselor"])
    circle = site["circle"]
    assert status_ok(client.post("/counselor/circles/new/", {"name": name, "expires_in_days": expiry}))
    assert status_ok(
        client.post(
            f"/counselor/circles/{circle.pk}/assign/",
            {"modules": modules, "member": member, "due_date": due, "note": note},
        )
    )
    assert status_ok(client.get(f"/counselor/circles/{circle.pk}/", {"sort": sort}))
    assert status_ok(client.post(f"/counselor/circles/{circle.pk}/invite/", {"action": sort}))
    assert status_ok(client_for(site["learner"]).post("/dashboard/reminders/", {"email_reminders": note}))
