"""The form that changes a target's value, with the reason kept in the target's history."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

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
