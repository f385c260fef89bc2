"""Many learners sending one quiz at once, and one learner sending the same form twice at once.

Runs on SQLite (WAL, IMMEDIATE transactions, busy timeout) and on PostgreSQL alike.
"""

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from quizzes.models import AttemptAnswer, AttemptChoice, QuizAttempt
from tests.factories import UserFactory
from tests.quizzes.conftest import ALL_RIGHT, form_data, with_wrong

SUBMISSIONS = 32


def run_together(jobs):
    """Start every job at the same moment in its own thread; return (results, errors)."""
    barrier = threading.Barrier(len(jobs))
    results, errors = [], []

    def run(job):
        try:
            barrier.wait(timeout=30)
            results.append(job())
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_32_learners_submit_one_quiz_at_once(quiz):
    learners = [UserFactory(username=f"racer{i}") for i in range(SUBMISSIONS)]
    wrong_one = with_wrong(ALL_RIGHT, q1=["Wait longer"])
    posts = []
    for number, learner in enumerate(learners):
        client = Client()
        client.force_login(learner)
        posts.append((client, form_data(quiz, ALL_RIGHT if number % 2 else wrong_one)))
    connection.close()

    started = time.monotonic()
    results, errors = run_together([lambda c=c, d=d: c.post(quiz.url, d).status_code for c, d in posts])
    elapsed = time.monotonic() - started
    print(f"{SUBMISSIONS} concurrent submissions on {connection.vendor}: {elapsed:.2f}s")
    assert errors == []
    assert results == [303] * SUBMISSIONS
    assert QuizAttempt.objects.count() == SUBMISSIONS
    assert set(QuizAttempt.objects.values_list("user_id", flat=True)) == {u.pk for u in learners}
    assert QuizAttempt.objects.filter(score=100).count() == QuizAttempt.objects.filter(score=80).count() == 16
    assert AttemptAnswer.objects.count() == 5 * SUBMISSIONS
    assert AttemptChoice.objects.count() == 6 * SUBMISSIONS  # select-all has two chosen answers


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_many_times_at_once_stores_one_attempt(quiz):
    learner = UserFactory(username="double-clicker")
    data = form_data(quiz, ALL_RIGHT)
    clients = []
    for _ in range(8):
        client = Client()
        client.force_login(learner)
        clients.append(client)
    connection.close()

    results, errors = run_together([lambda c=c: c.post(quiz.url, data)["Location"] for c in clients])
    assert errors == []
    assert len(results) == 8 and len(set(results)) == 1  # every click lands on the same result
    assert QuizAttempt.objects.filter(user=learner).count() == 1
    assert AttemptAnswer.objects.count() == 5
