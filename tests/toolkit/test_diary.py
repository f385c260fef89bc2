"""The symptom diary: validation, privacy, emergency steps, and the server-drawn chart."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.addresses import address, language_of
from toolkit.models import DiaryEntry


def day(offset=0):
    return (timezone.localdate() - datetime.timedelta(days=offset)).isoformat()


def entry(**fields):
    data = {
        "day": day(),
        "sleep_hours": "6.5",
        "anxiety": "4",
        "symptoms": ["tremor"],
        "notes": "Slept badly.",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
class TestDailyLog:
    def test_learner_adds_a_day_and_sees_it_in_the_chart_and_table(self, signed_in):
        client, user = signed_in()
        response = client.post("/tools/diary/", entry(dose_changed="on"))
        assert response.status_code == 302
        saved = DiaryEntry.objects.get(user=user)
        assert (saved.sleep_hours, saved.anxiety, saved.symptoms, saved.dose_changed) == (
            6.5,
            4,
            ["tremor"],
            True,
        )
        page = client.get("/tools/diary/").content.decode()
        assert "<svg" in page and 'class="tool-chart__dose"' in page
        assert "Shaking or tremor" in page and "Slept badly." in page
        assert "Private:" in page and "not shared with a care circle" in page

    def test_saving_a_day_again_from_its_own_entry_replaces_it(self, signed_in):
        client, user = signed_in()
        client.post("/tools/diary/", entry(anxiety="4"))
        assert client.post("/tools/diary/", entry(anxiety="7", filled_for=day())).status_code == 302
        assert list(DiaryEntry.objects.filter(user=user).values_list("anxiety", flat=True)) == [7]

    def test_a_blank_form_never_replaces_a_days_entry_and_keeps_the_typing(self, signed_in):
        """A form filled in for no day ("Add another day") sent with the date of a day written
        already: nothing is saved, the page says that day has an entry and links to it, and
        what was typed is still in the form."""
        client, user = signed_in()
        client.post("/tools/diary/", entry(day=day(2), anxiety="4", notes="Kept as it was"))
        response = client.post(
            "/tools/diary/", entry(day=day(2), anxiety="9", notes="Typed in the new form", seizure="on")
        )
        assert response.status_code == 409
        kept = DiaryEntry.objects.get(user=user)
        assert (kept.anxiety, kept.notes, kept.seizure) == (4, "Kept as it was", False)
        html = response.content.decode()
        notice = html[html.index("Nothing was saved") : html.index('class="lead"')]  # at the top
        assert "already has an entry" in notice
        assert f'href="?day={day(2)}#diary-form-heading"' in notice  # that day's Change link
        assert "Typed in the new form</textarea>" in html and 'value="9"' in html
        assert 'name="seizure" id="id_seizure" checked' in html
        assert f'name="day" value="{day(2)}"' in html and 'name="filled_for" value=' not in html
        assert "<title>Error:" in html
        assert "A seizure: what to do now" not in html  # nothing saved, so no alert for it
        spanish = client.post(
            "/es/herramientas/diario/", entry(day=day(2), notes="Otra vez")
        ).content.decode()
        assert "ya tiene una anotación en su diario" in spanish
        assert "Ver o cambiar la anotación del" in spanish

        # Another date, or the day's own form, is saved as usual.
        assert client.post("/tools/diary/", entry(day=day(3), notes="Moved on")).status_code == 302
        own = entry(day=day(2), notes="Now", filled_for=day(2))
        assert client.post("/tools/diary/", own).status_code == 302
        notes = DiaryEntry.objects.filter(user=user).values_list("notes", flat=True)
        assert sorted(notes) == ["Moved on", "Now"]

    def test_the_same_new_day_sent_twice_is_saved_once_without_a_refusal(self, signed_in):
        """A double tap on "Save this day": the second copy finds the day holding exactly its
        answers, so it is not refused (the person would read "Nothing was saved")."""
        client, user = signed_in()
        sent = entry(day=day(1), symptoms=["tremor", "sweating"], dose_changed="on")
        assert client.post("/tools/diary/", sent).status_code == 302
        assert client.post("/tools/diary/", sent).status_code == 302
        assert DiaryEntry.objects.filter(user=user).count() == 1

    def test_change_link_fills_the_form_with_that_day(self, signed_in):
        client, _ = signed_in()
        client.post("/tools/diary/", entry(day=day(3), notes="Three days ago"))
        form = client.get(f"/tools/diary/?day={day(3)}").content.decode()
        assert "Three days ago</textarea>" in form
        # The column holds both links, and its heading names both (found in a 375 px trial).
        assert '<th scope="col" class="no-print">Change or delete</th>' in form
        # Named above its scroll box, not by a <caption> as wide as the table (cut off at 375 px).
        assert '<p class="matrix-caption" id="diary-caption">Your diary, ' in form and "<caption>" not in form
        assert 'role="region" aria-labelledby="diary-caption"' in form

    def test_a_form_filled_for_one_day_is_not_saved_onto_another(self, signed_in):
        """The page opens with today's entry filled in; changing only the date must not copy
        today's answers (a thought of suicide, a note) onto that other day."""
        client, user = signed_in()
        client.post("/tools/diary/", entry(suicidal_thoughts="on", notes="Said he wants to give up"))
        page = client.get(f"/tools/diary/?day={day()}").content.decode()  # its "Change" link
        assert f'name="filled_for" value="{day()}"' in page and "Said he wants to give up</textarea>" in page

        sent = entry(day=day(3), suicidal_thoughts="on", notes="Said he wants to give up", filled_for=day())
        response = client.post("/tools/diary/", sent)
        assert response.status_code == 409
        assert list(DiaryEntry.objects.filter(user=user).values_list("day", flat=True)) == [
            timezone.localdate()
        ]
        html = response.content.decode()
        assert "Nothing was saved" in html and "still held your answers for" in html
        assert f'value="{day(3)}"' in html and "Said he wants to give up</textarea>" not in html
        assert 'name="filled_for"' in html and f'name="filled_for" value="{day()}"' not in html

        # The day's own form (blank, or filled in for that day) is saved as usual.
        assert client.post("/tools/diary/", entry(day=day(3), notes="Calmer")).status_code == 302
        assert (
            client.post("/tools/diary/", entry(day=day(3), notes="Calm", filled_for=day(3))).status_code
            == 302
        )
        assert (
            DiaryEntry.objects.get(user=user, day=timezone.localdate() - datetime.timedelta(days=3)).notes
            == "Calm"
        )

    def test_a_changed_day_sent_with_another_date_keeps_what_was_typed(self, signed_in):
        """A day opened with its Change link, a new note typed, then the date changed to a day
        that has its own entry: nothing is saved on either day, and the typing is kept (it was
        replaced by the other day's answers; found in a 375 px trial)."""
        client, user = signed_in()
        client.post("/tools/diary/", entry(notes="Today as written"))
        client.post("/tools/diary/", entry(day=day(3), notes="Three days ago"))
        sent = entry(day=day(), notes="A new thought about that day", filled_for=day(3))
        response = client.post("/tools/diary/", sent)
        assert response.status_code == 409
        assert sorted(DiaryEntry.objects.filter(user=user).values_list("notes", flat=True)) == [
            "Three days ago",
            "Today as written",
        ]
        html = response.content.decode()
        start = html.index('id="diary-form-heading"')
        form = html[start : html.index("</form>", start)]
        assert "A new thought about that day</textarea>" in form and "Today as written" not in form
        assert f'name="filled_for" value="{day(3)}"' in form  # set the date back, and it saves there
        assert f'href="?day={day()}#diary-form-heading"' in html
        spanish = client.post(address("toolkit:diary", "es"), sent).content.decode()
        assert "Lo que escribió sigue en el formulario" in spanish

    def test_with_today_written_the_plain_page_adds_another_day_from_an_empty_form(self, signed_in):
        """Logging yesterday must not start from today's answers (copied, or refused and the
        typing lost): the plain page's form starts empty, its date too."""
        client, user = signed_in()
        client.post("/tools/diary/", entry(suicidal_thoughts="on", notes="Said he wants to give up"))
        client.get("/tools/diary/")  # the page the save leads to, with the emergency steps
        page = client.get("/tools/diary/").content.decode()
        start = page.index('id="diary-form-heading"')
        form = page[start : page.index("</form>", start)]
        assert "Add another day" in form and "Said he wants to give up" not in form
        assert 'name="filled_for" value=' not in form and 'name="day" value=' not in form
        assert 'name="suicidal_thoughts" checked' not in form
        assert client.post("/tools/diary/", entry(day=day(1), notes="Yesterday")).status_code == 302
        yesterday = DiaryEntry.objects.get(user=user, day=timezone.localdate() - datetime.timedelta(days=1))
        assert (yesterday.notes, yesterday.suicidal_thoughts) == ("Yesterday", False)

    @pytest.mark.parametrize(
        ("prefix", "wrong", "right"),
        [
            (
                "",
                ["Anxiety today", "Symptoms today", "changed today", "<legend>Today</legend>", "last night"],
                ["Anxiety that day", "Symptoms that day", "The dose changed that day", "the night before"],
            ),
            (
                "/es",
                ["Ansiedad hoy", "Síntomas de hoy", "Hoy cambió la dosis", "<legend>Hoy</legend>", "anoche"],
                ["Ansiedad ese día", "Síntomas ese día", "Ese día cambió la dosis", "la noche anterior"],
            ),
        ],
    )
    def test_the_forms_words_fit_any_day_not_only_today(self, signed_in, prefix, wrong, right):
        """A past day's form (its Change link) asked for "Anxiety today": the words fit any date."""
        client, _ = signed_in()
        client.post("/tools/diary/", entry(day=day(3)))
        page = client.get(f"{address('toolkit:diary', language_of(prefix))}?day={day(3)}").content.decode()
        start = page.index('id="diary-form-heading"')
        form = page[start : page.index("</form>", start)]
        assert [words for words in wrong if words in form] == []
        assert [words for words in right if words not in form] == []

    def test_after_the_emergency_steps_the_form_holds_todays_entry(self, signed_in):
        """Saving a day with a seizure shows the steps at once, on that response; the form below
        them holds today's entry as saved, so sending it again loses nothing of today."""
        client, user = signed_in()
        client.post("/tools/diary/", entry(notes="Slept badly."))
        response = client.post(
            "/tools/diary/", entry(day=day(3), seizure="on", notes="Fit at lunch"), follow=True
        )
        assert response.status_code == 200 and "A seizure: what to do now" in response.content.decode()
        html = response.content.decode()
        assert f'name="filled_for" value="{day()}"' in html and "Slept badly.</textarea>" in html
        assert DiaryEntry.objects.filter(user=user).count() == 2

    def test_the_notice_that_nothing_was_saved_comes_first(self, signed_in):
        client, _ = signed_in()
        client.post("/tools/diary/", entry())
        html = client.post("/tools/diary/", entry(day=day(2), filled_for=day())).content.decode()
        assert html.index("Nothing was saved") < html.index('class="lead"')
        assert "<title>Error:" in html

    @pytest.mark.parametrize(
        "field, value, message",
        [
            ("day", "tomorrow", "Enter the date as year-month-day"),
            ("day", "", "Enter the date, for example"),
            ("sleep_hours", "25", "from 0 to 24"),
            ("sleep_hours", "lots", "from 0 to 24"),
            ("sleep_hours", "6.25", "one decimal place"),
            ("anxiety", "11", "whole number from 0 to 10"),
            ("anxiety", "-1", "whole number from 0 to 10"),
            ("symptoms", ["flying"], "not on this list"),
            ("notes", "x" * 501, "at most 500 characters"),
        ],
    )
    def test_every_field_is_validated_with_a_plain_message(self, signed_in, field, value, message):
        client, user = signed_in()
        response = client.post("/tools/diary/", entry(**{field: value}, dose_changed="on"))
        assert response.status_code == 400
        text = response.content.decode()
        assert message in text
        assert not DiaryEntry.objects.filter(user=user).exists()
        # Nothing lost: the other answers are still in the form.
        if field != "notes":
            assert "Slept badly.</textarea>" in text
        assert 'name="dose_changed" id="id_dose_changed" checked' in text

    def test_future_dates_are_refused(self, signed_in):
        client, user = signed_in()
        tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
        response = client.post("/tools/diary/", entry(day=tomorrow))
        assert response.status_code == 400
        assert "The date cannot be in the future." in response.content.decode()
        assert not DiaryEntry.objects.exists()

    def test_seizure_shows_the_emergency_steps_at_once(self, signed_in, safety_card):
        client, _ = signed_in()
        response = client.post("/tools/diary/", entry(seizure="on"))
        assert response.status_code == 302  # Back, or a reload, never sends the form again
        text = client.get(response["Location"]).content.decode()
        assert "A seizure: what to do now" in text and "Stay with them and time the seizure." in text
        assert "Thoughts of suicide: get help now" not in text

    def test_the_steps_show_once_after_saving_and_nothing_about_them_is_in_the_address(self, signed_in):
        """The entry is saved, then the page it leads to shows the steps (Back, or a reload, never
        offers to send the form again); the address holds nothing about them; the next look at
        the diary is the plain page."""
        client, _ = signed_in()
        response = client.post("/tools/diary/", entry(suicidal_thoughts="on"))
        assert response.status_code == 302 and response["Location"] == "/tools/diary/"
        assert "Thoughts of suicide: get help now" in client.get("/tools/diary/").content.decode()
        assert "Thoughts of suicide: get help now" not in client.get("/tools/diary/").content.decode()

    def test_thoughts_of_suicide_show_the_crisis_line_at_once(self, signed_in):
        client, _ = signed_in()
        text = client.post("/tools/diary/", entry(suicidal_thoughts="on"), follow=True).content.decode()
        assert "Thoughts of suicide: get help now" in text and 'href="tel:988"' in text
        assert "A seizure: what to do now" not in text

    @pytest.mark.parametrize(
        ("flags", "number", "steps"),
        [
            ({"seizure": "on"}, 'href="tel:911"', "Stay with them and time the seizure."),
            ({"suicidal_thoughts": "on"}, 'href="tel:988"', "Ask them directly about suicide"),
            ({"seizure": "on", "suicidal_thoughts": "on"}, 'href="tel:911"', "Stay with them and time"),
        ],
    )
    def test_after_the_crisis_number_the_alert_says_at_once_that_the_entry_is_saved(
        self, signed_in, safety_card, flags, number, steps
    ):
        """The saved line was only at the alert's end, below every step: the crisis number
        stays the first thing, then "Your entry is saved.", then the steps."""
        client, _ = signed_in()
        html = client.post("/tools/diary/", entry(**flags), follow=True).content.decode()
        alert = html[html.index('class="tool-alerts"') :]
        saved = alert.index("Your entry is saved.")
        assert alert.index(number) < saved < alert.index(steps)
        assert alert.count("Your entry is saved.") == 1
        assert "Your diary entry is saved." not in alert  # said once (a trial read the second as a repeat)
        spanish = client.post("/es/herramientas/diario/", entry(day=day(1), **flags), follow=True)
        spanish = spanish.content.decode()
        assert "Su anotación está guardada." in spanish[spanish.index('class="tool-alerts"') :]

    def test_learner_deletes_a_day_of_their_own_only(self, signed_in):
        mine, me = signed_in("mine")
        theirs, them = signed_in("theirs")
        mine.post("/tools/diary/", entry())
        theirs.post("/tools/diary/", entry())
        theirs.post("/tools/diary/delete/", {"day": day()})
        assert DiaryEntry.objects.filter(user=me).exists()
        assert not DiaryEntry.objects.filter(user=them).exists()
        assert theirs.post("/tools/diary/delete/", {"day": "nonsense"}).status_code == 302

    def test_deleting_a_day_asks_first(self, signed_in):
        """One tap on Delete deleted a day with thoughts of suicide in it (found in a 375 px
        trial): the table's link opens a page that asks; only its button deletes."""
        client, user = signed_in()
        client.post("/tools/diary/", entry(notes="Keep this"))
        table = client.get("/tools/diary/").content.decode()
        assert f'href="/tools/diary/delete/?day={day()}"' in table
        asked = client.get(f"/tools/diary/delete/?day={day()}").content.decode()
        assert "Delete your diary entry for" in asked and "This cannot be undone." in asked
        # On a phone the breadcrumbs show one link back: to the diary, not to Home.
        crumbs = re.findall(
            r"<li><a href=\"([^\"]+)\"", asked.split('class="breadcrumbs', 1)[1].split("</nav>", 1)[0]
        )
        assert crumbs[-2] == "/tools/diary/"
        assert f'<input type="hidden" name="day" value="{day()}">' in asked
        assert DiaryEntry.objects.filter(user=user).exists()
        assert client.get(f"/tools/diary/delete/?day={day(9)}")["Location"] == "/tools/diary/"  # no entry
        spanish = client.get(address("toolkit:diary_delete", "es") + f"?day={day()}").content.decode()
        assert "¿Borrar la anotación de su diario del" in spanish and "No, no borrar" in spanish
        client.post("/tools/diary/delete/", {"day": day()})
        assert not DiaryEntry.objects.filter(user=user).exists()

    def test_others_never_see_a_learners_diary(self, signed_in):
        mine, _ = signed_in("mine")
        theirs, _ = signed_in("theirs")
        mine.post("/tools/diary/", entry(notes="Very private note"))
        assert "Very private note" not in theirs.get("/tools/diary/").content.decode()
        assert "Very private note" not in Client().get("/tools/diary/").content.decode()


