"""Progress toward targets: a project's page, a programme's overview, their XLSX, target changes.

The pages and the workbooks render the same `progress.queries` results. They show
counts only, never a participant, so anyone who may view targets may see every project's.
"""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView

from accounts import guards
from core import xlsx
from core.filenames import download_name
from grants.models import Programme, Project, Target, TargetChange
from grants.public import target_change
from progress.exports import programme_book, project_book
from progress.forms import TargetChangeForm
from progress.presenters import shown_projects, shown_targets, shown_totals
from progress.queries import programme_progress, project_progress


def today() -> date:
    """The day progress is measured on (a function, so tests can fix it)."""
    return timezone.localdate()


class ProjectProgressView(guards.ObjectPermissionMixin, DetailView[Project]):
    """A project's targets: achieved, the pace, a chart each, and how the targets changed."""

    model = Project
    permission_required = "grants.view_target"
    template_name = "progress/progress_project.html"

    def get_queryset(self) -> QuerySet[Project]:
        return Project.objects.visible_to(self.request.user).with_relations()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        day = today()
        targets = shown_targets(project_progress(self.object, today=day))
        context.update({"today": day, "targets": targets})
        if self.request.user.has_perm("grants.add_target", self.object):
            # Where staff set each decision's targets, also of decisions without any yet.
            context["decisions"] = list(
                self.object.decisions.order_by("first_year", "decided_on", "pk")
            )
        return context


class ProgrammeProgressView(guards.ObjectPermissionMixin, DetailView[Programme]):
    """Each indicator's total across a programme, and one row per project adding up its
    targets per indicator; every target's detail is on the project's page and in the XLSX."""

    model = Programme
    permission_required = "grants.view_programme_progress"
    template_name = "progress/progress_programme.html"

    def get_queryset(self) -> QuerySet[Programme]:
        return Programme.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        day = today()
        overview = programme_progress(self.object, today=day)
        context.update(
            {
                "today": day,
                "overview": overview,
                "totals": shown_totals(overview.totals),
                "projects": shown_projects(overview),
            }
        )
        return context


@guards.checks_object_permission("grants.view_target")
def project_progress_xlsx(request: HttpRequest, pk: int) -> HttpResponseBase:
    project = guards.get_object(request, Project.objects.with_relations(), pk, "grants.view_target")
    day = today()
    book = project_book(project, project_progress(project, today=day), day=day)
    return xlsx.streaming_response(book, download_name(_("progress"), project.name, ext="xlsx"))


@guards.checks_object_permission("grants.view_programme_progress")
def programme_progress_xlsx(request: HttpRequest, pk: int) -> HttpResponseBase:
    programme = guards.get_object(request, Programme, pk, "grants.view_programme_progress")
    day = today()
    book = programme_book(programme, programme_progress(programme, today=day), day=day)
    name = download_name(_("progress"), programme.name, ext="xlsx")
    return xlsx.streaming_response(book, name)


class TargetEditView(guards.ObjectPermissionMixin, FormView[TargetChangeForm]):
    """Change a target's value; the old value, the time, the user and the reason are kept."""

    form_class = TargetChangeForm
    permission_required = "grants.change_target"
    template_name = "progress/target_form.html"

    @cached_property
    def target(self) -> Target:
        return guards.get_object(
            self.request,
            Target.objects.select_related("decision__project").prefetch_related(
                Prefetch(
                    "changes",
                    queryset=TargetChange.objects.select_related("changed_by").order_by(
                        "-changed_at", "-pk"
                    ),
                )
            ),
            self.kwargs["pk"],
            self.permission_required,
        )

    def get_initial(self) -> dict[str, Any]:
        return {"value": self.target.value}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "target": self.target,
            "project": self.target.decision.project,
            "changes": list(self.target.changes.all()),
        }

    def form_valid(self, form: TargetChangeForm) -> HttpResponse:
        try:
            target_change(
                target=self.target,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                by=guards.author(self.request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The target was changed."))
        url = reverse("progress:project_progress", args=[self.target.decision.project_id])
        return HttpResponseRedirect(f"{url}#target-{self.target.pk}")

    def form_invalid(self, form: TargetChangeForm) -> HttpResponse:
        messages.error(self.request, _("Nothing was saved: correct the marked fields."))
        return super().form_invalid(form)
