from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    name = "toolkit"
    verbose_name = "Family toolkit"

    def ready(self):
        # Until accounts/export.py calls export_for directly (issue 13), the learner's export is
        # assembled from lessons.learner_data's registry: add this app's section to it.
        from lessons.learner_data import exporter

        from .export import export_for

        exporter("toolkit")(export_for)
