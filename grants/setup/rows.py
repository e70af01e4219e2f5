"""The set-up pages of a project's rows: its effort areas and its funding sources.

The lists show the rows in the project's order; the one-off actions are small POST views that
answer with a message on the list they came from. Those that retire, delete or remove ask first
(`core.confirm`: their GET is the confirmation page), and a deletion can be undone.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts import guards
from core import confirm, undo
from core.refusals import NOT_SAVED, refusal_messages, show_refusal
from grants.models import BudgetLine, EffortArea, FundingSource, Project, ProjectFundingSource
from grants.setup import services
from grants.setup.forms import EffortAreaForm, ProjectSourceForm

# --- A project's effort areas ---------------------------------------------------------------


def _decision_counts() -> Coalesce:
    """The number of decisions with amounts for an effort area (the lines name no way back)."""
    lines = (
        BudgetLine.objects.filter(effort_area_id=OuterRef("pk"))
        .order_by()
        .values("effort_area_id")
        .annotate(n=Count("decision_id", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(lines, output_field=IntegerField()), 0)


def _areas_page(project: Project) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("grants:effortarea_list", args=[project.pk]))


@require_GET
@guards.checks_object_permission("grants.change_effortarea")
def effortarea_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = guards.get_object(request, Project, pk, "grants.change_effortarea")
    areas = EffortArea.objects.filter(project=project).annotate(decision_count=_decision_counts())
    return render(
        request, "grants/setup/effortarea_list.html", {"project": project, "areas": list(areas)}
    )


@guards.checks_object_permission("grants.add_effortarea")
def effortarea_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = guards.get_object(request, Project, pk, "grants.add_effortarea")
    return _area_form(request, project, EffortArea(project=project))


@guards.checks_object_permission("grants.change_effortarea")
def effortarea_update(request: HttpRequest, pk: int) -> HttpResponse:
    area = guards.get_object(
        request, EffortArea.objects.select_related("project"), pk, "grants.change_effortarea"
    )
    return _area_form(request, area.project, area)


def _area_form(request: HttpRequest, project: Project, area: EffortArea) -> HttpResponse:
    if request.method == "POST":
        form = EffortAreaForm(request.POST, instance=area, project=project)
        if form.is_valid():
            try:
                services.effort_area_save(area=form.instance, by=guards.author(request))
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The effort area was saved."))
                return _areas_page(project)
        messages.error(request, NOT_SAVED)
    else:
        form = EffortAreaForm(instance=area, project=project)
    return render(
        request,
        "grants/setup/effortarea_form.html",
        {"form": form, "project": project, "object": area if area.pk else None},
    )


def _direction(request: HttpRequest) -> bool | None:
    """True for "up", False for "down", None for anything else."""
    return {"up": True, "down": False}.get(request.POST.get("direction", ""))


@require_POST
@guards.checks_object_permission("grants.change_effortarea")
def effortarea_move(request: HttpRequest, pk: int) -> HttpResponse:
    area = guards.get_object(
        request, EffortArea.objects.select_related("project"), pk, "grants.change_effortarea"
    )
    up = _direction(request)
    if up is None:
        messages.error(request, _("The page was incomplete: reload it and try again."))
    else:
        services.effort_area_move(area=area, up=up, by=guards.author(request))
        messages.success(request, _("The order of the effort areas was saved."))
    return _areas_page(area.project)


def _areas_trail(project: Project) -> list[tuple[str, str]]:
    return [
        (project.get_absolute_url(), project.name),
        (reverse("grants:effortarea_list", args=[project.pk]), _("Effort areas")),
    ]


def _retire_confirmation(area: EffortArea) -> confirm.Confirmation:
    project = area.project
    decisions = BudgetLine.objects.filter(effort_area=area).values("decision_id").distinct().count()
    return confirm.Confirmation(
        title=_("Retire the effort area"),
        question=_("Retire the effort area “%(name)s” of %(project)s?")
        % {"name": area.name, "project": project.name},
        consequences=[
            ngettext(
                "It keeps its amounts in the %(count)s decision that has them, and the tables "
                "still show it.",
                "It keeps its amounts in the %(count)s decisions that have them, and the tables "
                "still show it.",
                decisions,
            )
            % {"count": decisions},
            _("No budget grid offers it for new amounts."),
            _("You can take it into use again from the list of effort areas."),
        ],
        refusal=[_("%(name)s is retired already.") % {"name": area.name}] if area.retired else [],
        button=_("Yes, retire the effort area"),
        danger=False,
        fields={"retired": "1"},
        cancel_url=reverse("grants:effortarea_list", args=[project.pk]),
        trail=_areas_trail(project),
    )


@confirm.destroys
@guards.checks_object_permission("grants.change_effortarea")
def effortarea_retire(request: HttpRequest, pk: int) -> HttpResponse:
    """Retire an effort area (after a confirmation), or take it into use again (`retired=0`,
    posted straight from the list: nothing is lost by it)."""
    area = guards.get_object(
        request, EffortArea.objects.select_related("project"), pk, "grants.change_effortarea"
    )
    if request.method != "POST":
        return confirm.ask(request, _retire_confirmation(area))
    retired = request.POST.get("retired") != "0"
    try:
        services.effort_area_retire(area=area, retired=retired, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        if retired:
            message = _("%(name)s was retired: it keeps its amounts, but is offered no more.")
        else:
            message = _("%(name)s is in use again.")
        messages.success(request, message % {"name": area.name})
    return _areas_page(area.project)


@confirm.destroys
@guards.checks_object_permission("grants.delete_effortarea")
def effortarea_delete(request: HttpRequest, pk: int) -> HttpResponse:
    area = guards.get_object(
        request, EffortArea.objects.select_related("project"), pk, "grants.delete_effortarea"
    )
    if request.method != "POST":
        project = area.project
        return confirm.ask(
            request,
            confirm.Confirmation(
                title=_("Delete the effort area"),
                question=_("Delete the effort area “%(name)s” of %(project)s?")
                % {"name": area.name, "project": project.name},
                consequences=[
                    _("It is no longer a row of the project's budget grids and tables."),
                    _("Right after the deletion, you can undo it."),
                ],
                refusal=services.effort_area_refusal(area),
                button=_("Yes, delete the effort area"),
                cancel_url=reverse("grants:effortarea_list", args=[project.pk]),
                trail=_areas_trail(project),
            ),
        )
    undo.destroy(
        request,
        lambda: services.effort_area_delete(area=area, by=guards.author(request)),
        done=_("%(name)s was deleted.") % {"name": area.name},
        url=reverse("grants:effortarea_restore", args=[pk]),
    )
    return _areas_page(area.project)


@require_POST
@guards.checks_object_permission("grants.delete_effortarea")
def effortarea_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo the deletion of an effort area (the button in the message after it)."""
    guards.require(request.user, "grants.delete_effortarea")
    record = undo.deletion_or_404(EffortArea, pk)
    project = guards.get_object(request, Project, record.project_id, "grants.delete_effortarea")
    try:
        area = services.effort_area_restore(area_id=pk, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("%(name)s is back.") % {"name": area.name})
    return _areas_page(project)


