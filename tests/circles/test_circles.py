"""Care circles: invitations, consent, scoping between counselors, matrix, export, reminders."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape

from circles.models import AccessLog, Assignment, CareCircle, CircleMembership, ReminderSent
from circles.views.counselor import MEMBERS_PER_PAGE
from coursesite.dates import short_day_format
from lessons.models import LessonPage, LessonProgress, ModulePage
from tests.factories import UserFactory

User = get_user_model()


def counselor_user(username):
    user = UserFactory(username=username, display_name=username.title())
    group, _ = Group.objects.get_or_create(name="Counselors")
    user.groups.add(group)
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def counselor(db):
    return counselor_user("casey")


@pytest.fixture
def circle(counselor, course):
    return CareCircle.objects.create(counselor=counselor, name="Rivera family")


@pytest.fixture
def member(circle, learner):
    return CircleMembership.objects.create(circle=circle, user=learner)


def modules_of(course):
    return list(ModulePage.objects.child_of(course).order_by("path"))


@pytest.mark.django_db
class TestAccess:
    def test_only_counselors_get_in(self, client, learner, course):
        assert client.get("/counselor/").status_code == 302  # to log in
        response = client_for(learner).get("/counselor/")
        assert response.status_code == 403
        assert "counselors only" in response.content.decode()

    def test_two_counselors_never_see_each_others_circles(self, circle, member, course):
        other = counselor_user("orla")
        other_circle = CareCircle.objects.create(counselor=other, name="Chen family")
        stranger = CircleMembership.objects.create(circle=other_circle, user=UserFactory(username="chen"))
        mine = client_for(circle.counselor)
        listing = mine.get("/counselor/").content.decode()
        assert "Rivera family" in listing and "Chen family" not in listing
        for url in [
            f"/counselor/circles/{other_circle.pk}/",
            f"/counselor/circles/{other_circle.pk}/export.csv",
            f"/counselor/circles/{other_circle.pk}/assign/",
            f"/counselor/circles/{other_circle.pk}/members/{stranger.pk}/",
            f"/counselor/circles/{circle.pk}/members/{stranger.pk}/",  # right circle, wrong member
        ]:
            assert mine.get(url).status_code == 404, url
        for url in [
            f"/counselor/circles/{other_circle.pk}/invite/",
            f"/counselor/circles/{other_circle.pk}/members/{stranger.pk}/remove/",
        ]:
            assert mine.post(url).status_code == 404, url
        assert CircleMembership.objects.filter(pk=stranger.pk).exists()
        assert "chen" not in mine.get(f"/counselor/circles/{circle.pk}/").content.decode().lower()

    def test_state_changes_need_post_and_csrf(self, circle, member):
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(circle.counselor)
        posts = [
            f"/counselor/circles/{circle.pk}/invite/",
            f"/counselor/circles/{circle.pk}/members/{member.pk}/remove/",
            "/counselor/circles/new/",
        ]
        for url in posts:
            assert strict.post(url, {"name": "x"}).status_code == 403, url
        learner_client = Client(enforce_csrf_checks=True)
        learner_client.force_login(member.user)
        assert learner_client.post(f"/dashboard/circles/{member.pk}/leave/").status_code == 403
        assert learner_client.post(f"/join/{circle.join_token}/").status_code == 403
        assert client_for(member.user).get(f"/dashboard/circles/{member.pk}/leave/").status_code == 200
        assert client_for(circle.counselor).get(f"/counselor/circles/{circle.pk}/invite/").status_code == 405
        assert CircleMembership.objects.filter(pk=member.pk).exists()


@pytest.mark.django_db
class TestJoining:
    def test_new_visitor_joins_by_link_consents_and_the_counselor_sees_them(
        self, client, counselor, course, sign_up
    ):
        counselor_client = client_for(counselor)
        response = counselor_client.post("/counselor/circles/new/", {"name": "Rivera family"})
        circle = CareCircle.objects.get()
        assert response["Location"] == f"/counselor/circles/{circle.pk}/"
        page = counselor_client.get(response["Location"]).content.decode()
        assert f"/join/{circle.join_token}/" in page and circle.short_code in page

        # A visitor opens the link, learns what will be shared, signs up, and consents.
        lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
        client.post(f"/progress/lessons/{lesson.pk}/complete/")
        consent = client.get(f"/join/{circle.join_token}/").content.decode()
        assert "Never your quiz answers" in consent and "Create an account" in consent
        signed_up = sign_up(
            client,
            {
                "email": "ana@example.com",
                "password1": "a-long-passphrase-9",
                "password2": "a-long-passphrase-9",
                "display_name": "Ana",
            },
            path=f"/accounts/signup/?next=/join/{circle.join_token}/",
        )
        assert signed_up["Location"] == f"/join/{circle.join_token}/"  # back to the invitation
        assert not CircleMembership.objects.exists()  # nothing until they confirm
        assert client.post(f"/join/{circle.join_token}/").status_code == 302
        membership = CircleMembership.objects.get(circle=circle)
        assert membership.user.email == "ana@example.com" and membership.share_email is False

        Assignment.objects.create(circle=circle, module=modules_of(course)[0])
        matrix = counselor_client.get(f"/counselor/circles/{circle.pk}/").content.decode()
        assert "Ana" in matrix and "1/3 lessons" in matrix and "In progress" in matrix
        assert "ana@example.com" not in matrix  # email only if shared

        # The learner leaves: the counselor loses access on the next request.
        client.post(f"/dashboard/circles/{membership.pk}/leave/")
        assert (
            counselor_client.get(f"/counselor/circles/{circle.pk}/members/{membership.pk}/").status_code
            == 404
        )
        page = counselor_client.get(f"/counselor/circles/{circle.pk}/").content.decode()
        assert f"/members/{membership.pk}/" not in page and "Ana left the circle" in page

    def test_join_by_short_code(self, circle, learner):
        client = client_for(learner)
        response = client.post("/join/", {"code": circle.short_code.lower().replace("-", " ")})
        assert response["Location"] == f"/join/{circle.join_token}/"
        bad = client.post("/join/", {"code": "ZZZZ-ZZZZ"})
        assert bad.status_code == 400
        assert "could not find a circle with that code" in bad.content.decode()

    def test_expired_and_revoked_invitations_are_refused_clearly(self, circle, learner):
        client = client_for(learner)
        circle.invite_expires_at = timezone.now() - timedelta(minutes=1)
        circle.save()
        response = client.post(f"/join/{circle.join_token}/")
        assert response.status_code == 410 or response.status_code == 409
        assert "expired" in response.content.decode()
        circle.invite_expires_at = None
        circle.invite_active = False
        circle.save()
        response = client.get(f"/join/{circle.join_token}/")
        assert response.status_code == 410 and "turned off" in response.content.decode()
        assert not CircleMembership.objects.exists()

    def test_renewing_the_invitation_kills_the_old_link(self, circle, learner):
        old = circle.join_token
        client_for(circle.counselor).post(f"/counselor/circles/{circle.pk}/invite/", {"action": "renew"})
        assert client_for(learner).post(f"/join/{old}/").status_code == 410
        assert not CircleMembership.objects.exists()

    def test_joining_twice_is_refused(self, circle, member):
        response = client_for(member.user).post(f"/join/{circle.join_token}/")
        assert response.status_code == 409
        assert "already in this circle" in response.content.decode()
        assert CircleMembership.objects.filter(circle=circle).count() == 1

    def test_email_is_shown_only_when_the_learner_opts_in(self, circle, learner, course):
        client_for(learner).post(f"/join/{circle.join_token}/", {"share_email": "on"})
        assert (
            learner.email
            in client_for(circle.counselor).get(f"/counselor/circles/{circle.pk}/").content.decode()
        )


@pytest.mark.django_db
class TestMatrixAndAssignments:
    def test_assign_and_learner_sees_it_soonest_first_with_overdue_marked(self, circle, member, course):
        first, second = modules_of(course)
        today = timezone.localdate()
        counselor = client_for(circle.counselor)
        response = counselor.post(
            f"/counselor/circles/{circle.pk}/assign/",
            {
                "modules": [second.pk],
                "due_date": (today + timedelta(days=3)).isoformat(),
                "note": "Read first",
            },
        )
        assert response.status_code == 302
        Assignment.objects.create(
            circle=circle, module=first, member=member, due_date=today - timedelta(days=1)
        )
        html = client_for(member.user).get("/dashboard/").content.decode()
        assert "assigned by Casey" in html
        assert html.index(first.title + "</a>:") < html.index(second.title + "</a>:")
        assert "Overdue" in html and "Note: Read first" in html

    @pytest.mark.parametrize(
        ("prefix", "one", "two"),
        [
            ("", "Assigned 1 module.", "Assigned 2 modules."),
            ("/es", "Se asignó 1 módulo.", "Se asignaron 2 módulos."),
        ],
    )
    def test_the_confirmation_counts_modules_in_proper_plurals(
        self, circle, member, course, prefix, one, two
    ):
        first, second = modules_of(course)
        counselor = client_for(circle.counselor)
        for modules, expected in (([first.pk], one), ([first.pk, second.pk], two)):
            Assignment.objects.all().delete()  # each module new (assigning again is TestAssigningAgain's)
            response = counselor.post(
                f"{prefix}/counselor/circles/{circle.pk}/assign/", {"modules": modules}, follow=True
            )
            messages = [str(message) for message in response.context["messages"]]
            assert messages == [expected]
            assert "(s)" not in response.content.decode()

    def test_assignment_form_errors_keep_input(self, circle, member):
        response = client_for(circle.counselor).post(
            f"/counselor/circles/{circle.pk}/assign/", {"due_date": "2001-01-01", "note": "Keep me"}
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "Pick today or a later date" in html and "Keep me" in html and "There is a problem" in html

    def test_states_flags_and_sorting(self, circle, member, course):
        first, second = modules_of(course)
        Assignment.objects.create(
            circle=circle, module=first, due_date=timezone.localdate() - timedelta(days=2)
        )
        lessons = list(LessonPage.objects.child_of(first).order_by("path"))
        long_ago = timezone.now() - timedelta(days=10)
        for lesson in lessons:
            LessonProgress.objects.create(
                user=member.user, lesson=lesson, started_at=long_ago, completed_at=long_ago
            )
        idle = CircleMembership.objects.create(
            circle=circle, user=UserFactory(username="idle", display_name="Idle")
        )
        CircleMembership.objects.filter(pk=idle.pk).update(joined_at=long_ago)
        html = (
            client_for(circle.counselor).get(f"/counselor/circles/{circle.pk}/?sort=overdue").content.decode()
        )
        assert "Complete" in html and "Not started" in html
        assert html.index("Idle") < html.index(member.user.display_name)  # overdue first
        assert "No activity for 7+ days" in html
        assert (
            client_for(circle.counselor).get(f"/counselor/circles/{circle.pk}/?sort=nonsense").status_code
            == 200
        )

    def test_views_and_exports_are_logged_for_the_learner(self, circle, member, course):
        counselor = client_for(circle.counselor)
        counselor.get(f"/counselor/circles/{circle.pk}/members/{member.pk}/")
        counselor.get(f"/counselor/circles/{circle.pk}/export.csv")
        actions = set(AccessLog.objects.filter(learner=member.user).values_list("action", flat=True))
        assert {AccessLog.VIEWED_MEMBER, AccessLog.EXPORTED_CIRCLE} <= actions
        html = client_for(member.user).get("/dashboard/").content.decode()
        assert "Casey: looked at your progress in detail" in html
        # The circle's name is the counselor's own ("Only you see it"): never shown to the family.
        assert "Rivera family" not in html
        assert "Rivera family" not in client_for(member.user).get("/dashboard/export/").content.decode()

    def test_a_visit_is_logged_once_not_once_per_refresh(self, circle, member, course):
        counselor = client_for(circle.counselor)
        page = f"/counselor/circles/{circle.pk}/"
        for _ in range(3):
            counselor.get(page)
        newcomer = CircleMembership.objects.create(circle=circle, user=UserFactory(username="newcomer"))
        counselor.get(page)  # the newcomer was not looked at yet in this visit
        logged = AccessLog.objects.filter(action=AccessLog.VIEWED_CIRCLE)
        assert sorted(logged.values_list("learner_id", flat=True)) == sorted(
            [member.user_id, newcomer.user_id]
        )
        logged.update(created_at=timezone.now() - timedelta(minutes=16))  # a later visit
        counselor.get(page)
        assert logged.count() == 4
        counselor.get(f"/counselor/circles/{circle.pk}/members/{member.pk}/")  # another kind of look
        assert AccessLog.objects.filter(learner=member.user).count() == 3

    def test_csv_is_streamed_for_that_circle_only_and_defuses_formulas(self, circle, member, course):
        Assignment.objects.create(circle=circle, module=modules_of(course)[0])
        member.user.display_name = "=HYPERLINK(1)"
        member.user.save()
        other = CareCircle.objects.create(counselor=counselor_user("orla"), name="Other")
        CircleMembership.objects.create(
            circle=other, user=UserFactory(username="outsider", display_name="Outsider")
        )
        response = client_for(circle.counselor).get(f"/counselor/circles/{circle.pk}/export.csv")
        assert response.streaming
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        assert rows[0][0] == "Member" and len(rows) == 2
        assert rows[1][0] == "'=HYPERLINK(1)"
        assert b"".join(
            client_for(circle.counselor).get(response.wsgi_request.path).streaming_content
        ).startswith(
            "\ufeffMember".encode()
        )  # Excel reads UTF-8 names as written only with the byte order mark
        assert "Outsider" not in str(rows)


@pytest.mark.django_db
class TestAssigningAgain:
    """A module is assigned once to the whole circle and once to any one member: assigning it
    again changes that assignment, and the form says what is assigned already."""

    def test_the_form_says_what_is_assigned_and_assigning_again_updates_it(self, circle, member, course):
        first, second = modules_of(course)
        today = timezone.localdate()
        soon, later = today + timedelta(days=3), today + timedelta(days=10)
        counselor = client_for(circle.counselor)
        url = f"/counselor/circles/{circle.pk}/assign/"
        counselor.post(url, {"modules": [first.pk], "due_date": soon.isoformat(), "note": "Read first"})
        counselor.post(url, {"modules": [first.pk], "member": member.pk})  # to one member as well
        form = counselor.get(url).content.decode()
        assigned = re.search(r'<p[^>]*id="([^"]+)-assigned">(.*?)</p>', form, re.S)
        day = date_format(soon, "DATE_FORMAT")
        name = member.user.display_name
        # Its note too, which assigning again keeps or replaces (found in a 375 px trial).
        assert assigned.group(2) == (
            f"Already assigned to: everyone, due {day}, note: “Read first”; {name}, no due date."
        )
        assert f'aria-describedby="{assigned.group(1)}-assigned"' in form  # read with its checkbox
        assert "already assigned</label>" in form  # the tick box's label, without a stray colon
        assert form.count("Already assigned to:") == 1  # the second module is not assigned yet

        response = counselor.post(
            url,
            {"modules": [first.pk, second.pk], "due_date": later.isoformat(), "note": "Take your time"},
            follow=True,
        )
        assert [str(m) for m in response.context["messages"]] == [
            "Assigned 1 module.",
            "Updated the due date and note of 1 module that was already assigned.",
        ]
        assert set(Assignment.objects.values_list("module_id", "member_id", "due_date", "note")) == {
            (first.pk, None, later, "Take your time"),
            (first.pk, member.pk, None, ""),
            (second.pk, None, later, "Take your time"),
        }
        # Only the date changed: the note written before stays.
        counselor.post(url, {"modules": [first.pk], "due_date": soon.isoformat()})
        assert Assignment.objects.get(module=first, member=None).note == "Take your time"

    def test_assigning_nothing_says_to_tick_a_module_and_links_to_the_first(self, circle, member, course):
        """ "Modules to assign: This field is required." linked to "#" (a group of checkboxes has no
        id of its own; found in a 375 px trial)."""
        counselor = client_for(circle.counselor)
        url = f"/counselor/circles/{circle.pk}/assign/"
        response = counselor.post(url, {"note": "Read"})
        assert response.status_code == 400
        html = response.content.decode()
        assert '<a href="#id_modules_0">Tick at least one of the modules to assign.</a>' in html
        assert 'id="id_modules_0"' in html and "This field is required" not in html
        spanish = counselor.post(f"/es{url}", {"note": "Lea"}).content.decode()
        assert '<a href="#id_modules_0">Marque al menos uno de los módulos que quiere asignar.</a>' in spanish

    def test_a_note_can_be_removed_but_not_removed_and_written_at_once(self, circle, member, course):
        first, second = modules_of(course)
        counselor = client_for(circle.counselor)
        url = f"/counselor/circles/{circle.pk}/assign/"
        counselor.post(url, {"modules": [first.pk], "note": "Read first"})
        assert "Remove the note" in counselor.get(url).content.decode()  # offered once something is assigned

        response = counselor.post(url, {"modules": [first.pk], "note": "New", "remove_note": "on"})
        assert response.status_code == 400
        assert "Write a new note or tick \u201cRemove the note\u201d, not both." in response.content.decode()
        assert Assignment.objects.get(module=first).note == "Read first"  # nothing changed

        due = timezone.localdate() + timedelta(days=5)
        Assignment.objects.filter(module=first).update(due_date=due)
        response = counselor.post(url, {"modules": [first.pk, second.pk], "remove_note": "on"}, follow=True)
        assert [str(m) for m in response.context["messages"]] == [
            "Assigned 1 module.",
            "Removed the note of 1 module that was already assigned; its due date is kept.",
        ]
        # An empty date box keeps the due date, as an empty note box keeps the note (a trial's
        # counselor removed a note and lost the deadline with it).
        assert set(Assignment.objects.values_list("module_id", "note", "due_date")) == {
            (first.pk, "", due),
            (second.pk, "", None),
        }
        response = counselor.post(url, {"modules": [first.pk]}, follow=True)
        assert [str(m) for m in response.context["messages"]] == [
            "1 module was already assigned as you asked: nothing changed."
        ]
        response = counselor.post(url, {"modules": [first.pk], "note": "Back again"}, follow=True)
        assert [str(m) for m in response.context["messages"]] == [
            "Updated the note of 1 module that was already assigned; its due date is kept."
        ]
        assert Assignment.objects.get(module=first).due_date == due

    def test_spanish_confirmation_says_it_was_updated(self, circle, member, course):
        first, second = modules_of(course)
        counselor = client_for(circle.counselor)
        url = f"/es/counselor/circles/{circle.pk}/assign/"
        counselor.post(url, {"modules": [first.pk, second.pk]})
        assert "Ya asignado a: todos, sin fecha límite." in counselor.get(url).content.decode()
        due = (timezone.localdate() + timedelta(days=3)).isoformat()
        for modules, note, expected in (
            (
                [first.pk],
                "Lea",
                "Se actualizaron la fecha límite y la nota de 1 módulo que ya estaba asignado.",
            ),
            (
                [first.pk, second.pk],
                "Lea",
                "Se actualizaron las fechas límite y las notas de 2 módulos que ya estaban asignados.",
            ),
            (
                [first.pk],
                "",
                "Se actualizó la fecha límite de 1 módulo que ya estaba asignado; se conserva su nota.",
            ),
            (
                [first.pk],
                None,
                "Se actualizó la fecha límite de 1 módulo que ya estaba asignado y se quitó su nota.",
            ),
        ):
            sent = {"note": note} if note is not None else {"remove_note": "on"}
            response = counselor.post(url, {"modules": modules, "due_date": due, **sent}, follow=True)
            assert [str(m) for m in response.context["messages"]] == [expected]
        assert Assignment.objects.count() == 2

    def test_a_new_due_date_gets_its_own_reminders(self, circle, member, course):
        first, second = modules_of(course)
        today = timezone.localdate()
        tomorrow = (today + timedelta(days=1)).isoformat()
        counselor = client_for(circle.counselor)
        url = f"/counselor/circles/{circle.pk}/assign/"
        counselor.post(url, {"modules": [first.pk, second.pk], "due_date": tomorrow})
        call_command("send_reminders")
        assert len(mail.outbox) == 2
        later = (today + timedelta(days=2)).isoformat()
        both = {"modules": [first.pk, second.pk], "due_date": tomorrow}
        counselor.post(url, {**both, f"due_{first.pk}": later})
        call_command("send_reminders")  # the first has a new date; the second's was sent already
        assert len(mail.outbox) == 3
        assert ReminderSent.objects.get(assignment__module=first).stage == "due_soon"

    def test_the_database_refuses_a_second_assignment_for_the_same_people(self, circle, member, course):
        from django.db import IntegrityError, transaction

        first, second = modules_of(course)
        Assignment.objects.create(circle=circle, module=first)
        Assignment.objects.create(circle=circle, module=first, member=member)  # others: allowed
        Assignment.objects.create(circle=circle, module=second)
        for target in (None, member):
            with pytest.raises(IntegrityError), transaction.atomic():
                Assignment.objects.create(circle=circle, module=first, member=target)
        assert Assignment.objects.count() == 3

    @pytest.mark.parametrize(
        ("for_circle", "for_them", "shown"),
        [(10, 3, 3), (3, 10, 3), (None, 5, 5), (5, None, 5)],
    )
    def test_my_learning_lists_a_module_assigned_to_the_circle_and_to_them_once(
        self, circle, member, course, for_circle, for_them, shown
    ):
        """With the due date that applies, the soonest (a date before none), as the matrix."""
        first, _ = modules_of(course)
        today = timezone.localdate()

        def due(days):
            return None if days is None else today + timedelta(days=days)

        Assignment.objects.create(circle=circle, module=first, due_date=due(for_circle))
        Assignment.objects.create(circle=circle, module=first, member=member, due_date=due(for_them))
        html = client_for(member.user).get("/dashboard/").content.decode()
        items = re.findall(r'<li class="assignment[^"]*">(.*?)</li>', html, re.S)
        assert len(items) == 1
        assert f"due {date_format(due(shown), 'MONTH_DAY_FORMAT')}." in " ".join(items[0].split())
        counselor_page = client_for(circle.counselor).get(f"/counselor/circles/{circle.pk}/").content.decode()
        assert f"due {date_format(due(shown), short_day_format())}<" in counselor_page


@pytest.mark.django_db
class TestReminders:
    def test_one_email_per_assignment_per_stage_across_runs(self, circle, member, course):
        today = timezone.localdate()
        first, second = modules_of(course)
        soon = Assignment.objects.create(circle=circle, module=first, due_date=today + timedelta(days=2))
        late = Assignment.objects.create(circle=circle, module=second, due_date=today - timedelta(days=1))
        Assignment.objects.create(
            circle=circle, module=second, member=member, due_date=today + timedelta(days=30)
        )  # not yet
        opted_out = CircleMembership.objects.create(circle=circle, user=UserFactory(username="quiet"))
        client_for(opted_out.user).post("/dashboard/reminders/", {})
        call_command("send_reminders")
        call_command("send_reminders")
        assert len(mail.outbox) == 2
        assert {m.to[0] for m in mail.outbox} == {member.user.email}
        assert set(ReminderSent.objects.values_list("assignment_id", "stage")) == {
            (soon.pk, "due_soon"),
            (late.pk, "overdue"),
        }
        assert "Seizure" not in mail.outbox[0].subject  # nothing health-related in the subject line

    def test_a_reminder_comes_from_the_site_named_in_the_learners_language(
        self, circle, member, course, settings
    ):
        """The sender's name is the site's, in the language of the email: a Spanish reminder
        from "Curso para familias", not "Family course"; an address set with another name
        is left as it is."""
        english = CircleMembership.objects.create(circle=circle, user=UserFactory(username="en"))
        get_user_model().objects.filter(pk=member.user.pk).update(email_language="es")
        Assignment.objects.create(circle=circle, module=modules_of(course)[0], due_date=timezone.localdate())
        settings.DEFAULT_FROM_EMAIL = "Family course <no-reply@clinic.example>"
        call_command("send_reminders")
        senders = {message.to[0]: message.from_email for message in mail.outbox}
        assert senders == {
            member.user.email: "Curso para familias <no-reply@clinic.example>",
            english.user.email: "Family course <no-reply@clinic.example>",
        }
        subjects = {message.to[0]: message.subject for message in mail.outbox}
        assert subjects == {  # the sender's name in the same language as the subject
            member.user.email: "Un recordatorio de su curso para familias",
            english.user.email: "A reminder from your family course",
        }
        mail.outbox.clear()
        ReminderSent.objects.all().delete()
        settings.DEFAULT_FROM_EMAIL = "Riverside Clinic <courses@clinic.example>"
        call_command("send_reminders")
        assert {message.from_email for message in mail.outbox} == {
            "Riverside Clinic <courses@clinic.example>"
        }

    def test_a_module_assigned_to_the_circle_and_to_them_is_one_reminder(self, circle, member, course):
        first, _ = modules_of(course)
        today = timezone.localdate()
        everyone = Assignment.objects.create(circle=circle, module=first, due_date=today + timedelta(days=2))
        own = Assignment.objects.create(
            circle=circle, module=first, member=member, due_date=today + timedelta(days=1)
        )
        others = CircleMembership.objects.create(circle=circle, user=UserFactory(username="other"))
        call_command("send_reminders")
        assert sorted(ReminderSent.objects.values_list("user_id", "assignment_id")) == sorted(
            [(member.user_id, own.pk), (others.user_id, everyone.pk)]
        )
        assert len(mail.outbox) == 2

    def test_finished_modules_get_no_reminder(self, circle, member, course):
        first = modules_of(course)[0]
        Assignment.objects.create(circle=circle, module=first, due_date=timezone.localdate())
        now = timezone.now()
        for lesson in LessonPage.objects.child_of(first):
            LessonProgress.objects.create(user=member.user, lesson=lesson, started_at=now, completed_at=now)
        call_command("send_reminders")
        assert mail.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize("size", [50, 500])
def test_circle_page_queries_are_constant(size, circle, course, django_assert_max_num_queries):
    users = User.objects.bulk_create(
        [
            # Names shared by several members (told apart by when they joined: one more query).
            User(username=f"m{size}-{i}", email=f"m{size}-{i}@example.com", display_name=f"M{i % 7}")
            for i in range(size)
        ]
    )
    memberships = CircleMembership.objects.bulk_create(
        [CircleMembership(circle=circle, user=u) for u in users]
    )
    for module in modules_of(course):
        Assignment.objects.create(circle=circle, module=module)
    Assignment.objects.create(circle=circle, module=modules_of(course)[0], member=memberships[-1])
    lessons = list(LessonPage.objects.descendant_of(course))
    now = timezone.now()
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(user=u, lesson=lesson, started_at=now, completed_at=now)
            for u in users
            for lesson in lessons[:2]
        ]
    )
    Client().get("/")  # the site's first request creates its settings
    client = client_for(circle.counselor)
    with django_assert_max_num_queries(18):
        response = client.get(f"/counselor/circles/{circle.pk}/")
    assert response.status_code == 200
    shown = min(size, MEMBERS_PER_PAGE)  # a page of members, the sort over all of them
    assert response.content.decode().count("<tr>") == shown + 1
    assert AccessLog.objects.count() == len(memberships)
    with django_assert_max_num_queries(18):  # a second look costs the same: nothing is kept
        again = client.get(f"/counselor/circles/{circle.pk}/?page=2")
    assert again.content.decode().count("<tr>") == (shown if size > MEMBERS_PER_PAGE else size) + 1
    with django_assert_max_num_queries(14):
        b"".join(client.get(f"/counselor/circles/{circle.pk}/export.csv").streaming_content)


@pytest.mark.django_db
def test_a_large_circle_is_shown_a_page_at_a_time_sorted_as_a_whole(circle, course):
    total = MEMBERS_PER_PAGE + 5
    users = User.objects.bulk_create(
        [
            User(username=f"p{i}", email=f"p{i}@example.com", display_name=f"Member {i:03d}")
            for i in reversed(range(total))  # joined in the reverse of name order
        ]
    )
    CircleMembership.objects.bulk_create([CircleMembership(circle=circle, user=u) for u in users])
    counselor = client_for(circle.counselor)
    page = f"/counselor/circles/{circle.pk}/"

    def names(html):
        return re.findall(r">(Member \d{3})</a>", html)

    first = counselor.get(f"{page}?sort=-name").content.decode()
    assert names(first) == [f"Member {i:03d}" for i in reversed(range(5, total))]
    assert f"(1 to {MEMBERS_PER_PAGE} of {total})" in first and "Page 1 of 2" in first
    # The next page opens at the table, not above the invitation and the Sort box (a trial).
    assert 'rel="next" href="?sort=-name&amp;page=2#matrix-caption"' in first and 'rel="prev"' not in first
    second = counselor.get(f"{page}?sort=-name&page=2").content.decode()
    assert names(second) == [f"Member {i:03d}" for i in reversed(range(5))]
    assert f"({MEMBERS_PER_PAGE + 1} to {total} of {total})" in second and "Page 2 of 2" in second
    # No one has finished a module: by progress, the ties are in name order.
    by_progress = counselor.get(f"{page}?sort=progress").content.decode()
    assert names(by_progress) == [f"Member {i:03d}" for i in range(MEMBERS_PER_PAGE)]
    assert 'rel="prev" href="?sort=-name&amp;page=1#matrix-caption"' in second and 'rel="next"' not in second
    # A page that is not a number, or past the end, shows the nearest page rather than an error.
    assert names(counselor.get(f"{page}?page=abc").content.decode())[0] == "Member 000"
    assert names(counselor.get(f"{page}?page=99").content.decode()) == [
        f"Member {i:03d}" for i in range(MEMBERS_PER_PAGE, total)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["name", "-name"])
def test_a_page_sorted_by_name_reads_only_its_members_and_matches_the_whole_matrix(
    sort, circle, course, django_assert_max_num_queries, monkeypatch
):
    """Sorted by name, a page of the matrix reads the progress of its own members only, and
    shows exactly what the same page of the whole circle's matrix shows."""
    from circles import rules

    total = MEMBERS_PER_PAGE + 7
    users = [UserFactory(username=f"n{i}", display_name=f"Name {i:03d}") for i in range(total)]
    CircleMembership.objects.bulk_create([CircleMembership(circle=circle, user=u) for u in users])
    first, second = modules_of(course)
    Assignment.objects.create(circle=circle, module=first, due_date=timezone.localdate() - timedelta(days=1))
    Assignment.objects.create(circle=circle, module=second)
    lessons = list(LessonPage.objects.child_of(first).order_by("path"))
    now = timezone.now()
    LessonProgress.objects.bulk_create(  # some done, some started, the rest not yet
        LessonProgress(user=u, lesson=lesson, started_at=now, completed_at=now if i % 3 else None)
        for i, u in enumerate(users)
        for lesson in lessons[: i % (len(lessons) + 1)]
    )

    def shown(rows):
        return [
            (
                row.name,
                row.last_activity,
                row.stalled,
                [(c.state, c.lessons_done, c.overdue) for c in row.cells],
            )
            for row in rows
        ]

    _, everyone = rules.build_matrix(circle, sort=sort)
    read_for = []
    lesson_masks = rules.lesson_masks
    monkeypatch.setattr(
        rules, "lesson_masks", lambda users, ids: read_for.append(users) or lesson_masks(users, ids)
    )
    for number in (1, 2):
        with django_assert_max_num_queries(6):
            _, page, _ = rules.matrix_page(circle, sort, number, MEMBERS_PER_PAGE)
        start = (number - 1) * MEMBERS_PER_PAGE
        assert shown(page.object_list) == shown(everyone[start : start + MEMBERS_PER_PAGE])
        assert sorted(read_for.pop()) == sorted(row.membership.user_id for row in page.object_list)
    assert page.paginator.count == total and len(page.object_list) == total - MEMBERS_PER_PAGE


