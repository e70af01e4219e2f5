"""Forms of the meeting pages: the meeting, a case for the agenda, the decision on an item."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.widgets import DateInput
from grants.models import Case, DecisionBody
from grants.public import CaseField
from meetings.models import AgendaItem, ItemDecision, Meeting

TEXT_MAX_LENGTH = 5000


class MeetingForm(forms.ModelForm[Meeting]):
    class Meta:
        model = Meeting
        fields = ["forum", "date", "place"]
        widgets = {"date": DateInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The bodies not retired, and the meeting's own when it is being edited.
        forum = self.fields["forum"]
        assert isinstance(forum, forms.ModelChoiceField)
        forum.queryset = DecisionBody.objects.offered(self.instance.forum_id)
        forum.error_messages["invalid_choice"] = _("Choose one of the decision bodies in the list.")
        if self.instance.pk is None and "forum" not in self.initial:
            # A new meeting is first offered the list's first body, as Vækstforum was.
            first = forum.queryset.first()
            self.initial["forum"] = first.pk if first is not None else None


class ItemAddForm(forms.Form):
    """A case for the agenda; after locking, only as a supplementary item."""

    # Hundreds of cases: an autocomplete of the user's cases, not a list of every one.
    case = CaseField(
        label=_("Case"),
        queryset=Case.objects.none(),
        help_text=_("Type part of the title, the case number or the project, and choose."),
        error_messages={"invalid_choice": _("Choose one of the cases in the list.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=AgendaItem.Kind.choices, initial=AgendaItem.Kind.DECISION
    )
    closed = forms.BooleanField(
        label=_("Closed item"),
        required=False,
        help_text=_("A closed item is left out of the published agenda and minutes."),
    )
    supplementary = forms.BooleanField(
        label=_("Supplementary item"),
        required=False,
        help_text=_("Only once the agenda is locked: the case joins it as a supplementary item."),
    )

    def __init__(self, *args: Any, cases: QuerySet[Case], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    """The decision on one item (prefix: the item's id, so one page holds one per item)."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Choose an outcome")), *ItemDecision.Outcome.choices],
        error_messages={
            "required": _("Choose an outcome."),
            "invalid_choice": _("Choose one of the outcomes in the list."),
        },
    )
    text = forms.CharField(
        label=_("Decision text"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    decided_on = forms.DateField(
        label=_("Date"),
        widget=DateInput,
        error_messages={"required": pgettext_lazy("meeting", "Give the date of the decision.")},
    )
