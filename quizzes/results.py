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

`quiz_summaries` computes these in ONE query, whatever the number of learners, quizzes or
attempts, using window functions; `summarize` computes the same from a visitor's session.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Count, F, Max, Min, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import FirstValue, RowNumber
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


def quiz_summaries(user_ids, quiz_ids):
    """{(user_id, quiz_id): QuizSummary} for every pair with at least one attempt. One query.

    user_ids and quiz_ids are iterables of ids or querysets of ids (e.g. a care circle's
    members: `memberships.values("user_id")`), which stay subqueries of that one query.
    """
    user_ids, quiz_ids = _id_set(user_ids), _id_set(quiz_ids)
    if (isinstance(user_ids, set) and not user_ids) or (isinstance(quiz_ids, set) and not quiz_ids):
        return {}
    pair = [F("user_id"), F("quiz_id")]
    newest_first = [F("created_at").desc(), F("pk").desc()]
    best_first = [F("passed").desc(), F("score").desc(), *newest_first]
    rows = (
        QuizAttempt.objects.filter(user_id__in=user_ids, quiz_id__in=quiz_ids)
        .annotate(
            newest=Window(RowNumber(), partition_by=pair, order_by=newest_first),
            best_score=Window(Max("score"), partition_by=pair),
            attempt_count=Window(Count("pk"), partition_by=pair),
            passes=Window(Sum(Case(When(passed=True, then=Value(1)), default=Value(0))), partition_by=pair),
            first_passed_at=Window(Min(Case(When(passed=True, then=F("created_at")))), partition_by=pair),
            best_must_know=Window(FirstValue("must_know_passed"), partition_by=pair, order_by=best_first),
        )
        .filter(newest=1)
        .order_by()
        .values_list(
            "user_id",
            "quiz_id",
            "score",
            "created_at",
            "best_score",
            "attempt_count",
            "passes",
            "first_passed_at",
            "best_must_know",
        )
    )
    return {
        (user_id, quiz_id): QuizSummary(
            best_score=best,
            latest_score=latest,
            passed=bool(passes),
            must_know_passed=bool(best_must_know),
            attempts=count,
            last_attempt_at=latest_at,
            first_passed_at=first_passed_at,
        )
        for user_id, quiz_id, latest, latest_at, best, count, passes, first_passed_at, best_must_know in rows
    }


def summarize(records):
    """The same QuizSummary as `quiz_summaries`, from attempt records (a visitor's session)."""
    newest = max(records, key=lambda r: r.created_at)
    best = max(records, key=lambda r: (r.passed, r.score, r.created_at))
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

    For a counselor's matrix of hundreds of learners: `quiz_summaries` gives the same figures,
    but its window functions cost SQLite more than the whole rest of the page. Here the database
    only reads the attempts index (no sort by score, no dates per attempt: the attempts come in
    time order) and one pass in Python picks each pair's best attempt; the latest attempt is one
    date per learner from a GROUP BY.
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

    pair, best_score, best = None, 0, None
    for user_id, quiz_id, passed, score, must_know in attempts.order_by(
        "user_id", "quiz_id", "created_at", "pk"
    ).values_list("user_id", "quiz_id", "passed", "score", "must_know_passed"):
        if (user_id, quiz_id) != pair:
            if pair is not None:
                keep(pair, best_score, best)
            pair, best_score, best = (user_id, quiz_id), score, None
        best_score = max(best_score, score)
        # The best attempt: a passing one if any, else the highest score; of equals the most
        # recent (attempts come oldest first, so a later equal replaces an earlier one).
        if best is None or (passed, score) >= (best[0], best[2]):
            best = (passed, must_know, score)
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
