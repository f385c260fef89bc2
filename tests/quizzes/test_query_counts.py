"""The quiz page and a submission take the same number of queries at any quiz or history size."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from quizzes.history import BACK_WINDOW
from tests.factories import QuizPageFactory, quiz_question
from tests.quizzes.conftest import form_data, lessons_of


def big_quiz(quiz, questions):
    """Replace the quiz with one of `questions` questions of all three kinds, linked to lessons."""
    lessons = lessons_of(quiz)
    module = quiz.get_parent()
    quiz.delete()
    kinds = ["single_choice", "select_all", "true_false"]
    blocks = []
    for n in range(questions):
        kind = kinds[n % 3]
        if kind == "true_false":
            choices = [("True", False, "No."), ("False", True, "Yes.")]
        else:
            choices = [
                (f"Right {n}", True, "Yes."),
                (f"Also {n}", kind == "select_all", "Hm."),
                (f"Wrong {n}", False, "No."),
            ]
        blocks.append(
            quiz_question(f"Question {n}?", choices, kind=kind, lesson=lessons[n % 2], must_know=n % 4 == 0)
        )
    return QuizPageFactory(parent=module, title="Big quiz", questions=blocks, shuffle=True)


def all_right(quiz):
    return {n: [c.text for c in q.choices if c.correct] for n, q in enumerate(quiz.answer_key())}


@pytest.mark.django_db
@pytest.mark.parametrize(("questions", "earlier_attempts"), [(5, 1), (30, 40)])
def test_quiz_page_and_submission_queries_are_constant(
    client, quiz, learner, questions, earlier_attempts, django_assert_max_num_queries
):
    quiz = big_quiz(quiz, questions)
    client.force_login(learner)
    for _ in range(earlier_attempts):
        client.post(quiz.url, form_data(quiz, all_right(quiz)))
    client.get(quiz.url)  # warm up: site settings row, caches

    # 18 on a first try (below), + the latest attempt, to tick the answers just sent (Back).
    with django_assert_max_num_queries(19) as page_queries:
        response = client.get(quiz.url)
    assert response.status_code == 200
    assert response.content.decode().count("<fieldset") == questions

    data = form_data(quiz, all_right(quiz))
    # A pass asks lessons.completion whether it finished the course (the course's progress, in a
    # constant number of queries); the questions' lesson links come from the cache warmed above.
    with django_assert_max_num_queries(22) as submit_queries:
        response = client.post(quiz.url, data)
    assert response.status_code == 303

    with django_assert_max_num_queries(20) as result_queries:
        assert client.get(response["Location"]).status_code == 200
    print(
        f"{questions} questions, {earlier_attempts} earlier attempts: page {len(page_queries)}, "
        f"submission {len(submit_queries)}, result {len(result_queries)} queries"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("questions", [5, 30])
def test_a_first_try_or_a_later_visit_reads_no_earlier_attempt(
    client, quiz, learner, questions, django_assert_max_num_queries
):
    quiz = big_quiz(quiz, questions)
    client.force_login(learner)
    client.get(quiz.url)  # warm up: site settings row, caches
    with django_assert_max_num_queries(18):
        assert client.get(quiz.url).status_code == 200
    client.post(quiz.url, form_data(quiz, all_right(quiz)))
    later = timezone.now() + BACK_WINDOW + timedelta(minutes=1)
    with mock.patch.object(timezone, "now", return_value=later):
        client.get(quiz.url)
        with django_assert_max_num_queries(18):  # its summary says the try was not a moment ago
            assert client.get(quiz.url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("questions", [5, 30])
def test_a_visitors_submission_is_constant_too(client, quiz, questions, django_assert_max_num_queries):
    quiz = big_quiz(quiz, questions)
    client.get(quiz.url)
    with django_assert_max_num_queries(18) as queries:  # lesson links and the translations' map not kept yet
        assert client.post(quiz.url, form_data(quiz, all_right(quiz))).status_code == 303
    print(f"visitor submission with {questions} questions: {len(queries)} queries")