# --- A project's funding sources ------------------------------------------------------------


def _sources_page(project_id: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("grants:projectfundingsource_list", args=[project_id]))


def _available_sources(project: Project) -> QuerySet[FundingSource]:
    return FundingSource.objects.exclude(project_choices__project=project)


def _sources_context(project: Project, form: ProjectSourceForm | None = None) -> dict[str, Any]:
    choices = list(
        ProjectFundingSource.objects.filter(project=project).select_related("funding_source")
    )
    available = _available_sources(project)
    return {
        "project": project,
        "choices": choices,
        "form": form or ProjectSourceForm(available=available),
    }


@require_GET
@guards.checks_object_permission("grants.change_projectfundingsource")
def projectfundingsource_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = guards.get_object(request, Project, pk, "grants.change_projectfundingsource")
    return render(request, "grants/setup/projectfundingsource_list.html", _sources_context(project))


@require_POST
@guards.checks_object_permission("grants.add_projectfundingsource")
def projectfundingsource_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = guards.get_object(request, Project, pk, "grants.add_projectfundingsource")
    form = ProjectSourceForm(request.POST, available=_available_sources(project))
    if form.is_valid():
        try:
            choice = services.project_source_add(
                project=project,
                funding_source=form.cleaned_data["funding_source"],
                by=guards.author(request),
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(
                request,
                _("%(source)s was added to the project.") % {"source": choice.funding_source},
            )
            return _sources_page(project.pk)
    messages.error(request, NOT_SAVED)
    return render(
        request,
        "grants/setup/projectfundingsource_list.html",
        _sources_context(project, form),
        status=400,
    )


def _choice(request: HttpRequest, pk: int, perm: str) -> ProjectFundingSource:
    queryset = ProjectFundingSource.objects.select_related("funding_source", "project")
    return guards.get_object(request, queryset, pk, perm)


@require_POST
@guards.checks_object_permission("grants.change_projectfundingsource")
def projectfundingsource_move(request: HttpRequest, pk: int) -> HttpResponse:
    choice = _choice(request, pk, "grants.change_projectfundingsource")
    up = _direction(request)
    if up is None:
        messages.error(request, _("The page was incomplete: reload it and try again."))
    else:
        services.project_source_move(choice=choice, up=up, by=guards.author(request))
        messages.success(request, _("The order of the funding sources was saved."))
    return _sources_page(choice.project_id)


@confirm.destroys
@guards.checks_object_permission("grants.delete_projectfundingsource")
def projectfundingsource_remove(request: HttpRequest, pk: int) -> HttpResponse:
    choice = _choice(request, pk, "grants.delete_projectfundingsource")
    if request.method != "POST":
        project = choice.project
        list_url = reverse("grants:projectfundingsource_list", args=[project.pk])
        return confirm.ask(
            request,
            confirm.Confirmation(
                title=_("Remove the funding source"),
                question=_("Take %(source)s off the project %(project)s?")
                % {"source": choice.funding_source.name, "project": project.name},
                consequences=[
                    _("The project's budget grids no longer offer it for financing."),
                    _("The region's list of funding sources keeps it."),
                    _("Right after the removal, you can undo it."),
                ],
                refusal=services.project_source_refusal(choice),
                button=_("Yes, remove the funding source"),
                cancel_url=list_url,
                trail=[
                    (project.get_absolute_url(), project.name),
                    (list_url, _("Funding sources")),
                ],
            ),
        )
    undo.destroy(
        request,
        lambda: services.project_source_remove(choice=choice, by=guards.author(request)),
        done=_("%(source)s was taken off the project.") % {"source": choice.funding_source},
        url=reverse("grants:projectfundingsource_restore", args=[pk]),
    )
    return _sources_page(choice.project_id)


@require_POST
@guards.checks_object_permission("grants.delete_projectfundingsource")
def projectfundingsource_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo taking a funding source off a project (the button in the message after it)."""
    guards.require(request.user, "grants.delete_projectfundingsource")
    record = undo.deletion_or_404(ProjectFundingSource, pk)
    project = guards.get_object(
        request, Project, record.project_id, "grants.delete_projectfundingsource"
    )
    try:
        choice = services.project_source_restore(choice_id=pk, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(
            request,
            _("%(source)s is back on the project.") % {"source": choice.funding_source},
        )
    return _sources_page(project.pk)
