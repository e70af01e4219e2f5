"""Views for projects, grant decisions, cases and their budget-and-financing tables."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView
from django.views.generic.edit import FormMixin
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import guards
from core.xlsx import XLSX_CONTENT_TYPE
from grants import exports, queries
from grants.filters import DecisionFilter, ProjectFilter
from grants.forms import BudgetGridForm, DecisionForm
from grants.models import Case, GrantDecision, Project
from grants.queries import TableReport
from grants.services import (
    decision_create,
    decision_save_lines,
    decision_set_status,
    decision_update,
    is_stale,
)
from grants.tables import DecisionTable, ProjectTable


def refused(view: FormMixin[Any], form: forms.BaseForm, refusal: ValidationError) -> HttpResponse:
    """Show the form again with a service's refusal above it; nothing was saved."""
    for message in refusal.messages:
        form.add_error(None, message)
    return view.form_invalid(form)


class ProjectListView(guards.ObjectPermissionMixin, SingleTableMixin, FilterView):
    model = Project
    permission_required = "grants.view_project"
    table_class = ProjectTable
    filterset_class = ProjectFilter
    table_pagination = {"per_page": 25}
    template_name = "grants/project_list.html"

    def get_queryset(self) -> QuerySet[Project]:
        return queries.project_list(self.request.user)


class ProjectDetailView(guards.ObjectPermissionMixin, DetailView[Project]):
    model = Project
    permission_required = "grants.view_project"
    template_name = "grants/project_detail.html"

    def get_queryset(self) -> QuerySet[Project]:
        return queries.project_detail(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        decisions = queries.project_decisions(self.object)
        context["decision_table"] = DecisionTable(decisions, exclude=("project",), orderable=False)
        may_read_cases = guards.has_perm(self.request.user, "grants.view_case", self.object)
        context["cases"] = queries.project_cases(self.object) if may_read_cases else None
        return context


class DecisionListView(guards.ObjectPermissionMixin, SingleTableMixin, FilterView):
    model = GrantDecision
    permission_required = "grants.view_grantdecision"
    table_class = DecisionTable
    filterset_class = DecisionFilter
    table_pagination = {"per_page": 25}
    template_name = "grants/grantdecision_list.html"

    def get_queryset(self) -> QuerySet[GrantDecision]:
        return GrantDecision.objects.visible_to(self.request.user).select_related("project")


class DecisionDetailView(guards.ObjectPermissionMixin, DetailView[GrantDecision]):
    model = GrantDecision
    permission_required = "grants.view_grantdecision"
    template_name = "grants/grantdecision_detail.html"

    def get_queryset(self) -> QuerySet[GrantDecision]:
        return queries.decision_detail(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["report"] = queries.decision_report(self.object)
        context["table_kind"] = "decision"
        context["statuses"] = GrantDecision.Status
        return context


class DecisionCreateView(guards.ObjectPermissionMixin, CreateView[GrantDecision, Any]):
    model = GrantDecision
    form_class = DecisionForm
    permission_required = "grants.add_grantdecision"
    template_name = "grants/grantdecision_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.project = guards.get_object(
            request, Project, kwargs["project_pk"], "grants.add_grantdecision"
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "project_id": self.project.pk}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "project": self.project}

    def form_valid(self, form: DecisionForm) -> HttpResponse:
        try:
            self.object = decision_create(project=self.project, fields=form.cleaned_data)
        except ValidationError as exc:
            return refused(self, form, exc)
        messages.success(
            self.request, _("The decision was created. Enter its budget and financing.")
        )
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self) -> str:
        assert self.object is not None
        return reverse("grants:decision_budget", args=[self.object.pk])


