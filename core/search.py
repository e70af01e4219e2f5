"""Choosing a row by its name among many: a list's search filter and the suggestions it offers.

Regional staff choose among hundreds of projects (or companies), so a list's filter for them
is a text field rather than a `<select>` of every row: it works without JavaScript, and
its autocomplete (`core.autocomplete.AutocompleteInput`, static/js/autocomplete.js) offers
the matching names as one types, from a JSON view of the room that
owns the rows. A suggestion is a row's name, which the filter finds exactly that row by;
`?<filter>=<id>` (links from other pages) still names one row. The rows are always those the
user may read, so the filter and its suggestions never name another's row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, IntegerField, Model, Q, QuerySet, Value, When
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteInput
from core.forms import parse_id

MIN_SEARCH_LENGTH = 2
MAX_SEARCH_LENGTH = 200
MAX_SUGGESTIONS = 20

RowsOf = Callable[[HttpRequest | None], QuerySet[Any]]


def name_search(rows: QuerySet[Any], text: str) -> QuerySet[Any]:
    """The rows of `rows` that `text` names: the one of exactly that name, if any, else those
    whose name contains it.

    One query, used as a subquery: the list it filters costs no query more.
    """
    exact = rows.filter(name=text)
    return rows.filter(Q(name=text) | (Q(name__icontains=text) & ~Exists(exact)))


def suggestions(rows: QuerySet[Any], text: str) -> list[str]:
    """The names of `rows` containing `text`, those that begin with it first; none for a text
    too short, too long or with a NUL."""
    text = text.strip()
    if not MIN_SEARCH_LENGTH <= len(text) <= MAX_SEARCH_LENGTH or "\x00" in text:
        return []
    matching = (
        rows.filter(name__icontains=text)
        .annotate(
            later=Case(
                When(name__istartswith=text, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("later", "name")
        .values_list("name", flat=True)
    )
    return list(matching[:MAX_SUGGESTIONS])


class NameField(forms.CharField):
    """A row named by its name (or part of it) or by its id, among `rows`.

    Cleans to the row an id names (an id outside `rows` is an error), to the rows a text names
    (`name_search`, perhaps none), or to None when empty.
    """

    default_error_messages = {"unknown": _("None of your choices has this number.")}

    def __init__(self, *, rows: QuerySet[Any], **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_SEARCH_LENGTH)
        super().__init__(**kwargs)
        self.rows = rows
        self.chosen: Model | None = None

    def clean(self, value: Any) -> Model | QuerySet[Any] | None:
        text = super().clean(value)
        if not text:
            return None
        pk = parse_id(text)
        if pk is None:
            return name_search(self.rows, text)
        chosen: Model | None = self.rows.filter(pk=pk).only("name").first()
        if chosen is None:
            raise ValidationError(self.error_messages["unknown"], code="unknown")
        self.chosen = chosen
        return chosen

    def prepare_value(self, value: Any) -> Any:
        # A link's `?<filter>=<id>` shows as the row's name, which finds it again.
        if self.chosen is not None and value == str(self.chosen.pk):
            return getattr(self.chosen, "name", value)
        return super().prepare_value(value)


class NameSearchFilter(django_filters.Filter):
    """A list's filter by a related row's name: a text field with suggestions, not a `<select>`.

    `rows(request)` are the rows the user may choose; `field_name` leads from a list's row to
    the chosen row; `suggest_url` answers `?q=` with matching names. `many` when a list's row
    has several of them (a company's projects): the rows are then chosen by id, so that each is
    listed once.
    """

    field_class = NameField

    def __init__(
        self,
        *,
        rows: RowsOf,
        suggest_url: str | Promise,
        field_name: str,
        many: bool = False,
        unknown: str | Promise = "",
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("widget", AutocompleteInput(url=suggest_url, with_id=False))
        if unknown:
            kwargs.setdefault("error_messages", {"unknown": unknown})
        super().__init__(field_name=field_name, **kwargs)
        self.rows = rows
        self.many = many

    @property
    def field(self) -> forms.Field:
        # The filter set sets `parent` (which the stubs do not know); its request may be None.
        request = getattr(getattr(self, "parent", None), "request", None)
        self.extra["rows"] = self.rows(request)
        return super().field

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value is None:
            return qs
        assert self.field_name is not None
        lookup = self.field_name if isinstance(value, Model) else f"{self.field_name}__in"
        if not self.many:
            return qs.filter(**{lookup: value})
        rows = qs.model._default_manager.filter(**{lookup: value}).values("pk")
        return qs.filter(pk__in=rows)
