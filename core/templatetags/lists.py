"""A list page's numbered pages, page size and filter tags (`core.lists`), as template tags."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django import template
from django.contrib.staticfiles import finders
from django.core.paginator import Page
from django.http import QueryDict
from django.utils.safestring import mark_safe

from core import lists

register = template.Library()


def _query(context: template.Context) -> QueryDict:
    request = context.get("request")
    return request.GET if request is not None else QueryDict()


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(
    context: template.Context, page: Page[Any] | None, param: str = "page"
) -> dict[str, Any]:
    """Det Fælles Designsystem's pagination for `page`, when there is more than one."""
    if page is None or page.paginator.num_pages <= 1:
        return {"pager": None}
    return {
        "pager": lists.pager(_query(context), page.number, page.paginator.num_pages, param=param)
    }


@register.inclusion_tag("includes/page_size.html", takes_context=True)
def page_size(
    context: template.Context, page: Page[Any] | None, param: str = "per_page"
) -> dict[str, Any]:
    """A choice of rows per page, keeping the rest of the query (a GET form: works without JS)."""
    if page is None or page.paginator.count <= lists.PAGE_SIZES[0]:
        return {"sizes": None}
    query = _query(context)
    kept = [
        (name, value)
        for name, values in query.lists()
        if name not in (param, "page")
        for value in values
    ]
    return {
        "sizes": lists.PAGE_SIZES,
        "current": page.paginator.per_page,
        "param": param,
        "kept": kept,
        "count": page.paginator.count,
    }


@register.inclusion_tag("includes/filter_chips.html", takes_context=True)
def filter_chips(context: template.Context, filterset: Any) -> dict[str, Any]:
    """The active filters of `filterset` as tags, each removing its filter."""
    if filterset is None:
        return {"chips": []}
    return {"chips": lists.chips(filterset, _query(context))}


ICONS = "vendor/dkfds/img/svg-icons"
ICON_NAME = re.compile(r"[a-z0-9-]+")
_icons: dict[str, str] = {}


@register.simple_tag
def icon(name: str) -> str:
    """Det Fælles Designsystem's icon `name`, inline (its colour is the text's), hidden from
    screen readers: the text beside it says what it means."""
    if name not in _icons:
        if not ICON_NAME.fullmatch(name):
            raise template.TemplateSyntaxError(f"no icon {name!r}")
        found = finders.find(f"{ICONS}/{name}.svg")
        if not isinstance(found, str):
            raise template.TemplateSyntaxError(f"no icon {name!r}")
        svg = Path(found).read_text(encoding="utf-8")
        _icons[name] = svg.replace(
            "<svg ", '<svg class="icon-svg" focusable="false" aria-hidden="true" ', 1
        )
    return mark_safe(_icons[name])  # noqa: S308 - the vendored design system's own file
