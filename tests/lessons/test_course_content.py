"""The course content itself: the emergencies module, the rules every quiz keeps, and citations a
reader can follow (each "(name)" in the text matches an entry of that page's Sources list)."""

import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from home.models import CrisisLines, FAQPage, SafetyCardPage
from lessons.loader import CONTENT_DIR, CourseLoader
from lessons.models import LessonPage, ModulePage
from lessons.readability import TARGET_GRADE, lesson_readability, lesson_text_units
from quizzes.models import QuizPage

COURSE = yaml.safe_load((CONTENT_DIR / "course.yaml").read_text(encoding="utf-8"))
SOURCES = COURSE["sources"]
CITES = {source["cite"] for source in SOURCES.values()}
YEAR = re.compile(r",\s*(?:19|20)\d\d$")
# Words in brackets, the first capitalised or a number: maybe a citation.
BRACKETS = re.compile(r"\(([A-Z0-9#][^()]{0,80})\)")
# The old bare codes and label a reader could not match to the Sources list.
OLD_CODES = {"G", "PG", "EF", "A", "L", "988", "Klonopin prescribing information"}
# Sources whose whole site is the service cited (the lines' own numbers and opening hours).
WHOLE_SITE_SOURCES = {"HRSA", "988"}

EMERGENCY_MODULE = "emergencies-and-special-situations"
# The emergencies a must-know question covers, once each, by the lesson that teaches it.
EMERGENCY_LESSONS = {
    "when-to-call-911": "a first seizure or one over 5 minutes",
    "overdose": "an overdose",
    "suicide-safety": "talk of suicide",
    "stopped-or-ran-out": "ran out of pills",
}


def citation_parts(text):
    """The source names cited in a text: each part of a bracket that is a citation, i.e. that
    names a known source, is an old bare code, or ends with a year. "(FDA)" after "Food and Drug
    Administration" spells out a name and is no citation."""
    parts = []
    for group in BRACKETS.findall(" ".join(text.split())):
        names = [name.strip() for name in group.split(";")]
        if any(name in CITES or name in OLD_CODES or YEAR.search(name) for name in names):
            parts.extend(names)
    return parts


def unmatched_citations(text, cites):
    """Citations in the text that are not in the given Sources list (by their short names)."""
    return [name for name in citation_parts(text) if name not in cites]


def page_cites(body):
    sources = [block for block in body if block.block_type == "sources"]
    return {item["cite"] for block in sources for item in block.value["items"]}


def page_text(body):
    """What a reader reads on the page, plus the 'Call 911 if' lists' source lines."""
    text = " ".join(lesson_text_units(body))
    sources = [block.value["source"] for block in body if block.block_type == "call_911"]
    return text + " " + " ".join(f"({source})" for source in sources if source)


class TestCitationChecker:
    """The checker itself: a citation without a matching source is caught."""

    def test_a_matching_citation_passes(self):
        assert unmatched_citations("Stop slowly (ASAM guideline, 2025; FDA, 2020).", CITES) == []

    @pytest.mark.parametrize(
        "text",
        [
            "Stop slowly (G, 2025).",  # a bare code the Sources list does not show
            "Stay with them (EF).",
            "Cut slowly (ASAM guidline, 2025).",  # a misspelt name
            "It is long-acting (Klonopin label; Made-up Journal, 2024).",
        ],
    )
    def test_a_citation_without_a_matching_source_fails(self, text):
        assert unmatched_citations(text, CITES)

    def test_a_citation_of_a_source_missing_from_the_page_fails(self):
        assert unmatched_citations("Call 911 (CDC).", {"Epilepsy Foundation"}) == ["CDC"]

    def test_words_in_brackets_that_are_not_citations_are_left_alone(self):
        assert citation_parts("Talk therapy (CBT) and diazepam (Valium) (Narcan).") == []


class TestSourcesList:
    def test_each_source_has_a_unique_short_name_and_its_own_page(self):
        cites = [source["cite"] for source in SOURCES.values()]
        assert len(cites) == len(set(cites))
        for key, source in SOURCES.items():
            url = urlparse(source["url"])
            assert url.scheme == "https", key
            if key not in WHOLE_SITE_SOURCES:
                assert url.path.strip("/") or url.query, f"{key} links to a site's home page"

    def test_no_lesson_repeats_the_old_label_or_bare_codes(self):
        for path in [CONTENT_DIR / "course.yaml", *sorted((CONTENT_DIR / "modules").glob("*.yaml"))]:
            text = " ".join(path.read_text(encoding="utf-8").split())
            assert "prescribing information)" not in text, path.name
            for code in ["(G, ", "(PG, ", "(EF)", "; EF)", "(A, 2002)", "(988)"]:
                assert code not in text, (path.name, code)


