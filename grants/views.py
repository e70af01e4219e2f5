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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, UpdateView
from django.views.generic.edit import FormMixin
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import guards
from core import confirm
from core.filenames import attach, download_name
from core.forms import parse_id
from core.paging import PagedTableMixin
from core.xlsx import XLSX_CONTENT_TYPE
from grants import exports, queries, table_cache
from grants.filters import DecisionFilter, ProjectFilter
from grants.forms import (
    DecisionForm,
)
from grants.models import GrantDecision, Project
from grants.services import (
    decision_create,
    decision_delete,
    decision_set_status,
    decision_update,
    may_reopen,
)
from grants.tables import DecisionTable, ProjectTable


def refused(view: FormMixin[Any], form: forms.BaseForm, refusal: ValidationError) -> HttpResponse:
    """Show the form again with a service's refusal above it; nothing was saved."""
    for message in refusal.messages:
        form.add_error(None, message)
    return view.form_invalid(form)


class ProjectListView(guards.ObjectPermissionMixin, PagedTableMixin, SingleTableMixin, FilterView):
    model = Project
    permission_required = "grants.view_project"
    table_class = ProjectTable
    filterset_class = ProjectFilter
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


class DecisionListView(guards.ObjectPermissionMixin, PagedTableMixin, SingleTableMixin, FilterView):
    model = GrantDecision
    permission_required = "grants.view_grantdecision"
    table_class = DecisionTable
    filterset_class = DecisionFilter
    template_name = "grants/grantdecision_list.html"

    def get_queryset(self) -> QuerySet[GrantDecision]:
        return GrantDecision.objects.visible_to(self.request.user).select_related(
            "project", "deciding_body"
        )


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
        context["locked"] = self.object.status == GrantDecision.Status.APPROVED
        context["may_reopen"] = may_reopen(self.request.user)
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

    def get_initial(self) -> dict[str, Any]:
        """?revises=<id>: a budget revision of that decision, over its period to start with."""
        revised_id = parse_id(self.request.GET.get("revises", ""))
        revised = (
            None
            if revised_id is None
            else GrantDecision.objects.filter(project=self.project, pk=revised_id).first()
        )
        if revised is None:
            return super().get_initial()
        return {
            **super().get_initial(),
            "kind": GrantDecision.Kind.REVISION,
            "revises": revised.pk,
            "deciding_body": revised.deciding_body,
            "first_year": revised.first_year,
            "last_year": revised.last_year,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "project": self.project}

    def form_valid(self, form: DecisionForm) -> HttpResponse:
        try:
            self.object = decision_create(
                project=self.project, fields=form.cleaned_data, by=guards.author(self.request)
            )
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
            self.object = decision_update(
                decision=self.object, fields=form.cleaned_data, by=guards.author(self.request)
            )
        except ValidationError as exc:
            return refused(self, form, exc)
        messages.success(self.request, _("The decision was saved."))
        return HttpResponseRedirect(self.get_success_url())


@confirm.destroys
@guards.checks_object_permission("grants.delete_grantdecision")
def decision_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a draft entered by mistake, after a confirmation page (GET shows it)."""
    decision = guards.get_object(
        request,
        GrantDecision.objects.select_related("project"),
        pk,
        "grants.delete_grantdecision",
    )
    refusal: list[str] = []
    if request.method == "POST":
        try:
            decision_delete(decision=decision, by=guards.author(request))
        except ValidationError as exc:
            refusal = exc.messages
        else:
            messages.success(
                request, _("The decision %(title)s was deleted.") % {"title": decision.title}
            )
            return HttpResponseRedirect(decision.project.get_absolute_url())
    elif decision.status != GrantDecision.Status.DRAFT:
        refusal = [
            _("Only a draft can be deleted; this decision is %(status)s.")
            % {"status": decision.get_status_display()},
            _(
                "Only a draft entered by mistake can be deleted. An approved decision is changed "
                "through a budget revision."
            ),
        ]
    project = decision.project
    confirmation = confirm.Confirmation(
        title=_("Delete decision"),
        question=_("Delete the draft decision “%(title)s”?") % {"title": decision.title},
        consequences=[
            _(
                "Its budget and financing, recommendations, disbursement schedule and targets "
                "are deleted with it."
            ),
            _("The history keeps a record of it."),
        ],
        refusal=refusal,
        button=_("Yes, delete the decision"),
        cancel_url=decision.get_absolute_url(),
        trail=[
            (project.get_absolute_url(), project.name),
            (decision.get_absolute_url(), decision.title),
        ],
    )
    return confirm.ask(request, confirmation, status=409 if request.method == "POST" else 200)


@require_POST
@guards.checks_object_permission("grants.change_grantdecision")
def decision_status(request: HttpRequest, pk: int) -> HttpResponse:
    decision = guards.get_object(request, GrantDecision, pk, "grants.change_grantdecision")
    # The status form sends the version it was shown with; without one, nothing is compared.
    version = request.POST.get("version")
    expected_version = None if version is None else parse_id(version, minimum=0)
    if version is not None and expected_version is None:
        messages.error(request, _("The page was incomplete: reload it and try again."))
        return HttpResponseRedirect(decision.get_absolute_url())
    user = guards.author(request)
    try:
        decision_set_status(
            decision=decision,
            status=request.POST.get("status", ""),
            expected_version=expected_version,
            by=user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The status was changed."))
    return HttpResponseRedirect(decision.get_absolute_url())


FORMATS = {
    "csv": ("text/csv; charset=utf-8", exports.to_csv),
    "xlsx": (XLSX_CONTENT_TYPE, exports.to_xlsx),
    "pdf": ("application/pdf", exports.to_pdf),
}


@guards.checks_object_permission(*(perm for _, perm, _ in queries.BUDGET_SOURCES.values()))
def budget_table(request: HttpRequest, kind: str, pk: int, fmt: str = "html") -> HttpResponse:
    """The budget-and-financing table of a decision, case or project, in any format.

    The page's table is kept rendered until the project's figures change (`table_cache`).
    """
    if kind not in queries.BUDGET_SOURCES:
        raise Http404
    if fmt == "html":
        return render(request, "grants/budget_table.html", table_cache.page(request, kind, pk))
    if fmt not in FORMATS:
        raise Http404
    queryset, perm, make_report = queries.BUDGET_SOURCES[kind]
    report = make_report(guards.get_object(request, queryset, pk, perm))
    content_type, render_format = FORMATS[fmt]
    response = HttpResponse(render_format(report), content_type=content_type)
    # A decision's or case's title alone ("Forlængelse") does not say whose it is.
    whose = "" if kind == "project" else report.subject
    return attach(response, download_name(_("budget and financing"), report.title, whose, ext=fmt))
