"""Choosing one row among hundreds in a form: an accessible autocomplete instead of a long select.

A field of this kind renders a text field (the row's name) and a hidden field (its id). With
JavaScript, static/js/autocomplete.js makes the text field an ARIA 1.2 combobox: as one types it
asks the field's JSON endpoint for the matching rows and lists them; choosing one puts its id in
the hidden field. Without JavaScript the text alone is sent, and the field finds the row by it:
the exact label, or the one row whose name contains it. Either way the row must be one of the
field's queryset, which the view scopes to the user (`visible_to`); each kind's endpoint
answers from the same scope (`choices_response`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.forms import parse_id
from core.lists import MAX_SEARCH_LENGTH, search_text, text_search

MIN_LENGTH = 1
MAX_RESULTS = 20
TEXT_SUFFIX = "_text"


class AutocompleteInput(forms.Widget):
    """The text field and the hidden id of an `AutocompleteField` (its template is its own).

    Without `with_id` (a list's filter by name, `core.search.NameSearchFilter`) there is only
    the text field: choosing a suggestion puts its label there, which the filter finds.
    """

    template_name = "core/widgets/autocomplete.html"

    class Media:
        js = ["js/autocomplete.js"]

    def __init__(
        self, *, url: str | Promise = "", with_id: bool = True, attrs: dict[str, Any] | None = None
    ) -> None:
        super().__init__(attrs)
        self.url = url
        self.with_id = with_id
        self.label_of: Callable[[Any], str] = str

    def value_from_datadict(self, data: Any, files: Any, name: str) -> dict[str, str] | str | None:
        if not self.with_id:
            return data.get(name)  # type: ignore[no-any-return]
        pk, text = data.get(name, ""), data.get(f"{name}{TEXT_SUFFIX}", "")
        if not pk and not text:
            return None
        return {"pk": str(pk), "text": str(text)}

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        if not self.with_id:
            return name not in data
        return name not in data and f"{name}{TEXT_SUFFIX}" not in data

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        pk, text = "", ""
        if not self.with_id:
            text = "" if value is None else str(value)
        elif isinstance(value, dict):
            pk, text = value.get("pk", ""), value.get("text", "")
        elif isinstance(value, Model):
            pk, text = str(value.pk), self.label_of(value)
        elif value not in (None, ""):
            pk = str(value)
            choices = getattr(self, "choices", None)
            queryset = getattr(choices, "queryset", None)
            found = queryset.filter(pk=parse_id(pk) or 0).first() if queryset is not None else None
            text = self.label_of(found) if found is not None else ""
            pk = pk if found is not None else ""
        widget = context["widget"]
        widget.update(
            {
                "pk": pk,
                "text": text,
                "with_id": self.with_id,
                "text_name": f"{name}{TEXT_SUFFIX}" if self.with_id else name,
                "url": str(self.url),
                "list_id": f"{widget['attrs'].get('id', name)}-listbox",
                "status_id": f"{widget['attrs'].get('id', name)}-status",
            }
        )
        return context

    def id_for_label(self, id_: str) -> str:
        return id_


class AutocompleteField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """One row of `queryset`, chosen by an autocomplete (`AutocompleteInput`).

    `url` is the kind's JSON endpoint; `search_fields` are what a typed text is looked up in
    when no suggestion was chosen (without JavaScript); `label` of a row is what the field
    shows and the endpoint lists (`label_from_instance`).
    """

    default_error_messages = {
        "not_found": _(
            "Nothing matches “%(text)s”: type part of the name and choose from the list."
        ),
        "ambiguous": _("Several match “%(text)s”: type more of the name, or choose from the list."),
    }

    def __init__(
        self,
        *,
        queryset: QuerySet[Any],
        url: str | Promise,
        search_fields: tuple[str, ...] = ("name",),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("widget", AutocompleteInput(url=url))
        super().__init__(queryset=queryset, **kwargs)
        self.search_fields = search_fields
        assert isinstance(self.widget, AutocompleteInput)
        self.widget.label_of = self.label_from_instance

    def to_python(self, value: Any) -> Model | None:
        if value in self.empty_values:
            return None
        if not isinstance(value, dict):
            return super().to_python(value)
        if value.get("pk"):
            return super().to_python(value["pk"])
        text = search_text(value.get("text"))
        if not text:
            return None
        return self.find(text)

    def find(self, text: str) -> Model:
        """The one row `text` names: by its exact name (or label), or the only match.

        A number typed is a CVR or case number, not a row's id: ids come in the hidden field.
        """
        assert self.queryset is not None
        exact = Q()
        for name in self.search_fields:
            exact |= Q(**{f"{name}__iexact": text})
        for rows in (
            self.queryset.filter(exact),
            self.queryset.filter(text_search(self.search_fields, text)),
        ):
            found = list(rows[:2])
            if len(found) == 1:
                return found[0]  # type: ignore[no-any-return]
            if len(found) > 1:
                labelled = [row for row in found if self.label_from_instance(row) == text]
                if len(labelled) == 1:
                    return labelled[0]  # type: ignore[no-any-return]
                raise ValidationError(
                    self.error_messages["ambiguous"], code="ambiguous", params={"text": text}
                )
        raise ValidationError(
            self.error_messages["not_found"], code="not_found", params={"text": text}
        )


def choices_response(
    request: HttpRequest,
    rows: QuerySet[Any],
    *,
    search_fields: tuple[str, ...] = ("name",),
    label: Callable[[Any], str] = str,
) -> JsonResponse:
    """The rows of `rows` matching `?q=`, as {"results": [{"id": …, "label": …}]}.

    `rows` are the user's (the view scopes them); a text too long, or none, gets no results,
    never an error.
    """
    text = search_text(request.GET.get("q", ""))
    if len(text) < MIN_LENGTH or len(request.GET.get("q", "")) > MAX_SEARCH_LENGTH:
        return JsonResponse({"results": []})
    found = rows.filter(text_search(search_fields, text))[:MAX_RESULTS]
    return JsonResponse({"results": [{"id": row.pk, "label": label(row)} for row in found]})
