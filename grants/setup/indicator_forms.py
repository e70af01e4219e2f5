"""Forms of the indicator pages: an indicator, a programme's choice, a target, a breakdown part."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import IdsChoiceField
from grants.models import GrantDecision, Indicator
from grants.setup.indicator_services import Part, parse_part, part_choices

# Large enough for any count of citizens, jobs or companies; small enough to catch a typo.
MAX_TARGET = 1_000_000
NUMBER = {"class": "form-input input-width-xs", "min": "0"}


class IndicatorForm(forms.ModelForm[Indicator]):
    class Meta:
        model = Indicator
        fields = ["code", "name_da", "name_en", "unit", "kind", "measurement", "measure"]
        widgets = {
            "code": forms.TextInput(attrs={"class": "form-input input-width-s"}),
            "measurement": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        measure = self.fields["measure"]
        measure.choices = [("", _("None (a reported indicator)")), *Indicator.Measure.choices]  # type: ignore[attr-defined]

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip().upper()
        if not code:
            raise forms.ValidationError(_("Give the indicator a code, e.g. CO01."), code="required")
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        measurement, measure = data.get("measurement"), data.get("measure")
        if measurement == Indicator.Measurement.COMPUTED and not measure:
            self.add_error(
                "measure", _("Choose what the application counts for a computed indicator.")
            )
        if measurement == Indicator.Measurement.REPORTED and measure:
            self.add_error(
                "measure",
                _("A reported indicator is not counted by the application: choose no measure."),
            )
        return data


class ProgrammeIndicatorsForm(forms.Form):
    indicators = IdsChoiceField(
        label=_("Indicators"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The decisions of the programme's projects may set targets for these."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = Indicator.objects.order_by("code")  # type: ignore[attr-defined]


class TargetAddForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.none(), empty_label=_("Choose")
    )
    value = forms.IntegerField(
        label=_("Target"),
        min_value=0,
        max_value=MAX_TARGET,
        widget=forms.NumberInput(attrs=NUMBER),
    )

    def __init__(self, *args: Any, decision: GrantDecision, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = self.open_indicators(decision)  # type: ignore[attr-defined]

    @staticmethod
    def open_indicators(decision: GrantDecision) -> QuerySet[Indicator]:
        """The programme's indicators the decision has no target for yet."""
        return (
            Indicator.objects.filter(programme_choices__programme_id=decision.project.programme_id)
            .exclude(targets__decision=decision)
            .order_by("code")
        )


class BreakdownForm(forms.Form):
    part = forms.ChoiceField(label=_("Part"), choices=())
    value = forms.IntegerField(
        label=_("Value"), min_value=0, max_value=MAX_TARGET, widget=forms.NumberInput(attrs=NUMBER)
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["part"].choices = [("", _("Choose")), *part_choices(indicator)]  # type: ignore[attr-defined]

    def clean_part(self) -> Part:
        parsed = parse_part(self.indicator, self.cleaned_data["part"])
        if parsed is None:
            raise forms.ValidationError(
                _("Choose one of the parts this indicator can be broken down into."),
                code="invalid_choice",
            )
        return parsed
