"""Editors' question blocks: validation that explains itself, drafts may be unfinished."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from quizzes.blocks import SelectAllQuestionBlock, SingleChoiceQuestionBlock, TrueFalseQuestionBlock
from tests.quizzes.conftest import lessons_of


def value(block, lesson=None, anchor="", flags=(True, False)):
    return block.to_python(
        {
            "text": "A question?",
            "choices": [
                {"text": f"Answer {i}", "correct": flag, "feedback": "Because."}
                for i, flag in enumerate(flags)
            ],
            "explanation": "Why.",
            "lesson": lesson.pk if lesson else None,
            "anchor": anchor,
            "must_know": False,
        }
    )


def errors_of(block, val):
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(val)
    found = {}
    for name, error in raised.value.block_errors.items():
        nested = getattr(error, "non_block_errors", None)
        found[name] = " ".join(m for e in (nested.as_data() if nested else [error]) for m in e.messages)
    return found


@pytest.mark.django_db
class TestQuestionValidation:
    @pytest.fixture
    def lesson(self, quiz):
        return lessons_of(quiz)[0]

    @pytest.mark.parametrize("flags", [(False, False, False), (True, True, False)])
    def test_one_right_answer_means_exactly_one(self, lesson, flags):
        block = SingleChoiceQuestionBlock()
        message = errors_of(block, value(block, lesson, flags=flags))["choices"]
        assert "Tick exactly one answer as right" in message
        assert "Select all that apply" in message  # and what to do instead

    def test_select_all_needs_a_right_and_a_wrong_answer(self, lesson):
        block = SelectAllQuestionBlock()
        assert (
            "at least one answer as right"
            in errors_of(block, value(block, lesson, flags=(False, False)))["choices"]
        )
        assert (
            "Add at least one wrong answer"
            in errors_of(block, value(block, lesson, flags=(True, True)))["choices"]
        )
        block.clean(value(block, lesson, flags=(True, True, False)))

    def test_true_false_has_exactly_two_answers_and_one_right(self, lesson):
        block = TrueFalseQuestionBlock()
        assert "exactly two answers" in " ".join(
            errors_of(block, value(block, lesson, flags=(True, False, False))).values()
        )
        assert "Tick exactly one" in errors_of(block, value(block, lesson, flags=(True, True)))["choices"]
        block.clean(value(block, lesson, flags=(False, True)))

    def test_the_section_must_exist_in_the_lesson(self, lesson):
        block = SingleChoiceQuestionBlock()
        message = errors_of(block, value(block, lesson, anchor="no-such-section"))["anchor"]
        assert f"The lesson “{lesson.title}” has no section called “no-such-section”" in message
        assert "Its sections are: a-section." in message
        cleaned = block.clean(value(block, lesson, anchor="A Section"))
        assert cleaned["anchor"] == "a-section"  # written like the heading's link name

    def test_two_to_eight_answers(self, lesson):
        block = SingleChoiceQuestionBlock()
        assert "Give at least 2 answers" in errors_of(block, value(block, lesson, flags=(True,)))["choices"]
        many = (True,) + (False,) * 8
        assert "Give at most 8 answers" in errors_of(block, value(block, lesson, flags=many))["choices"]

    def test_a_lesson_is_required(self):
        block = SingleChoiceQuestionBlock()
        assert "lesson" in errors_of(block, value(block, None))

    def test_a_draft_may_be_unfinished(self, lesson):
        block = SingleChoiceQuestionBlock()
        block.defer_required_validation()
        try:
            block.clean(value(block, lesson, flags=(False, False)))
        finally:
            block.restore_deferred_validation()
        with pytest.raises(StructBlockValidationError):
            block.clean(value(block, lesson, flags=(False, False)))


@pytest.mark.django_db
class TestQuizPageFields:
    @pytest.mark.parametrize("pass_mark", [0, 101])
    def test_pass_mark_is_1_to_100(self, quiz, pass_mark):
        quiz.pass_mark = pass_mark
        with pytest.raises(ValidationError) as raised:
            quiz.full_clean()
        assert "pass_mark" in raised.value.message_dict

    def test_defaults(self, quiz):
        from quizzes.models import QuizPage

        fresh = QuizPage(title="New quiz")
        assert (fresh.pass_mark, fresh.shuffle) == (80, True)

    def test_every_editor_facing_field_has_help_text(self):
        from quizzes.blocks import AnswerChoiceBlock, QuestionBlock
        from quizzes.models import QuizPage

        for name in ("intro", "pass_mark", "shuffle", "questions"):
            assert QuizPage._meta.get_field(name).help_text, name
        for block_class in (QuestionBlock, AnswerChoiceBlock):
            for name, child in block_class.base_blocks.items():
                help_text = child.field.help_text if hasattr(child, "field") else child.meta.help_text
                assert help_text, f"{block_class.__name__}.{name}"

    def test_answers_always_get_stored_ids(self, quiz):
        """Raw stream data without answer ids (written by code) gets ids that stay."""
        quiz.refresh_from_db()
        first = [c.id for q in quiz.answer_key() for c in q.choices]
        quiz.refresh_from_db()
        assert [c.id for q in quiz.answer_key() for c in q.choices] == first
        assert all(first)
