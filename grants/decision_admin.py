"""Grant decisions in the admin: the same services and rules as on the decision's pages.

An approved decision's figures, status and period are shown read only, with its lines,
recommendation and schedule (here and on their own admin pages); every save, history revert and
delete goes through `grants.services` under the project's lock (`grants.ceiling`), so no grant
is lowered below what is paid from it and the version only moves on.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import guards
from accounts.admin_site import AuditedAdmin, ServiceAdmin, show_admin_refusal
from core import audit
from core.forms import parse_id
from grants import approved
from grants.approved import LOCKED
from grants.ceiling import grant_change
from grants.models import (
    BudgetLine,
    DecisionCase,
    Disbursement,
    FinancingLine,
    FinancingTotal,
    GrantDecision,
    Recommendation,
)
from grants.services import decision_delete, decision_set_status, decision_update

_Part = TypeVar("_Part", bound=models.Model)


def _approved(decision: Any) -> bool:
    return isinstance(decision, GrantDecision) and decision.status == GrantDecision.Status.APPROVED


class DecisionPartInline(admin.TabularInline[_Part, Any]):
    """A part of a decision (its lines, totals, recommendation, schedule): shown, not edited,
    once the decision is approved. A budget revision changes it then, or an administrator
    reopens the decision on its page, with a reason."""

    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _approved(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _approved(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _approved(obj) and super().has_delete_permission(request, obj)


class BudgetLineInline(DecisionPartInline[BudgetLine]):
    model = BudgetLine


class FinancingLineInline(DecisionPartInline[FinancingLine]):
    model = FinancingLine


class FinancingTotalInline(DecisionPartInline[FinancingTotal]):
    model = FinancingTotal


class RecommendationInline(DecisionPartInline[Recommendation]):
    model = Recommendation


class DisbursementInline(DecisionPartInline[Disbursement]):
    model = Disbursement


class DecisionCaseInline(admin.TabularInline[DecisionCase, Any]):
    """The cases presenting the decision: each link saved on its own, with its history (a
    case's link is no figure, so an approved decision's cases may change too)."""

    model = DecisionCase
    extra = 0
    raw_id_fields = ["case"]
    verbose_name = _("case")
    verbose_name_plural = _("cases")


# The decision's own fields an admin edit writes through `decision_update` (not its status,
# which `decision_set_status` moves, nor its cases, each link saved by the inline above).
DECISION_FIELDS = (
    "title",
    "kind",
    "revises",
    "deciding_body",
    "decided_on",
    "first_year",
    "last_year",
    "split_by_year",
)


@admin.register(GrantDecision)
class GrantDecisionAdmin(AuditedAdmin):
    """Decisions in the admin, through the same services as the pages.

    Every save goes through `decision_update` and `decision_set_status` under the project's
    lock (`grants.ceiling`), so the rules hold here as they do on the decision's page: an
    approved decision's figures, status and period are read only (reopening is on its page,
    with a reason), no grant is lowered below what is paid from it, the version only moves on.
    A history revert is written the same way, never as the old row.
    """

    list_display = ["title", "project", "kind", "status", "first_year", "last_year"]
    list_filter = ["kind", "status", "deciding_body", "project__programme"]
    search_fields = ["title", "project__name"]
    list_select_related = ["project", "deciding_body"]
    # The links to cases are the inline below: a field would replace them all without history.
    exclude = ["cases"]
    inlines = [
        DecisionCaseInline,
        RecommendationInline,
        DisbursementInline,
        FinancingTotalInline,
        BudgetLineInline,
        FinancingLineInline,
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            # A new decision is a draft: its status moves once it has figures.
            return ("status",)
        if _approved(obj):
            return ("project", "status", *approved.LOCKED_FIELDS)
        return ("project",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        drafts_only = obj is None or obj.status == GrantDecision.Status.DRAFT
        return drafts_only and super().has_delete_permission(request, obj)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            project_id = self._project_of(object_id) if request.method == "POST" else None
            if project_id is None:
                # A page, or a new decision: a draft counts for nothing, so lowers nothing.
                return super().changeform_view(request, object_id, form_url, extra_context)
            with grant_change(project_id=project_id, by=guards.author(request)):
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refusal:
            # Raised inside the page's transaction, so nothing was saved.
            show_admin_refusal(self, request, refusal)
            return HttpResponseRedirect(request.get_full_path())

    def _project_of(self, object_id: str | None) -> int | None:
        pk = parse_id(unquote(object_id)) if object_id is not None else None
        if pk is None:
            return None
        return GrantDecision.objects.filter(pk=pk).values_list("project_id", flat=True).first()

    def save_model(self, request: HttpRequest, obj: GrantDecision, form: Any, change: bool) -> None:
        by = guards.author(request)
        if not change:
            obj.status = GrantDecision.Status.DRAFT
            audit.save_checked(obj, by=by)
            return
        fields = {
            name: form.cleaned_data[name] for name in form.changed_data if name in DECISION_FIELDS
        }
        if fields:
            decision_update(decision=obj, fields=fields, by=by)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        decision = form.instance
        stored = GrantDecision.objects.get(pk=decision.pk)
        if _approved(stored) and any(formset.has_changed() for formset in formsets):
            raise ValidationError(LOCKED, code="locked")
        super().save_related(request, form, formsets, change)
        if change and any(formset.has_changed() for formset in formsets):
            # Budget grids opened before this edit must not save over it (optimistic lock).
            with audit.authored_by(guards.author(request)):
                stored.save_next_version()
        wanted = form.cleaned_data.get("status")
        if wanted and wanted != stored.status:
            # After the inlines, so an approval is checked against the lines as saved.
            decision_set_status(
                decision=stored,
                status=wanted,
                by=guards.author(request),
                reason=gettext("Changed in the admin"),
            )
        elif _approved(stored):
            stored.check_approvable()

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as refusal:
            show_admin_refusal(self, request, refusal)
            return HttpResponseRedirect(request.get_full_path())

    def delete_model(self, request: HttpRequest, obj: GrantDecision) -> None:
        decision_delete(decision=obj, by=guards.author(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[GrantDecision]) -> None:
        for decision in queryset:
            try:
                decision_delete(decision=decision, by=guards.author(request))
            except ValidationError as refusal:
                show_admin_refusal(self, request, refusal)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Show an earlier version (GET); revert to it (POST) through the services.

        Never the old row as it was: that would set the version back and skip the lock, the
        approval checks and the ceiling. An approved decision is not reverted.
        """
        if request.method != "POST":
            page: HttpResponse = super().history_form_view(
                request, object_id, version_id, extra_context
            )
            return page
        decision = self.get_object(request, unquote(object_id))
        if decision is None:
            raise Http404
        if not self.has_change_permission(request, decision):
            raise PermissionDenied
        record = get_object_or_404(
            GrantDecision.history.all(), id=decision.pk, history_id=parse_id(version_id)
        )
        by = guards.author(request)
        try:
            if _approved(decision):
                raise ValidationError(LOCKED, code="locked")
            fields = {
                name: getattr(record, "revises_id" if name == "revises" else name)
                for name in DECISION_FIELDS
            }
            changed = {
                name: value
                for name, value in fields.items()
                if value != (decision.revises_id if name == "revises" else getattr(decision, name))
            }
            if "revises" in changed:
                changed["revises"] = GrantDecision.objects.filter(pk=changed["revises"]).first()
            with transaction.atomic():
                if changed:
                    decision_update(decision=decision, fields=changed, by=by)
                if record.status != decision.status:
                    decision_set_status(
                        decision=decision,
                        status=record.status,
                        by=by,
                        reason=gettext("Reverted in the admin to an earlier version"),
                    )
        except ValidationError as refusal:
            show_admin_refusal(self, request, refusal)
            return HttpResponseRedirect(request.get_full_path())
        self.message_user(request, _("The decision was reverted to the earlier version."))
        return HttpResponseRedirect(
            reverse("admin:grants_grantdecision_change", args=[decision.pk])
        )


class DecisionPartAdmin(ServiceAdmin):
    """A part of a decision on a page of its own: read only once its decision is approved, as
    inline (`DecisionPartInline`) and on the case's pages (`grants.cases.services`)."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _approved(getattr(obj, "decision", None)) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _approved(getattr(obj, "decision", None)) and super().has_delete_permission(
            request, obj
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Checked under the decision's row lock, which approving takes too.
        decision = GrantDecision.objects.select_for_update().get(pk=obj.decision_id)
        if _approved(decision):
            raise ValidationError(LOCKED, code="locked")
        audit.save_checked(obj, by=guards.author(request))


# Parts of a decision edited inline above; listed here too for their change history.
@admin.register(Recommendation)
class RecommendationAdmin(DecisionPartAdmin):
    list_display = ["decision", "funding_source", "amount", "first_year", "last_year"]
    list_filter = ["funding_source"]
    list_select_related = ["decision", "funding_source"]
    search_fields = ["decision__title"]


@admin.register(Disbursement)
class DisbursementAdmin(DecisionPartAdmin):
    list_display = ["decision", "year", "amount"]
    list_select_related = ["decision"]
    search_fields = ["decision__title"]