@pytest.mark.django_db
def test_visitors_get_the_paper_grid_and_no_log(client):
    page = client.get("/tools/diary/").content.decode()
    assert "log in" in page and 'name="day"' not in page
    refused = client.post("/tools/diary/", entry(notes="Kept nowhere"))
    assert refused.status_code == 302 and refused["Location"].startswith("/accounts/login/")
    assert not DiaryEntry.objects.exists()
    grid = client.get("/tools/diary/paper/")
    assert grid.status_code == 200
    assert grid.content.decode().count("<td></td>") == 14 * 7


def test_chart_marks_dose_changes_and_breaks_the_line_at_gaps():
    from toolkit.diary import build_chart, chart_window

    first, last = chart_window(datetime.date(2026, 3, 28))
    entries = [
        DiaryEntry(day=datetime.date(2026, 3, 1), anxiety=2, sleep_hours=7),
        DiaryEntry(day=datetime.date(2026, 3, 2), anxiety=4, sleep_hours=14, dose_changed=True),
        DiaryEntry(day=datetime.date(2026, 3, 5), anxiety=10, seizure=True),
        DiaryEntry(day=datetime.date(2026, 3, 6), anxiety=9, suicidal_thoughts=True),
    ]
    chart = build_chart(entries, first, last)
    assert first == datetime.date(2026, 3, 1)
    assert len(chart.anxiety_lines) == 2  # a gap on the 3rd and 4th
    assert len(chart.dose_lines) == 1 and len(chart.seizure_marks) == 1
    assert len(chart.suicide_marks) == 1 and chart.suicide_marks[0] > chart.seizure_marks[0]  # the 6th
    heights = [bar[3] for bar in chart.sleep_bars]
    assert heights[1] > heights[0] and heights[1] == 70  # 14 hours is drawn as a full bar
    assert chart.anxiety_points[2][1] == chart.anxiety_top  # 10 is the top of its panel


