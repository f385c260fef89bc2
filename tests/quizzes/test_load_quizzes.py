"""The seeded quizzes: built from the module files, checked like editors' work, loaded idempotently."""

import shutil
from pathlib import Path

import pytest
import yaml
from django.utils.html import escape
from wagtail.models import Revision

from lessons.loader import CONTENT_DIR, CourseLoader
from lessons.models import LessonPage, ModulePage
from quizzes.blocks import lesson_anchors
from quizzes.models import QuizPage

# Safety-critical facts that must be must-know questions (content brief), by module slug.
MUST_KNOW = {
    "what-klonopin-is": ["opioid"],
    "withdrawal-risks": ["stop all at once", "confused"],
    "seizure-response": ["mouth", "never had a seizure"],
    "getting-help": ["methadone"],
    "emergencies-and-special-situations": [
        "will not wake up",
        "had none for two days",
        "better off without me",
    ],
}


def question_words(question):
    return f"{question.scenario} {question.text}".lower()


@pytest.mark.django_db
class TestSeededQuizzes:
    def test_each_module_ends_with_its_quiz(self, seeded_site):
        modules = list(ModulePage.objects.filter(locale__language_code="en").order_by("path"))
        assert len(modules) == 6
        for module in modules:
            quiz = QuizPage.objects.child_of(module).live().get()
            assert (
                quiz.get_prev_siblings().type(LessonPage).count()
                == LessonPage.objects.child_of(module).count()
            )
            assert quiz.pass_mark == 80 and quiz.shuffle

    def test_four_to_six_questions_with_a_scenario_and_lesson_links(self, seeded_site):
        for quiz in QuizPage.objects.filter(locale__language_code="en"):
            key = quiz.answer_key()
            assert 4 <= len(key) <= 6, quiz.title
            assert any(q.scenario for q in key), f"{quiz.title} has no scenario question"
            for question in key:
                assert question.explanation and "(" in question.explanation, question.text  # cites a source
                assert question.lesson_url.startswith(quiz.get_parent().get_parent().url)
                assert all(choice.feedback for choice in question.choices)

    def test_safety_critical_questions_are_must_know(self, seeded_site):
        for slug, topics in MUST_KNOW.items():
            quiz = QuizPage.objects.get(url_path__contains=f"/{slug}/")
            for topic in topics:
                matching = [q for q in quiz.answer_key() if topic in question_words(q)]
                assert matching, (slug, topic)
                assert all(q.must_know for q in matching), (slug, topic)

    def test_every_link_goes_to_a_section_that_exists(self, seeded_site, client):
        for quiz in QuizPage.objects.filter(locale__language_code="en"):
            for block in quiz.questions:
                lesson, anchor = block.value["lesson"], block.value["anchor"]
                assert anchor in lesson_anchors(lesson.specific), (quiz.title, anchor)
                html = client.get(lesson.url).content.decode()
                assert f'id="{escape(anchor)}"' in html

    def test_the_course_can_be_completed_by_passing_each_quiz(self, seeded_site):
        for quiz in QuizPage.objects.filter(locale__language_code="en"):
            from quizzes.scoring import score_attempt

            key = quiz.answer_key()
            perfect = {q.id: list(q.right_choice_ids) for q in key}
            assert score_attempt(key, perfect, quiz.pass_mark).passed


@pytest.mark.django_db
class TestLoadingQuizzes:
    def test_reloading_changes_nothing(self, seeded_site):
        ids = {
            quiz.pk: [q.id for q in quiz.answer_key()]
            for quiz in QuizPage.objects.filter(locale__language_code="en")
        }
        revisions = Revision.objects.count()
        assert not CourseLoader().load().changed
        assert not CourseLoader(update=True).load().changed
        assert Revision.objects.count() == revisions
        assert {
            quiz.pk: [q.id for q in quiz.answer_key()]
            for quiz in QuizPage.objects.filter(locale__language_code="en")
        } == ids

    def test_editors_changes_survive_a_reload_and_update_restores_the_file_keeping_ids(self, seeded_site):
        quiz = QuizPage.objects.order_by("path").first()
        before = quiz.answer_key()
        quiz.questions[0].value["text"] = "Edited by an editor"
        quiz.save_revision().publish()
        CourseLoader().load()
        quiz.refresh_from_db()
        assert quiz.answer_key()[0].text == "Edited by an editor"

        report = CourseLoader(update=True).load()
        assert report.updated == [quiz.url_path]
        quiz.refresh_from_db()
        after = quiz.answer_key()
        assert after[0].text == before[0].text
        assert [q.id for q in after] == [q.id for q in before]
        assert [c.id for q in after for c in q.choices] == [c.id for q in before for c in q.choices]

    def test_a_quiz_that_breaks_the_rules_is_refused_with_a_clear_message(self, db, tmp_path):
        content = Path(tmp_path) / "content"
        shutil.copytree(CONTENT_DIR, content)
        path = content / "modules" / "04-seizure-response.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for choice in data["quiz"]["questions"][0]["choices"]:
            choice["correct"] = False
        data["quiz"]["questions"][1]["lesson"]["anchor"] = "no-such-section"
        path.write_text(yaml.safe_dump(data), encoding="utf-8")
        with pytest.raises(ValueError) as raised:
            CourseLoader(content_dir=content).load()
        message = str(raised.value)
        assert "seizure-response" in message
        assert "Tick exactly one answer as right (0 ticked)" in message
        assert "has no section called “no-such-section”" in message
        assert not QuizPage.objects.exists()  # the whole load is one transaction
