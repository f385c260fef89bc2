"""My safety plan: visitors keep it in their session only; learners save it to their account."""

import re

import pytest
from django.test import Client

from toolkit.models import SafetyPlan

PLAN = {
    "first_name": "Sam",
    "what_it_looks_like": "Stares, then shakes for about a minute.",
    "prescriber_name": "Dr. Lee",
    "prescriber_phone": "555-123-4567",
    "after_hours_phone": "(555) 765-4321",
    "pharmacy": "Main Street Pharmacy, 555-222-3333",
    "rescue_medicine": "Nasal spray, as Dr. Lee said: after 5 minutes.",
    "contact_1_name": "Alex",
    "contact_1_phone": "+1 555 888 9999",
    "contact_2_name": "",
    "contact_2_phone": "",
    "nearest_er": "County General, 1 Hospital Road",
}


@pytest.mark.django_db
class TestVisitorPlan:
    def test_visitor_makes_a_plan_kept_in_the_session_only(self, client, safety_card):
        response = client.post("/tools/safety-plan/edit/", PLAN)
        assert response.status_code == 302 and response["Location"] == "/tools/safety-plan/"
        assert SafetyPlan.objects.count() == 0
        page = client.get("/tools/safety-plan/")
        text = page.content.decode()
        assert page.status_code == 200
        assert "Safety plan for Sam" in text
        for value in [
            "555-123-4567",
            "County General",
            "Nasal spray",
            "Stay with them",
            "Call 911 if",
            "988",
        ]:
            assert value in text
        assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
        # Another visitor sees nothing of it.
        assert Client().get("/tools/safety-plan/")["Location"] == "/tools/safety-plan/edit/"

    def test_bad_input_is_shown_again_with_plain_messages(self, client):
        data = dict(PLAN, first_name="", prescriber_phone="call me", what_it_looks_like="x" * 401)
        response = client.post("/tools/safety-plan/edit/", data)
        assert response.status_code == 400
        text = response.content.decode()
        assert "Enter your loved one&#x27;s first name." in text
        assert "Enter a phone number using digits" in text
        assert "at most 400 characters" in text
        assert "County General, 1 Hospital Road" in text  # nothing lost
        assert "call me" in text

    def test_a_visitors_plan_is_said_to_be_kept_for_this_visit_only(self, client):
        made = client.post("/tools/safety-plan/edit/", PLAN, follow=True)
        assert [str(m) for m in made.context["messages"]] == [
            "Your safety plan is ready. Print it now: it is kept only for this visit."
        ]

    def test_delete_forgets_the_session_plan(self, client):
        client.post("/tools/safety-plan/edit/", PLAN)
        client.post("/tools/safety-plan/delete/")
        assert client.get("/tools/safety-plan/")["Location"] == "/tools/safety-plan/edit/"

    def test_deleting_asks_first_and_a_look_changes_nothing(self, client):
        """One tap on "Delete the plan" deleted it (found in a 375 px trial): the link opens a
        page that asks, and only its button (a POST) deletes."""
        assert client.get("/tools/safety-plan/delete/")["Location"] == "/tools/safety-plan/"  # no plan
        client.post("/tools/safety-plan/edit/", PLAN)
        plan = client.get("/tools/safety-plan/").content.decode()
        assert '<a href="/tools/safety-plan/delete/">Delete the plan</a>' in plan
        asked = client.get("/tools/safety-plan/delete/").content.decode()
        assert "Delete your safety plan?" in asked and "This cannot be undone." in asked
        assert '<form method="post"' in asked and '<a href="/tools/safety-plan/">No, keep it</a>' in asked
        assert client.get("/tools/safety-plan/").status_code == 200  # still there
        client.post("/tools/safety-plan/delete/")
        assert client.get("/tools/safety-plan/")["Location"] == "/tools/safety-plan/edit/"