@pytest.mark.django_db
def test_impossible_ids_get_a_clear_form_error(circle, member):
    response = client_for(circle.counselor).post(
        f"/counselor/circles/{circle.pk}/assign/", {"modules": ["9" * 40], "member": "1e99"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice" in html and "%(value)s" not in html


@pytest.mark.django_db
class TestMatrixIsAlwaysCurrent:
    """Whatever changes in a circle, whoever changes it (and however: .update(), bulk_create),
    the counselor's next look shows it."""

    def page(self, counselor, circle):
        return counselor.get(f"/counselor/circles/{circle.pk}/").content.decode()

    def test_a_members_progress_shows_at_once(self, circle, member, course):
        first, _ = modules_of(course)
        Assignment.objects.create(circle=circle, module=first)
        counselor = client_for(circle.counselor)
        assert "0/3 lessons" in self.page(counselor, circle)
        lesson = LessonPage.objects.child_of(first).first()
        learner = client_for(member.user)
        assert learner.post(f"/progress/lessons/{lesson.pk}/complete/").status_code == 302  # .update()
        assert "1/3 lessons" in self.page(counselor, circle)
        second = LessonPage.objects.child_of(first).order_by("path")[1]
        now = timezone.now()
        LessonProgress.objects.create(user=member.user, lesson=second, started_at=now, completed_at=now)
        assert "2/3 lessons" in self.page(counselor, circle)

    def test_joining_leaving_renaming_and_assigning_show_at_once(self, circle, member, course):
        counselor = client_for(circle.counselor)
        assert "0/3 lessons" not in self.page(counselor, circle)
        first, _ = modules_of(course)
        counselor.post(f"/counselor/circles/{circle.pk}/assign/", {"modules": [first.pk]})  # bulk
        assert "0/3 lessons" in self.page(counselor, circle)
        newcomer = UserFactory(username="newcomer", display_name="Newcomer")
        CircleMembership.objects.create(circle=circle, user=newcomer)
        assert "Newcomer" in self.page(counselor, circle)
        newcomer.display_name = "Nova"
        newcomer.save()
        assert "Nova" in self.page(counselor, circle)
        assert (
            client_for(newcomer)
            .post(f"/dashboard/circles/{CircleMembership.objects.get(user=newcomer).pk}/leave/")
            .status_code
            == 302
        )
        page = self.page(counselor, circle)
        assert "Nova</a>" not in page and "Nova left the circle" in page

    def test_each_sort_and_each_circle_is_kept_apart(self, circle, member, course):
        counselor = client_for(circle.counselor)
        other = CareCircle.objects.create(counselor=circle.counselor, name="Other family")
        CircleMembership.objects.create(circle=other, user=UserFactory(username="z", display_name="Zed"))
        assert "Zed" not in self.page(counselor, circle)
        assert "Zed" in self.page(counselor, other)
        by_name = counselor.get(f"/counselor/circles/{other.pk}/?sort=name").content.decode()
        assert 'aria-sort="ascending"' in by_name


@pytest.mark.django_db
@pytest.mark.parametrize("per_mask", [60, 2])
def test_lesson_masks_count_each_members_lessons_whatever_the_chunking(
    per_mask, circle, member, course, monkeypatch
):
    """build_matrix reads each member's lessons as bit masks, LESSONS_PER_MASK lessons to an
    integer: with 2 per mask the same course needs several, and the answer must not change."""
    from circles import rules

    monkeypatch.setattr(rules, "LESSONS_PER_MASK", per_mask)
    lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    other = CircleMembership.objects.create(circle=circle, user=UserFactory(username="other"))
    now = timezone.now()
    for lesson in lessons[:3]:  # done
        LessonProgress.objects.create(user=member.user, lesson=lesson, started_at=now, completed_at=now)
    LessonProgress.objects.create(user=member.user, lesson=lessons[-1], started_at=now)  # opened
    LessonProgress.objects.create(user=other.user, lesson=lessons[1], started_at=now)
    members = CircleMembership.objects.filter(circle=circle).values("user_id")
    ids = [lesson.pk for lesson in lessons]
    masks, last = rules.lesson_masks(members, ids)
    touched, done = masks[member.user_id]
    assert [bool(touched >> n & 1) for n in range(len(ids))] == [True] * 3 + [False] * (len(ids) - 4) + [True]
    assert [bool(done >> n & 1) for n in range(len(ids))] == [True] * 3 + [False] * (len(ids) - 3)
    assert masks[other.user_id] == (1 << 1, 0)
    assert set(last) == {member.user_id, other.user_id}

    for module in modules_of(course):
        Assignment.objects.create(circle=circle, module=module)
    _, rows = rules.build_matrix(circle)
    by_user = {row.membership.user_id: row for row in rows}
    first_module = modules_of(course)[0]
    in_first = LessonPage.objects.child_of(first_module).count()
    cell = by_user[member.user_id].cells[0]
    assert (cell.lessons_done, cell.lessons_total) == (min(3, in_first), in_first)
    assert by_user[other.user_id].cells[0].lessons_done == 0 and by_user[other.user_id].cells[0].started


@pytest.mark.django_db
def test_last_activity_is_shown_as_the_day_in_the_sites_time_zone(circle, member, course):
    """Late evening in New York is already tomorrow in UTC: the matrix shows the local day."""
    from datetime import UTC, datetime

    lesson = LessonPage.objects.descendant_of(course).first()
    late_evening = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)  # March 9, 22:30 in New York
    LessonProgress.objects.create(user=member.user, lesson=lesson, started_at=late_evening)
    Assignment.objects.create(circle=circle, module=lesson.get_parent().specific)
    html = client_for(circle.counselor).get(f"/counselor/circles/{circle.pk}/").content.decode()
    assert "Mar 9, 2026" in html and "Mar 10, 2026" not in html


@pytest.mark.django_db
def test_the_csv_gives_last_activity_in_the_sites_time_zone(circle, member, course, settings):
    """As the matrix shows it: 02:30 UTC on March 10 is 22:30 on March 9 in New York, written as
    a spreadsheet reads (and sorts) a date and time, not ISO 8601 with its "T" and offset."""
    from datetime import UTC, datetime

    assert settings.TIME_ZONE == "America/New_York"
    lesson = LessonPage.objects.descendant_of(course).first()
    late_evening = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)
    LessonProgress.objects.create(user=member.user, lesson=lesson, started_at=late_evening)
    Assignment.objects.create(circle=circle, module=lesson.get_parent().specific)
    response = client_for(circle.counselor).get(f"/counselor/circles/{circle.pk}/export.csv")
    header, row = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert row[header.index("Last activity (America/New_York time)")] == "2026-03-09 22:30"


