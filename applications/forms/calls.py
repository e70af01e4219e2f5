"""The forms of the calls pages: a call (its times as a date and a time each, in Danish time),
a checklist, a checklist's question, and the choice of programme a new call starts with."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from applications.models import Call, ChecklistTemplate
from core.validators import validate_plausible_date
from core.widgets import DateInput
from grants.models import Indicator, Programme

# A lazily translated label (django-stubs names its type privately).
if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Label
else:
    Label = Promise


class TimeInput(forms.TimeInput):
    """The browser's time picker, hours and minutes."""

    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


def _date_field(label: Label) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput,
        validators=[validate_plausible_date],
        error_messages={"invalid": _("Enter a valid date, e.g. 2019-03-31.")},
    )


def _time_field(label: Label) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=TimeInput,
        error_messages={"invalid": _("Enter a time of day, e.g. 12:00.")},
    )


def moment(day: date, at: time) -> datetime:
    """`day` at `at` in the site's time zone (Danish time), as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, at), timezone.get_current_timezone())


class ProgrammeChoiceForm(forms.Form):
    """The programme a new call is for: its indicators and checklists are the call's choice."""

    programme = forms.ModelChoiceField(
        queryset=Programme.objects.order_by("name"),
        label=_("Programme"),
        error_messages={"invalid_choice": _("There is no such programme: choose one.")},
    )


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=Call._meta.get_field("text").help_text,
    )
    opens_on = _date_field(_("Opens on"))
    opens_time = _time_field(_("Opens at (time)"))
    closes_on = _date_field(_("Closes on"))
    closes_time = _time_field(_("Closes at (time)"))
    indicators = forms.ModelMultipleChoiceField(
        queryset=Indicator.objects.none(),
        label=_("Indicators"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("An application must set a target for each of these indicators."),
        error_messages={
            "invalid_choice": _("%(value)s is not an indicator of the programme."),
            "invalid_pk_value": _("%(pk)s is not an indicator of the programme."),
        },
    )
    checklist = forms.ModelChoiceField(
        queryset=ChecklistTemplate.objects.none(),
        label=_("Assessment checklist"),
        required=False,
        help_text=_("The questions staff answer when they assess an application."),
        error_messages={"invalid_choice": _("Choose one of the programme's checklists.")},
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        indicators = self.fields["indicators"]
        assert isinstance(indicators, forms.ModelMultipleChoiceField)
        indicators.queryset = Indicator.objects.filter(
            programme_choices__programme=programme
        ).order_by("code")
        checklist = self.fields["checklist"]
        assert isinstance(checklist, forms.ModelChoiceField)
        checklist.queryset = ChecklistTemplate.objects.filter(
            programme=programme, for_change_requests=False
        ).order_by("name")

    @classmethod
    def initial_of(cls, call: Call) -> dict[str, Any]:
        opens, closes = timezone.localtime(call.opens_at), timezone.localtime(call.closes_at)
        return {
            "title": call.title,
            "text": call.text,
            "opens_on": opens.date(),
            "opens_time": opens.time(),
            "closes_on": closes.date(),
            "closes_time": closes.time(),
            "indicators": list(call.indicators.all()),
            "checklist": call.checklist,
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        parts = ("opens_on", "opens_time", "closes_on", "closes_time")
        if all(data.get(name) is not None for name in parts):
            data["opens_at"] = moment(data["opens_on"], data["opens_time"])
            data["closes_at"] = moment(data["closes_on"], data["closes_time"])
            if data["closes_at"] <= data["opens_at"]:
                raise ValidationError(
                    {"closes_on": _("The call must close after it opens.")},
                    code="closes_before_opening",
                )
        return data


class ChecklistForm(forms.ModelForm[ChecklistTemplate]):
    class Meta:
        model = ChecklistTemplate
        fields = ["programme", "name", "for_change_requests"]


class ChecklistCopyForm(forms.Form):
    name = forms.CharField(label=_("Name of the copy"), max_length=200)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    guidance = forms.CharField(
        label=_("Guidance"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the assessor should look for (optional)."),
    )
