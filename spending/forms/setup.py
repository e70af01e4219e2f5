"""The region's set-up forms: a project's deadlines, a programme's settings and categories."""

from __future__ import annotations

from typing import Any

from django import forms

from core.widgets import DateInput
from grants.models import Programme
from spending.models import CostCategory, ProgrammeFinance, ReportingDeadline


class DeadlineForm(forms.ModelForm[ReportingDeadline]):
    class Meta:
        model = ReportingDeadline
        fields = ["period_start", "period_end", "due_on", "kind", "final"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "due_on": DateInput(),
            "kind": forms.Select(attrs={"class": "form-select"}),
        }


class FinanceForm(forms.ModelForm[ProgrammeFinance]):
    class Meta:
        model = ProgrammeFinance
        fields = [
            "auditor_threshold",
            "final_share_percent",
            "underspend_percent",
            "overspend_tolerance_percent",
            "payment_behind_percent",
        ]


class CategoryForm(forms.ModelForm[CostCategory]):
    class Meta:
        model = CostCategory
        fields = ["code", "name", "kind", "rate_percent", "base", "order"]
        widgets = {
            "code": forms.TextInput(attrs={"class": "form-input input-width-s"}),
            "name": forms.TextInput(attrs={"class": "form-input"}),
            "kind": forms.Select(attrs={"class": "form-select"}),
            "base": forms.Select(attrs={"class": "form-select"}),
            "order": forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        base = self.fields["base"]
        assert isinstance(base, forms.ModelChoiceField)
        base.queryset = CostCategory.objects.filter(
            programme=programme, kind=CostCategory.Kind.DIRECT
        ).exclude(pk=self.instance.pk or 0)
