"""Rich text with glossary terms marked, on pages that ask for it (lessons)."""

from django import template
from wagtail.templatetags.wagtailcore_tags import richtext

register = template.Library()


@register.simple_tag(takes_context=True)
def glossary_richtext(context, value):
    """Render rich text like the `richtext` filter; on a page whose context has a glossary
    marker (a lesson), the first use of each glossary term on the page gets its definition."""
    html = richtext(value)
    marker = context.get("glossary")
    return marker.mark(html) if marker is not None else html
