from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    """The family's tools: a safety plan, questions for the prescriber, a private symptom diary."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "toolkit"
    verbose_name = "Family toolkit"