class DecisionUpdateView(guards.ObjectPermissionMixin, UpdateView[GrantDecision, Any]):
    model = GrantDecision
    form_class = DecisionForm
    permission_required = "grants.change_grantdecision"
    template_name = "grants/grantdecision_form.html"

    def get_queryset(self) -> QuerySet[GrantDecision]:
        return GrantDecision.objects.visible_to(self.request.user).select_related("project")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "project_id": self.object.project_id}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "project": self.object.project}

    def form_valid(self, form: DecisionForm) -> HttpResponse:
        try:
            self.object = decision_update(decision=self.object, fields=form.cleaned_data)
        except ValidationError as exc:
            return refused(self, form, exc)
        messages.success(self.request, _("The decision was saved."))
        return HttpResponseRedirect(self.get_success_url())


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

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "decision": self.decision,
            **queries.grid_values(self.decision),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "decision": self.decision,
            "thousand_separator": get_format("THOUSAND_SEPARATOR"),
        }

    def form_valid(self, form: BudgetGridForm) -> HttpResponse:
        try:
            decision_save_lines(
                decision=self.decision,
                budget=form.cells("b"),
                financing=form.cells("f"),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            if is_stale(exc):
                return self.stale(form)
            return refused(self, form, exc)
        messages.success(self.request, _("The budget and financing were saved."))
        return HttpResponseRedirect(self.decision.get_absolute_url())

    def stale(self, form: BudgetGridForm) -> HttpResponse:
        """Someone else saved meanwhile: show the grid again as typed, beside the saved figures.

        `self.decision` and its figures were loaded for this request, after that other save.
        """
        form.show_saved_meanwhile(self.decision)
        return self.render_to_response(self.get_context_data(form=form))

    def form_invalid(self, form: BudgetGridForm) -> HttpResponse:
        messages.error(self.request, _("Nothing was saved: correct the marked cells."))
        return super().form_invalid(form)


@require_POST
@guards.checks_object_permission("grants.change_grantdecision")
def decision_status(request: HttpRequest, pk: int) -> HttpResponse:
    decision = guards.get_object(request, GrantDecision, pk, "grants.change_grantdecision")
    # The status form sends the version it was shown with; without one, nothing is compared.
    version = request.POST.get("version")
    if version is not None and not (version.isascii() and version.isdigit()):
        messages.error(request, _("The page was incomplete: reload it and try again."))
        return HttpResponseRedirect(decision.get_absolute_url())
    try:
        decision_set_status(
            decision=decision,
            status=request.POST.get("status", ""),
            expected_version=None if version is None else int(version),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The status was changed."))
    return HttpResponseRedirect(decision.get_absolute_url())


class CaseListView(guards.ObjectPermissionMixin, ListView[Case]):
    model = Case
    permission_required = "grants.view_case"
    paginate_by = 25
    template_name = "grants/case_list.html"

    def get_queryset(self) -> QuerySet[Case]:
        return queries.case_list(self.request.user)


class CaseDetailView(guards.ObjectPermissionMixin, DetailView[Case]):
    model = Case
    permission_required = "grants.view_case"
    template_name = "grants/case_detail.html"

    def get_queryset(self) -> QuerySet[Case]:
        return Case.objects.visible_to(self.request.user).select_related("project")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        page = queries.case_page(self.object)
        return {
            **super().get_context_data(**kwargs),
            "report": page.report,
            "table_kind": "case",
            "findings": page.findings,
        }


FORMATS = {
    "csv": ("text/csv; charset=utf-8", exports.to_csv),
    "xlsx": (XLSX_CONTENT_TYPE, exports.to_xlsx),
    "pdf": ("application/pdf", exports.to_pdf),
}


def build_report(request: HttpRequest, kind: str, pk: int) -> tuple[Any, TableReport]:
    """The object of `kind` with id `pk`, if the user may read it, and its table report."""
    if kind not in queries.TABLE_SOURCES:
        raise Http404
    queryset, perm, make_report = queries.TABLE_SOURCES[kind]
    obj = guards.get_object(request, queryset, pk, perm)
    return obj, make_report(obj)


@guards.checks_object_permission(*(perm for _, perm, _ in queries.TABLE_SOURCES.values()))
def budget_table(request: HttpRequest, kind: str, pk: int, fmt: str = "html") -> HttpResponse:
    """The budget-and-financing table of a decision, case or project, in any format."""
    obj, report = build_report(request, kind, pk)
    if fmt == "html":
        return render(
            request,
            "grants/budget_table.html",
            {"object": obj, "report": report, "table_kind": kind},
        )
    if fmt not in FORMATS:
        raise Http404
    content_type, render_format = FORMATS[fmt]
    response = HttpResponse(render_format(report), content_type=content_type)
    filename = f"budget-{kind}-{pk}-{slugify(report.title)[:60]}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
