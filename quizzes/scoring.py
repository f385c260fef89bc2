"""THE scoring rule for quiz attempts, in one place.

- A question is right only when the learner chose exactly its right answers (for "select all
  that apply": the same set, no more and no fewer).
- The score is the percentage of questions right, rounded down to a whole number, so a score
  shown as 80% never passes a pass mark of 81% and never fails one of 80%.
- An attempt passes when its score reaches the pass mark AND every must-know question is right.

Only the server scores: whatever a browser sends about scores or right answers is ignored.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext, ngettext


@dataclass(frozen=True)
class Choice:
    id: str
    text: str
    correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    """A question with its answer key (never sent to the browser before the learner submits)."""

    id: str
    kind: str
    text: str
    choices: tuple[Choice, ...]
    scenario: str = ""
    must_know: bool = False
    explanation: str = ""
    lesson_title: str = ""
    lesson_url: str = ""

    @property
    def right_choice_ids(self):
        return frozenset(choice.id for choice in self.choices if choice.correct)

    @property
    def choice_ids(self):
        return [choice.id for choice in self.choices]


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    chosen: tuple[str, ...]
    correct: bool


@dataclass(frozen=True)
class AttemptScore:
    score: int
    passed: bool
    must_know_passed: bool
    pass_mark: int
    results: tuple[QuestionResult, ...] = field(default=())

    @property
    def right(self):
        return sum(1 for result in self.results if result.correct)

    @property
    def total(self):
        return len(self.results)


def is_right(question, chosen_ids):
    """A question is right when exactly its right answers were chosen."""
    return frozenset(chosen_ids) == question.right_choice_ids


def percent(right, total):
    """Whole-number percentage, rounded down (see the module docstring for why)."""
    return (100 * right) // total if total else 0


def has_passed(score, pass_mark, must_know_passed):
    return score >= pass_mark and must_know_passed


def verdict(score, pass_mark, passed, must_know_missed):
    """The result's headline, the reason first: a must-know question missed fails an attempt
    whatever its score, so "Not passed: 80%" at a pass mark of 80% never appears."""
    if passed:
        return gettext("You passed: %(score)s%%") % {"score": score}
    if must_know_missed:
        return ngettext(
            "Not passed: a must-know question was wrong",
            "Not passed: %(count)s must-know questions were wrong",
            must_know_missed,
        ) % {"count": must_know_missed}
    return gettext("Not passed: %(score)s%%, and you need %(pass_mark)s%%") % {
        "score": score,
        "pass_mark": pass_mark,
    }


def score_attempt(questions, answers, pass_mark):
    """Score the learner's answers ({question id: [choice ids]}) against the questions' key."""
    results = tuple(
        QuestionResult(
            question, tuple(answers.get(question.id, ())), is_right(question, answers.get(question.id, ()))
        )
        for question in questions
    )
    score = percent(sum(1 for result in results if result.correct), len(results))
    must_know_passed = all(result.correct for result in results if result.question.must_know)
    return AttemptScore(
        score=score,
        passed=has_passed(score, pass_mark, must_know_passed),
        must_know_passed=must_know_passed,
        pass_mark=pass_mark,
        results=results,
    )