@pytest.mark.django_db
class TestLearnerPlan:
    def test_learner_saves_edits_and_deletes_their_plan(self, signed_in, safety_card):
        client, user = signed_in()
        client.post("/tools/safety-plan/edit/", PLAN)
        assert SafetyPlan.objects.get(user=user).prescriber_name == "Dr. Lee"
        saved = client.post("/tools/safety-plan/edit/", dict(PLAN, prescriber_name="Dr. Park"), follow=True)
        assert SafetyPlan.objects.get(user=user).prescriber_name == "Dr. Park"
        assert [str(m) for m in saved.context["messages"]][-1] == "Saved your safety plan."  # as the diary
        assert "Dr. Park" in client.get("/tools/safety-plan/").content.decode()
        form = client.get("/tools/safety-plan/edit/").content.decode()
        assert 'value="Dr. Park"' in form
        client.post("/tools/safety-plan/delete/")
        assert not SafetyPlan.objects.filter(user=user).exists()

    def test_a_plan_made_before_signing_in_can_be_saved_to_the_account(self, client, safety_card):
        from tests.factories import UserFactory

        client.post("/tools/safety-plan/edit/", PLAN)
        user = UserFactory(username="later")
        client.force_login(user)
        assert 'value="Dr. Lee"' in client.get("/tools/safety-plan/edit/").content.decode()
        client.post("/tools/safety-plan/edit/", PLAN)
        assert SafetyPlan.objects.get(user=user).first_name == "Sam"

    def test_one_learner_never_sees_anothers_plan(self, signed_in, safety_card):
        mine, _ = signed_in("mine")
        theirs, _ = signed_in("theirs")
        mine.post("/tools/safety-plan/edit/", PLAN)
        assert theirs.get("/tools/safety-plan/")["Location"] == "/tools/safety-plan/edit/"
        assert "Dr. Lee" not in theirs.get("/tools/safety-plan/edit/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("view_name", ["safety_plan_form", "diary"])
def test_error_reports_hide_health_data(rf, view_name, safety_card):
    """Health data never reaches an error report or log: the views mark every POST field sensitive,
    so Django's error reporter shows none of them."""
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.cache import SessionStore
    from django.views.debug import SafeExceptionReporterFilter

    from toolkit import views

    request = rf.post("/tools/", PLAN)
    request.user, request.session = AnonymousUser(), SessionStore()
    request._messages = FallbackStorage(request)
    getattr(views, view_name)(request)
    filtered = SafeExceptionReporterFilter().get_post_parameters(request)
    assert filtered["first_name"] == "********************"
    assert "Sam" not in str(filtered)


def plan_links(html):
    """{visible text: (href, accessible name)} of the links in the plan's own details."""
    details = html[html.index('id="plan-details"') : html.index("</dl>")]
    return {
        text: (href, label)
        for href, label, text in re.findall(r'<a href="([^"]*)" aria-label="([^"]*)">([^<]*)</a>', details)
    } | {text: (href, None) for href, text in re.findall(r'<a href="([^"]*)">([^<]*)</a>', details)}


@pytest.mark.django_db
class TestPhoneNumbersCall:
    def test_each_phone_number_is_a_link_to_call_it_named_for_whom_it_calls(self, client, safety_card):
        client.post("/tools/safety-plan/edit/", PLAN)
        links = plan_links(client.get("/tools/safety-plan/").content.decode())
        assert links == {
            "555-123-4567": ("tel:+15551234567", "Call Dr. Lee: 555-123-4567"),
            "(555) 765-4321": ("tel:+15557654321", "Call Dr. Lee after hours: (555) 765-4321"),
            "+1 555 888 9999": ("tel:+15558889999", "Call Alex: +1 555 888 9999"),
            # The number in the pharmacy's "name and phone" too (found in a 375 px trial).
            "555-222-3333": ("tel:+15552223333", None),
        }  # the ER's address, the rescue medicine's minutes and a date stay plain text
        html = client.get("/tools/safety-plan/").content.decode()
        assert 'Main Street Pharmacy, <a href="tel:+15552223333">555-222-3333</a>' in html
        assert "County General, 1 Hospital Road" in html and "after 5 minutes." in html
        # The overdose steps' "Call 911" is one tap too, in Spanish as well.
        assert '<a href="tel:911">Call 911</a>. If opioids could be involved' in html
        client.post("/es/herramientas/plan-de-seguridad/editar/", PLAN)
        spanish = client.get("/es/herramientas/plan-de-seguridad/").content.decode()
        assert '<a href="tel:911">Llame al 911</a>.' in spanish

    def test_without_a_name_the_link_says_whom_it_calls_and_extensions_and_plus_are_kept(
        self, client, safety_card
    ):
        plan = dict(
            PLAN,
            prescriber_name="",
            prescriber_phone="555-123-4567 ext. 12",
            contact_1_name="",
            contact_2_phone="+44 20 7946 0000",
        )
        assert client.post("/tools/safety-plan/edit/", plan).status_code == 302
        links = plan_links(client.get("/tools/safety-plan/").content.decode())
        assert links == {
            "555-123-4567 ext. 12": ("tel:+15551234567;ext=12", "Call the prescriber: 555-123-4567 ext. 12"),
            "(555) 765-4321": ("tel:+15557654321", "Call the after-hours line: (555) 765-4321"),
            "+1 555 888 9999": ("tel:+15558889999", "Call the first emergency contact: +1 555 888 9999"),
            "+44 20 7946 0000": ("tel:+442079460000", "Call the second emergency contact: +44 20 7946 0000"),
            "555-222-3333": ("tel:+15552223333", None),  # in the pharmacy's "name and phone"
        }

    def test_in_spanish(self, client, safety_card):
        client.post("/es/herramientas/plan-de-seguridad/editar/", dict(PLAN, contact_1_name=""))
        links = plan_links(client.get("/es/herramientas/plan-de-seguridad/").content.decode())
        assert links["555-123-4567"] == ("tel:+15551234567", "Llamar a Dr. Lee: 555-123-4567")
        assert links["+1 555 888 9999"][1] == "Llamar al primer contacto de emergencia: +1 555 888 9999"


def test_phone_numbers_in_free_text_are_links_and_nothing_else_is():
    from home.templatetags.site_tags import call_links

    assert call_links("CVS <Main>, (555) 222-3333 or 1-800-662-4357") == (
        'CVS &lt;Main&gt;, <a href="tel:+15552223333">(555) 222-3333</a> or '
        '<a href="tel:+18006624357">1-800-662-4357</a>'
    )
    assert call_links("Boots, +44 20 7946 0000") == 'Boots, <a href="tel:+442079460000">+44 20 7946 0000</a>'
    assert call_links("555-222-3333 ext. 12, +1 555 888 9999 2 times") == (
        '<a href="tel:+15552223333;ext=12">555-222-3333 ext. 12</a>, '
        '<a href="tel:+15558889999">+1 555 888 9999</a> 2 times'
    )
    for plain in (
        "Open 9-5 since 2026-11-03, 30 mg",
        "Room 12345678901234",
        "Call 911",
        "Taper +0.25 (0.125) mg",
    ):
        assert call_links(plain) == plain
