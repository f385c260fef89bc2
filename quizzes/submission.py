"""Reading a quiz submission: which answers the learner chose, and what is wrong with the input.

Two kinds of problem, kept apart:
- an unanswered question is a normal mistake: the form is shown again with the answers kept;
- anything a browser showing our form could not send (a choice of another question, a question
  that is not in the quiz, the same field twice, garbage or huge values) is a bad request: 400
  with a plain message, never a server error.
Fields other than the answers and the nonce (for example a "score" or "correct" field) are
ignored: only the server scores.
"""

import random
import re
import secrets
from dataclasses import dataclass, field

from django.utils.translation import gettext

from .blocks import MULTIPLE, TRUE_FALSE

FIELD_PREFIX = "q-"
NONCE_FIELD = "nonce"
NONCE_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")
MAX_ID_LENGTH = 64


class BadSubmission(Exception):
    """The submission is not something our quiz form can send; the message says what is wrong."""


def new_nonce():
    """A fresh submission reference: one per showing of the form, so a double click is one attempt."""
    return secrets.token_urlsafe(18)


def field_name(question_id):
    return f"{FIELD_PREFIX}{question_id}"


def read_nonce(data):
    values = data.getlist(NONCE_FIELD)
    if len(values) != 1 or not NONCE_RE.fullmatch(values[0]):
        raise BadSubmission(
            gettext(
                "This quiz form is incomplete or out of date. Open the quiz again and resend your answers."
            )
        )
    return values[0]


@dataclass
class Submission:
    """The answers chosen ({question id: [choice ids]}) and the questions left unanswered."""

    answers: dict = field(default_factory=dict)
    unanswered: list = field(default_factory=list)

    @property
    def complete(self):
        return not self.unanswered


def read_answers(questions, data):
    """Read the learner's answers from the POST data; raise BadSubmission for impossible input."""
    numbers = {question.id: number for number, question in enumerate(questions, start=1)}
    owner_of_choice = {choice_id: question.id for question in questions for choice_id in question.choice_ids}
    for key in data:
        if key.startswith(FIELD_PREFIX) and key[len(FIELD_PREFIX) :] not in numbers:
            raise BadSubmission(gettext("The answers sent include a question that is not in this quiz."))

    submission = Submission()
    for question in questions:
        number = numbers[question.id]
        values = data.getlist(field_name(question.id))
        if not values:
            submission.unanswered.append(question)
            continue
        if question.kind != MULTIPLE and len(values) > 1:
            raise BadSubmission(
                gettext("Question %(number)s was answered more than once. It takes one answer.")
                % {"number": number}
            )
        if len(set(values)) != len(values):
            raise BadSubmission(
                gettext("The same answer to question %(number)s was sent twice.") % {"number": number}
            )
        for value in values:
            if len(value) > MAX_ID_LENGTH:
                raise BadSubmission(
                    gettext("An answer sent for question %(number)s is too long to be one of its answers.")
                    % {"number": number}
                )
            owner = owner_of_choice.get(value)
            if owner is None:
                raise BadSubmission(
                    gettext("An answer sent for question %(number)s is not one of its answers.")
                    % {"number": number}
                )
            if owner != question.id:
                raise BadSubmission(
                    gettext("An answer sent for question %(number)s belongs to question %(other)s.")
                    % {"number": number, "other": numbers[owner]}
                )
        submission.answers[question.id] = values
    return submission


@dataclass(frozen=True)
class FormChoice:
    id: str
    text: str
    checked: bool = False


@dataclass(frozen=True)
class FormQuestion:
    """A question as the form shows it: its text and answers, and nothing about which is right."""

    id: str
    number: int
    kind: str
    text: str
    choices: tuple[FormChoice, ...]
    scenario: str = ""
    must_know: bool = False
    error: str = ""

    @property
    def field_name(self):
        return field_name(self.id)

    @property
    def input_type(self):
        return "checkbox" if self.kind == MULTIPLE else "radio"

    @property
    def html_id(self):
        return f"question-{self.id}"

    @property
    def described_by(self):
        """Ids of what a screen reader should read with the answers: scenario, hint, error."""
        parts = []
        if self.scenario:
            parts.append(f"{self.html_id}-scenario")
        if self.kind == MULTIPLE:
            parts.append(f"{self.html_id}-hint")
        if self.error:
            parts.append(f"{self.html_id}-error")
        return " ".join(parts)

    @property
    def first_input_id(self):
        return f"choice-{self.choices[0].id}" if self.choices else ""


def shown_order(question, nonce, shuffle):
    """The question's answers in the order this learner sees them.

    Shuffled answers are shuffled the same way for the same nonce, so the form shown again with
    an error keeps its order; a new try gets a new order. True/false is never shuffled.
    """
    choices = list(question.choices)
    if shuffle and question.kind != TRUE_FALSE:
        random.Random(f"{nonce}:{question.id}").shuffle(choices)  # answer order on screen, not a secret  # nosec B311
    return choices


def unanswered_message(question, number):
    if question.kind == MULTIPLE:
        return gettext("Question %(number)s: select at least one answer.") % {"number": number}
    return gettext("Question %(number)s: choose an answer.") % {"number": number}


def form_questions(questions, nonce, shuffle, submission=None):
    """What the quiz form shows: the questions in order, their answers, the learner's choices
    so far and an error for each unanswered question. Never the answer key."""
    answers = submission.answers if submission else {}
    unanswered = {question.id for question in submission.unanswered} if submission else set()
    shown = []
    for number, question in enumerate(questions, start=1):
        chosen = set(answers.get(question.id, ()))
        shown.append(
            FormQuestion(
                id=question.id,
                number=number,
                kind=question.kind,
                text=question.text,
                scenario=question.scenario,
                must_know=question.must_know,
                choices=tuple(
                    FormChoice(choice.id, choice.text, choice.id in chosen)
                    for choice in shown_order(question, nonce, shuffle)
                ),
                error=unanswered_message(question, number) if question.id in unanswered else "",
            )
        )
    return shown
