"""Plain language: each lesson's Flesch-Kincaid grade, for the editor and in a report, and the
seeded course stays at grade 8 or below."""

import pytest
from django.urls import reverse

from lessons.models import LessonPage
from lessons.readability import TARGET_GRADE, count_syllables, lesson_readability, measure
from tests.admin_forms import SIMPLE_BODY, SOURCES, lesson_form_data
from tests.factories import LessonPageFactory

HARD_BODY = [
    {
        "type": "paragraph",
        "value": "<p>Pharmacological discontinuation necessitates individualized, multidisciplinary "
        "consideration of comorbidities, concomitant medications, and physiological dependence "
        "characteristics, particularly regarding benzodiazepine pharmacokinetics.</p>",
    }
]


class TestMeasure:
    def test_syllables_from_the_dictionary_and_for_unknown_words(self):
        assert count_syllables("every") == 3
        assert count_syllables("seizure") == 2
        assert count_syllables("clonazepam") == 4  # not in the dictionary: vowel groups
        assert count_syllables("half-life") == 2
        assert count_syllables("988") == 3

    def test_flesch_kincaid_grade(self):
        easy = measure(["The cat sat on the mat.", "It was a good cat."])
        assert (easy.words, easy.sentences) == (11, 2)
        assert easy.grade < 1
        hard = measure(["Pharmacological discontinuation necessitates individualized consideration."])
        assert hard.grade > 20 and hard.over_target

    def test_list_items_are_sentences_and_citations_are_not_read(self):
        reading = measure(["Poor sleep", "A fast heartbeat (G, 2025; PG, 2025)", "Sweating (CDC; EF)."])
        assert (reading.words, reading.sentences) == (6, 3)

    def test_no_text_is_grade_zero(self):
        assert measure([]).grade == 0


@pytest.mark.django_db
class TestLessonReadability:
    def test_every_seeded_lesson_is_grade_8_or_below(self, seeded_site):
        grades = {
            lesson.title: lesson_readability(lesson)
            for lesson in LessonPage.objects.filter(locale__language_code="en")
        }
        assert len(grades) == 19
        too_hard = {title: reading.grade for title, reading in grades.items() if reading.grade > TARGET_GRADE}
        assert too_hard == {}
        assert all(reading.words > 200 for reading in grades.values())  # the text was really read

    def test_the_sources_block_is_not_measured(self, course):
        lesson = LessonPage.objects.first()
        before = lesson_readability(lesson)
        lesson.body.append(
            (
                "sources",
                {
                    "title": "Sources",
                    "items": [
                        {
                            "title": "Joint Clinical Practice Guideline on Benzodiazepine Tapering",
                            "organisation": "American Society of Addiction Medicine",
                            "year": 2025,
                            "url": "https://example.org/",
                        }
                    ],
                },
            )
        )
        assert lesson_readability(lesson) == before

    def test_the_editor_sees_the_grade_of_the_saved_lesson(self, client, editable_course, editor):
        module = editable_course.get_children().first()
        hard = LessonPageFactory(parent=module, slug="hard", body=HARD_BODY)
        client.force_login(editor)
        html = client.get(reverse("wagtailadmin_pages:edit", args=[hard.pk])).content.decode()
        assert f"Reading grade <strong>{lesson_readability(hard).grade}</strong>: above the target" in html

        easy = LessonPage.objects.child_of(module).first()
        client.post(
            reverse("wagtailadmin_pages:edit", args=[easy.pk]),
            lesson_form_data(easy, SIMPLE_BODY + [SOURCES]),
        )
        html = client.get(reverse("wagtailadmin_pages:edit", args=[easy.pk])).content.decode()
        saved = LessonPage.objects.get(pk=easy.pk).get_latest_revision_as_object()
        assert [block.block_type for block in saved.body] == ["heading", "paragraph", "sources"]
        assert f"Reading grade <strong>{lesson_readability(saved).grade}</strong>: on target" in html

    def test_report_over_all_lessons_flags_the_hard_one(self, client, course, clinical_reviewer):
        module = course.get_children().first()
        LessonPageFactory(parent=module, slug="hard", title="A hard lesson", body=HARD_BODY)
        client.force_login(clinical_reviewer)
        response = client.get(reverse("lessons_reading_level"))
        assert response.status_code == 200
        rows = response.context["object_list"]
        assert len(rows) == LessonPage.objects.count()
        flagged = [row.title for row in rows if row.flag]
        assert flagged == ["A hard lesson"]
        html = response.content.decode()
        assert "Above grade 8" in html and module.title in html
