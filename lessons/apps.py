from django.apps import AppConfig


class LessonsConfig(AppConfig):
    """The course tree (course, module, lesson pages) and everything learners do with it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "lessons"

    def ready(self):
        from . import signals  # noqa: F401  (receivers)
