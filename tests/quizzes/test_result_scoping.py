"""IDOR: a quiz result URL shows the result only to the learner (or visitor) who took it."""

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.quizzes.conftest import ALL_RIGHT, submit


@pytest.mark.django_db
def test_a_result_url_is_only_for_whoever_took_the_quiz(quiz):
    owner = Client()
    owner.force_login(UserFactory(username="taker"))
    result_url = submit(owner, quiz, ALL_RIGHT)["Location"]
    assert owner.get(result_url).status_code == 200  # the URL works for its owner

    stranger = Client()
    stranger.force_login(UserFactory(username="stranger"))
    assert stranger.get(result_url).status_code == 404
    assert Client().get(result_url).status_code == 404  # a visitor with another session
