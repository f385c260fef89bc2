"""Quiz attempts of signed-in learners, kept as they were taken.

An attempt stores a snapshot of what the learner saw and chose (question and answer texts,
feedback, explanation, right/wrong), so editing the quiz later never rewrites history. Beside
it, one AttemptAnswer row per question and one AttemptChoice row per chosen answer carry the
block ids for analytics, so editors' figures are aggregated in the database.
"""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .standing import QuizResult


class QuizAttemptManager(models.Manager):
    def bulk_create(self, objs, *args, **kwargs):
        """Store attempts in bulk, and their learners' results with them (save() is not called)."""
        with transaction.atomic():
            created = super().bulk_create(objs, *args, **kwargs)
            QuizResult.objects.rebuild({attempt.user_id for attempt in created}, kwargs.get("batch_size"))
        return created

    def record(
        self, *, user, quiz, nonce, score, passed, must_know_passed, pass_mark, snapshot, created_at=None
    ):
        """Store one attempt with its analytics rows (and, through save(), the learner's QuizResult
        at the quiz) in one transaction; returns (attempt, created).

        The nonce is unique per learner and quiz: sending the same form twice (a double click,
        a retry after a timeout) stores one attempt and returns the first one. Nearly every form
        is sent once, so the insert is tried straight away and the unique constraint tells a
        form sent again, rather than a read before every insert.
        """
        try:
            with transaction.atomic():
                attempt = self.create(
                    user=user,
                    quiz=quiz,
                    quiz_title=quiz.title,
                    nonce=nonce,
                    score=score,
                    passed=passed,
                    must_know_passed=must_know_passed,
                    pass_mark=pass_mark,
                    answers=snapshot,
                    created_at=created_at or timezone.now(),
                )
                attempt.create_analytics_rows()
        except IntegrityError:  # this form was stored already (sent twice, or twice at once)
            return self.get(user=user, quiz=quiz, nonce=nonce), False
        return attempt, True


class QuizAttempt(models.Model):
    """One try at a quiz by a signed-in learner."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    # Kept when an editor deletes the quiz: the attempt is the learner's history (and in their export).
    quiz = models.ForeignKey(
        "quizzes.QuizPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="attempts"
    )
    quiz_title = models.CharField(max_length=255, help_text="The quiz's title when the attempt was made.")
    nonce = models.CharField(
        max_length=64, help_text="The form's one-time reference: one attempt per form sent."
    )
    score = models.PositiveSmallIntegerField(help_text="Percentage of questions answered right (0-100).")
    passed = models.BooleanField()
    must_know_passed = models.BooleanField(help_text="Every must-know question was answered right.")
    pass_mark = models.PositiveSmallIntegerField(help_text="The quiz's pass mark when the attempt was made.")
    answers = models.JSONField(help_text="What the learner saw and chose, question by question.")
    created_at = models.DateTimeField(default=timezone.now)

    objects = QuizAttemptManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz", "nonce"], name="one_attempt_per_form_sent"),
            models.CheckConstraint(condition=models.Q(score__lte=100), name="score_is_a_percentage"),
        ]
        indexes = [
            # Covers what results.quiz_standings reads (the quiz rows themselves hold the large
            # snapshot), so a counselor's matrix never reads the attempts table itself.
            models.Index(
                fields=["user", "quiz", "created_at", "id", "passed", "score", "must_know_passed"],
                name="attempt_results_by_learner",
            )
        ]
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.user} scored {self.score}% on {self.quiz_title}"

    def save(self, *args, **kwargs):
        """Store the attempt and, in the same transaction, count it in the learner's result at
        the quiz (attempts are stored once and never changed)."""
        adding = self._state.adding
        with transaction.atomic(savepoint=False):  # record() has its own savepoint
            super().save(*args, **kwargs)
            if adding and self.quiz_id is not None:
                QuizResult.objects.add_attempt(self)

    def create_analytics_rows(self):
        """One row per question and one per chosen answer, from the snapshot (two INSERTs)."""
        analytics_rows_for([self])


def analytics_rows_for(attempts, batch_size=None):
    """The analytics rows of saved attempts: one per question, one per chosen answer, each
    kind in one INSERT (or batches of batch_size) whatever the number of attempts."""
    questions = [
        (attempt, position, question)
        for attempt in attempts
        for position, question in enumerate(attempt.answers)
    ]
    answer_rows = AttemptAnswer.objects.bulk_create(
        [
            AttemptAnswer(
                attempt=attempt,
                question_id=question["id"],
                position=position,
                question_text=question["text"][:300],
                correct=question["correct"],
            )
            for attempt, position, question in questions
        ],
        batch_size=batch_size,
    )
    AttemptChoice.objects.bulk_create(
        [
            AttemptChoice(
                answer=row, choice_id=choice["id"], text=choice["text"][:300], correct=choice["correct"]
            )
            for row, (_, _, question) in zip(answer_rows, questions, strict=True)
            for choice in question["choices"]
            if choice["chosen"]
        ],
        batch_size=batch_size,
    )


class AttemptAnswer(models.Model):
    """How one question went in one attempt (for analytics; the snapshot has the full story)."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answer_rows")
    question_id = models.CharField(max_length=64, help_text="The question's block id in the quiz.")
    position = models.PositiveSmallIntegerField()
    question_text = models.CharField(max_length=300)
    correct = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question_id"], name="one_answer_per_question")
        ]
        indexes = [models.Index(fields=["question_id"], name="answers_by_question")]

    def __str__(self):
        return f"{self.question_text} ({'right' if self.correct else 'wrong'})"


class AttemptChoice(models.Model):
    """An answer the learner chose in one question of one attempt."""

    answer = models.ForeignKey(AttemptAnswer, on_delete=models.CASCADE, related_name="chosen")
    choice_id = models.CharField(max_length=64, help_text="The answer's block id in the question.")
    text = models.CharField(max_length=300)
    correct = models.BooleanField(help_text="Whether this answer is one of the question's right answers.")

    def __str__(self):
        return self.text
