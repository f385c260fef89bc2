from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    """Module quizzes: authoring, server-side scoring, attempt history and editors' analytics."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "quizzes"

    def ready(self):
        from lessons.circles import QUIZ_SUMMARY_PROVIDERS
        from lessons.progress import MODULE_PROGRESS_EXTENSIONS, SESSION_MERGERS

        from . import learner_data  # noqa: F401  (registers the "quiz_attempts" export section)
        from .history import merge_session_attempts
        from .results import add_quiz_progress, summaries_by_module

        for registry, hook in (
            (MODULE_PROGRESS_EXTENSIONS, add_quiz_progress),  # dashboard: quiz per module, completion
            (SESSION_MERGERS, merge_session_attempts),  # a visitor's attempts join their account
            (QUIZ_SUMMARY_PROVIDERS, summaries_by_module),  # counselors' progress matrix
        ):
            if hook not in registry:
                registry.append(hook)
