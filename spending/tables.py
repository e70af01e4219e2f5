# mypy: disallow-subclassing-any=False
# (django-tables2 ships no types, as for the other apps' tables and views in pyproject.toml.)
"""django-tables2 tables for the spending lists."""

from __future__ import annotations

from datetime import date

import django_tables2 as tables
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from core.people import Person, person_name
from spending.models import Payment, ReportingDeadline, SpendingReport

AMOUNT = {"td": {"class": "amount"}, "th": {"class": "amount"}}


def _date(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "–"


def _kr(value: int | None) -> str:
    return number_format(value or 0, force_grouping=True)


class ReportTable(tables.Table):
    period = tables.Column(
        verbose_name=_("Period"),
        accessor="period_start",
        linkify=True,
        order_by=("period_start", "period_end"),
    )
    project = tables.Column(verbose_name=_("Project"))
    status = tables.Column(verbose_name=_("Status"))
    final = tables.BooleanColumn(verbose_name=_("Final report"), yesno=(_("yes"), "–"))
    line_count = tables.Column(verbose_name=_("Lines"), attrs=AMOUNT)
    line_sum = tables.Column(verbose_name=_("Lines total (kr.)"), attrs=AMOUNT, empty_values=())
    submitted_at = tables.Column(verbose_name=_("Submitted"), empty_values=())

    class Meta:
        model = SpendingReport
        fields = [
            "period",
            "project",
            "status",
            "final",
            "line_count",
            "line_sum",
            "submitted_at",
        ]
        order_by = ["-period"]
        empty_text = _("There are no spending reports yet.")
        attrs = {"class": "table table--compact", "data-testid": "reports"}

    def render_period(self, record: SpendingReport) -> str:
        return record.period_label

    def render_line_sum(self, value: int | None) -> str:
        return _kr(value)

    def render_submitted_at(self, value: object) -> str:
        return date_format(value, "SHORT_DATE_FORMAT") if value else "–"  # type: ignore[arg-type]


class DeadlineTable(tables.Table):
    project = tables.Column(verbose_name=_("Project"))
    period = tables.Column(
        verbose_name=_("Period"), accessor="period_start", order_by=("period_start", "period_end")
    )
    due_on = tables.Column(verbose_name=_("Due date"))
    kind = tables.Column(verbose_name=_("Kind"))
    final = tables.BooleanColumn(verbose_name=_("Final report"), yesno=(_("yes"), "–"))
    met = tables.Column(verbose_name=_("Report"), empty_values=(), orderable=False)

    class Meta:
        model = ReportingDeadline
        fields = ["project", "period", "due_on", "kind", "final", "met"]
        order_by = ["due_on"]
        empty_text = _("There are no reporting deadlines yet.")
        attrs = {"class": "table table--compact", "data-testid": "deadlines"}

    def __init__(self, *args: object, today: date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def render_period(self, record: ReportingDeadline) -> str:
        return str(record)

    def render_due_on(self, value: date) -> str:
        return _date(value)

    def render_met(self, record: ReportingDeadline) -> str:
        met = bool(getattr(record, "met", False))
        if met:
            return str(_("Handed in"))
        if record.is_overdue(self.today, met=met):
            return str(_("Overdue"))
        return str(_("Not yet due"))


class PaymentTable(tables.Table):
    # The number a refusal names a payment by ("Udbetaling 3 (…)").
    pk = tables.Column(verbose_name=_("Payment no."), linkify=True)
    dated = tables.Column(verbose_name=_("Date"))
    project = tables.Column(verbose_name=_("Project"))
    funding_source = tables.Column(verbose_name=_("Funding source"))
    kind = tables.Column(verbose_name=_("Kind"))
    amount = tables.Column(verbose_name=_("Amount (kr.)"), attrs=AMOUNT)
    status = tables.Column(verbose_name=_("Status"))
    proposed_by = tables.Column(verbose_name=_("Proposed by"))
    authorised_by = tables.Column(verbose_name=_("Authorised by"), empty_values=())

    class Meta:
        model = Payment
        fields = [
            "pk",
            "dated",
            "project",
            "funding_source",
            "kind",
            "amount",
            "status",
            "proposed_by",
            "authorised_by",
        ]
        order_by = ["-dated"]
        empty_text = _("There are no payments yet.")
        attrs = {"class": "table table--compact", "data-testid": "payments"}

    def render_dated(self, value: date) -> str:
        return _date(value)

    def render_amount(self, value: int) -> str:
        return _kr(value)

    def render_proposed_by(self, value: Person | None) -> str:
        return person_name(value)

    def render_authorised_by(self, value: Person | None) -> str:
        return person_name(value)
