"""Admin registrations for the lessons app."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Reviewer


class ReviewerViewSet(SnippetViewSet):
    model = Reviewer
    icon = "user"
    menu_label = "Clinical reviewers"
    list_display = ["name", "credentials"]
    search_fields = ["name"]


register_snippet(ReviewerViewSet)
