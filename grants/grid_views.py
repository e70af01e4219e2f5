"""The budget grid: a decision's budget by effort area and financing by funding source per year,
entered in one form that totals and balances as the user types."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import FormView

from accounts import guards
from grants import queries
from grants.forms import (
    UNIT_CHOICES,
    UNIT_FACTOR,
    UNIT_KRONER,
    UNIT_THOUSANDS,
    BudgetGridForm,
)
from grants.models import GrantDecision
from grants.services import (
    decision_save_lines,
    is_stale,
    may_reopen,
    refusal_code,
)
from grants.views import refused


class BudgetGridView(guards.ObjectPermissionMixin, FormView[BudgetGridForm]):
    """Enter every budget and financing cell of one decision in one form."""

    form_class = BudgetGridForm
    permission_required = "grants.change_grantdecision"
    template_name = "grants/grantdecision_budget.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.decision = guards.get_object(
            request, queries.decisions_with_figures(), kwargs["pk"], self.permission_required
        )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.decision.status == GrantDecision.Status.APPROVED:
            return self.locked()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.decision.status == GrantDecision.Status.APPROVED:
            messages.error(request, _("Nothing was saved: the approved decision is locked."))
            return self.locked()
        return super().post(request, *args, **kwargs)

    def locked(self) -> HttpResponse:
        """An approved decision's grid: no inputs, and the ways its figures can still change."""
        context = {
            "decision": self.decision,
            "locked": True,
            "report": queries.decision_report(self.decision),
            "table_kind": "decision",
            "may_reopen": may_reopen(self.request.user),
        }
        return self.render_to_response(context)

    def get_form_kwargs(self) -> dict[str, Any]:
        # The unit the cells are shown in (?unit=1000 for 1.000 kr.); a POST names its own.
        unit = self.request.GET.get("unit", UNIT_KRONER)
        values = self.start or queries.grid_values(self.decision)
        if self.start and self.request.method == "POST":
            # The rows it was shown with, but nothing saved yet (what a stale save compares).
            values = {**self.start, "budget": {}, "financing": {}}
        return {
            **super().get_form_kwargs(),
            "decision": self.decision,
            "unit": unit if unit in UNIT_FACTOR else UNIT_KRONER,
            **values,
        }

    @cached_property
    def start(self) -> queries.GridValues | None:
        """A new budget revision's grid starts from the figures of the decision it revises."""
        return queries.revision_start(self.decision)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "decision": self.decision,
            "units": UNIT_CHOICES,
            "thousands": UNIT_THOUSANDS,
            "starts_from": self.decision.revises if self.start else None,
        }

    def form_valid(self, form: BudgetGridForm) -> HttpResponse:
        try:
            decision_save_lines(
                decision=self.decision,
                budget=form.cells("b"),
                financing=form.cells("f"),
                expected_version=form.cleaned_data["version"],
                confirm_empty=form.cleaned_data["confirm_empty"],
                by=guards.author(self.request),
            )
        except ValidationError as exc:
            if is_stale(exc):
                return self.stale(form)
            if refusal_code(exc) == "empties":
                # Asked, not refused: the page offers the button that confirms it.
                form.ask_to_empty()
                messages.warning(
                    self.request,
                    _("Nothing was saved yet: the save would remove every amount of the decision."),
                )
                return self.render_to_response(self.get_context_data(form=form))
            if refusal_code(exc) == "locked":
                messages.error(
                    self.request, _("Nothing was saved: the approved decision is locked.")
                )
                return HttpResponseRedirect(
                    reverse("grants:decision_budget", args=[self.decision.pk])
                )
            return refused(self, form, exc)
        messages.success(self.request, _("The budget and financing were saved."))
        return HttpResponseRedirect(self.decision.get_absolute_url())

    def stale(self, form: BudgetGridForm) -> HttpResponse:
        """Someone else saved meanwhile: show the grid again as typed, beside the saved figures.

        The decision is read again: the save that won may have been committed after this
        request read it, and the page must show that save's figures and version.
        """
        self.decision = guards.get_object(
            self.request,
            queries.decisions_with_figures(),
            self.kwargs["pk"],
            self.permission_required,
        )
        if self.decision.status == GrantDecision.Status.APPROVED:
            messages.error(self.request, _("Nothing was saved: the approved decision is locked."))
            return self.locked()
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        form.show_saved_meanwhile(self.decision)
        return self.render_to_response(self.get_context_data(form=form))

    def form_invalid(self, form: BudgetGridForm) -> HttpResponse:
        messages.error(self.request, _("Nothing was saved: correct the marked cells."))
        return super().form_invalid(form)
