"""The best-attempt rule in one place: a summary built one attempt at a time (as QuizResult is
kept) says the same as one built from all attempts at once, whatever the order they come in."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from quizzes.summaries import Taken, merge, of_attempt, summarize

START = datetime(2026, 1, 1, tzinfo=UTC)

attempts = st.lists(
    st.builds(
        Taken,
        score=st.integers(0, 100),
        passed=st.booleans(),
        must_know_passed=st.booleans(),
        created_at=st.integers(0, 50).map(lambda minutes: START + timedelta(minutes=minutes)),
        pk=st.just(0),
    ),
    min_size=1,
    max_size=12,
).map(lambda items: [item._replace(pk=number + 1) for number, item in enumerate(items)])


@given(attempts, st.randoms())
def test_one_at_a_time_in_any_order_says_the_same_as_all_at_once(items, random):
    whole = summarize(items)
    shuffled = list(items)
    random.shuffle(shuffled)
    kept = of_attempt(shuffled[0])
    for item in shuffled[1:]:
        kept = merge(kept, of_attempt(item))
    assert kept == whole and (kept.best, kept.newest) == (whole.best, whole.newest)


@given(attempts)
def test_the_best_attempt_is_a_pass_if_any_else_the_highest_score(items):
    summary = summarize(items)
    passes = [item for item in items if item.passed]
    pool = passes or items
    top = max(item.score for item in pool)
    latest_top = max(
        (item for item in pool if item.score == top), key=lambda item: (item.created_at, item.pk)
    )
    assert summary.passed is bool(passes)
    assert summary.must_know_passed is latest_top.must_know_passed
    assert summary.best_score == max(item.score for item in items)
    assert summary.attempts == len(items)
