# mypy: disallow-subclassing-any=False
# (django-tables2 ships no types, as for the other apps' tables and views in pyproject.toml.)
"""The indicator pages of regional staff: indicators, a programme's choice of them, and a
decision's targets with their breakdowns. Every write goes through
`grants.setup.indicator_services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, ListView, UpdateView
from django_tables2 import SingleTableMixin

from accounts import guards
from core import confirm
from core.paging import PagedTableMixin
from core.refusals import NOT_SAVED, show_refusal
from grants.models import GrantDecision, Indicator, Programme, Target, TargetBreakdown
from grants.setup import indicator_services as services
from grants.setup.indicator_forms import (
    BreakdownForm,
    IndicatorForm,
    ProgrammeIndicatorsForm,
    TargetAddForm,
)
from grants.setup.tables import IndicatorTable
from grants.setup.views import _SavedByService

# --- Indicators -----------------------------------------------------------------------------


class IndicatorListView(
    guards.ObjectPermissionMixin, PagedTableMixin, SingleTableMixin, ListView[Indicator]
):
    model = Indicator
    permission_required = "grants.set_up_projects"
    table_class = IndicatorTable
    template_name = "grants/setup/indicator_list.html"

    def get_queryset(self) -> QuerySet[Indicator]:
        return (
            Indicator.objects.visible_to(self.request.user)
            .annotate(programme_count=Count("programme_choices"))
            .order_by("code", "pk")
        )


class _IndicatorSaved(_SavedByService):
    success_message = gettext_lazy("The indicator was saved.")

    def save(self, form: forms.ModelForm[Any]) -> Indicator:
        return services.indicator_save(indicator=form.instance, by=guards.author(self.request))

    def get_success_url(self) -> str:
        return reverse("grants:indicator_list")


class IndicatorCreateView(
    guards.ObjectPermissionMixin, _IndicatorSaved, CreateView[Indicator, IndicatorForm]
):
    model = Indicator
    form_class = IndicatorForm
    permission_required = "grants.add_indicator"
    template_name = "grants/setup/indicator_form.html"


class IndicatorUpdateView(
    guards.ObjectPermissionMixin, _IndicatorSaved, UpdateView[Indicator, IndicatorForm]
):
    model = Indicator
    form_class = IndicatorForm
    permission_required = "grants.change_indicator"
    template_name = "grants/setup/indicator_form.html"

    def get_queryset(self) -> QuerySet[Indicator]:
        return Indicator.objects.visible_to(self.request.user)


# --- A programme's indicators ---------------------------------------------------------------


@guards.checks_object_permission("grants.change_programme")
def programme_indicators(request: HttpRequest, pk: int) -> HttpResponse:
    programme = guards.get_object(request, Programme, pk, "grants.change_programme")
    chosen = list(programme.indicators.order_by("code").values_list("pk", flat=True))
    if request.method == "POST":
        form = ProgrammeIndicatorsForm(request.POST)
        if form.is_valid():
            try:
                services.programme_indicators_set(
                    programme=programme,
                    indicators=form.cleaned_data["indicators"],
                    by=guards.author(request),
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The programme's indicators were saved."))
                return HttpResponseRedirect(reverse("grants:programme_list"))
        messages.error(request, NOT_SAVED)
    else:
        form = ProgrammeIndicatorsForm(initial={"indicators": chosen})
    return render(
        request,
        "grants/setup/programme_indicators.html",
        {"programme": programme, "form": form},
    )


# --- A decision's targets -------------------------------------------------------------------


def _targets_page(decision: GrantDecision) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("grants:decision_targets", args=[decision.pk]))


@guards.checks_object_permission("grants.add_target")
def decision_targets(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision's targets with their breakdowns, and the form that adds a target."""
    decision = guards.get_object(
        request, GrantDecision.objects.select_related("project"), pk, "grants.add_target"
    )
    if request.method == "POST":
        form = TargetAddForm(request.POST, decision=decision)
        if form.is_valid():
            try:
                target = services.target_add(
                    decision=decision,
                    indicator=form.cleaned_data["indicator"],
                    value=form.cleaned_data["value"],
                    by=guards.author(request),
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(
                    request,
                    _("The target for %(indicator)s was set.") % {"indicator": target.indicator},
                )
                return _targets_page(decision)
        messages.error(request, NOT_SAVED)
    else:
        form = TargetAddForm(decision=decision)
    targets = (
        Target.objects.filter(decision=decision)
        .select_related("indicator")
        .prefetch_related(
            Prefetch(
                "breakdown",
                queryset=TargetBreakdown.objects.select_related("industry").order_by(
                    "dimension", "industry__name", "category", "pk"
                ),
            )
        )
        .order_by("indicator__code")
    )
    return render(
        request,
        "grants/setup/decision_targets.html",
        {
            "decision": decision,
            "project": decision.project,
            "targets": targets,
            "form": form,
            # Refused input is shown again; else the form, while an indicator is left to set.
            "show_form": form.is_bound or TargetAddForm.open_indicators(decision).exists(),
        },
    )


@guards.checks_object_permission("grants.add_targetbreakdown")
def target_breakdown(request: HttpRequest, pk: int) -> HttpResponse:
    """Set one part of a target's breakdown (by a dimension its indicator's measure counts)."""
    target = guards.get_object(
        request,
        Target.objects.select_related("decision__project", "indicator"),
        pk,
        "grants.add_targetbreakdown",
    )
    if not target.indicator.dimensions:
        messages.error(request, _("This indicator cannot be broken down."))
        return _targets_page(target.decision)
    if request.method == "POST":
        form = BreakdownForm(request.POST, indicator=target.indicator)
        if form.is_valid():
            dimension, industry, category = form.cleaned_data["part"]
            try:
                services.breakdown_set(
                    target=target,
                    dimension=dimension,
                    industry=industry,
                    category=category,
                    value=form.cleaned_data["value"],
                    by=guards.author(request),
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The breakdown was saved."))
                return _targets_page(target.decision)
        messages.error(request, NOT_SAVED)
    else:
        form = BreakdownForm(indicator=target.indicator)
    return render(
        request,
        "grants/setup/target_breakdown.html",
        {"target": target, "decision": target.decision, "form": form},
    )


@confirm.destroys
@guards.checks_object_permission("grants.delete_targetbreakdown")
def breakdown_remove(request: HttpRequest, pk: int) -> HttpResponse:
    part = guards.get_object(
        request,
        TargetBreakdown.objects.select_related("target__decision", "target__indicator", "industry"),
        pk,
        "grants.delete_targetbreakdown",
    )
    if request.method != "POST":
        decision = part.target.decision
        targets_url = reverse("grants:decision_targets", args=[decision.pk])
        return confirm.ask(
            request,
            confirm.Confirmation(
                title=_("Remove the part of the target"),
                question=_(
                    "Remove the part “%(part)s” (%(value)s) from the target %(indicator)s of "
                    "%(decision)s?"
                )
                % {
                    "part": part.label,
                    "value": part.value,
                    "indicator": part.target.indicator.name,
                    "decision": decision.title,
                },
                consequences=[
                    _("The target itself keeps its value; progress no longer shows this part."),
                ],
                button=_("Yes, remove the part"),
                cancel_url=targets_url,
                trail=[(targets_url, _("Targets of %(title)s") % {"title": decision.title})],
            ),
        )
    services.breakdown_remove(part=part, by=guards.author(request))
    messages.success(request, _("The part “%(part)s” was removed.") % {"part": part.label})
    return _targets_page(part.target.decision)
