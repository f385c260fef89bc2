"""Each learner's standing at each quiz, kept beside their attempts.

A QuizResult row is `summarize(every attempt of that learner at that quiz)` (quizzes.summaries),
written in the same transaction as each attempt by QuizAttempt itself: its save() (every
attempt stored one by one: a submission, a visitor's merged attempts) and its manager's
bulk_create (the benchmark's data). Nothing else has to remember it. My learning, the completion rule and a
counselor's matrix read one row per learner and quiz instead of every attempt.
"""

from django.conf import settings
from django.db import IntegrityError, models, transaction

from ..summaries import QuizSummary, Taken, summarize

TAKEN_FIELDS = ("score", "passed", "must_know_passed", "created_at", "pk")
SUMMARY_FIELDS = (
    "best_score",
    "latest_score",
    "passed",
    "must_know_passed",
    "attempts",
    "last_attempt_at",
    "first_passed_at",
)


class QuizResultManager(models.Manager):
    def refresh(self, user_id, quiz_id):
        """Work the learner's result at the quiz out again from all their attempts. Called in the
        transaction that stored an attempt: the row is locked first, so two attempts stored at
        once are both counted."""
        row = self.filter(user_id=user_id, quiz_id=quiz_id)
        with transaction.atomic(savepoint=False):
            if list(row.select_for_update().values_list("pk")):
                return row.update(**self._summary_of(user_id, quiz_id))
            try:
                with transaction.atomic():  # the learner's first attempt at this quiz
                    return self.create(user_id=user_id, quiz_id=quiz_id, **self._summary_of(user_id, quiz_id))
            except IntegrityError:  # created at the same moment by another attempt: count both
                list(row.select_for_update().values_list("pk"))
                return row.update(**self._summary_of(user_id, quiz_id))

    def _summary_of(self, user_id, quiz_id):
        from .attempts import QuizAttempt

        taken = [
            Taken(*row)
            for row in QuizAttempt.objects.filter(user_id=user_id, quiz_id=quiz_id).values_list(*TAKEN_FIELDS)
        ]
        return _fields(summarize(taken))

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


def _fields(summary):
    return {name: getattr(summary, name) for name in SUMMARY_FIELDS}


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

    objects = QuizResultManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz"], name="one_result_per_learner_and_quiz")
        ]

    def __str__(self):
        return f"{self.user_id} at quiz {self.quiz_id}: best {self.best_score}%"

    def as_summary(self):
        return QuizSummary(**{name: getattr(self, name) for name in SUMMARY_FIELDS})
