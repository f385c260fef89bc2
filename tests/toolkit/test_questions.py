"""Questions for the prescriber: tick, add your own, get a list to print."""

import pytest
from django.utils.html import escape

from toolkit.questions import QUESTIONS


@pytest.mark.django_db
class TestQuestions:
    def test_every_question_shows_why_with_its_source(self, client):
        text = client.get("/tools/questions/").content.decode()
        for question in QUESTIONS:
            assert str(question.question) in text  # a lazy translation, in the active language
            assert escape(question.sources[0].url) in text
        assert "Is tapering right for them now?" in text and "after a cut?" in text

    def test_the_list_has_only_what_was_ticked_and_the_familys_own(self, client):
        response = client.post(
            "/tools/questions/", {"ask": ["rescue", "other_medicines"], "own_1": "Can he drive?"}
        )
        text = response.content.decode()
        assert response.status_code == 200
        assert "Our questions for the next appointment" in text
        assert "rescue medicine for seizures" in text and "Can he drive?" in text
        assert "Is tapering right for them now?" not in text

    @pytest.mark.parametrize(
        "data, message",
        [
            ({}, "Tick at least one question, or write one of your own."),
            ({"ask": ["made-up"]}, "not on this list"),
            ({"own_1": "x" * 301}, "at most 300 characters"),
        ],
    )
    def test_bad_input_gets_a_plain_message_and_keeps_the_rest(self, client, data, message):
        response = client.post("/tools/questions/", dict(data, own_3="Keep me") if data else {})
        assert response.status_code == 400
        assert message in response.content.decode()
        if data:
            assert 'value="Keep me"' in response.content.decode()
