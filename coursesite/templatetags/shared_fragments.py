"""`{% shared %}`: a part of a template that is the same for every reader, rendered once per
content version (coursesite.http_cache) and then copied into each page.

    {% load shared_fragments %}
    {% shared "lesson-pager" page %} ... {% endshared %}

The key is the template, the name, the host and the values given after the name (the page the
part belongs to), plus what every fragment is keyed by: the code, the content version and the
language. So a part must be rendered from content only (pages, snippets, settings) and from
the values named in its key: never from the user, the session, a form, a CSRF token or the
query string. Previews (drafts) are always rendered afresh and never kept.
"""

import hashlib

from django import template

from coursesite.http_cache import cached_fragment

register = template.Library()


class SharedNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        values = "\x1f".join(_key_part(part.resolve(context)) for part in self.parts)
        where = f"{self.origin.template_name}\x1f{self.name}\x1f{request.get_host()}\x1f{values}"
        key = f"shared:{hashlib.sha256(where.encode()).hexdigest()[:32]}"
        return cached_fragment(key, lambda: self.nodelist.render(context), request)


def _key_part(value):
    """A model instance (a page) by its model and id; anything else by its text."""
    meta = getattr(value, "_meta", None)
    if meta is not None and getattr(value, "pk", None) is not None:
        return f"{meta.label}:{value.pk}"
    return str(value)


@register.tag
def shared(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('{% shared "name" [value ...] %} needs a quoted name first.')
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
