from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    """Module quizzes: authoring, server-side scoring, attempt history and editors' analytics.

    A quiz engine: it knows nothing of courses. lessons.completion reads its results;
    lessons.signals hears when a quiz is passed."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "quizzes"
