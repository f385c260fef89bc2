"""Issue 14, finding 4: with Redis down, quizzes are taken and scored from the database."""

import pytest
from django.test import Client

from quizzes.models import QuizAttempt
from tests.quizzes.conftest import ALL_RIGHT, submit


@pytest.mark.django_db
def test_a_quiz_is_shown_and_scored_with_redis_down(dead_redis, quiz, learner):
    visitor = Client()
    assert visitor.get(quiz.url).status_code == 200
    assert submit(visitor, quiz, ALL_RIGHT).status_code == 303
    client = Client()
    client.force_login(learner)
    response = submit(client, quiz, ALL_RIGHT)
    assert response.status_code == 303
    assert QuizAttempt.objects.get(user=learner).score == 100
    assert "100" in client.get(response["Location"]).content.decode()
