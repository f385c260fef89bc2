from django.apps import AppConfig


class CoursesiteConfig(AppConfig):
    """Site-wide plumbing: security middleware, sessions, the staff second factor, backups and
    deploy checks. It imports none of the feature apps."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "coursesite"
    verbose_name = "Site plumbing"

    def ready(self):
        # Signal receivers (content version, second factor, sessions) and deploy checks
        # register on import.
        from . import checks, http_cache, second_factor, sessions  # noqa: F401
