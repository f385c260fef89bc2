"""One learner's standing at one quiz, from their attempts: THE best-attempt rule, in one place.

A QuizSummary sums up one learner's attempts at one quiz:

- best_score: the highest score of any attempt;
- latest_score: the score of the most recent attempt (last_attempt_at is its time);
- passed: at least one attempt passed (the module's completion rule uses this);
- must_know_passed: every must-know question was right on the learner's *best* attempt (see
  `best_key`): always True when passed is True; for a learner who has not passed yet it says
  whether the safety-critical questions, at least, are known;
- attempts: how many attempts;
- first_passed_at: when the learner first passed (None if never), the module's completion time.

Pure functions, no database: `summarize` serves stored attempts (quizzes.models.QuizResult
keeps its result in the same transaction as each attempt) and a visitor's session alike.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import reduce
from typing import NamedTuple


@dataclass(frozen=True)
class QuizSummary:
    best_score: int
    latest_score: int
    passed: bool
    must_know_passed: bool
    attempts: int
    last_attempt_at: datetime
    first_passed_at: datetime | None = None
    # Which attempts the figures above came from, so that a summary can take one more attempt
    # (`merge`) without reading the others again: the best attempt's `best_key`, and the
    # latest attempt's (time, id). Not part of what a summary says, so not compared.
    best: tuple = field(default=(), compare=False)
    newest: tuple = field(default=(), compare=False)


class Taken(NamedTuple):
    """One stored attempt, as much of it as the summaries need."""

    score: int
    passed: bool
    must_know_passed: bool
    created_at: datetime
    pk: int = 0


def best_key(passed, score, taken_at, pk=0):
    """THE best-attempt rule, as a sort key (the highest key is the best attempt): a passing
    attempt if there is one, else the highest score; of equals the most recent."""
    return (bool(passed), score, taken_at, pk)


def of_attempt(record):
    """The summary of one attempt (a stored one, or a visitor's session record)."""
    pk = getattr(record, "pk", 0) or 0
    return QuizSummary(
        best_score=record.score,
        latest_score=record.score,
        passed=bool(record.passed),
        must_know_passed=bool(record.must_know_passed),
        attempts=1,
        last_attempt_at=record.created_at,
        first_passed_at=record.created_at if record.passed else None,
        best=best_key(record.passed, record.score, record.created_at, pk),
        newest=(record.created_at, pk),
    )


def merge(one, other):
    """The summary of two sets of attempts together."""
    best = one if one.best >= other.best else other
    newest = one if one.newest >= other.newest else other
    passed_times = [t for t in (one.first_passed_at, other.first_passed_at) if t is not None]
    return QuizSummary(
        best_score=max(one.best_score, other.best_score),
        latest_score=newest.latest_score,
        passed=one.passed or other.passed,
        must_know_passed=best.must_know_passed,
        attempts=one.attempts + other.attempts,
        last_attempt_at=newest.last_attempt_at,
        first_passed_at=min(passed_times, default=None),
        best=best.best,
        newest=newest.newest,
    )


def summarize(records):
    """A QuizSummary of one learner's attempts at one quiz (stored attempts or a visitor's
    session records: anything with score, passed, must_know_passed and created_at)."""
    return reduce(merge, map(of_attempt, records))