ENGLISH_ORDER = re.compile(r"\b[A-Za-z]{3}\.? \d{1,2}, \d{4}\b")  # "Mar 9, 2026", "mar 9, 2026"


@pytest.mark.django_db
def test_dates_on_spanish_pages_of_circles_read_in_spanish(circle, member, course):
    """Django's localized date format, not "M j, Y": "9 de marzo de 2026" under /es/."""
    from datetime import UTC, date, datetime

    march_9 = datetime(2026, 3, 9, 15, 0, tzinfo=UTC)
    lesson = LessonPage.objects.descendant_of(course).first()
    LessonProgress.objects.create(user=member.user, lesson=lesson, started_at=march_9)
    CircleMembership.objects.filter(pk=member.pk).update(joined_at=march_9)
    CareCircle.objects.filter(pk=circle.pk).update(created_at=march_9, invite_expires_at=march_9)
    Assignment.objects.create(circle=circle, module=lesson.get_parent().specific, due_date=date(2026, 3, 9))
    counselor = client_for(circle.counselor)
    pages = [
        "/counselor/",
        f"/counselor/circles/{circle.pk}/",
        f"/counselor/circles/{circle.pk}/members/{member.pk}/",
    ]
    for path in pages:
        english = counselor.get(path).content.decode()
        spanish = counselor.get(f"/es{path}").content.decode()
        assert "Mar 9, 2026" in english, path
        assert "9 de marzo de 2026" in spanish and not ENGLISH_ORDER.search(spanish), path
    # In a matrix cell, six to a row, the due date is short: the day and month only.
    english = counselor.get(f"/counselor/circles/{circle.pk}/").content.decode()
    spanish = counselor.get(f"/es/counselor/circles/{circle.pk}/").content.decode()
    assert "due Mar 9" in english and "March 9" not in english
    assert re.search(r"\b9 mar\b", spanish) and "9 de marzo;" not in spanish
    learner = client_for(member.user)  # their circle since..., and who looked at their progress when
    english, spanish = (
        learner.get("/dashboard/").content.decode(),
        learner.get("/es/mi-aprendizaje/").content.decode(),
    )
    assert "Casey's circle, since Mar 9, 2026" in english and "9 de marzo de 2026" in spanish
    assert len(ENGLISH_ORDER.findall(english)) >= 2 and not ENGLISH_ORDER.search(spanish)


