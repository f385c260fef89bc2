"""Learners' quiz results in bulk: for the dashboard, and for counselors' progress matrix.

A QuizSummary sums up one learner's attempts at one quiz:

- best_score: the highest score of any attempt;
- latest_score: the score of the most recent attempt (last_attempt_at is its time);
- passed: at least one attempt passed (the module's completion rule uses this);
- must_know_passed: every must-know question was right on the learner's *best* attempt, where
  best means a passing attempt if there is one, else the highest score (the most recent of
  equals). So it is always True when passed is True; for a learner who has not passed yet it
  says whether the safety-critical questions, at least, are known;
- attempts: how many attempts;
- first_passed_at: when the learner first passed (None if never), the module's completion time.

`summarize` computes them from a learner's attempts, stored or in a visitor's session, with the
one best-attempt rule (`best_key`); `quiz_summaries` feeds it from one query for any number of
learners, and `quiz_standings` applies the same rule to a whole circle.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.db.models import Max, Q, QuerySet
from wagtail.models import Page

from .models import QuizAttempt, QuizPage


@dataclass(frozen=True)
class QuizSummary:
    best_score: int
    latest_score: int
    passed: bool
    must_know_passed: bool
    attempts: int
    last_attempt_at: datetime
    first_passed_at: datetime | None = None


def _id_set(ids):
    """Ids as a set, or a queryset of ids as it is (it becomes a subquery, not a query)."""
    return ids if isinstance(ids, QuerySet) else {int(pk) for pk in ids}


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


def quiz_summaries(user_ids, quiz_ids):
    """{(user_id, quiz_id): QuizSummary} for every pair with at least one attempt. One plain
    query (a few columns, from the covering index) and `summarize` for each pair.

    user_ids and quiz_ids are iterables of ids or querysets of ids, which stay subqueries.
    """
    user_ids, quiz_ids = _id_set(user_ids), _id_set(quiz_ids)
    if (isinstance(user_ids, set) and not user_ids) or (isinstance(quiz_ids, set) and not quiz_ids):
        return {}
    rows = (
        QuizAttempt.objects.filter(user_id__in=user_ids, quiz_id__in=quiz_ids)
        .order_by()
        .values_list("user_id", "quiz_id", "score", "passed", "must_know_passed", "created_at", "pk")
    )
    by_pair = {}
    for user_id, quiz_id, *taken in rows:
        by_pair.setdefault((user_id, quiz_id), []).append(Taken(*taken))
    return {pair: summarize(records) for pair, records in by_pair.items()}


def module_quizzes(modules):
    """{module path: its live quiz} for the given (live, public) modules, in one query."""
    if not modules:
        return {}
    within = Q()
    for parent_path in {module.path[: -Page.steplen] for module in modules}:
        within |= Q(path__startswith=parent_path)
    depth = modules[0].depth + 1
    # The modules given are public, so their quiz is too unless it has a restriction of its own:
    # checked in the same query rather than with .public(), which costs one more.
    quizzes = (
        QuizPage.objects.live()
        .filter(within, depth=depth, view_restrictions__isnull=True)
        .defer_streamfields()
        .order_by("path")
    )
    module_paths = {module.path for module in modules}
    found = {}
    for quiz in quizzes:
        parent = quiz.path[: -Page.steplen]
        if parent in module_paths:
            found.setdefault(parent, quiz)
    return found


@dataclass(frozen=True, slots=True)
class QuizStanding:
    """What a counselor's matrix shows of one learner at one quiz: the same best_score, passed
    and must_know_passed as a QuizSummary (same rules), without the times and counts."""

    best_score: int
    passed: bool
    must_know_passed: bool


def quiz_standings(user_ids, quiz_ids):
    """({(user_id, quiz_id): QuizStanding}, {user_id: time of their latest attempt}). Two queries.

    For a counselor's matrix of hundreds of learners: the same best-attempt rule (`best_key`) as
    `summarize`, without building a record per attempt. The database only reads the attempts
    index (no dates per attempt: they come in time order, so their position stands for the time)
    and one pass in Python picks each pair's best attempt; the latest attempt is one date per
    learner from a GROUP BY.
    """
    user_ids, quiz_ids = _id_set(user_ids), _id_set(quiz_ids)
    if (isinstance(user_ids, set) and not user_ids) or (isinstance(quiz_ids, set) and not quiz_ids):
        return {}, {}
    attempts = QuizAttempt.objects.filter(user_id__in=user_ids, quiz_id__in=quiz_ids).order_by()
    standings, shared = {}, {}  # shared: one QuizStanding per distinct result, not per pair

    def keep(pair, best_score, best):
        key = (best_score, best[0], best[1])
        standing = shared.get(key)
        if standing is None:
            standing = shared[key] = QuizStanding(*key)
        standings[pair] = standing

    pair, best_score, best, best_at = None, 0, None, None
    for position, (user_id, quiz_id, passed, score, must_know) in enumerate(
        attempts.order_by("user_id", "quiz_id", "created_at", "pk").values_list(
            "user_id", "quiz_id", "passed", "score", "must_know_passed"
        )
    ):
        if (user_id, quiz_id) != pair:
            if pair is not None:
                keep(pair, best_score, best)
            pair, best_score, best, best_at = (user_id, quiz_id), score, None, None
        best_score = max(best_score, score)
        key = best_key(passed, score, position)
        if best_at is None or key > best_at:
            best, best_at = (passed, must_know), key
    if pair is not None:
        keep(pair, best_score, best)
    latest = dict(
        attempts.values("user_id").annotate(latest=Max("created_at")).values_list("user_id", "latest")
    )
    return standings, latest


def summaries_by_module(user_ids, modules):
    """A circles.rules QUIZ_SUMMARY_PROVIDERS callable, for counselors' progress matrix:
    ({(user_id, module_id): QuizStanding}, {ids of the modules that have a quiz},
    {user_id: time of their latest attempt at one of these quizzes}). Three queries (one when
    no module has a quiz), whatever the number of members or attempts."""
    quizzes = module_quizzes(modules)
    if not quizzes:
        return {}, set(), {}
    module_ids = {module.path: module.pk for module in modules}
    module_of_quiz = {quiz.pk: module_ids[path] for path, quiz in quizzes.items()}
    standings, latest = quiz_standings(user_ids, module_of_quiz)
    by_module = {
        (user_id, module_of_quiz[quiz_id]): standing for (user_id, quiz_id), standing in standings.items()
    }
    return by_module, set(module_of_quiz.values()), latest