@pytest.mark.django_db
def test_the_diary_writes_its_days_in_the_readers_language(signed_in):
    """Day and month in Spanish order under /es/ ("9 mar", "9 de marzo"), not "mar 9"."""
    import re

    from django.utils import translation
    from django.utils.formats import date_format

    from toolkit.diary import build_chart, chart_window

    first, last = chart_window(datetime.date(2026, 3, 28))
    with translation.override("es"):
        labels = [text for _, text in build_chart([], first, last).x_labels]
    assert labels[0] == "1 mar" and all(re.fullmatch(r"\d{1,2} \w+", text) for text in labels)
    with translation.override("en"):
        assert [text for _, text in build_chart([], first, last).x_labels][0] == "Mar 1"

    client, _ = signed_in()
    client.post("/tools/diary/", entry())
    page = client.get("/es/herramientas/diario/").content.decode()
    with translation.override("es"):
        short = date_format(timezone.localdate(), "D j b")  # "lun 9 mar"
        long = date_format(timezone.localdate(), "MONTH_DAY_FORMAT")  # "9 de marzo"
        english_order = date_format(timezone.localdate(), "M j")  # "Mar 9"
    assert f'<th scope="row">{short}</th>' in page and long in page
    assert english_order not in page


@pytest.mark.django_db
def test_the_spanish_chart_is_drawn_with_numbers_an_svg_reads(seeded_site, signed_in):
    """Spanish writes 6,5 where English writes 6.5; inside the chart's SVG a decimal comma is no
    coordinate at all, and the Spanish chart came out blank."""
    import re

    client, _ = signed_in()
    client.post("/tools/diary/", entry(seizure="on", dose_changed="on"))
    client.post("/tools/diary/", entry(day=day(1), sleep_hours="7.5", anxiety="6"))
    for path in ["/tools/diary/", "/es/herramientas/diario/"]:
        svg = re.search(r"<svg.*?</svg>", client.get(path).content.decode(), re.S).group(0)
        numbers = re.findall(r'\s(?:x|y|x1|x2|y1|y2|cx|cy|width|height)="([^"]*)"', svg)
        assert numbers and all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in numbers), path


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "title", "english_step"),
    [
        ("/tools/diary/", "Seizure: Stay, Safe, Side", None),
        ("/es/herramientas/diario/", "Convulsión: Quédese, Protéjala, De lado", "Stay with them"),
    ],
)
def test_the_seizure_steps_are_the_readers_language_card_named_once(
    seeded_site, signed_in, path, title, english_step
):
    """A day with a seizure shows the safety card's steps at once (the safety plan shows them too)."""
    client, _ = signed_in()
    html = client.post(path, entry(seizure="on"), follow=True).content.decode()
    assert f">{title}</h2>" in html
    assert "During a seizure: Seizure" not in html and "Durante una convulsión: Convulsión" not in html
    if english_step:
        assert english_step not in html
