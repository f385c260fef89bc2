from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's data builder (manage.py build_bench_data). Installed in the dev, test and
    bench settings only: production never has a command that makes thousands of fake learners."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "bench"
