from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People: the user model, sign-up, and each learner's own data (export and deletion)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
