"""The glossary: terms seeded from the course file, defined in place in lessons, listed at
/glossary/."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lessons.glossary import GlossaryMarker, Term
from lessons.loader import CourseLoader
from lessons.models import GlossaryTerm, LessonPage
from tests.factories import GlossaryTermFactory, LessonPageFactory

TAPER = Term(
    term="Taper", anchor="taper", definition="Lowering the dose slowly.", forms=("Taper", "tapering")
)
WITHDRAWAL = Term(term="Withdrawal", anchor="withdrawal", definition="Symptoms.", forms=("Withdrawal",))
PROTRACTED = Term(
    term="Protracted withdrawal",
    anchor="protracted-withdrawal",
    definition="Long.",
    forms=("Protracted withdrawal",),
)
BUTTON = re.compile(
    r'<button type="button" class="glossary-term" popovertarget="define-([a-z-]+)">([^<]*)</button>'
)


def marked(html, *terms):
    return [(anchor, text) for anchor, text in BUTTON.findall(str(GlossaryMarker(terms).mark(html)))]


class TestMarking:
    def test_first_use_only_case_insensitive_whole_words_and_plurals(self):
        marker = GlossaryMarker((TAPER,))
        first = str(marker.mark("<p>Tapers are slow. A taper takes months. Tapestry is not a term.</p>"))
        second = str(marker.mark("<p>Another taper, in the next block.</p>"))
        assert BUTTON.findall(first) == [("taper", "Tapers")]
        assert BUTTON.findall(second) == []  # first use per lesson, across blocks
        assert "Tapestry is not a term" in first

    def test_other_forms_and_the_longest_term_win(self):
        assert marked(
            "<p>While tapering, protracted withdrawal is rare.</p>", TAPER, WITHDRAWAL, PROTRACTED
        ) == [
            ("taper", "tapering"),
            ("protracted-withdrawal", "protracted withdrawal"),
        ]

    def test_links_and_headings_are_left_alone(self):
        html = (
            '<h3>Taper</h3><p>See <a href="/x/">the taper page</a> about <b>withdrawal</b>, then a taper.</p>'
        )
        result = marked(html, TAPER, WITHDRAWAL)
        assert result == [("withdrawal", "withdrawal"), ("taper", "taper")]
        out = str(GlossaryMarker((TAPER,)).mark(html))
        assert '<a href="/x/">the taper page</a>' in out and "<h3>Taper</h3>" in out

    def test_the_definition_is_in_a_popover_with_a_link_and_a_close_button(self):
        out = str(GlossaryMarker((TAPER,)).mark("<p>A taper.</p>"))
        assert '<span class="glossary-definition" id="define-taper" popover>' in out
        assert "<dfn>Taper</dfn>: Lowering the dose slowly." in out
        assert '<a href="/glossary/#taper">' in out
        assert 'popovertarget="define-taper" popovertargetaction="hide">Close</button>' in out

    def test_definitions_are_escaped(self):
        term = Term(term="GABA", anchor="gaba", definition="<script>x</script>", forms=("GABA",))
        out = str(GlossaryMarker((term,)).mark("<p>GABA calms.</p>"))
        assert "<script>" not in out and "&lt;script&gt;" in out


@pytest.mark.django_db
class TestSeeded:
    def test_loader_creates_the_terms_once_and_keeps_editors_changes(self, seeded_site):
        assert GlossaryTerm.objects.filter(locale__language_code="en").count() == 36
        term = GlossaryTerm.objects.get(term="Taper")
        assert term.forms() == ["Taper", "tapering", "tapered"]
        term.definition = "Changed by a reviewer."
        term.save()
        report = CourseLoader().load()
        assert not report.changed
        assert GlossaryTerm.objects.filter(locale__language_code="en").count() == 36
        assert GlossaryTerm.objects.get(term="Taper").definition == "Changed by a reviewer."
        report = CourseLoader(update=True).load()
        assert report.updated == ["glossary: Taper"]
        assert GlossaryTerm.objects.get(term="Taper").definition.startswith("Lowering the dose")

    def test_a_lesson_defines_its_terms_in_place(self, client, seeded_site):
        html = client.get(
            "/klonopin-withdrawal/withdrawal-risks/why-stopping-suddenly-is-dangerous/"
        ).content.decode()
        found = BUTTON.findall(html)
        anchors = [anchor for anchor, text in found]
        assert ("physical-dependence", "physical dependence") in found
        assert {"withdrawal", "seizure", "taper", "prescriber"} <= set(anchors)
        assert len(anchors) == len(set(anchors))  # each term once per lesson
        assert html.count('id="define-taper"') == 1
        assert "<dfn>Seizure</dfn>: A sudden event in the brain" in html

    def test_glossary_page_lists_every_term_a_to_z(self, client, seeded_site):
        response = client.get("/glossary/")
        assert response.status_code == 200
        html = response.content.decode()
        terms = re.findall(r'<div class="glossary-list__item" id="([a-z-]+)">\s*<dt><dfn>([^<]+)</dfn>', html)
        assert len(terms) == 36
        assert [term for anchor, term in terms] == sorted((term for anchor, term in terms), key=str.lower)
        assert ("half-life", "Half-life") in terms
        assert "911" in html and "988" in html  # the crisis lines, as on every page

    def test_a_changed_definition_shows_at_once(self, client, course):
        term = GlossaryTermFactory(term="Plain", definition="Easy to understand.")
        lesson = LessonPage.objects.first()
        assert "Easy to understand." in client.get(lesson.url).content.decode()
        term.definition = "Simple and clear."
        term.save()
        html = client.get(lesson.url).content.decode()
        assert "Simple and clear." in html and "Easy to understand." not in html
        term.delete()
        assert 'class="glossary-term"' not in client.get(lesson.url).content.decode()


@pytest.mark.django_db
def test_lesson_queries_do_not_grow_with_the_number_of_terms(client, course, learner):
    client.get("/")  # the site's first request creates its settings (a new content version)
    client.force_login(learner)
    module = course.get_children().first()
    lesson = LessonPageFactory(
        parent=module,
        slug="many-terms",
        body=[{"type": "paragraph", "value": "<p>" + " ".join(f"Word{n} here." for n in range(60)) + "</p>"}],
    )

    def queries(term_count):
        GlossaryTerm.objects.all().delete()
        for n in range(term_count):
            GlossaryTermFactory(term=f"Word{n}")
        client.get(lesson.url)  # the first view after a change reads the terms once
        with CaptureQueriesContext(connection) as run:
            html = client.get(lesson.url).content.decode()
        assert html.count('class="glossary-term"') == term_count
        return len(run)

    assert queries(5) == queries(50)
