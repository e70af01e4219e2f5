"""The page shell's tags: the page's title, kept for its breadcrumbs, and the breadcrumbs."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import NodeList, Parser, Token
from django.template.context import Context
from django.utils.html import strip_tags

from accounts.breadcrumbs import Crumb, trail

register = template.Library()

TITLE = "page_title"


class PageTitleNode(template.Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        title = self.nodelist.render(context)
        # Kept where the rest of base.html reads it: the page's title ends its breadcrumbs.
        context[TITLE] = " ".join(strip_tags(title).split())
        return title


@register.tag
def pagetitle(parser: Parser, token: Token) -> PageTitleNode:
    """`{% pagetitle %}{% block title %}…{% endblock %}{% endpagetitle %}`: renders the title
    and keeps it (as text) for `{% breadcrumbs %}`."""
    nodelist = parser.parse(("endpagetitle",))
    parser.delete_first_token()
    return PageTitleNode(nodelist)


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context: Context) -> dict[str, Any]:
    """The page's breadcrumbs (accounts.breadcrumbs), for signed-in users; the footer's public
    pages show theirs to everybody."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    crumbs: list[Crumb] = []
    if match is not None and user is not None:
        flat: dict[str, Any] = {str(key): value for key, value in context.flatten().items()}
        crumbs = list(trail(match.view_name, flat, user, title=str(context.get(TITLE, ""))))
    return {"crumbs": crumbs}
