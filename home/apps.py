from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Home page, site-wide settings (crisis lines, disclaimer) and shared content blocks."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Site"

    def ready(self):
        # Signal receivers (second factor, sessions, cached-page invalidation) and deploy checks
        # register on import.
        from home import caching, checks, second_factor, sessions  # noqa: F401
