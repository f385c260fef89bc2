from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    """Module quizzes: authoring, server-side scoring, attempt history and editors' analytics."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "quizzes"

    def ready(self):
        from lessons.progress import MODULE_PROGRESS_EXTENSIONS, SESSION_MERGERS

        from . import learner_data  # noqa: F401  (registers the "quiz_attempts" export section)
        from .history import merge_session_attempts
        from .results import add_quiz_progress

        if add_quiz_progress not in MODULE_PROGRESS_EXTENSIONS:
            MODULE_PROGRESS_EXTENSIONS.append(add_quiz_progress)
        if merge_session_attempts not in SESSION_MERGERS:
            SESSION_MERGERS.append(merge_session_attempts)
