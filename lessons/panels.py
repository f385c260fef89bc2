"""Editor panels for lessons."""

from wagtail.admin.panels import Panel

from .readability import TARGET_GRADE, lesson_readability


class ReadingLevelPanel(Panel):
    """Shows the lesson's Flesch-Kincaid reading grade, as of the last save, beside the target."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "lessons/admin/reading_level_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            has_text = self.instance is not None and self.instance.pk and len(self.instance.body)
            context["reading"] = lesson_readability(self.instance) if has_text else None
            context["target_grade"] = TARGET_GRADE
            return context