@pytest.mark.django_db
class TestCitationsOnPages:
    def test_every_lesson_citation_is_in_its_sources_list(self, seeded_site):
        for lesson in LessonPage.objects.filter(locale__language_code="en"):
            cites = page_cites(lesson.body)
            assert cites, lesson.title
            assert unmatched_citations(page_text(lesson.body), cites) == [], lesson.title

    def test_every_source_a_lesson_lists_is_cited_in_it(self, seeded_site):
        for lesson in LessonPage.objects.filter(locale__language_code="en"):
            cited = set(citation_parts(page_text(lesson.body)))
            assert page_cites(lesson.body) <= cited, lesson.title

    def test_faq_and_safety_card_citations_are_in_their_sources_lists(self, seeded_site):
        for page in [
            FAQPage.objects.get(locale__language_code="en"),
            SafetyCardPage.objects.get(locale__language_code="en"),
        ]:
            assert unmatched_citations(page_text(page.body), page_cites(page.body)) == [], page.title

    def test_quiz_explanations_and_feedback_cite_course_sources(self, seeded_site):
        for quiz in QuizPage.objects.filter(locale__language_code="en"):
            for question in quiz.answer_key():
                texts = [question.explanation] + [choice.feedback for choice in question.choices]
                for text in texts:
                    assert unmatched_citations(text, CITES) == [], (quiz.title, text)

    def test_no_list_repeats_one_citation_more_than_twice(self, seeded_site):
        for lesson in LessonPage.objects.filter(locale__language_code="en"):
            for block in lesson.body:
                if block.block_type in {"key_takeaways", "do_dont"}:
                    parts = citation_parts(" ".join(lesson_text_units([block])))
                    for name in set(parts):
                        assert parts.count(name) <= 2, (lesson.title, block.block_type, name)


@pytest.mark.django_db
class TestEmergencyModule:
    def test_sixth_module_with_four_lessons_and_a_quiz(self, seeded_site):
        module = ModulePage.objects.get(slug=EMERGENCY_MODULE)
        assert module.title == "Emergencies and special situations"
        assert module.get_prev_siblings().type(ModulePage).count() == 5
        lessons = [lesson.slug for lesson in LessonPage.objects.child_of(module).order_by("path")]
        assert lessons == ["overdose", "stopped-or-ran-out", "suicide-safety", "special-situations"]
        assert QuizPage.objects.child_of(module).live().exists()

    @pytest.mark.parametrize(
        ("slug", "words"),
        [
            ("overdose", ["911", "naloxone", "side", "fentanyl", "pharmacy"]),
            ("stopped-or-ran-out", ["same day", "days after", "911", "catch up"]),
            ("suicide-safety", ["ask", "lock up", "firearms", "988", "loved one", "AYUDA"]),
            (
                "special-situations",
                ["status epilepticus", "neurologist", "falls", "pregnan", "buprenorphine", "drive"],
            ),
        ],
    )
    def test_each_lesson_teaches_its_actions(self, client, seeded_site, slug, words):
        lesson = LessonPage.objects.get(slug=slug)
        html = client.get(lesson.url).content.decode().lower()
        for word in words:
            assert word.lower() in html, (slug, word)

    def test_every_lesson_reads_at_grade_8_or_below(self, seeded_site):
        for lesson in LessonPage.objects.filter(locale__language_code="en"):
            assert lesson_readability(lesson).grade <= TARGET_GRADE, lesson.title

    def test_safety_card_has_an_overdose_box_beside_the_seizure_steps(self, client, seeded_site):
        html = client.get("/safety/").content.decode()
        for words in ["Stay, Safe, Side", "Overdose", "naloxone", "Call 911", "on their side"]:
            assert words in html, words

    def test_site_wide_911_line_names_a_first_seizure(self, client, seeded_site):
        assert "first seizure" in client.get("/").content.decode()

    def test_faq_answers_the_emergency_questions(self, client, seeded_site):
        html = client.get("/faq/").content.decode()
        for question in [
            "already stopped or ran out",
            "drink or take a painkiller",
            "naloxone useful",
            "take it for epilepsy",
            "pregnant",
        ]:
            assert question in html, question


