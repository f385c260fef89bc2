from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Home page, site-wide settings (crisis lines, disclaimer) and shared content blocks."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Site"
