"""Views for companies: the list, one company's page, and the company form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import guards
from companies.filters import CompanyFilter
from companies.forms import CompanyForm
from companies.models import Company
from companies.services import company_save
from companies.tables import CompanyTable
from core.paging import PagedTableMixin
from grants.models import Project


def project_count() -> Subquery:
    """A company's number of projects, as a subquery of its own.

    A `Count` over the join grouped all 20,000 companies before the page was cut out of them;
    a subquery in the select list is computed for the rows of the page only (unless the list
    is sorted by it).
    """
    links = (
        Company.projects.through.objects.filter(company_id=OuterRef("pk"))
        .order_by()
        .values("company_id")
        .annotate(n=Count("*"))
        # django-stubs loses an annotation made after values(): Django's own idiom all the same.
        .values("n")  # type: ignore[misc]
    )
    return Subquery(links, output_field=IntegerField())


class CompanyListView(guards.ObjectPermissionMixin, PagedTableMixin, SingleTableMixin, FilterView):
    model = Company
    table_class = CompanyTable
    filterset_class = CompanyFilter
    permission_required = "companies.view_company"
    template_name = "companies/company_list.html"

    def get_queryset(self) -> QuerySet[Company]:
        return (
            Company.objects.visible_to(self.request.user)
            .select_related("municipality", "industry")
            .annotate(project_count=Coalesce(project_count(), 0))
            .order_by("name", "pk")
        )


class CompanyDetailView(guards.ObjectPermissionMixin, DetailView[Company]):
    model = Company
    permission_required = "companies.view_company"
    template_name = "companies/company_detail.html"

    def get_queryset(self) -> QuerySet[Company]:
        return (
            Company.objects.visible_to(self.request.user)
            .select_related("municipality", "labour_market_area", "industry")
            .prefetch_related(
                # Only the projects the user may read: another project's name and programme
                # are not theirs to see (and its page would be a 404).
                Prefetch(
                    "projects",
                    queryset=Project.objects.visible_to(self.request.user).with_relations(),
                ),
                "networks__labour_market_area",
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        company: Company = self.object
        # A count only: the page shows nothing about the citizens in the courses.
        context["course_count"] = company.courses.count()
        context["associations"] = (
            company.industry.associations.all() if company.industry is not None else []
        )
        return context


class _CompanyFormMixin:
    """Saves through `company_save`, so links to projects the user cannot see stay."""

    request: Any
    object: Any

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}  # type: ignore[misc]

    def form_valid(self, form: CompanyForm) -> HttpResponse:
        try:
            self.object = company_save(
                company=form.instance,
                projects=form.cleaned_data["projects"],
                editable=form.fields["projects"].queryset,  # type: ignore[attr-defined]
                by=guards.author(self.request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The company was saved."))
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: CompanyForm) -> HttpResponse:
        messages.error(self.request, _("Nothing was saved: correct the marked fields."))
        return super().form_invalid(form)  # type: ignore[misc,no-any-return]

    def get_success_url(self) -> str:
        assert self.object is not None
        return reverse("companies:company_detail", args=[self.object.pk])


class CompanyCreateView(guards.ObjectPermissionMixin, _CompanyFormMixin, CreateView[Company, Any]):
    model = Company
    form_class = CompanyForm
    permission_required = "companies.add_company"
    template_name = "companies/company_form.html"


class CompanyUpdateView(guards.ObjectPermissionMixin, _CompanyFormMixin, UpdateView[Company, Any]):
    model = Company
    form_class = CompanyForm
    permission_required = "companies.change_company"
    template_name = "companies/company_form.html"

    def get_queryset(self) -> QuerySet[Company]:
        return Company.objects.visible_to(self.request.user).select_related("municipality")