@pytest.mark.django_db
def test_spanish_counselor_pages_name_the_modules_in_spanish(seeded_site, learner):
    """Assignments are kept under the English module; a counselor reading under /es/ sees its
    Spanish title (its translation), as learners do, everywhere the counselor area names it."""
    from wagtail.models import Locale

    counselor = counselor_user("casey")
    circle = CareCircle.objects.create(counselor=counselor, name="Rivera family")
    member = CircleMembership.objects.create(circle=circle, user=learner)
    module = ModulePage.objects.filter(locale__language_code="en").live().order_by("path").first()
    translated = module.get_translation(Locale.objects.get(language_code="es"))
    assert translated.title != module.title
    Assignment.objects.create(circle=circle, module=module, due_date=timezone.localdate())
    client = client_for(counselor)
    pages = [
        f"/counselor/circles/{circle.pk}/",
        f"/counselor/circles/{circle.pk}/members/{member.pk}/",
        f"/counselor/circles/{circle.pk}/assign/",
    ]
    for prefix, title, other in (
        ("", module.title, translated.title),
        ("/es", translated.title, module.title),
    ):
        for path in pages:
            html = client.get(prefix + path).content.decode()
            assert escape(title) in html and escape(other) not in html, prefix + path
        export = client.get(f"{prefix}/counselor/circles/{circle.pk}/export.csv")
        header = next(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
        assert any(column.startswith(f"{title}: ") for column in header), header
        assert not any(column.startswith(f"{other}: ") for column in header)


@pytest.mark.django_db
def test_the_csv_has_each_modules_due_date_and_lessons_done(circle, member, course):
    """What the matrix shows of a module, the CSV has too: its due date, and the lessons done."""
    module = modules_of(course)[0]
    lessons = list(LessonPage.objects.child_of(module).order_by("path"))
    due = timezone.localdate() + timedelta(days=5)
    Assignment.objects.create(circle=circle, module=module, due_date=due)
    now = timezone.now()
    LessonProgress.objects.create(user=member.user, lesson=lessons[0], started_at=now, completed_at=now)
    response = client_for(circle.counselor).get(f"/counselor/circles/{circle.pk}/export.csv")
    header, row = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert row[header.index(f"{module.title}: due")] == due.isoformat()
    assert row[header.index(f"{module.title}: lessons done (of {len(lessons)})")] == "1"


@pytest.mark.django_db
def test_names_sort_as_a_reader_expects_and_every_sort_breaks_ties_by_name(circle, course):
    from circles import rules

    for name in ("Zamora", "Óscar", "ana", "Álvarez"):  # joined in this order
        CircleMembership.objects.create(circle=circle, user=UserFactory(username=name, display_name=name))
    expected = ["Álvarez", "ana", "Óscar", "Zamora"]
    for sort in ("name", "activity", "-activity", "progress", "-progress", "overdue"):
        _, rows = rules.build_matrix(circle, sort=sort)
        assert [row.name for row in rows] == expected, sort  # no one has done anything: all tie
    _, rows = rules.build_matrix(circle, sort="-name")
    assert [row.name for row in rows] == expected[::-1]
    _, page, _ = rules.matrix_page(circle, "name", 1, MEMBERS_PER_PAGE)
    assert [row.name for row in page.object_list] == expected


@pytest.mark.django_db
def test_the_assign_form_lists_members_in_name_order(circle, course):
    for name in ("Zamora", "Óscar", "ana", "Álvarez"):
        CircleMembership.objects.create(circle=circle, user=UserFactory(username=name, display_name=name))
    form = client_for(circle.counselor).get(f"/counselor/circles/{circle.pk}/assign/").content.decode()
    select = form[form.index('name="member"') : form.index("</select>", form.index('name="member"'))]
    assert re.findall(r"<option[^>]*>([^<]+)</option>", select) == [
        "Everyone in the circle",
        "Álvarez",
        "ana",
        "Óscar",
        "Zamora",
    ]


@pytest.mark.django_db
def test_the_sort_box_shows_exactly_the_sort_in_use_and_sending_it_keeps_it(circle, member):
    """Each direction is its own choice ("Last activity, newest first"), so the box names the
    sort in use, and pressing Sort keeps it (on a newest-first table it used to send
    "activity", oldest first). Every ?sort= value the page ever took still works."""
    counselor = client_for(circle.counselor)
    shown = {}
    for sort in ("name", "-name", "progress", "-progress", "activity", "-activity", "overdue", "-overdue"):
        html = counselor.get(f"/counselor/circles/{circle.pk}/?sort={sort}").content.decode()
        start = html.index('<select id="sort"')
        box = html[start : html.index("</select>", start)]
        selected = re.findall(r'<option value="([^"]+)" selected>([^<]+)</option>', box)
        assert [value for value, _ in selected] == [sort], sort  # the form sends back the same sort
        shown[sort] = selected[0][1]
    assert len(set(shown.values())) == len(shown)  # no two sorts look the same in the box
    assert shown["-activity"] == "Last activity, newest first"
    assert shown["activity"] == "Last activity, oldest first"
    by_name_backwards = counselor.get(f"/counselor/circles/{circle.pk}/?sort=-name").content.decode()
    assert '<th scope="col" aria-sort="descending"><a href="?sort=name">' in by_name_backwards
    spanish = counselor.get(f"/es/counselor/circles/{circle.pk}/?sort=-activity").content.decode()
    assert '<option value="-activity" selected>Última actividad, la más reciente primero</option>' in spanish


@pytest.mark.django_db
def test_an_empty_circles_csv_still_counts_each_modules_lessons(circle, course):
    module = modules_of(course)[0]
    Assignment.objects.create(circle=circle, module=module)
    response = client_for(circle.counselor).get(f"/counselor/circles/{circle.pk}/export.csv")
    (header,) = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    total = LessonPage.objects.child_of(module).live().count()
    assert f"{module.title}: lessons done (of {total})" in header


@pytest.mark.django_db
def test_the_matrix_caption_wraps_on_a_phone_instead_of_scrolling_away(circle, member):
    """A <caption> is as wide as its table: inside the sideways-scrolling box, at 375 px its end
    was out of view. It is a line of its own above that box, in the page's width, and still
    names the table and the box for a screen reader."""
    html = client_for(circle.counselor).get(f"/counselor/circles/{circle.pk}/").content.decode()
    label = re.search(r'<p class="matrix-caption" id="matrix-caption">([^<]+)</p>', html)
    assert label and label.group(1).startswith("Members and their assigned modules")
    box = html.index('<div class="table-wrap"')
    assert label.start() < box and "<caption" not in html[box : html.index("</table>", box)]
    assert 'aria-labelledby="matrix-caption"' in html[box : html.index("</thead>", box)]  # box and table
    assert html[box : html.index("</thead>", box)].count('aria-labelledby="matrix-caption"') == 2


@pytest.mark.django_db
def test_members_of_the_same_name_are_told_apart_by_when_they_joined(circle, course):
    """Two members called Maria, neither sharing an email: the matrix, its CSV, the assign form
    and the list of assignments each say when each one joined (and the time, on the same day),
    and a name no one else has is shown as it is."""
    module = modules_of(course)[0]
    morning = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) - timedelta(days=2)
    marias = []
    for number, joined in enumerate((morning - timedelta(days=7), morning, morning + timedelta(minutes=90))):
        user = UserFactory(username=f"maria{number}", display_name="María" if number else "MARIA")
        marias.append(CircleMembership.objects.create(circle=circle, user=user))
        CircleMembership.objects.filter(pk=marias[-1].pk).update(joined_at=joined)
    CircleMembership.objects.create(circle=circle, user=UserFactory(username="ana", display_name="Ana"))
    Assignment.objects.create(circle=circle, module=module, member=marias[0])
    twins = []  # two of one name who joined in the same minute (one invitation, in one room)
    for number in range(2):
        twins.append(
            CircleMembership.objects.create(
                circle=circle, user=UserFactory(username=f"sam{number}", display_name="Sam")
            )
        )
        CircleMembership.objects.filter(pk=twins[-1].pk).update(
            joined_at=morning + timedelta(seconds=20 * number)
        )

    def label(membership, with_time=False):
        joined = timezone.localtime(CircleMembership.objects.get(pk=membership.pk).joined_at)
        when = date_format(joined.date(), "DATE_FORMAT")
        if with_time:
            when += f", {date_format(joined, 'TIME_FORMAT')}"
        return f"{membership.user.display_name} (joined {when})"

    labels = [label(marias[0]), label(marias[1], True), label(marias[2], True)]
    labels += [label(twins[0]).replace(")", f", {date_format(morning, 'TIME_FORMAT')}, #1)")]
    labels += [label(twins[1]).replace(")", f", {date_format(morning, 'TIME_FORMAT')}, #2)")]
    assert len(set(labels)) == 5
    counselor = client_for(circle.counselor)
    page = counselor.get(f"/counselor/circles/{circle.pk}/").content.decode()
    shown = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', page)
    assert shown == [escape(name) for name in ["Ana", *labels]]  # name order, then join order
    assert (
        f"{module.title}: {escape(labels[0])}\n" in page.split('<h2 id="assignments">Assignments</h2>', 1)[1]
    )
    rows = list(
        csv.reader(
            io.StringIO(
                b"".join(
                    counselor.get(f"/counselor/circles/{circle.pk}/export.csv").streaming_content
                ).decode("utf-8-sig")
            )
        )
    )
    assert [row[0] for row in rows[1:]] == ["Ana", *labels]
    form = counselor.get(f"/counselor/circles/{circle.pk}/assign/").content.decode()
    select = form[form.index('name="member"') : form.index("</select>", form.index('name="member"'))]
    assert re.findall(r"<option[^>]*>([^<]+)</option>", select)[1:] == [
        escape(name) for name in ["Ana", *labels]
    ]
    assert f"Already assigned to: {escape(labels[0])}" in form
    for membership, name in zip([*marias, *twins], labels, strict=True):  # each one's own page too
        own = counselor.get(f"/counselor/circles/{circle.pk}/members/{membership.pk}/").content.decode()
        assert f"<h1>{escape(name)}</h1>" in own


