"""The forms of progress: a target's new value with its reason, a reported value, a return."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import uploads
from core.widgets import DateInput

# Large enough for any count of citizens, jobs or companies; small enough to catch a typo.
MAX_TARGET = 1_000_000


class TargetChangeForm(forms.Form):
    value = forms.IntegerField(
        label=gettext_lazy("New value"),
        min_value=0,
        max_value=MAX_TARGET,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs", "min": "0"}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        help_text=gettext_lazy("E.g. the decision or the meeting that changed the target."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReportForm(forms.Form):
    """A value achieved in one period, with its note and optional evidence."""

    period_start = forms.DateField(label=gettext_lazy("Period from"), widget=DateInput)
    period_end = forms.DateField(label=gettext_lazy("Period to"), widget=DateInput)
    value = forms.IntegerField(
        label=gettext_lazy("Achieved in the period"),
        help_text=gettext_lazy("What was achieved in this period alone, not the running total."),
        min_value=0,
        max_value=MAX_TARGET,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs", "min": "0"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        help_text=gettext_lazy("What the value is based on, e.g. the list of companies advised."),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evidence = forms.FileField(
        label=gettext_lazy("Evidence"),
        required=False,
        widget=forms.FileInput(attrs={"accept": uploads.ACCEPT}),
    )

    def __init__(self, *args: Any, file_too_large: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.file_too_large = file_too_large
        self.fields["evidence"].help_text = _("Optional. At most %(max)s. %(types)s.") % {
            "max": uploads.MAX_SIZE_LABEL,
            "types": uploads.ALLOWED_LABEL,
        }

    def clean_evidence(self) -> Any:
        if self.file_too_large:
            raise forms.ValidationError(uploads.too_large_message(), code="too_large")
        return self.cleaned_data.get("evidence")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it begins."))
        return data

    def reject_unread(self, message: str) -> None:
        """Show `message` at the evidence field of a form whose request body was never read."""
        self.cleaned_data = {}
        self.add_error("evidence", message)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is the value returned?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
