"""Editor panels shared by the course's page types."""

from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component

from .languages import translation_behind, translations_behind


class TranslationStatusPanel(Panel):
    """On a translated page: whether the English page changed since this translation took its
    text, and what to do about it (wagtail-localize's "Sync translated pages")."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "home/admin/translation_status_panel.html"

        def is_shown(self):
            return translation_behind(self.instance) is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["changed_at"] = translation_behind(self.instance)
            return context


class TranslationsBehindPanel(Component):
    """Dashboard panel: translated pages whose English page changed since they took its text."""

    order = 160
    template_name = "home/admin/translations_behind_panel.html"

    def get_context_data(self, parent_context):
        behind = translations_behind()
        return {"behind": behind[:20], "count": len(behind)}
