"""The glossary page: every term families meet in the lessons."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from home.languages import active_locale_id

from ..models import GlossaryTerm


@require_GET
def glossary(request):
    """Every glossary term in the reader's language, A to Z, each with an anchor lessons link to."""
    terms = GlossaryTerm.objects.filter(locale_id=active_locale_id(request))
    return TemplateResponse(request, "lessons/glossary.html", {"terms": terms})
