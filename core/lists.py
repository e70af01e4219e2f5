"""What every list page shares: numbered pages, a choice of page size, the free-text search and
the active filters shown as removable tags.

The pages follow Det Fælles Designsystem's pagination (first, previous, numbered pages with
ellipses, next, last) and tags; the links keep the rest of the query string, so a page, a
sorting and the filters hold together. Each is worked out from the request's query and the
filter set alone, so plain lists (`ListView`) and tables (django-tables2) share them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db.models import Model, Q, QuerySet
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.paging import DEFAULT_PER_PAGE, MAX_PER_PAGE

PAGE_SIZES = (DEFAULT_PER_PAGE, 50, MAX_PER_PAGE)
SEARCH_PARAM = "q"
MAX_SEARCH_LENGTH = 200
# Parameters that are no filter: the page, its size and the sorting (django-tables2's names).
NOT_FILTERS = frozenset({"page", "per_page", "sort"})


@dataclass(frozen=True)
class PageLink:
    """A page of the numbered pages: its number and link, or an ellipsis (`number` None)."""

    number: int | None
    url: str = ""
    current: bool = False
    last: bool = False


@dataclass(frozen=True)
class Pager:
    number: int
    count: int
    links: list[PageLink]
    first_url: str
    previous_url: str
    next_url: str
    last_url: str


@dataclass(frozen=True)
class Chip:
    """An active filter, and the link that removes it and keeps the others."""

    label: str
    value: str
    remove_url: str


def with_param(query: QueryDict, name: str, value: object | None) -> str:
    """`?query` with `name` set to `value` (removed for None), as a link's query string."""
    changed = query.copy()
    if value is None:
        changed.pop(name, None)
    else:
        changed[name] = str(value)
    encoded = changed.urlencode()
    return f"?{encoded}" if encoded else "?"


def page_numbers(number: int, count: int) -> list[int | None]:
    """The page numbers shown around page `number` of `count`, None for an ellipsis.

    As Det Fælles Designsystem's pagination: up to seven places, the first and the last page
    always, the current page with its neighbours, ellipses for the pages left out.
    """
    if count <= 7:
        return list(range(1, count + 1))
    if number < 5:
        return [1, 2, 3, 4, 5, None, count]
    if number + 4 > count:
        return [1, None, *range(count - 4, count + 1)]
    return [1, None, number - 1, number, number + 1, None, count]


def pager(query: QueryDict, number: int, count: int, *, param: str = "page") -> Pager:
    """The numbered pages of page `number` of `count`, with links keeping the rest of `query`."""

    def url(page: int) -> str:
        return with_param(query, param, page)

    links = [
        PageLink(None)
        if page is None
        else PageLink(page, url(page), current=page == number, last=page == count)
        for page in page_numbers(number, count)
    ]
    return Pager(
        number=number,
        count=count,
        links=links,
        first_url=url(1) if number > 1 else "",
        previous_url=url(number - 1) if number > 1 else "",
        next_url=url(number + 1) if number < count else "",
        last_url=url(count) if number < count else "",
    )


def search_text(value: object) -> str:
    return str(value or "").replace("\x00", "").strip()[:MAX_SEARCH_LENGTH]


def text_search(fields: Sequence[str], text: str) -> Q:
    """Rows with every word of `text` in at least one of `fields` (case-insensitive).

    Brackets and commas around a word are no part of it: a suggestion's "Name (CVR)" finds
    its row by name and number.
    """
    condition = Q()
    for word in filter(None, (part.strip("()[],;") for part in text.split())):
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        condition &= any_field
    return condition


class SearchFilter(django_filters.CharFilter):
    """A list's free-text search ("Søg"): every word in one of the names users look for.

    Done in the database, one condition on the list's own query. Several fields reached through
    a to-many relation (a company's projects) could list a row twice, so such a list names them
    as `distinct`.
    """

    def __init__(self, *, fields: Sequence[str], distinct: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", MAX_SEARCH_LENGTH)
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "search"}))
        super().__init__(**kwargs)
        self.fields = tuple(fields)
        self.search_distinct = distinct

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        text = search_text(value)
        if not text:
            return qs
        found = qs.filter(text_search(self.fields, text))
        if self.search_distinct:
            return qs.filter(pk__in=found.values("pk"))
        return found


def _shown(value: object, field: forms.Field) -> str:
    """How a filter's cleaned value reads on its tag."""
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, QuerySet):
        return ""
    choices = getattr(field, "choices", None)
    if choices is not None:
        for key, label in choices:
            if str(key) == str(value if not isinstance(value, bool) else str(value).lower()):
                return str(label)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def chips(filterset: django_filters.FilterSet, query: QueryDict) -> list[Chip]:
    """The filters `query` sets on `filterset`'s form, each with the link that removes it.

    A value the form refused is shown as typed: its tag still removes it. Removing a filter
    goes back to the first page.
    """
    form = filterset.form
    cleaned: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    found = []
    without_page = query.copy()
    without_page.pop("page", None)
    for name, field in form.fields.items():
        raw = [v for v in query.getlist(name) if v.strip()]
        if not raw or name in NOT_FILTERS:
            continue
        value = cleaned.get(name)
        if value in (None, "", []) or isinstance(value, QuerySet):
            shown = ", ".join(raw)
        elif isinstance(value, Iterable) and not isinstance(value, str):
            shown = ", ".join(_shown(v, field) for v in value)
        else:
            shown = _shown(value, field)
        found.append(
            Chip(
                label=str(field.label or name),
                value=shown,
                remove_url=with_param(without_page, name, None),
            )
        )
    return found
