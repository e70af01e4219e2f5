# mypy: disallow-subclassing-any=False
# (django-tables2 ships no types, as for the other apps' tables and views in pyproject.toml.)
"""The set-up pages of regional staff: programmes, organisations, projects, a project's rows.

Lists are django-tables2 views; forms are generic create/update views or a small function view
(a project's form has its links beside it). A project's effort areas and funding sources have
their views in `grants.setup.rows`. Every write goes through `grants.setup.services`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, ListView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import guards
from core.paging import PagedTableMixin
from core.refusals import NOT_SAVED, show_refusal
from grants.models import (
    Organisation,
    Programme,
    Project,
    ProjectOrganisation,
)
from grants.setup import services
from grants.setup.filters import OrganisationFilter
from grants.setup.forms import (
    LinkFormSet,
    OrganisationForm,
    ProgrammeForm,
    ProjectForm,
)
from grants.setup.tables import OrganisationTable, ProgrammeTable


class _SavedByService:
    """For create and update views: save through a service, with the user as the author."""

    request: HttpRequest
    object: Any
    success_message: Any = ""

    def save(self, form: forms.ModelForm[Any]) -> Any:
        raise NotImplementedError

    def form_valid(self, form: forms.ModelForm[Any]) -> HttpResponse:
        try:
            self.object = self.save(form)
        except ValidationError as exc:
            show_refusal(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: forms.ModelForm[Any]) -> HttpResponse:
        messages.error(self.request, NOT_SAVED)
        return super().form_invalid(form)  # type: ignore[misc,no-any-return]

    def get_success_url(self) -> str:
        raise NotImplementedError


# --- Programmes -----------------------------------------------------------------------------


class ProgrammeListView(
    guards.ObjectPermissionMixin, PagedTableMixin, SingleTableMixin, ListView[Programme]
):
    model = Programme
    permission_required = "grants.set_up_projects"
    table_class = ProgrammeTable
    template_name = "grants/setup/programme_list.html"

    def get_queryset(self) -> QuerySet[Programme]:
        return (
            Programme.objects.visible_to(self.request.user)
            .annotate(project_count=Count("projects"))
            .order_by("name", "pk")
        )


class _ProgrammeSaved(_SavedByService):
    success_message = gettext_lazy("The programme was saved.")

    def save(self, form: forms.ModelForm[Any]) -> Programme:
        return services.programme_save(programme=form.instance, by=guards.author(self.request))

    def get_success_url(self) -> str:
        return reverse("grants:programme_list")


class ProgrammeCreateView(
    guards.ObjectPermissionMixin, _ProgrammeSaved, CreateView[Programme, ProgrammeForm]
):
    model = Programme
    form_class = ProgrammeForm
    permission_required = "grants.add_programme"
    template_name = "grants/setup/programme_form.html"


class ProgrammeUpdateView(
    guards.ObjectPermissionMixin, _ProgrammeSaved, UpdateView[Programme, ProgrammeForm]
):
    model = Programme
    form_class = ProgrammeForm
    permission_required = "grants.change_programme"
    template_name = "grants/setup/programme_form.html"

    def get_queryset(self) -> QuerySet[Programme]:
        return Programme.objects.visible_to(self.request.user)


# --- Organisations --------------------------------------------------------------------------


def organisation_project_count() -> Coalesce:
    """The number of projects an organisation has a role in, for the rows of the page only."""
    roles = (
        ProjectOrganisation.objects.filter(organisation_id=OuterRef("pk"))
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("project_id", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(roles, output_field=IntegerField()), 0)


class OrganisationListView(
    guards.ObjectPermissionMixin, PagedTableMixin, SingleTableMixin, FilterView
):
    model = Organisation
    permission_required = "grants.set_up_projects"
    table_class = OrganisationTable
    filterset_class = OrganisationFilter
    template_name = "grants/setup/organisation_list.html"

    def get_queryset(self) -> QuerySet[Organisation]:
        # Organisations are reference data: whoever may set up projects sees them all.
        return Organisation.objects.annotate(project_count=organisation_project_count()).order_by(
            "name", "pk"
        )


class _OrganisationSaved(_SavedByService):
    success_message = gettext_lazy("The organisation was saved.")

    def save(self, form: forms.ModelForm[Any]) -> Organisation:
        return services.organisation_save(
            organisation=form.instance, by=guards.author(self.request)
        )

    def get_success_url(self) -> str:
        return reverse("grants:organisation_list")


class OrganisationCreateView(
    guards.ObjectPermissionMixin, _OrganisationSaved, CreateView[Organisation, OrganisationForm]
):
    model = Organisation
    form_class = OrganisationForm
    permission_required = "grants.add_organisation"
    template_name = "grants/setup/organisation_form.html"


class OrganisationUpdateView(
    guards.ObjectPermissionMixin, _OrganisationSaved, UpdateView[Organisation, OrganisationForm]
):
    model = Organisation
    form_class = OrganisationForm
    permission_required = "grants.change_organisation"
    template_name = "grants/setup/organisation_form.html"

    def get_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.all()


# --- Projects -------------------------------------------------------------------------------


@guards.permission_required("grants.add_project")
def project_create(request: HttpRequest) -> HttpResponse:
    return _project_form(request, Project())


@guards.checks_object_permission("grants.change_project")
def project_update(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = Project.objects.prefetch_related("organisation_roles", "links")
    project = guards.get_object(request, queryset, pk, "grants.change_project")
    return _project_form(request, project)


def _project_form(request: HttpRequest, project: Project) -> HttpResponse:
    initial_links = (
        [{"title": link.title, "url": link.url} for link in project.links.all()]
        if project.pk is not None
        else []
    )
    if request.method == "POST":
        form = ProjectForm(request.POST, instance=project)
        links = LinkFormSet(request.POST, initial=initial_links, prefix="links")
        if form.is_valid() and links.is_valid():
            data = form.cleaned_data
            try:
                saved = services.project_save(
                    project=form.instance,
                    applicant=data["applicant"],
                    on_behalf_of=data["on_behalf_of"],
                    operator=data["operator"],
                    partners=data["partners"],
                    links=links.links(),
                    by=guards.author(request),
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The project was saved."))
                return HttpResponseRedirect(saved.get_absolute_url())
        messages.error(request, NOT_SAVED)
    else:
        form = ProjectForm(instance=project)
        links = LinkFormSet(initial=initial_links, prefix="links")
    return render(
        request,
        "grants/setup/project_form.html",
        {"form": form, "links": links, "object": project if project.pk else None},
    )