@pytest.mark.django_db
def test_removing_an_assignment_says_which_and_for_whom_and_only_in_ones_own_circles(circle, member, course):
    first, second = modules_of(course)
    everyone = Assignment.objects.create(circle=circle, module=first)
    theirs = Assignment.objects.create(circle=circle, module=second, member=member)
    other = CareCircle.objects.create(counselor=counselor_user("orla"), name="Other")
    elsewhere = Assignment.objects.create(circle=other, module=first)
    counselor = client_for(circle.counselor)

    def remove(assignment, in_circle=circle):
        url = f"/counselor/circles/{in_circle.pk}/assignments/{assignment.pk}/delete/"
        return [str(m) for m in counselor.post(url, follow=True).context["messages"]]

    # The circle's page links to a page that asks first (found in a 375 px trial: one tap removed
    # it, and putting it back meant remembering its due date and note).
    page = counselor.get(f"/counselor/circles/{circle.pk}/").content.decode()
    link = f'href="/counselor/circles/{circle.pk}/assignments/{theirs.pk}/delete/">Remove'
    assert f'{link}<span class="visually-hidden"> the assignment of {second.title} to ' in page
    theirs.due_date, theirs.note = date(2026, 3, 9), "Before the next visit"
    theirs.save()
    asked = counselor.get(f"/counselor/circles/{circle.pk}/assignments/{theirs.pk}/delete/")
    html = asked.content.decode()
    assert asked.status_code == 200 and Assignment.objects.filter(pk=theirs.pk).exists()
    assert f"<h1>Remove the assignment of “{second.title}” to {member.user.display_name}?</h1>" in html
    assert "It is due Mar 9, 2026." in html and "Note: Before the next visit" in html
    assert "no reminder emails will be sent about it" in html and 'method="post"' in html
    for in_circle in (other, circle):  # another counselor's assignment, under either circle
        url = f"/counselor/circles/{in_circle.pk}/assignments/{elsewhere.pk}/delete/"
        assert counselor.get(url).status_code == 404
    assert remove(everyone) == [
        f"Removed the assignment of “{first.title}” to everyone. To undo it, assign the module again."
    ]
    # Its due date and note are said, since they are gone with it (found in a 375 px trial).
    assert remove(theirs) == [
        f"Removed the assignment of “{second.title}” to {member.user.display_name}. "
        "To undo it, assign the module again. It was due Mar 9, 2026. Its note was: Before the next visit"
    ]
    assert remove(elsewhere) == []  # another counselor's: nothing removed, nothing said
    assert list(Assignment.objects.all()) == [elsewhere]
