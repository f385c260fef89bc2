"""Learners' quiz results in bulk: for My learning, the completion rule and counselors' matrix.

What a QuizSummary holds and the best-attempt rule are in quizzes.summaries; each learner's
result at each quiz is kept as a QuizResult row in the same transaction as every attempt, so
these read one row per learner and quiz, never every attempt.
"""

from dataclasses import dataclass

from django.db.models import ExpressionWrapper, F, IntegerField, Max, Q, QuerySet
from django.db.models.functions import Cast
from wagtail.models import Page

from .models import QuizPage, QuizResult


def _id_set(ids):
    """Ids as a set, or a queryset of ids as it is (it becomes a subquery, not a query)."""
    return ids if isinstance(ids, QuerySet) else {int(pk) for pk in ids}


def quiz_summaries(user_ids, quiz_ids):
    """{(user_id, quiz_id): QuizSummary} for every pair with at least one attempt: one query of
    their QuizResult rows (kept with each attempt), whatever the number of attempts.

    user_ids and quiz_ids are iterables of ids or querysets of ids, which stay subqueries.
    """
    user_ids, quiz_ids = _id_set(user_ids), _id_set(quiz_ids)
    if (isinstance(user_ids, set) and not user_ids) or (isinstance(quiz_ids, set) and not quiz_ids):
        return {}
    rows = QuizResult.objects.filter(user_id__in=user_ids, quiz_id__in=quiz_ids).order_by()
    return {(row.user_id, row.quiz_id): row.as_summary() for row in rows}


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


@dataclass(frozen=True, slots=True, eq=False)
class QuizStanding:
    """What a counselor's matrix shows of one learner at one quiz: the same best_score, passed
    and must_know_passed as a QuizSummary (same rules), without the times and counts.

    Compared by identity (`eq=False`): `quiz_standings` makes one per distinct result, so the
    matrix can key its shared cells by it without hashing three fields per cell."""

    best_score: int
    passed: bool
    must_know_passed: bool


def quiz_standings(user_ids, quiz_ids):
    """({(user_id, quiz_id): QuizStanding}, {user_id: time of their latest attempt}). Two
    queries: the rows without their times, and each learner's latest time.

    For a counselor's matrix of hundreds of learners: the same figures as `quiz_summaries`, read
    from the learners' QuizResult rows without a model instance per row; learners with the same
    result share one QuizStanding. The latest time is taken in the database, one per learner,
    rather than one time per learner and quiz turned into a datetime here.
    """
    user_ids, quiz_ids = _id_set(user_ids), _id_set(quiz_ids)
    if (isinstance(user_ids, set) and not user_ids) or (isinstance(quiz_ids, set) and not quiz_ids):
        return {}, {}
    results = QuizResult.objects.filter(user_id__in=user_ids, quiz_id__in=quiz_ids).order_by()
    # The three figures as one number per row (score * 4 + passed * 2 + must-know passed): a
    # circle of 500 has 2,500 rows, and two true-or-false values each to convert in Python cost
    # more than the query.
    packed = ExpressionWrapper(
        F("best_score") * 4 + Cast("passed", IntegerField()) * 2 + Cast("must_know_passed", IntegerField()),
        output_field=IntegerField(),
    )
    standings, shared = {}, {}
    for user_id, quiz_id, figures in results.values_list("user_id", "quiz_id", packed):
        standing = shared.get(figures)
        if standing is None:
            standing = shared[figures] = QuizStanding(figures >> 2, bool(figures & 2), bool(figures & 1))
        standings[user_id, quiz_id] = standing
    latest = dict(
        results.values("user_id").annotate(latest=Max("last_attempt_at")).values_list("user_id", "latest")
    )
    return standings, latest


def summaries_by_module(user_ids, modules, quizzes=None):
    """For counselors' progress matrix (circles.rules.build_matrix):
    ({(user_id, module_id): QuizStanding}, {ids of the modules that have a quiz},
    {user_id: time of their latest attempt at one of these quizzes}). Two queries, and one for
    the modules' quizzes unless given (`module_quizzes(modules)`), whatever the number of
    members or attempts."""
    quizzes = module_quizzes(modules) if quizzes is None else quizzes
    if not quizzes:
        return {}, set(), {}
    module_ids = {module.path: module.pk for module in modules}
    module_of_quiz = {quiz.pk: module_ids[path] for path, quiz in quizzes.items()}
    standings, latest = quiz_standings(user_ids, module_of_quiz)
    by_module = {
        (user_id, module_of_quiz[quiz_id]): standing for (user_id, quiz_id), standing in standings.items()
    }
    return by_module, set(module_of_quiz.values()), latest
