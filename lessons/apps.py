from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class LessonsConfig(AppConfig):
    """The course tree (course, module, lesson pages) and everything learners do with it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "lessons"

    def ready(self):
        from . import learner_data, signals  # noqa: F401  (register exporters and receivers)
        from .glossary import forget_glossary_terms
        from .models import ClinicalReview, GlossaryTerm, Reviewer

        post_save.connect(forget_glossary_terms, sender=GlossaryTerm, dispatch_uid="glossary-saved")
        post_delete.connect(forget_glossary_terms, sender=GlossaryTerm, dispatch_uid="glossary-deleted")
        # Lesson pages kept whole for visitors show the terms marked: a change makes them stale.
        from home.caching import new_generation

        post_save.connect(new_generation, sender=GlossaryTerm, dispatch_uid="glossary-saved-pages")
        post_delete.connect(new_generation, sender=GlossaryTerm, dispatch_uid="glossary-deleted-pages")
        # A reviewer's name and credentials are printed on the lessons they approved.
        post_save.connect(new_generation, sender=Reviewer, dispatch_uid="reviewer-saved-pages")
        post_delete.connect(new_generation, sender=Reviewer, dispatch_uid="reviewer-deleted-pages")
        # A clinical review is printed on the page it approves ("Reviewed by ... on ...").
        post_save.connect(new_generation, sender=ClinicalReview, dispatch_uid="clinical-review-saved-pages")
