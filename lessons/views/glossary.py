"""The glossary page: every term families meet in the lessons."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from ..models import GlossaryTerm


@require_GET
def glossary(request):
    """Every glossary term, A to Z, each with an anchor lessons link to."""
    return TemplateResponse(request, "lessons/glossary.html", {"terms": GlossaryTerm.objects.all()})
