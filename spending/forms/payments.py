"""The payment proposal form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import AmountField
from core.forms import required_when
from core.widgets import DateInput
from grants.models import FundingSource, Project
from spending.models import Payment, SpendingReport


class PaymentForm(forms.Form):
    funding_source = forms.ModelChoiceField(
        label=_("Funding source"),
        queryset=FundingSource.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": _("Choose the funding source.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Payment.Kind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    amount = AmountField(
        label=_("Amount (kr.)"),
        negative=True,
        help_text=_("Negative only for a recovery (correction)."),
    )
    # The payment service demands it for an interim or final payment (_check_kind).
    report = required_when(
        forms.ModelChoiceField(
            label=_("Report paid"),
            queryset=SpendingReport.objects.none(),
            widget=forms.Select(attrs={"class": "form-select"}),
            help_text=_("An interim or final payment pays an accepted report."),
        ),
        _("required for an interim or final payment"),
    )
    dated = forms.DateField(label=_("Payment date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, project: Project, sources: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source_field = self.fields["funding_source"]
        report_field = self.fields["report"]
        assert isinstance(source_field, forms.ModelChoiceField)
        assert isinstance(report_field, forms.ModelChoiceField)
        source_field.queryset = FundingSource.objects.filter(pk__in=sources)
        report_field.queryset = SpendingReport.objects.filter(
            project=project, status=SpendingReport.Status.ACCEPTED
        ).order_by("period_start")
