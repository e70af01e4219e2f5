# mypy: disallow-subclassing-any=False
# (django-tables2 ships no types, as for the other apps' tables and views in pyproject.toml.)
"""The region's list of decision bodies (Vækstforum, Danmarks Erhvervsfremmebestyrelse, ...):
the bodies that meetings are held by and decisions are made by.

The list is a django-tables2 view with a filter; the forms save through
`grants.setup.body_services.body_save` and deleting asks first (`core.confirm`), is refused
while a meeting or decision names the body, and can be undone. A body that has served is
retired instead: it is then no longer offered for new meetings and decisions.
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
from grants.models import DecisionBody
from grants.setup import body_services
from grants.setup.filters import DecisionBodyFilter
from grants.setup.forms import DecisionBodyForm
from grants.setup.tables import DecisionBodyTable
from grants.setup.views import _SavedByService

LIST_URL = "grants:decisionbody_list"


class DecisionBodyListView(
    guards.ObjectPermissionMixin, PagedTableMixin, SingleTableMixin, FilterView
):
    model = DecisionBody
    permission_required = "grants.set_up_projects"
    table_class = DecisionBodyTable
    filterset_class = DecisionBodyFilter
    template_name = "grants/setup/decisionbody_list.html"

    def get_queryset(self) -> QuerySet[DecisionBody]:
        # Reference data: whoever may set up projects sees the whole list.
        return DecisionBody.objects.annotate(
            meeting_count=Count("meetings", distinct=True),
            decision_count=Count("decisions", distinct=True),
        ).order_by("order", "name", "pk")


class _DecisionBodySaved(_SavedByService):
    success_message = gettext_lazy("The decision body was saved.")

    def save(self, form: forms.ModelForm[Any]) -> DecisionBody:
        return body_services.body_save(body=form.instance, by=guards.author(self.request))

    def get_success_url(self) -> str:
        return reverse(LIST_URL)


class DecisionBodyCreateView(
    guards.ObjectPermissionMixin,
    _DecisionBodySaved,
    CreateView[DecisionBody, DecisionBodyForm],
):
    model = DecisionBody
    form_class = DecisionBodyForm
    permission_required = "grants.add_decisionbody"
    template_name = "grants/setup/decisionbody_form.html"


class DecisionBodyUpdateView(
    guards.ObjectPermissionMixin,
    _DecisionBodySaved,
    UpdateView[DecisionBody, DecisionBodyForm],
):
    model = DecisionBody
    form_class = DecisionBodyForm
    permission_required = "grants.change_decisionbody"
    template_name = "grants/setup/decisionbody_form.html"

    def get_queryset(self) -> QuerySet[DecisionBody]:
        return DecisionBody.objects.all()


def _confirmation(body: DecisionBody) -> confirm.Confirmation:
    list_url = reverse(LIST_URL)
    return confirm.Confirmation(
        title=_("Delete the decision body"),
        question=_("Delete %(name)s from the region's decision bodies?") % {"name": body.name},
        consequences=[
            _("No meeting or decision can name it any more."),
            _("Right after the deletion, you can undo it."),
        ],
        refusal=body_services.body_refusal(body),
        button=_("Yes, delete the decision body"),
        cancel_url=list_url,
        trail=[(list_url, _("Decision bodies"))],
    )


@confirm.destroys
@guards.checks_object_permission("grants.delete_decisionbody")
def decisionbody_delete(request: HttpRequest, pk: int) -> HttpResponse:
    body = guards.get_object(request, DecisionBody, pk, "grants.delete_decisionbody")
    if request.method != "POST":
        return confirm.ask(request, _confirmation(body))
    undo.destroy(
        request,
        lambda: body_services.body_delete(body=body, by=guards.author(request)),
        done=_("The decision body %(name)s was deleted.") % {"name": body.name},
        url=reverse("grants:decisionbody_restore", args=[pk]),
    )
    return HttpResponseRedirect(reverse(LIST_URL))


@require_POST
@guards.checks_object_permission("grants.delete_decisionbody")
def decisionbody_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo the deletion of a decision body (the button in the message after it)."""
    guards.require(request.user, "grants.delete_decisionbody")
    undo.deletion_or_404(DecisionBody, pk)
    try:
        body = body_services.body_restore(body_id=pk, by=guards.author(request))
    except ValidationError as exc:
        refusal_messages(request, exc)
    else:
        messages.success(request, _("The decision body %(name)s is back.") % {"name": body.name})
    return HttpResponseRedirect(reverse(LIST_URL))
