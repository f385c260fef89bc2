"""Attempt history: kept as taken, in the export, deleted with the learner, merged on sign-up."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from quizzes.history import SESSION_ATTEMPTS_PER_QUIZ, SESSION_KEY, merge_session_attempts
from quizzes.models import AttemptAnswer, AttemptChoice, QuizAttempt, QuizPage
from quizzes.submission import new_nonce
from tests.quizzes.conftest import ALL_RIGHT, key_of, submit, with_wrong

SIGNUP = {
    "email": "newcomer@example.com",
    "password1": "a-long-enough-passphrase",
    "password2": "a-long-enough-passphrase",
    "display_name": "Robin",
}


def edit_first_question(quiz):
    """An editor rewords question 1, its answers and feedback, and deletes its last answer."""
    quiz = QuizPage.objects.get(pk=quiz.pk)
    question = quiz.questions[0].value
    question["text"] = "REWORDED question"
    question["explanation"] = "REWORDED explanation"
    question["choices"][0]["text"] = "REWORDED answer"
    question["choices"][0]["feedback"] = "REWORDED feedback"
    del question["choices"][2]
    quiz.save_revision().publish()
    return quiz


@pytest.mark.django_db
class TestHistoryIsKept:
    def test_editing_a_question_never_changes_stored_attempts(self, client, quiz, learner):
        client.force_login(learner)
        url = submit(client, quiz, with_wrong(ALL_RIGHT, q0=["Your fingers"]))["Location"]
        attempt = QuizAttempt.objects.get(user=learner)
        stored = json.dumps(attempt.answers)
        before = client.get(url).content.decode()
        question_id = key_of(quiz)[0].id

        edited = edit_first_question(quiz)
        assert key_of(edited)[0].id == question_id  # the block keeps its id across edits
        assert key_of(edited)[0].text == "REWORDED question"

        attempt.refresh_from_db()
        assert json.dumps(attempt.answers) == stored
        after = client.get(url).content.decode()
        assert "REWORDED" not in after
        for text in (
            "What should you put in his mouth?",
            "You chose: <strong>Your fingers</strong>",
            "No: never fingers.",
        ):
            assert text in before and text in after
        assert attempt.answers[0]["text"] == "What should you put in his mouth?"
        assert [c["text"] for c in attempt.answers[0]["choices"]] == ["Nothing", "A spoon", "Your fingers"]
        assert attempt.answers[0]["chosen"] == [c["id"] for c in attempt.answers[0]["choices"] if c["chosen"]]
        assert (attempt.score, attempt.passed) == (80, False)

    def test_analytics_rows_carry_the_block_ids(self, client, quiz, learner):
        client.force_login(learner)
        submit(client, quiz, with_wrong(ALL_RIGHT, q2=["Time it", "Hold them down"]))
        key = key_of(quiz)
        rows = list(AttemptAnswer.objects.order_by("position").values_list("question_id", "correct"))
        assert rows == [(q.id, q.id != key[2].id) for q in key]
        chosen = set(
            AttemptChoice.objects.filter(answer__question_id=key[2].id).values_list("choice_id", "correct")
        )
        assert chosen == {(key[2].choices[0].id, True), (key[2].choices[2].id, False)}

    def test_deleting_the_quiz_keeps_the_learners_history(self, client, quiz, learner):
        client.force_login(learner)
        submit(client, quiz, ALL_RIGHT)
        quiz.delete()
        attempt = QuizAttempt.objects.get(user=learner)
        assert attempt.quiz is None and attempt.quiz_title == "Quiz: Seizures"


@pytest.mark.django_db
class TestOwnData:
    def test_export_has_every_attempt_with_what_was_chosen(self, client, quiz, learner):
        client.force_login(learner)
        submit(client, quiz, with_wrong(ALL_RIGHT, q0=["A spoon"]))
        submit(client, quiz, ALL_RIGHT)
        data = json.loads(client.get("/dashboard/export/").content)
        attempts = data["quiz_attempts"]
        assert [(a["score"], a["passed"], a["must_know_passed"]) for a in attempts] == [
            (80, False, False),
            (100, True, True),
        ]
        first = attempts[0]
        assert first["quiz"] == "Quiz: Seizures" and first["url"] == "http://testserver/course/module-1/quiz/"
        assert client.get(first["url"]).status_code == 200  # the address opens
        assert first["answers"][0] == {
            "question": "What should you put in his mouth?",
            "scenario": "Your father starts shaking and falls.",
            "must_know": True,
            "chosen": ["A spoon"],
            "right": False,
        }

    def test_attempts_are_deleted_with_the_account(self, client, quiz, learner):
        client.force_login(learner)
        submit(client, quiz, ALL_RIGHT)
        other = Client()
        other.force_login(type(learner).objects.create_user("other", "other@example.com", "x" * 12))
        submit(other, quiz, ALL_RIGHT)
        assert client.post("/dashboard/delete/", {"password": "correct-horse-battery"}).status_code == 302
        assert not QuizAttempt.objects.filter(user_id=learner.pk).exists()
        assert QuizAttempt.objects.count() == 1
        assert AttemptAnswer.objects.count() == 5  # only the other learner's rows remain


@pytest.mark.django_db
class TestVisitors:
    def test_a_visitor_attempt_is_merged_on_sign_up(self, client, quiz, sign_up):
        submit(client, quiz, with_wrong(ALL_RIGHT, q3=["True"]))
        submit(client, quiz, ALL_RIGHT)
        taken = [r["at"] for r in client.session[SESSION_KEY]]
        assert not QuizAttempt.objects.exists()
        before = client.get("/dashboard/").content.decode()
        assert "quiz passed (best 100%, latest 100%)" in before  # from the session
        assert sign_up(client, SIGNUP).status_code == 302
        attempts = QuizAttempt.objects.filter(user__email=SIGNUP["email"]).order_by("created_at")
        assert [(a.score, a.passed) for a in attempts] == [(80, False), (100, True)]
        assert [a.created_at.isoformat() for a in attempts] == taken  # kept as taken
        assert AttemptAnswer.objects.filter(attempt__in=attempts).count() == 10
        assert SESSION_KEY not in client.session
        html = client.get("/dashboard/").content.decode()
        assert "quiz passed (best 100%, latest 100%)" in html

    def test_merging_twice_stores_nothing_twice_and_skips_damaged_records(self, client, quiz, learner):
        submit(client, quiz, ALL_RIGHT)
        record = client.session[SESSION_KEY][0]
        damaged = [
            {**record, "nonce": "short"},
            {**record, "nonce": new_nonce(), "answers": [{"id": 1}]},
            {**record, "nonce": new_nonce(), "quiz": 987654},
            {**record, "nonce": new_nonce(), "at": "not a date"},
            "not even a dict",
        ]
        session = {SESSION_KEY: [record, *damaged]}
        again = {SESSION_KEY: [record]}
        assert merge_session_attempts(session, learner) == 1
        assert merge_session_attempts(again, learner) == 0
        assert QuizAttempt.objects.filter(user=learner).count() == 1
        assert SESSION_KEY not in session

    def test_logging_in_merges_too(self, client, quiz, learner):
        submit(client, quiz, ALL_RIGHT)
        client.post("/accounts/login/", {"login": learner.email, "password": "correct-horse-battery"})
        assert QuizAttempt.objects.filter(user=learner, passed=True).count() == 1

    def test_the_session_keeps_the_best_and_the_latest_attempts(self, client, quiz):
        submit(client, quiz, ALL_RIGHT)  # the best
        for _ in range(SESSION_ATTEMPTS_PER_QUIZ + 2):
            submit(client, quiz, with_wrong(ALL_RIGHT, q0=["A spoon"], q1=["Wait longer"]))
        records = client.session[SESSION_KEY]
        assert len(records) == SESSION_ATTEMPTS_PER_QUIZ
        assert [r["score"] for r in records] == [100] + [60] * (SESSION_ATTEMPTS_PER_QUIZ - 1)

    def test_a_visitor_result_is_on_their_device_only(self, client, quiz):
        url = submit(client, quiz, ALL_RIGHT)["Location"]
        assert client.get(url).status_code == 200
        assert "Saved on this device only" in client.get(url).content.decode()
        assert Client().get(url).status_code == 404

    def test_old_session_times_are_kept_when_merged(self, quiz, learner):
        from quizzes.history import SessionAttempts, snapshot
        from quizzes.scoring import score_attempt

        session = {}
        score = score_attempt(key_of(quiz), {}, quiz.pass_mark)
        earlier = timezone.now() - timedelta(days=2)
        SessionAttempts(session).record(quiz, score, snapshot(score, "n" * 20, False), "n" * 20, now=earlier)
        merge_session_attempts(session, learner)
        assert QuizAttempt.objects.get(user=learner).created_at == earlier
