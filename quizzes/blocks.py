"""The blocks editors build quizzes from: one block per kind of question.

Each question and each of its choices keeps the id Wagtail gives its block. Those ids do not
change when an editor rewords or reorders questions, so attempts and analytics refer to them.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

SINGLE, MULTIPLE, TRUE_FALSE = "single", "multiple", "true_false"
MIN_CHOICES, MAX_CHOICES = 2, 8


class AnswerChoiceBlock(blocks.StructBlock):
    """One answer a learner can pick, with the feedback they see after checking their answers."""

    text = blocks.CharBlock(
        max_length=300,
        help_text="The answer as the learner sees it. Keep it short and plain.",
    )
    correct = blocks.BooleanBlock(
        required=False,
        help_text="Tick if this answer is right. Learners never see this before they check their answers.",
    )
    feedback = blocks.TextBlock(
        max_length=600,
        help_text=(
            "Shown after checking, if the learner picked this answer: say why it is right or wrong, "
            "and name the source, e.g. '(CDC; EF)'."
        ),
    )

    class Meta:
        icon = "radio-full"
        label = "Answer"


def lesson_anchors(lesson):
    """The link names of the sections (headings) in a lesson, as the lesson page renders them."""
    return [
        slugify(block.value.get("anchor") or block.value.get("text"))
        for block in lesson.body
        if block.block_type == "heading"
    ]


class QuestionBlock(blocks.StructBlock):
    """A question with its answers, feedback, explanation and the lesson section that teaches it.

    Subclasses set `kind` and their own rules about which answers may be right.
    """

    kind = SINGLE

    scenario = blocks.TextBlock(
        required=False,
        max_length=600,
        help_text=(
            "Optional: a short situation shown above the question, e.g. "
            "'Your father starts shaking and falls to the floor.'"
        ),
    )
    text = blocks.CharBlock(
        max_length=300,
        label="Question",
        help_text="The question itself, e.g. 'What should you do now?'",
    )
    choices = blocks.ListBlock(
        AnswerChoiceBlock(),
        label="Answers",
        help_text="Two to eight answers. Learners may see them in a different order if the quiz shuffles.",
    )
    explanation = blocks.TextBlock(
        max_length=1000,
        help_text=(
            "Shown after checking: why the right answer is right, in plain words, with its source, "
            "e.g. '(CDC; EF)'."
        ),
    )
    lesson = blocks.PageChooserBlock(
        page_type="lessons.LessonPage",
        help_text="The lesson that teaches this. The results page links to it so learners can read it again.",
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        label="Section of the lesson",
        help_text=(
            "Optional: the link name of the section, as set on the lesson's heading, "
            "e.g. 'what-not-to-do'. Left empty, the link goes to the top of the lesson."
        ),
    )
    must_know = blocks.BooleanBlock(
        required=False,
        label="Must know",
        help_text=(
            "Tick for safety-critical knowledge. Learners pass only if they get every "
            "must-know question right, whatever their score."
        ),
    )

    def clean(self, value):
        value = super().clean(value)
        if value.get("anchor"):
            value["anchor"] = slugify(value["anchor"])
        if self.is_deferred_validation:  # a draft may be unfinished; publishing checks everything
            return value
        errors = {}
        choices_error = self.choices_error([choice["correct"] for choice in value["choices"]])
        if choices_error:
            errors["choices"] = ListBlockValidationError(non_block_errors=[ValidationError(choices_error)])
        lesson, anchor = value.get("lesson"), value.get("anchor")
        if lesson is not None and anchor:
            anchors = lesson_anchors(lesson.specific)
            if anchor not in anchors:
                listed = ", ".join(anchors) or "none: it has no headings"
                errors["anchor"] = ValidationError(
                    f"The lesson “{lesson.title}” has no section called “{anchor}”. "
                    f"Its sections are: {listed}."
                )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def choices_error(self, correct_flags):
        """Why these answers (given as their right/wrong flags) do not make this kind of question."""
        return self.count_error(len(correct_flags)) or self.right_answers_error(correct_flags)

    def count_error(self, count):
        if count < MIN_CHOICES:
            return f"Give at least {MIN_CHOICES} answers to choose from ({count} given)."
        if count > MAX_CHOICES:
            return f"Give at most {MAX_CHOICES} answers, so the question stays easy to read ({count} given)."
        return None

    def right_answers_error(self, correct_flags):
        if sum(correct_flags) != 1:
            return (
                f"Tick exactly one answer as right ({sum(correct_flags)} ticked). "
                "If more than one answer is right, use a “Select all that apply” question."
            )
        return None

    class Meta:
        icon = "help"
        template = "blocks/quiz_question_block.html"


class SingleChoiceQuestionBlock(QuestionBlock):
    """A question with one right answer among several."""

    kind = SINGLE

    class Meta:
        label = "One right answer"
        description = "Learners pick one answer; exactly one is right."
        preview_value = {
            "scenario": "Your father starts shaking and falls to the floor.",
            "text": "What should you put in his mouth?",
            "choices": [
                {"text": "Nothing at all", "correct": True, "feedback": "Right."},
                {"text": "A spoon", "correct": False, "feedback": "No."},
            ],
            "explanation": "A person cannot swallow their tongue (CDC).",
            "must_know": True,
        }


class SelectAllQuestionBlock(QuestionBlock):
    """A 'select all that apply' question: the learner must pick exactly the right answers."""

    kind = MULTIPLE

    def right_answers_error(self, correct_flags):
        if not any(correct_flags):
            return "Tick at least one answer as right."
        if all(correct_flags):
            return (
                "Every answer is ticked as right. Add at least one wrong answer, "
                "so the question checks something."
            )
        return None

    class Meta:
        icon = "tasks"
        label = "Select all that apply"
        description = (
            "Learners tick every right answer; one or more are right. The quiz says “Select all "
            "that apply” under the question itself, so leave it out of the question."
        )
        preview_value = {
            "text": "Which of these are part of seizure first aid?",
            "choices": [
                {"text": "Time the seizure", "correct": True, "feedback": "Yes."},
                {"text": "Hold them down", "correct": False, "feedback": "No."},
            ],
            "explanation": "Stay, Safe, Side (EF).",
        }


class TrueFalseQuestionBlock(QuestionBlock):
    """A statement the learner marks as true or false."""

    kind = TRUE_FALSE

    choices = blocks.ListBlock(
        AnswerChoiceBlock(),
        label="Answers",
        default=[
            {"text": "True", "correct": False, "feedback": ""},
            {"text": "False", "correct": False, "feedback": ""},
        ],
        help_text="Exactly two answers, “True” and “False”. Tick the one that is right.",
    )

    def count_error(self, count):
        if count != 2:
            return f"A true or false question has exactly two answers, “True” and “False” ({count} given)."
        return None

    class Meta:
        icon = "radio-full"
        label = "True or false"
        description = "Learners say whether a statement is true or false."
        preview_value = {
            "text": "It is safe to stop Klonopin all at once if you feel well.",
            "choices": [
                {"text": "True", "correct": False, "feedback": "No."},
                {"text": "False", "correct": True, "feedback": "Right."},
            ],
            "explanation": "Stopping suddenly can cause seizures (FDA, 2020).",
            "must_know": True,
        }


class QuizQuestionsBlock(blocks.StreamBlock):
    """The questions of a quiz, in the order learners see them."""

    single_choice = SingleChoiceQuestionBlock()
    select_all = SelectAllQuestionBlock()
    true_false = TrueFalseQuestionBlock()

    class Meta:
        min_num = 1
        max_num = 30


KIND_BY_BLOCK_TYPE = {
    name: block.kind for name, block in QuizQuestionsBlock.base_blocks.items() if hasattr(block, "kind")
}
BLOCK_TYPE_BY_KIND = {kind: name for name, kind in KIND_BY_BLOCK_TYPE.items()}
