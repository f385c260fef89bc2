"""What the quizzes app tells the rest of the site.

`quiz_passed` is sent (sender=QuizPage) when a signed-in learner passes a quiz for the first
time, with `request`, `quiz` and `user`: the course (lessons.signals) decides whether that
finished it (a later pass changes nothing the completion rule reads).
"""

from django.dispatch import Signal

quiz_passed = Signal()
