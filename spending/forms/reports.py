"""The forms of a spending report: the report, a line, the statement, the review."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core import uploads
from core.fields import AmountField
from core.forms import required_when
from core.widgets import DateInput
from grants.models import EffortArea, Project
from spending.forms.fields import TEXT_WIDGET
from spending.models import CostCategory, ExpenditureLine, ReportingDeadline, SpendingReport


class ReportForm(forms.ModelForm[SpendingReport]):
    forecast = AmountField(
        label=_("Forecast for the next period (kr.)"),
        required=False,
        help_text=_("What the project expects to spend in the next period."),
    )

    class Meta:
        model = SpendingReport
        fields = ["deadline", "period_start", "period_end", "status_text", "forecast"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "status_text": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        field = self.fields["deadline"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ReportingDeadline.objects.filter(project=project).order_by("due_on")
        field.help_text = _("The period is taken from the deadline when left empty.")
        # Taken from the deadline when left empty; without a deadline, clean() demands them.
        for name in ("period_start", "period_end"):
            required_when(self.fields[name], _("required without a deadline"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        deadline = data.get("deadline")
        if deadline is not None:
            data["period_start"] = data.get("period_start") or deadline.period_start
            data["period_end"] = data.get("period_end") or deadline.period_end
        for name in ("period_start", "period_end"):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Enter the period, or choose its deadline."))
        if data.get("forecast") is None:
            data["forecast"] = 0
        return data

    def _post_clean(self) -> None:
        # The service validates the report (with its project); the form only reads the input.
        pass


NO_CATEGORIES = _(
    "The programme has no cost categories yet, so no expense can be entered. Ask the region's "
    "staff to set up the programme's cost categories."
)


class LineForm(forms.ModelForm[ExpenditureLine]):
    amount = AmountField(label=_("Amount (kr.)"))
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("An invoice or receipt. At most %(size)s: %(types)s.")
        % {"size": uploads.MAX_SIZE_LABEL, "types": uploads.ALLOWED_LABEL},
        widget=forms.FileInput(attrs={"accept": uploads.ACCEPT, "class": "form-input"}),
    )

    class Meta:
        model = ExpenditureLine
        fields = [
            "spent_on",
            "paid_on",
            "effort_area",
            "cost_category",
            "description",
            "invoice_number",
            "amount",
        ]
        widgets = {
            "spent_on": DateInput(),
            "paid_on": DateInput(),
            "description": forms.TextInput(attrs=TEXT_WIDGET),
            "invoice_number": forms.TextInput(attrs=TEXT_WIDGET),
        }

    def __init__(self, *args: Any, report: SpendingReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = self.fields["effort_area"]
        categories = self.fields["cost_category"]
        assert isinstance(areas, forms.ModelChoiceField)
        assert isinstance(categories, forms.ModelChoiceField)
        areas.queryset = EffortArea.objects.filter(project_id=report.project_id).offered()
        # A flat rate is computed, never entered: only direct categories are offered.
        categories.queryset = CostCategory.objects.filter(
            programme_id=report.project.programme_id, kind=CostCategory.Kind.DIRECT
        )
        # A programme set up without cost categories: the field says why it cannot be filled.
        self.has_categories = categories.queryset.exists()
        if not self.has_categories:
            categories.error_messages["required"] = NO_CATEGORIES
        if self.instance.pk and self.instance.effort_area_id:
            areas.queryset = (
                EffortArea.objects.filter(project_id=report.project_id).filter(
                    pk=self.instance.effort_area_id
                )
                | EffortArea.objects.filter(project_id=report.project_id).offered()
            )

    def _post_clean(self) -> None:
        pass

    def line_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StatementForm(forms.Form):
    file = forms.FileField(
        label=_("Auditor's statement"),
        help_text=_("At most %(size)s: %(types)s.")
        % {"size": uploads.MAX_SIZE_LABEL, "types": uploads.ALLOWED_LABEL},
        widget=forms.FileInput(attrs={"accept": uploads.ACCEPT, "class": "form-input"}),
        error_messages={
            "required": _("Choose the file to upload."),
            "empty": _("The file is empty."),
        },
    )


class LineReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Review"),
        choices=[
            (ExpenditureLine.Outcome.ACCEPTED, _("Accept")),
            (ExpenditureLine.Outcome.REDUCED, _("Reduce")),
            (ExpenditureLine.Outcome.REJECTED, _("Reject")),
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": _("Choose accept, reduce or reject.")},
    )
    # The review service demands these for some outcomes only (spending.services.review).
    accepted_amount = required_when(
        AmountField(
            label=_("Accepted amount (kr.)"),
            help_text=_("Only when reducing: what is accepted of the line."),
        ),
        _("required when reducing"),
    )
    reason = required_when(
        forms.CharField(
            label=_("Reason"),
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
        ),
        _("required when reducing or rejecting"),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What must be changed"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what the secretariat must change.")},
    )
