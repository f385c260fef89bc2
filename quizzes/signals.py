"""What the quizzes app tells the rest of the site.

`quiz_passed` is sent (sender=QuizPage) once a signed-in learner's passing attempt is stored,
with `request`, `quiz` and `user`: the course (lessons.signals) decides whether that finished it.
"""

from django.dispatch import Signal

quiz_passed = Signal()