def all_questions():
    return [
        (quiz, question)
        for quiz in QuizPage.objects.filter(locale__language_code="en")
        for question in quiz.answer_key()
    ]


@pytest.mark.django_db
class TestQuizRules:
    def test_must_know_questions_cover_each_emergency_once(self, seeded_site):
        must_know = [question for _, question in all_questions() if question.must_know]
        for slug, emergency in EMERGENCY_LESSONS.items():
            lesson_url = LessonPage.objects.get(slug=slug).url
            covering = [q for q in must_know if q.lesson_url.split("#")[0] == lesson_url]
            assert len(covering) == 1, f"{emergency}: {len(covering)} must-know questions"

    def test_only_one_must_know_question_is_answered_by_calling_988(self, seeded_site):
        answered_by_988 = [
            question
            for _, question in all_questions()
            if question.must_know and any(c.correct and "988" in c.text for c in question.choices)
        ]
        assert len(answered_by_988) == 1

    def test_select_all_questions_are_not_three_right_plus_one(self, seeded_site):
        shapes = []
        for quiz, question in all_questions():
            if question.kind != "multiple":
                continue
            right = sum(choice.correct for choice in question.choices)
            shapes.append((right, len(question.choices) - right))
            for choice in question.choices:
                assert not choice.text.lower().startswith(("none of", "all of")), (quiz.title, choice.text)
        assert len(set(shapes)) >= 3, shapes  # the number of right answers does not give it away
        assert sum(shape == (3, 1) for shape in shapes) <= len(shapes) // 3, shapes

    def test_the_right_answer_is_not_usually_the_longest(self, seeded_site):
        singles = [q for _, q in all_questions() if q.kind == "single"]
        longest = 0
        for question in singles:
            lengths = sorted((len(c.text), c.correct) for c in question.choices)
            if lengths[-1][1] and lengths[-1][0] > lengths[-2][0]:
                longest += 1
        assert longest <= len(singles) // 2, f"{longest} of {len(singles)}"

    def test_every_quiz_has_scenario_questions_about_actions(self, seeded_site):
        for quiz in QuizPage.objects.filter(locale__language_code="en"):
            scenarios = [q for q in quiz.answer_key() if q.scenario]
            assert len(scenarios) >= 2, quiz.title


@pytest.mark.django_db
class TestUpdatingAnExistingSite:
    def test_update_brings_a_five_module_site_up_to_date(self, db, tmp_path):
        old = Path(tmp_path) / "content"
        shutil.copytree(CONTENT_DIR, old)
        (old / "modules" / "06-emergencies.yaml").unlink()
        course = yaml.safe_load((old / "course.yaml").read_text(encoding="utf-8"))
        del course["crisis_lines"]
        course["faq"]["items"] = course["faq"]["items"][:3]
        (old / "course.yaml").write_text(yaml.safe_dump(course), encoding="utf-8")
        CourseLoader(content_dir=old, translate=False).load()
        lines = CrisisLines.load()
        lines.emergency_when = "A seizure over 5 minutes, trouble breathing, or someone in danger"
        lines.save()
        assert not ModulePage.objects.filter(slug=EMERGENCY_MODULE).exists()

        report = CourseLoader(update=True, translate=False).load()

        module = ModulePage.objects.get(slug=EMERGENCY_MODULE)
        assert LessonPage.objects.child_of(module).count() == 4
        assert QuizPage.objects.child_of(module).live().exists()
        assert "first seizure" in CrisisLines.load().emergency_when
        assert "crisis lines" in report.updated
        assert (
            FAQPage.objects.get(locale__language_code="en").body.raw_data.__len__()
            == len(COURSE["faq"]["items"]) + 1
        )
        assert not CourseLoader(update=True, translate=False).load().changed

    def test_without_update_editors_crisis_lines_are_kept(self, db):
        lines = CrisisLines.load()
        lines.emergency_when = "Edited by an editor"
        lines.save()
        CourseLoader(translate=False).load()
        assert CrisisLines.load().emergency_when == "Edited by an editor"

    def test_the_model_default_says_what_the_file_says(self):
        default = CrisisLines._meta.get_field("emergency_when").default
        assert default == COURSE["crisis_lines"]["emergency_when"]
