"""The admin pages of spending: every save and delete goes through `spending.services`, so
the admin keeps the same rules (four eyes, the ceiling, frozen reports) and audit history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import guards
from accounts.admin_site import ServiceAdmin
from spending.models import (
    CostCategory,
    ExpenditureLine,
    Payment,
    ProgrammeFinance,
    RepaymentClaim,
    ReportingDeadline,
    SpendingReport,
)
from spending.services import ceiling, deadlines, finance, payments, reports


@admin.register(ProgrammeFinance)
class ProgrammeFinanceAdmin(ServiceAdmin):
    list_display = ["programme", "auditor_threshold", "final_share_percent"]
    list_select_related = ["programme"]

    def save_model(
        self, request: HttpRequest, obj: ProgrammeFinance, form: Any, change: bool
    ) -> None:
        finance.finance_save(finance=obj, by=guards.author(request))


@admin.register(CostCategory)
class CostCategoryAdmin(ServiceAdmin):
    list_display = ["code", "name", "programme", "kind", "rate_percent", "base"]
    list_filter = ["programme", "kind"]
    search_fields = ["code", "name"]
    list_select_related = ["programme", "base"]

    def save_model(self, request: HttpRequest, obj: CostCategory, form: Any, change: bool) -> None:
        finance.category_save(category=obj, by=guards.author(request))

    def delete_model(self, request: HttpRequest, obj: CostCategory) -> None:
        finance.category_delete(category=obj, by=guards.author(request))


@admin.register(ReportingDeadline)
class ReportingDeadlineAdmin(ServiceAdmin):
    list_display = ["project", "period_start", "period_end", "due_on", "kind", "final"]
    list_filter = ["kind", "final", "project"]
    list_select_related = ["project"]

    def save_model(
        self, request: HttpRequest, obj: ReportingDeadline, form: Any, change: bool
    ) -> None:
        deadlines.deadline_save(deadline=obj, by=guards.author(request))

    def delete_model(self, request: HttpRequest, obj: ReportingDeadline) -> None:
        deadlines.deadline_delete(deadline=obj, by=guards.author(request))


# The workflow's fields change only through its steps (the report's page), never by hand.
REPORT_WORKFLOW = (
    "status",
    "final",
    "created_by",
    "created_at",
    "submitted_by",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
    "return_reason",
    "statement_filename",
)


@admin.register(SpendingReport)
class SpendingReportAdmin(ServiceAdmin):
    list_display = ["project", "period_start", "period_end", "status", "final", "submitted_at"]
    list_filter = ["status", "final", "project__programme", "project"]
    list_select_related = ["project"]
    fields = ("project", "deadline", "period_start", "period_end", "status_text", "forecast")
    readonly_fields = REPORT_WORKFLOW

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields + (REPORT_WORKFLOW if obj is not None else ())

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*REPORT_WORKFLOW, "project") if obj is not None else REPORT_WORKFLOW

    def save_model(
        self, request: HttpRequest, obj: SpendingReport, form: Any, change: bool
    ) -> None:
        fields = {name: form.cleaned_data[name] for name in reports.REPORT_FIELDS}
        if change:
            reports.report_update(report=obj, by=guards.author(request), fields=fields)
        else:
            created = reports.report_create(
                project=obj.project, by=guards.author(request), **fields
            )
            obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: SpendingReport) -> None:
        reports.report_delete(report=obj, by=guards.author(request))


LINE_REVIEW = ("outcome", "accepted_amount", "review_reason", "reviewed_by", "reviewed_at")


@admin.register(ExpenditureLine)
class ExpenditureLineAdmin(ServiceAdmin):
    list_display = ["description", "report", "spent_on", "amount", "outcome", "accepted_amount"]
    list_filter = ["outcome", "cost_category"]
    search_fields = ["description", "invoice_number"]
    list_select_related = ["report__project"]
    fields = ("report", *reports.LINE_FIELDS)
    readonly_fields = LINE_REVIEW

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields + (LINE_REVIEW if obj is not None else ())

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return (*LINE_REVIEW, "report") if obj is not None else LINE_REVIEW

    def save_model(
        self, request: HttpRequest, obj: ExpenditureLine, form: Any, change: bool
    ) -> None:
        fields = {name: form.cleaned_data[name] for name in reports.LINE_FIELDS}
        if change:
            reports.line_update(line=obj, by=guards.author(request), fields=fields)
        else:
            created = reports.line_add(report=obj.report, by=guards.author(request), fields=fields)
            obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: ExpenditureLine) -> None:
        reports.line_delete(line=obj, by=guards.author(request))


PAYMENT_FIELDS = ("project", "funding_source", "kind", "amount", "report", "dated", "note")
PAYMENT_WORKFLOW = (
    "status",
    "proposed_by",
    "proposed_at",
    "authorised_by",
    "authorised_at",
    "paid_at",
)


@admin.register(Payment)
class PaymentAdmin(ServiceAdmin):
    """Proposed here or on the payments page; authorised and paid only through their steps."""

    list_display = ["project", "funding_source", "kind", "amount", "status", "dated"]
    list_filter = ["status", "kind", "funding_source"]
    list_select_related = ["project", "funding_source"]
    fields = PAYMENT_FIELDS
    actions = ["authorise", "mark_paid"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return PAYMENT_FIELDS + (PAYMENT_WORKFLOW if obj is not None else ())

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Once proposed, a payment's figures stay as they were checked.
        return PAYMENT_FIELDS + PAYMENT_WORKFLOW if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Payment, form: Any, change: bool) -> None:
        if change:
            return
        data = {name: form.cleaned_data[name] for name in PAYMENT_FIELDS}
        created = payments.payment_propose(by=guards.author(request), **data)
        obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: Payment) -> None:
        payments.payment_withdraw(payment=obj, by=guards.author(request))

    @admin.action(description=_("Authorise the chosen payments"))
    def authorise(self, request: HttpRequest, queryset: QuerySet[Payment]) -> None:
        self._step(request, queryset, payments.payment_authorise)

    @admin.action(description=_("Mark the chosen payments as paid"))
    def mark_paid(self, request: HttpRequest, queryset: QuerySet[Payment]) -> None:
        self._step(request, queryset, payments.payment_mark_paid)

    def _step(self, request: HttpRequest, queryset: QuerySet[Payment], step: Any) -> None:
        for payment in queryset:
            try:
                step(payment=payment, by=guards.author(request))
            except ValidationError as refusal:
                for message in refusal.messages:
                    self.message_user(request, f"{payment}: {message}", messages.ERROR)


CLAIM_FIELDS = (
    "project",
    "funding_source",
    "amount",
    "decision",
    "origin",
    "reason",
    "created_at",
    "created_by",
)


@admin.register(RepaymentClaim)
class RepaymentClaimAdmin(ServiceAdmin):
    """Claims are recorded when the deciding body lowers a grant below payments, never typed;
    here only their status changes (settled, or open again), with its history."""

    list_display = ["project", "funding_source", "amount", "status", "created_at"]
    list_filter = ["status", "funding_source"]
    list_select_related = ["project", "funding_source"]
    fields = (*CLAIM_FIELDS, "status")
    readonly_fields = CLAIM_FIELDS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: RepaymentClaim, form: Any, change: bool
    ) -> None:
        ceiling.claim_set_status(
            claim=obj, status=form.cleaned_data["status"], by=guards.author(request)
        )
