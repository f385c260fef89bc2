"""Invitations that were replaced, expire or are turned off, and people who leave: what the
family member and the counselor are told (issue 17, bugs 3, 4 and 6)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from circles.models import CareCircle, CircleMembership
from tests.addresses import address, language_of
from tests.circles.test_circles import client_for, counselor_user
from tests.factories import UserFactory


@pytest.fixture
def counselor(db):
    return counselor_user("casey")


@pytest.mark.django_db
class TestRenewingKeepsTheExpiry:
    def test_a_new_link_expires_after_as_many_days_as_the_one_it_replaces(self, counselor):
        client = client_for(counselor)
        client.post("/counselor/circles/new/", {"name": "Rivera family", "expires_in_days": "30"})
        circle = CareCircle.objects.get()
        assert circle.invite_expires_at is not None
        circle.invite_expires_at = timezone.now() - timedelta(days=1)  # it ran out
        circle.save()
        client.post(f"/counselor/circles/{circle.pk}/invite/", {"action": "renew"})
        circle.refresh_from_db()
        left = circle.invite_expires_at - timezone.now()
        assert timedelta(days=29, hours=23) < left <= timedelta(days=30)
        page = client.get(f"/counselor/circles/{circle.pk}/").content.decode()
        assert "Works until" in page

    def test_a_longer_choice_is_kept_and_no_invitation_is_without_an_end(self, counselor):
        client = client_for(counselor)
        client.post("/counselor/circles/new/", {"name": "Chen family", "expires_in_days": "90"})
        circle = CareCircle.objects.get()
        client.post(f"/counselor/circles/{circle.pk}/invite/", {"action": "renew"})
        circle.refresh_from_db()
        left = circle.invite_expires_at - timezone.now()
        assert timedelta(days=89, hours=23) < left <= timedelta(days=90) and circle.invite_active
        unchosen = CareCircle.objects.create(counselor=counselor, name="Lee family")
        assert unchosen.invite_expires_at is not None  # every invitation stops in the end


@pytest.mark.django_db
class TestReplacedInvitations:
    def test_a_replaced_link_says_so_and_does_not_let_anyone_in(self, counselor, learner):
        circle = CareCircle.objects.create(counselor=counselor, name="Rivera family")
        old_token, old_code = circle.join_token, circle.short_code
        client_for(counselor).post(f"/counselor/circles/{circle.pk}/invite/", {"action": "renew"})
        family = client_for(learner)
        response = family.get(f"/join/{old_token}/")
        assert response.status_code == 410
        html = response.content.decode()
        assert "replaced by a newer one" in html and "Ask the counselor for the new link or code" in html
        assert "Rivera family" not in html
        assert family.post(f"/join/{old_token}/").status_code == 410
        by_code = family.post("/join/", {"code": old_code})
        assert by_code.status_code == 400 and "replaced by a newer one" in by_code.content.decode()
        assert not CircleMembership.objects.exists()
        circle.refresh_from_db()
        assert family.get(f"/join/{circle.join_token}/").status_code == 200  # the new one works

    def test_a_link_that_never_existed_is_still_not_found(self, learner):
        assert client_for(learner).get("/join/" + "x" * 22 + "/").status_code == 404


@pytest.mark.django_db
class TestWhatTheCounselorIsTold:
    def test_after_turning_the_invitation_off(self, counselor):
        circle = CareCircle.objects.create(counselor=counselor, name="Rivera family")
        client = client_for(counselor)
        client.post(f"/counselor/circles/{circle.pk}/invite/", {"action": "revoke"})
        page = client.get(f"/counselor/circles/{circle.pk}/").content.decode()
        assert "You turned this invitation off" in page and "make a new link and code" in page
        assert "Ask them for a new one" not in page and "by the counselor" not in page

    def test_after_it_expired(self, counselor):
        circle = CareCircle.objects.create(
            counselor=counselor, name="Rivera family", invite_expires_at=timezone.now() - timedelta(days=1)
        )
        page = client_for(counselor).get(f"/counselor/circles/{circle.pk}/").content.decode()
        assert "This invitation has expired" in page and "Ask the counselor" not in page

    def test_who_left_is_shown_and_no_one_has_joined_only_when_no_one_ever_did(self, counselor, course):
        circle = CareCircle.objects.create(counselor=counselor, name="Rivera family")
        client = client_for(counselor)
        assert "No one has joined yet" in client.get(f"/counselor/circles/{circle.pk}/").content.decode()
        ana = UserFactory(username="ana", display_name="Ana")
        ben = UserFactory(username="ben", display_name="Ben")
        ana_membership = CircleMembership.objects.create(circle=circle, user=ana)
        ben_membership = CircleMembership.objects.create(circle=circle, user=ben)
        client_for(ana).post(f"/dashboard/circles/{ana_membership.pk}/leave/")
        client.post(f"/counselor/circles/{circle.pk}/members/{ben_membership.pk}/remove/")
        assert not CircleMembership.objects.exists()
        page = client.get(f"/counselor/circles/{circle.pk}/").content.decode()
        assert "No one has joined yet" not in page and "No one is in this circle now" in page
        assert "Ana left the circle on" in page and "Ben was removed by you on" in page
        # The learner's own export lists the circle they left; another counselor sees nothing.
        export = client_for(ana).get("/dashboard/export/").json()
        assert export["circles_left"][0]["circle_counselor"] == "Casey"
        other = CareCircle.objects.create(counselor=counselor_user("orla"), name="Other")
        other_page = client_for(other.counselor).get(f"/counselor/circles/{other.pk}/")
        assert "Ana" not in other_page.content.decode()

    def test_removing_a_member_asks_first_and_says_whom_it_removed(self, counselor, course):
        """One tap on 'Remove' removed a member, who then needs a new invitation (found in a
        375 px trial): it is now a page that says what removing means, with one button."""
        circle = CareCircle.objects.create(counselor=counselor, name="Rivera family")
        ben = CircleMembership.objects.create(
            circle=circle, user=UserFactory(username="ben", display_name="Ben")
        )
        client = client_for(counselor)
        url = f"/counselor/circles/{circle.pk}/members/{ben.pk}/remove/"
        own_page = client.get(f"/counselor/circles/{circle.pk}/members/{ben.pk}/").content.decode()
        assert f'<a href="{url}">Remove Ben from the circle</a>' in own_page
        assert f'action="{url}"' not in own_page  # a link to the question, not a button that removes
        asked = client.get(url)
        assert asked.status_code == 200 and CircleMembership.objects.filter(pk=ben.pk).exists()
        page = asked.content.decode()
        assert "<h1>Remove Ben from the circle?</h1>" in page
        assert f'<a href="/counselor/circles/{circle.pk}/members/{ben.pk}/">Back to Ben</a>' in page
        assert "You will no longer see their progress or quiz scores." in page
        assert (
            f'href="/counselor/circles/{circle.pk}/members/{ben.pk}/">No, keep them in the circle</a>' in page
        )
        done = client.post(url, follow=True)
        assert not CircleMembership.objects.filter(pk=ben.pk).exists()
        assert [str(m) for m in done.context["messages"]] == [
            "Removed Ben from the circle. You no longer see their progress."
        ]
        assert client.get(url).status_code == 404  # gone: nothing more to ask

    def test_deleting_the_account_deletes_the_note_that_they_left(self, counselor, course):
        circle = CareCircle.objects.create(counselor=counselor, name="Rivera family")
        ana = UserFactory(username="ana", display_name="Ana")
        membership = CircleMembership.objects.create(circle=circle, user=ana)
        client_for(ana).post(f"/dashboard/circles/{membership.pk}/leave/")
        ana.delete()
        page = client_for(counselor).get(f"/counselor/circles/{circle.pk}/").content.decode()
        assert "Ana" not in page


@pytest.mark.django_db
def test_leaving_asks_first_and_only_a_post_from_that_page_leaves(counselor, course):
    circle = CareCircle.objects.create(counselor=counselor, name="Rivera family")
    ana = UserFactory(username="ana", display_name="Ana")
    membership = CircleMembership.objects.create(circle=circle, user=ana)
    client = client_for(ana)
    leave_url = f"/dashboard/circles/{membership.pk}/leave/"
    dashboard = client.get("/dashboard/").content.decode()
    assert f'href="{leave_url}"' in dashboard  # a link to the question, not a one-click button
    page = client.get(leave_url)
    html = page.content.decode()
    assert page.status_code == 200 and "<h1>Leave Casey's care circle?</h1>" in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html and "Yes, leave the circle" in html
    assert CircleMembership.objects.filter(pk=membership.pk).exists()  # asking changed nothing
    assert client_for(UserFactory(username="ben")).get(leave_url).status_code == 404  # not theirs
    assert client.post(leave_url)["Location"] == "/dashboard/"
    assert not CircleMembership.objects.filter(pk=membership.pk).exists()
    assert client.get(leave_url).status_code == 404  # already gone


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "first", "second"),
    [
        ("", "Casey's circle (1 of 2), joined", "Casey's circle (2 of 2), joined"),
        ("/es", "Círculo de Casey (1 de 2), se unió el", "Círculo de Casey (2 de 2), se unió el"),
    ],
)
def test_two_circles_of_one_counselor_read_differently_without_their_private_names(
    counselor, course, prefix, first, second
):
    """A learner in two of Casey's circles saw two identical lines ("Casey's circle, since ...").
    Each is numbered, in the order joined, with when it was joined; the circles' names are the
    counselor's own ("Only you see it") and stay off the family's pages."""
    ana = UserFactory(username="ana", display_name="Ana")
    joined = timezone.now() - timedelta(days=3)
    for name in ("Rivera family", "Tuesday group"):
        circle = CareCircle.objects.create(counselor=counselor, name=name)
        CircleMembership.objects.create(circle=circle, user=ana)
    CircleMembership.objects.filter(user=ana).update(joined_at=joined)  # even the same moment
    other = CareCircle.objects.create(counselor=counselor_user("dana"), name="Dana's clinic")
    CircleMembership.objects.create(circle=other, user=ana)
    html = client_for(ana).get(address("dashboard", language_of(prefix))).content.decode()
    box = html[
        html.index('class="circle-memberships"') : html.index(
            "</ul>", html.index('class="circle-memberships"')
        )
    ]
    items = re.findall(r"<li>(.*?)</li>", box, re.S)
    shown = [re.sub(r'<span class="visually-hidden">.*?</span>', "", item) for item in items]
    lines = [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in shown]  # as seen on screen
    assert len(lines) == 3 and len(set(lines)) == 3, lines
    assert lines[0].startswith(first) and lines[1].startswith(second)
    assert lines[2].startswith("Dana's circle, since" if not prefix else "Círculo de Dana, desde")
    hidden = re.findall(r'<span class="visually-hidden">([^<]*)</span>', box)
    assert len(set(hidden)) == 3  # each "Leave this circle" link says which one
    assert not any(name in html for name in ("Rivera family", "Tuesday group", "Dana's clinic"))
    leave = CircleMembership.objects.filter(user=ana).first()
    page = (
        client_for(ana)
        .get(address("leave_circle", language_of(prefix), membership_id=leave.pk))
        .content.decode()
    )
    assert ("You joined this circle on" if not prefix else "Se unió a este círculo el") in page


@pytest.mark.django_db
class TestAssigningSeveralModules:
    def test_each_module_gets_its_own_due_date_in_one_submission(self, counselor, course):
        from circles.models import Assignment
        from tests.circles.test_circles import modules_of

        circle = CareCircle.objects.create(counselor=counselor, name="Rivera family")
        first, second = modules_of(course)
        today = timezone.localdate()
        client = client_for(counselor)
        form = client.get(f"/counselor/circles/{circle.pk}/assign/").content.decode()
        assert f'<label for="id_due_{first.pk}">Due date for {first.title} (optional)' in form
        response = client.post(
            f"/counselor/circles/{circle.pk}/assign/",
            {
                "modules": [first.pk, second.pk],
                f"due_{first.pk}": (today + timedelta(days=3)).isoformat(),
                f"due_{second.pk}": (today + timedelta(days=10)).isoformat(),
            },
        )
        assert response.status_code == 302
        assert dict(Assignment.objects.values_list("module_id", "due_date")) == {
            first.pk: today + timedelta(days=3),
            second.pk: today + timedelta(days=10),
        }

    def test_the_shared_date_fills_in_and_a_date_without_a_tick_is_refused(self, counselor, course):
        from circles.models import Assignment
        from tests.circles.test_circles import modules_of

        circle = CareCircle.objects.create(counselor=counselor, name="Rivera family")
        first, second = modules_of(course)
        today = timezone.localdate()
        client = client_for(counselor)
        url = f"/counselor/circles/{circle.pk}/assign/"
        refused = client.post(
            url, {"modules": [first.pk], f"due_{second.pk}": (today + timedelta(days=2)).isoformat()}
        )
        assert (
            refused.status_code == 400 and f"Tick “{second.title}” to assign it" in refused.content.decode()
        )
        past = client.post(url, {"modules": [first.pk], f"due_{first.pk}": "2001-01-01"})
        assert past.status_code == 400 and "Pick today or a later date" in past.content.decode()
        assert not Assignment.objects.exists()
        shared = (today + timedelta(days=5)).isoformat()
        own = (today + timedelta(days=1)).isoformat()
        client.post(url, {"modules": [first.pk, second.pk], "due_date": shared, f"due_{second.pk}": own})
        assert dict(Assignment.objects.values_list("module_id", "due_date")) == {
            first.pk: today + timedelta(days=5),
            second.pk: today + timedelta(days=1),
        }
