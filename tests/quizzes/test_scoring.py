"""THE scoring rule: % of questions fully right; pass = score >= pass mark AND all must-know right."""

import pytest

from quizzes.scoring import Choice, Question, has_passed, is_right, percent, score_attempt


def question(qid, kind="single", right=("a",), wrong=("b",), must_know=False):
    choices = tuple(Choice(f"{qid}-{c}", c, True) for c in right) + tuple(
        Choice(f"{qid}-{c}", c, False) for c in wrong
    )
    return Question(id=qid, kind=kind, text=qid, choices=choices, must_know=must_know)


def picks(qid, *letters):
    return [f"{qid}-{letter}" for letter in letters]


class TestIsRight:
    def test_single_choice(self):
        q = question("q")
        assert is_right(q, picks("q", "a"))
        assert not is_right(q, picks("q", "b"))
        assert not is_right(q, [])

    def test_select_all_needs_the_exact_set(self):
        q = question("q", kind="multiple", right=("a", "b"), wrong=("c",))
        assert is_right(q, picks("q", "a", "b"))
        assert is_right(q, picks("q", "b", "a"))
        assert not is_right(q, picks("q", "a"))  # one missing
        assert not is_right(q, picks("q", "a", "b", "c"))  # one too many
        assert not is_right(q, picks("q", "c"))


class TestScore:
    def test_percentage_of_questions_fully_right(self):
        questions = [question(f"q{i}") for i in range(5)]
        answers = {f"q{i}": picks(f"q{i}", "a") for i in range(4)} | {"q4": picks("q4", "b")}
        result = score_attempt(questions, answers, pass_mark=80)
        assert (result.score, result.passed, result.must_know_passed) == (80, True, True)
        assert (result.right, result.total) == (4, 5)
        assert [r.correct for r in result.results] == [True, True, True, True, False]

    def test_a_wrong_must_know_question_fails_whatever_the_score(self):
        questions = [question("safe", must_know=True)] + [question(f"q{i}") for i in range(9)]
        answers = {f"q{i}": picks(f"q{i}", "a") for i in range(9)} | {"safe": picks("safe", "b")}
        result = score_attempt(questions, answers, pass_mark=80)
        assert result.score == 90
        assert not result.must_know_passed
        assert not result.passed

    def test_below_the_pass_mark_fails_even_with_every_must_know_right(self):
        questions = [question("safe", must_know=True), question("q1"), question("q2")]
        result = score_attempt(questions, {"safe": picks("safe", "a")}, pass_mark=80)
        assert (result.score, result.must_know_passed, result.passed) == (33, True, False)

    @pytest.mark.parametrize(
        ("right", "total", "expected"), [(2, 3, 66), (1, 3, 33), (3, 3, 100), (0, 4, 0), (0, 0, 0)]
    )
    def test_scores_are_rounded_down(self, right, total, expected):
        assert percent(right, total) == expected

    def test_rounding_down_keeps_the_shown_score_honest_at_the_pass_mark(self):
        questions = [question(f"q{i}") for i in range(3)]
        answers = {"q0": picks("q0", "a"), "q1": picks("q1", "a")}  # 66.7% right
        assert not score_attempt(questions, answers, pass_mark=67).passed
        assert score_attempt(questions, answers, pass_mark=66).passed

    @pytest.mark.parametrize(
        ("score", "pass_mark", "must_know", "expected"),
        [(80, 80, True, True), (79, 80, True, False), (100, 80, False, False), (1, 1, True, True)],
    )
    def test_has_passed(self, score, pass_mark, must_know, expected):
        assert has_passed(score, pass_mark, must_know) is expected

    def test_unknown_answers_count_as_wrong_not_as_errors(self):
        result = score_attempt([question("q")], {"q": ["nonsense"], "other": ["x"]}, pass_mark=50)
        assert (result.score, result.passed) == (0, False)
