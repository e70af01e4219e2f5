"""Form widgets rendered with Det Fælles Designsystem's classes, and the error summary's list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField, BoundWidget
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext

register = template.Library()

_WIDGET_CLASSES = {
    "select": "form-select",
    "selectmultiple": "form-select",
    "checkbox": "form-checkbox",
}

# Django's label for "nothing chosen yet", which says nothing to a user.
DASHES = "---------"


def empty_label() -> str:
    """What an empty choice of a select says, in the request's language."""
    return gettext("Choose …")


def _name_empty_choice(field: BoundField) -> None:
    """Give a select's "---------" choice a meaningful label, for every form in one place."""
    form_field = field.field
    if getattr(form_field, "empty_label", None) == DASHES:
        form_field.empty_label = empty_label()  # type: ignore[attr-defined]
        # A ModelChoiceField's iterator reads empty_label; the widget holds the old one.
        form_field.widget.choices = form_field.choices  # type: ignore[attr-defined]
    choices = getattr(form_field, "choices", None)
    if isinstance(choices, list) and any(label == DASHES for _value, label in choices):
        form_field.choices = [  # type: ignore[attr-defined]
            (value, empty_label() if label == DASHES else label) for value, label in choices
        ]


@register.filter
def widget_kind(field: BoundField) -> str:
    """How includes/field.html draws a field: "radios", "checkboxes", "checkbox" or "input"."""
    widget = field.field.widget
    # Django's CheckboxSelectMultiple is a kind of RadioSelect: ask for it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if getattr(widget, "input_type", None) == "checkbox":
        return "checkbox"
    return "input"


@register.filter
def fds(field: BoundField) -> str:
    """Render a form field's widget with Det Fælles Designsystem's class for its kind."""
    widget = field.field.widget
    if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        _name_empty_choice(field)
    if "class" in widget.attrs:
        return str(field)
    kind = getattr(widget, "input_type", None) or type(widget).__name__.lower()
    return field.as_widget(attrs={"class": _WIDGET_CLASSES.get(kind, "form-input")})


@dataclass(frozen=True)
class SummaryError:
    """One line of the error summary: its text and, for a field's error, the field's id."""

    text: str
    target: str = ""


@register.filter
def options(field: BoundField) -> list[BoundWidget]:
    """The options of a radio or checkbox group, without Django's blank "---------" choice:
    a group with nothing ticked says that itself."""
    return [
        option
        for option in field.subwidgets
        if not (option.data["value"] in ("", None) and option.choice_label == DASHES)
    ]


def _field_target(field: BoundField) -> str:
    """The id the summary links to: the field's input, or a group's first option."""
    if isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        shown = options(field)
        return shown[0].id_for_label if shown and field.auto_id else ""
    return field.id_for_label or ""


def _form_errors(form: forms.BaseForm) -> list[SummaryError]:
    lines = [SummaryError(str(error)) for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            if field.is_hidden:
                # No place on the page to go to: the error is the form's.
                lines.append(SummaryError(str(error)))
            else:
                lines.append(SummaryError(f"{field.label}: {error}", _field_target(field)))
    return lines


@dataclass(frozen=True)
class Summary:
    """The error summary of one form: its lines, its heading's id, whether a field is wrong."""

    lines: list[SummaryError]
    id: str

    @property
    def fields(self) -> bool:
        return any(line.target for line in self.lines)


def _errors(form: Any) -> list[SummaryError]:
    lines: list[SummaryError] = []
    if isinstance(form, BaseFormSet):
        if form.is_bound:
            lines += [SummaryError(str(error)) for error in form.non_form_errors()]
            for each in form.forms:
                lines += _form_errors(each)
    elif isinstance(form, forms.BaseForm) and form.is_bound:
        lines += _form_errors(form)
    return lines


@register.simple_tag
def error_summary(form: Any, extra_errors: Any = None, also: Any = None) -> Summary:
    """Every error of `form` (a form or a formset), in page order, each field's with its id;
    then those of `also`, a second form or formset posted with it (one summary a page)."""
    lines = _errors(form) + _errors(also)
    lines += [SummaryError(str(error)) for error in extra_errors or ()]
    unique = list(dict.fromkeys(lines))  # a hidden field's error may be passed again
    prefix = getattr(form, "prefix", None)
    return Summary(unique, f"error-summary-{prefix}" if prefix else "error-summary")


def _has_errors(value: object) -> bool:
    if isinstance(value, BaseFormSet):
        return value.is_bound and value.total_error_count() > 0
    if isinstance(value, forms.BaseForm):
        return value.is_bound and bool(value.errors)
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context: template.Context) -> str:
    """ "Error: " before the page's title when a form on the page has errors (read out first)."""
    if any(_has_errors(value) for value in context.flatten().values()):
        return gettext("Error:") + " "
    return ""
