"""Views for projects, grant decisions, cases and their budget-and-financing tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import guards
from core.xlsx import XLSX_CONTENT_TYPE
from grants import exports
from grants.cases import checks
from grants.filters import DecisionFilter, ProjectFilter
from grants.forms import BudgetGridForm, DecisionForm
from grants.models import Case, EffortArea, FundingSource, GrantDecision, Project
from grants.queries import TableReport, case_report, decision_report, project_report
from grants.services import decision_save_lines, decision_set_status, is_stale
from grants.tables import DecisionTable, ProjectTable


class ProjectListView(guards.ObjectPermissionMixin, SingleTableMixin, FilterView):
    model = Project
    permission_required = "grants.view_project"
    table_class = ProjectTable
    filterset_class = ProjectFilter
    table_pagination = {"per_page": 25}
    template_name = "grants/project_list.html"

    def get_queryset(self) -> QuerySet[Project]:
        return (
            Project.objects.visible_to(self.request.user)
            .with_relations()
            .annotate(decision_count=Count("decisions"))
            .order_by("name")
        )


class ProjectDetailView(guards.ObjectPermissionMixin, DetailView):
    model = Project
    permission_required = "grants.view_project"
    template_name = "grants/project_detail.html"

    def get_queryset(self) -> QuerySet[Project]:
        return (
            Project.objects.visible_to(self.request.user)
            .with_relations()
            .prefetch_related(
                "organisation_roles__organisation",
                "organisation_roles__on_behalf_of",
                "links",
                "effort_areas",
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        decisions = self.object.decisions.select_related("project").order_by("first_year", "pk")
        context["decision_table"] = DecisionTable(decisions, exclude=("project",), orderable=False)
        may_read_cases = guards.has_perm(self.request.user, "grants.view_case", self.object)
        context["cases"] = self.object.cases.all() if may_read_cases else None
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


class DecisionDetailView(guards.ObjectPermissionMixin, DetailView):
    model = GrantDecision
    permission_required = "grants.view_grantdecision"
    template_name = "grants/grantdecision_detail.html"

    def get_queryset(self) -> QuerySet[GrantDecision]:
        return (
            GrantDecision.objects.visible_to(self.request.user)
            .select_related("project__programme", "revises")
            .prefetch_related(
                "recommendations__funding_source",
                "recommendations__recipient",
                "disbursements",
                "cases",
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["report"] = decision_report(self.object)
        context["table_kind"] = "decision"
        context["statuses"] = GrantDecision.Status
        return context


class DecisionCreateView(guards.ObjectPermissionMixin, CreateView):
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
        response = super().form_valid(form)
        messages.success(
            self.request, _("The decision was created. Enter its budget and financing.")
        )
        return response

    def get_success_url(self) -> str:
        assert self.object is not None
        return reverse("grants:decision_budget", args=[self.object.pk])


class DecisionUpdateView(guards.ObjectPermissionMixin, UpdateView):
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
        # Save only the form's own fields: writing back the version loaded with the page
        # could undo a grid save made meanwhile, and with it that save's protection.
        self.object = form.save(commit=False)
        self.object.save(update_fields=list(form.fields))
        form.save_m2m()
        messages.success(self.request, _("The decision was saved."))
        return HttpResponseRedirect(self.get_success_url())


class BudgetGridView(guards.ObjectPermissionMixin, FormView):
    """Enter every budget and financing cell of one decision in one form."""

    form_class = BudgetGridForm
    permission_required = "grants.change_grantdecision"
    template_name = "grants/grantdecision_budget.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.decision = guards.get_object(
            request,
            GrantDecision.objects.select_related("project").with_figures(),
            kwargs["pk"],
            self.permission_required,
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        decision = self.decision
        return {
            **super().get_form_kwargs(),
            "decision": decision,
            "areas": list(EffortArea.objects.filter(project_id=decision.project_id)),
            "sources": list(FundingSource.objects.all()),
            "budget": {(b.effort_area_id, b.year): b.amount for b in decision.budget_lines.all()},
            "financing": {
                (f.funding_source_id, f.year): f.amount for f in decision.financing_lines.all()
            },
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
            for message in exc.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
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


class CaseListView(guards.ObjectPermissionMixin, ListView):
    model = Case
    permission_required = "grants.view_case"
    paginate_by = 25
    template_name = "grants/case_list.html"

    def get_queryset(self) -> QuerySet[Case]:
        return (
            Case.objects.visible_to(self.request.user)
            .select_related("project")
            .annotate(decision_count=Count("decisions"))
            .order_by("-meeting_date", "pk")
        )


class CaseDetailView(guards.ObjectPermissionMixin, DetailView):
    model = Case
    permission_required = "grants.view_case"
    template_name = "grants/case_detail.html"

    def get_queryset(self) -> QuerySet[Case]:
        return Case.objects.visible_to(self.request.user).select_related("project")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["report"] = case_report(self.object)
        context["table_kind"] = "case"
        context["findings"] = checks.findings_report(self.object, context["report"].decisions)
        return context


# Each kind of table: where it comes from, who may read it, how it is computed.
TABLE_SOURCES: dict[str, tuple[QuerySet[Any], str, Callable[[Any], TableReport]]] = {
    "decision": (
        GrantDecision.objects.select_related("project"),
        "grants.view_grantdecision",
        decision_report,
    ),
    "case": (Case.objects.select_related("project"), "grants.view_case", case_report),
    "project": (
        Project.objects.select_related("programme"),
        "grants.view_project",
        project_report,
    ),
}
FORMATS = {
    "csv": ("text/csv; charset=utf-8", exports.to_csv),
    "xlsx": (XLSX_CONTENT_TYPE, exports.to_xlsx),
    "pdf": ("application/pdf", exports.to_pdf),
}


def build_report(request: HttpRequest, kind: str, pk: int) -> tuple[Any, TableReport]:
    """The object of `kind` with id `pk`, if the user may read it, and its table report."""
    if kind not in TABLE_SOURCES:
        raise Http404
    queryset, perm, make_report = TABLE_SOURCES[kind]
    obj = guards.get_object(request, queryset, pk, perm)
    return obj, make_report(obj)


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
