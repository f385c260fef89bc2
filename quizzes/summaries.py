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

from dataclasses import dataclass
from datetime import datetime
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
    return (passed, score, taken_at, pk)


def summarize(records):
    """A QuizSummary of one learner's attempts at one quiz (stored attempts or a visitor's
    session records: anything with score, passed, must_know_passed and created_at)."""
    newest = max(records, key=lambda r: (r.created_at, getattr(r, "pk", 0)))
    best = max(records, key=lambda r: best_key(r.passed, r.score, r.created_at, getattr(r, "pk", 0)))
    passed_times = [r.created_at for r in records if r.passed]
    return QuizSummary(
        best_score=max(r.score for r in records),
        latest_score=newest.score,
        passed=bool(passed_times),
        must_know_passed=best.must_know_passed,
        attempts=len(records),
        last_attempt_at=newest.created_at,
        first_passed_at=min(passed_times, default=None),
    )
