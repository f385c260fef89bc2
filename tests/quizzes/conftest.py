"""A small course whose module ends with a five-question quiz, and helpers to answer it."""

import pytest

from lessons.models import LessonPage
from quizzes.submission import new_nonce
from tests.factories import (
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
    QuizPageFactory,
    quiz_question,
)


def five_questions(lesson):
    return [
        quiz_question(
            "What should you put in his mouth?",
            [
                ("Nothing", True, "Right: keep the mouth clear."),
                ("A spoon", False, "No: never a spoon."),
                ("Your fingers", False, "No: never fingers."),
            ],
            must_know=True,
            scenario="Your father starts shaking and falls.",
            explanation="Nothing goes in the mouth (CDC).",
            lesson=lesson,
            anchor="a-section",
        ),
        quiz_question(
            "The seizure has lasted 6 minutes. What now?",
            [("Call 911", True, "Right: over 5 minutes."), ("Wait longer", False, "No: call now.")],
            explanation="Over 5 minutes means 911 (CDC).",
            lesson=lesson,
        ),
        quiz_question(
            "Which are first aid? Select all that apply.",
            [
                ("Time it", True, "Yes: time it."),
                ("Move things away", True, "Yes: keep them safe."),
                ("Hold them down", False, "No: never hold them down."),
            ],
            kind="select_all",
            explanation="Stay, Safe, Side (EF).",
            lesson=lesson,
        ),
        quiz_question(
            "It is safe to stop all at once.",
            [("True", False, "No: it can cause seizures."), ("False", True, "Right: never stop suddenly.")],
            kind="true_false",
            must_know=True,
            explanation="Stopping suddenly can cause seizures (FDA).",
            lesson=lesson,
        ),
        quiz_question(
            "After the seizure, what do you do?",
            [("Stay with them", True, "Right: stay."), ("Leave them alone", False, "No: stay.")],
            explanation="Stay until they are fully awake (EF).",
            lesson=lesson,
        ),
    ]


ALL_RIGHT = {
    0: ["Nothing"],
    1: ["Call 911"],
    2: ["Time it", "Move things away"],
    3: ["False"],
    4: ["Stay with them"],
}


@pytest.fixture
def quiz_course(home_page):
    """Course -> Module (two lessons, then the quiz). Returns the quiz page."""
    course = CoursePageFactory(parent=home_page, slug="course")
    module = ModulePageFactory(parent=course, slug="module-1", title="Seizures")
    first = LessonPageFactory(parent=module, slug="lesson-1", title="Lesson 1")
    LessonPageFactory(parent=module, slug="lesson-2", title="Lesson 2")
    return QuizPageFactory(parent=module, title="Quiz: Seizures", questions=five_questions(first))


@pytest.fixture
def quiz(quiz_course):
    return quiz_course


def lessons_of(quiz):
    return list(LessonPage.objects.child_of(quiz.get_parent()).order_by("path"))


def key_of(quiz):
    quiz.refresh_from_db()
    return quiz.answer_key()


def form_data(quiz, picks, nonce=None, **extra):
    """POST data choosing, per question index, the answers with the given texts."""
    key = key_of(quiz)
    data = {"nonce": nonce or new_nonce(), **extra}
    for index, texts in picks.items():
        question = key[index]
        by_text = {choice.text: choice.id for choice in question.choices}
        data[f"q-{question.id}"] = [by_text[text] for text in texts]
    return data


def submit(client, quiz, picks, nonce=None, **extra):
    return client.post(quiz.url, form_data(quiz, picks, nonce, **extra))


def with_wrong(picks, **changes):
    """ALL_RIGHT (or picks) with some questions answered differently: with_wrong(q0=["A spoon"])."""
    result = dict(picks)
    for name, texts in changes.items():
        result[int(name[1:])] = texts
    return result
