"""Deploy checks of the project's own security settings (run by `manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def staff_second_factor_required(app_configs, **kwargs):
    if getattr(settings, "STAFF_MFA_REQUIRED", False):
        return []
    return [
        Warning(
            "STAFF_MFA_REQUIRED is off: staff could open the Wagtail admin without a second factor.",
            hint="Only dev settings turn it off, for the demo accounts.",
            id="home.W001",
        )
    ]
