"""Small template helpers used across the site's templates."""

from django import template

from coursesite.people import may_use_admin

register = template.Library()


@register.filter
def uses_admin(user):
    """Show Wagtail's editors' bar only to people who may open the admin (no query for learners)."""
    return may_use_admin(user)


@register.filter
def tel_href(number):
    """A tel: URI for a number as people write it: '1-800-662-4357' -> 'tel:+18006624357'."""
    digits = "".join(ch for ch in str(number) if ch.isdigit())
    if len(digits) == 11 and digits.startswith("1"):
        return f"tel:+{digits}"
    return f"tel:{digits}"


@register.filter
def breadcrumb_ancestors(page):
    """The page's ancestors below the tree root, home first. Routing already fetched them
    (each routed page knows its parent), so no query is needed; otherwise one query."""
    chain, current = [], page
    while getattr(current, "_cached_parent_obj", None) is not None and current.depth > 2:
        current = current._cached_parent_obj
        chain.append(current)
    if current.depth <= 2:
        return chain[::-1]
    return [ancestor for ancestor in page.get_ancestors() if ancestor.depth > 1]
