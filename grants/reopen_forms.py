"""The form of an administrator's reopening of an approved decision."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class ReopenForm(forms.Form):
    """An administrator's reopening of an approved decision: the reason is required."""

    reason = forms.CharField(
        label=_("Reason for reopening"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-input"}),
        help_text=_(
            "Why the approved figures must change other than through a budget revision. "
            "The reason is kept in the decision's history."
        ),
    )
    # The version the page was shown with: a decision changed meanwhile is not reopened blind.
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise ValidationError(_("Give the reason for reopening the approved decision."))
        return reason
