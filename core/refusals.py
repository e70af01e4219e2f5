"""How a service's refusal (a `ValidationError`) is shown: at a form's fields, or as messages."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

NOT_SAVED = gettext_lazy("Nothing was saved: correct the marked fields.")


def show_refusal(form: forms.BaseForm, refusal: ValidationError) -> None:
    """Set a service's refusal on the form: by its field where the form has one, else above."""
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refusal)


def refusal_messages(request: HttpRequest, refusal: ValidationError) -> None:
    """A refusal with no form to show it on, as one error message per reason."""
    for message in refusal.messages:
        messages.error(request, message)
