from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class LessonsConfig(AppConfig):
    """The course tree (course, module, lesson pages) and everything learners do with it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "lessons"

    def ready(self):
        from . import signals  # noqa: F401  (receivers)
        from .glossary import forget_glossary_terms
        from .models import ClinicalReview, GlossaryTerm

        post_save.connect(forget_glossary_terms, sender=GlossaryTerm, dispatch_uid="glossary-saved")
        post_delete.connect(forget_glossary_terms, sender=GlossaryTerm, dispatch_uid="glossary-deleted")
        # A clinical review is printed on the page it approves ("Reviewed by ... on ..."): it is
        # content, as a page or a snippet is (coursesite.http_cache).
        post_save.connect(content_changed, sender=ClinicalReview, dispatch_uid="clinical-review-saved")
        post_delete.connect(content_changed, sender=ClinicalReview, dispatch_uid="clinical-review-deleted")


def content_changed(**kwargs):
    from coursesite.http_cache import new_content_version

    new_content_version()
