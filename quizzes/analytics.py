"""Editors' quiz analytics: which questions learners get wrong, and which wrong answer they pick.

Every figure is aggregated in the database, so the number of queries does not depend on the
number of attempts: one for the totals, one per-question, one for the wrong answers chosen.
Figures count attempts stored in accounts; a visitor's attempts count once they sign up.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from wagtail.models import Page

from .models import AttemptAnswer, AttemptChoice, QuizAttempt


def percent(part, whole):
    return round(100 * part / whole) if whole else None


@dataclass
class WrongAnswer:
    text: str
    times: int
    percent: int | None


@dataclass
class QuestionFigures:
    number: int | None
    text: str
    answered: int = 0
    right: int = 0
    kind: str = ""
    must_know: bool = False
    lesson_title: str = ""
    lesson_url: str = ""
    top_wrong: WrongAnswer | None = None

    @property
    def percent_right(self):
        return percent(self.right, self.answered)


@dataclass
class QuizFigures:
    attempts: int
    passes: int
    learners: int
    learners_passed: int
    questions: list = field(default_factory=list)
    removed_questions: list = field(default_factory=list)

    @property
    def pass_rate(self):
        return percent(self.passes, self.attempts)


def quiz_analytics(quiz, request=None):
    """Attempts, pass rate and, per question, % right and the most chosen wrong answer."""
    totals = QuizAttempt.objects.filter(quiz=quiz).aggregate(
        attempts=Count("pk"),
        passes=Count("pk", filter=Q(passed=True)),
        learners=Count("user", distinct=True),
        learners_passed=Count("user", distinct=True, filter=Q(passed=True)),
    )
    per_question = {
        row["question_id"]: row
        for row in AttemptAnswer.objects.filter(attempt__quiz=quiz)
        .values("question_id")
        .annotate(answered=Count("pk"), right=Count("pk", filter=Q(correct=True)), text=Max("question_text"))
        .order_by()
    }
    wrong_rows = (
        AttemptChoice.objects.filter(answer__attempt__quiz=quiz, correct=False)
        .values("answer__question_id", "choice_id")
        .annotate(times=Count("pk"), text=Max("text"))
        .order_by("answer__question_id", "-times", "choice_id")
    )
    most_chosen_wrong = {}
    for row in wrong_rows:  # at most one row per answer of each question, whatever the attempts
        most_chosen_wrong.setdefault(row["answer__question_id"], row)

    def figures(question_id, number, text, **extra):
        stats = per_question.get(question_id, {})
        answered = stats.get("answered", 0)
        wrong = most_chosen_wrong.get(question_id)
        choice_texts = extra.pop("choice_texts", {})
        return QuestionFigures(
            number=number,
            text=text,
            answered=answered,
            right=stats.get("right", 0),
            top_wrong=WrongAnswer(
                text=choice_texts.get(wrong["choice_id"], wrong["text"]),
                times=wrong["times"],
                percent=percent(wrong["times"], answered),
            )
            if wrong
            else None,
            **extra,
        )

    current = quiz.answer_key(request)
    result = QuizFigures(**totals)
    for number, question in enumerate(current, start=1):
        result.questions.append(
            figures(
                question.id,
                number,
                question.text,
                kind=question.kind,
                must_know=question.must_know,
                lesson_title=question.lesson_title,
                lesson_url=question.lesson_url,
                choice_texts={choice.id: choice.text for choice in question.choices},
            )
        )
    current_ids = {question.id for question in current}
    for question_id, stats in per_question.items():
        if question_id not in current_ids:  # answered in the past, since removed by an editor
            result.removed_questions.append(figures(question_id, None, stats["text"]))
    return result


def quizzes_overview(quizzes):
    """The quizzes with their module's title, attempts and passes, in one query."""
    module_title = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    )
    return (
        quizzes.annotate(
            module_title=Subquery(module_title.values("title")[:1]),
            attempt_count=Count("attempts"),
            passed_count=Count("attempts", filter=Q(attempts__passed=True)),
        )
        .defer_streamfields()
        .order_by("path")
    )
