from django.apps import AppConfig


class CirclesConfig(AppConfig):
    """Care circles: a counselor invites a family, assigns modules with due dates and, with each
    learner's consent, follows their progress; every look is logged for the learner."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "circles"
    verbose_name = "Care circles"
