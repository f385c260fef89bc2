"""Each learner's standing at each quiz, kept beside their attempts.

A QuizResult row is `summarize(every attempt of that learner at that quiz)` (quizzes.summaries),
kept in the same transaction as each attempt by QuizAttempt itself: its save() merges the new
attempt into the row (every attempt stored one by one: a submission, a visitor's merged
attempts), its manager's bulk_create rebuilds the rows of the learners concerned (the
benchmark's data). Nothing else has to remember it, and a submission's cost does not grow with
the learner's number of attempts. My learning, the completion rule and a counselor's matrix
read one row per learner and quiz instead of every attempt.
"""

from django.conf import settings
from django.db import IntegrityError, models, transaction

from ..summaries import QuizSummary, Taken, merge, of_attempt, summarize

TAKEN_FIELDS = ("score", "passed", "must_know_passed", "created_at", "pk")
FIGURES = (
    "best_score",
    "latest_score",
    "passed",
    "must_know_passed",
    "attempts",
    "last_attempt_at",
    "first_passed_at",
)


def _fields(summary):
    """The row's columns for a QuizSummary."""
    _passed, best_attempt_score, best_attempt_at, best_attempt_pk = summary.best
    return {
        **{name: getattr(summary, name) for name in FIGURES},
        "best_attempt_score": best_attempt_score,
        "best_attempt_at": best_attempt_at,
        "best_attempt_pk": best_attempt_pk,
        "last_attempt_pk": summary.newest[1],
    }


class QuizResultManager(models.Manager):
    def add_attempt(self, attempt):
        """Count one newly stored attempt in its learner's result at the quiz. Called in the
        transaction that stored it; the row is locked while it is read and written, so two
        attempts stored at once are both counted."""
        new = of_attempt(attempt)
        row = self.filter(user_id=attempt.user_id, quiz_id=attempt.quiz_id)
        with transaction.atomic(savepoint=False):
            # A slice, not first(): the pair is unique, and first() would order it by id.
            current = next(iter(row.select_for_update()[:1]), None)
            # Read here anyway: whether an earlier attempt passed (a first pass is celebrated).
            attempt.passed_before = bool(current and current.passed)
            if current is None:
                try:
                    with transaction.atomic():  # the learner's first attempt at this quiz
                        return self.create(user_id=attempt.user_id, quiz_id=attempt.quiz_id, **_fields(new))
                except IntegrityError:  # made at the same moment by another attempt: merge into it
                    current = row.select_for_update().get()
                    attempt.passed_before = current.passed
            return row.update(**_fields(merge(current.as_summary(), new)))

    def rebuild(self, user_ids=None, batch_size=None):
        """The results of these learners (or everyone) again from all their attempts, in bulk:
        what QuizAttempt.objects.bulk_create calls after storing attempts without save()."""
        from .attempts import QuizAttempt

        attempts = QuizAttempt.objects.filter(quiz__isnull=False).order_by()
        results = self.all()
        if user_ids is not None:
            user_ids = set(user_ids)
            attempts, results = attempts.filter(user_id__in=user_ids), results.filter(user_id__in=user_ids)
        by_pair = {}
        for user_id, quiz_id, *taken in attempts.values_list("user_id", "quiz_id", *TAKEN_FIELDS):
            by_pair.setdefault((user_id, quiz_id), []).append(Taken(*taken))
        with transaction.atomic():
            results.delete()
            self.bulk_create(
                [
                    self.model(user_id=user_id, quiz_id=quiz_id, **_fields(summarize(taken)))
                    for (user_id, quiz_id), taken in by_pair.items()
                ],
                batch_size=batch_size,
            )


class QuizResult(models.Model):
    """One learner's standing at one quiz: the QuizSummary of all their attempts at it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_results")
    quiz = models.ForeignKey("quizzes.QuizPage", on_delete=models.CASCADE, related_name="results")
    best_score = models.PositiveSmallIntegerField()
    latest_score = models.PositiveSmallIntegerField()
    passed = models.BooleanField(help_text="At least one attempt passed.")
    must_know_passed = models.BooleanField(help_text="Every must-know question right on the best attempt.")
    attempts = models.PositiveIntegerField()
    last_attempt_at = models.DateTimeField()
    first_passed_at = models.DateTimeField(null=True, blank=True)
    # Which attempts those came from (quizzes.summaries: QuizSummary.best and .newest).
    best_attempt_score = models.PositiveSmallIntegerField()
    best_attempt_at = models.DateTimeField()
    best_attempt_pk = models.BigIntegerField()
    last_attempt_pk = models.BigIntegerField()

    objects = QuizResultManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz"], name="one_result_per_learner_and_quiz")
        ]

    def __str__(self):
        return f"{self.user_id} at quiz {self.quiz_id}: best {self.best_score}%"

    def as_summary(self):
        return QuizSummary(
            **{name: getattr(self, name) for name in FIGURES},
            best=(self.passed, self.best_attempt_score, self.best_attempt_at, self.best_attempt_pk),
            newest=(self.last_attempt_at, self.last_attempt_pk),
        )
