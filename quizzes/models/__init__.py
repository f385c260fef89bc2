"""Models of the quizzes app, one concern per module, re-exported here."""

from .attempts import AttemptAnswer, AttemptChoice, QuizAttempt
from .pages import QuizPage
from .standing import QuizResult

__all__ = ["AttemptAnswer", "AttemptChoice", "QuizAttempt", "QuizPage", "QuizResult"]
