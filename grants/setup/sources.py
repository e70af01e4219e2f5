# mypy: disallow-subclassing-any=False
# (django-tables2 ships no types, as for the other apps' tables and views in pyproject.toml.)
"""The region's list of funding sources (the catalogue every project chooses its sources from).

The list is a django-tables2 view with a filter; the forms save through
`grants.setup.catalogue.funding_source_save` and deleting asks first (`core.confirm`), is refused
while anything uses the source, and can be undone. The admin writes through the same services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import guards
from core import confirm, undo
from core.paging import PagedTableMixin
from core.refusals import refusal_messages
from grants.models import FundingSource
from grants.setup import catalogue
from grants.setup.filters import FundingSourceFilter
from grants.setup.forms import FundingSourceForm
from grants.setup.tables import FundingSourceTable
from grants.setup.views import _SavedByService

LIST_URL = "grants:fundingsource_list"


class FundingSourceListView(
    guards.ObjectPermissionMixin, PagedTableMixin, SingleTableMixin, FilterView
):
    model = FundingSource
    permission_required = "grants.set_up_projects"
    table_class = FundingSourceTable
    filterset_class = FundingSourceFilter
    template_name = "grants/setup/fundingsource_list.html"

    def get_queryset(self) -> QuerySet[FundingSource]:
        # Reference data: whoever may set up projects sees the whole list.
        return FundingSource.objects.annotate(project_count=Count("project_choices")).order_by(
            "order", "pk"
        )


class _FundingSourceSaved(_SavedByService):
    success_message = gettext_lazy("The funding source was saved.")

    def save(self, form: forms.ModelForm[Any]) -> FundingSource:
        return catalogue.funding_source_save(source=form.instance, by=guards.author(self.request))

    def get_success_url(self) -> str:
        return reverse(LIST_URL)


class FundingSourceCreateView(
    guards.ObjectPermissionMixin,
    _FundingSourceSaved,
    CreateView[FundingSource, FundingSourceForm],
):
    model = FundingSource
    form_class = FundingSourceForm
    permission_required = "grants.add_fundingsource"
    template_name = "grants/setup/fundingsource_form.html"


class FundingSourceUpdateView(
    guards.ObjectPermissionMixin,
    _FundingSourceSaved,
    UpdateView[FundingSource, FundingSourceForm],
):
    model = FundingSource
    form_class = FundingSourceForm
    permission_required = "grants.change_fundingsource"
    template_name = "grants/setup/fundingsource_form.html"

    def get_queryset(self) -> QuerySet[FundingSource]:
        return FundingSource.objects.all()


def _confirmation(source: FundingSource) -> confirm.Confirmation:
    list_url = reverse(LIST_URL)
    return confirm.Confirmation(
        title=_("Delete the funding source"),
        question=_("Delete %(name)s from the region's funding sources?") % {"name": source.name},
        consequences=[
            _("No project can choose it any more, and no budget grid offers it."),
            _("Right after the deletion, you can undo it."),
        ],
        refusal=catalogue.funding_source_refusal(source),
        button=_("Yes, delete the funding source"),
        cancel_url=list_url,
        trail=[(list_url, _("Funding sources"))],
    )


@confirm.destroys
@guards.checks_object_permission("grants.delete_fundingsource")
def fundingsource_delete(request: HttpRequest, pk: int) -> HttpResponse:
    source = guards.get_object(request, FundingSource, pk, "grants.delete_fundingsource")
    if request.method != "POST":
        return confirm.ask(request, _confirmation(source))
    undo.destroy(
        request,
        lambda: catalogue.funding_source_delete(source=source, by=guards.author(request)),
        done=_("The funding source %(name)s was deleted.") % {"name": source.name},
        url=reverse("grants:fundingsource_restore", args=[pk]),
    )
    return HttpResponseRedirect(reverse(LIST_URL))


@require_POST
@guards.checks_object_permission("grants.delete_fundingsource")
def fundingsource_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo the deletion of a funding source (the button in the message after it)."""
    guards.require(request.user, "grants.delete_fundingsource")
    undo.deletion_or_404(FundingSource, pk)
    try:
        source = catalogue.funding_source_restore(source_id=pk, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("The funding source %(name)s is back.") % {"name": source.name})
    return HttpResponseRedirect(reverse(LIST_URL))
