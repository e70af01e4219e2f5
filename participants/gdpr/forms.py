"""The confirmation a participant's erasure asks for."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from participants.models import Participant


class ParticipantEraseForm(forms.Form):
    """Erasing cannot be undone: the user types the participant's reference to confirm."""

    reference = forms.CharField(
        label=_("The participant's reference"),
        max_length=40,
        strip=True,
        error_messages={"required": _("Type the participant's reference to confirm.")},
    )

    def __init__(self, *args: Any, participant: Participant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.fields["reference"].help_text = _(
            "Type %(reference)s to confirm that this participant is to be erased."
        ) % {"reference": participant.reference}
        self.fields["reference"].widget.attrs["autocomplete"] = "off"

    def clean_reference(self) -> str:
        typed: str = self.cleaned_data["reference"]
        if typed != self.participant.reference:
            raise forms.ValidationError(
                _("This is not the participant's reference: nothing was erased."),
                code="mismatch",
            )
        return typed
