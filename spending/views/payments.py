# mypy: disallow-subclassing-any=False
# (django-tables2 ships no types, as for the other apps' tables and views in pyproject.toml.)
"""Payments: the list, a project's proposal form with its ceilings, a payment's page with its
steps, and the one-click steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import guards
from core import confirm
from core.forms import parse_id
from core.paging import PagedTableMixin
from core.refusals import NOT_SAVED, refusal_messages, show_refusal
from grants.models import FundingSource, Project
from spending import queries
from spending.filters import PaymentFilter
from spending.forms.payments import PaymentForm
from spending.lifecycle import payment_lifecycle
from spending.models import Payment
from spending.services import payments as services
from spending.tables import PaymentTable
from spending.views.common import bound

VIEW = "spending.view_payments"
MANAGE = "spending.manage_payments"


class PaymentListView(guards.ObjectPermissionMixin, PagedTableMixin, SingleTableMixin, FilterView):
    permission_required = VIEW
    table_class = PaymentTable
    filterset_class = PaymentFilter
    template_name = "spending/payment_list.html"

    def get_queryset(self) -> QuerySet[Payment]:
        return queries.payment_list(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        may_manage = guards.has_perm(self.request.user, MANAGE)
        context["may_manage"] = may_manage
        context["awaiting"] = (
            list(
                queries.payment_list(self.request.user).filter(
                    status__in=[Payment.Status.PROPOSED, Payment.Status.AUTHORISED]
                )[:50]
            )
            if may_manage
            else []
        )
        context["proposal_project"] = self._one_project() if may_manage else None
        return context

    def _one_project(self) -> Project | None:
        """The one project the list is filtered to, by its id or by a name only it has; the
        page then offers to propose a payment of it."""
        form = self.filterset.form
        if not form.is_valid():
            return None
        chosen = form.cleaned_data.get("project")
        if isinstance(chosen, Project):
            return chosen
        if isinstance(chosen, QuerySet):
            found = list(chosen[:2])
            return found[0] if len(found) == 1 else None
        return None


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(MANAGE)
def payment_create(request: HttpRequest, project_pk: int) -> HttpResponse:
    """Propose a payment of the project, beside what each source has left to pay."""
    project = guards.get_object(
        request, Project.objects.select_related("programme"), project_pk, MANAGE
    )
    granted = services.granted_by_source(project)
    sources = {s.pk: s for s in FundingSource.objects.filter(pk__in=list(granted))}
    ceilings = [
        (sources[pk], services.source_ceiling(project, pk))
        for pk in sorted(granted)
        if pk in sources
    ]
    initial: dict[str, object] = {"kind": Payment.Kind.INTERIM}
    report_id = parse_id(request.GET.get("report"))
    if report_id is not None:
        initial["report"] = report_id
    form = PaymentForm(bound(request), project=project, sources=list(granted), initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                payment = services.payment_propose(
                    project=project, by=guards.author(request), **data
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(
                    request, _("The payment was proposed. Another person must authorise it.")
                )
                return HttpResponseRedirect(payment.get_absolute_url())
        messages.error(request, NOT_SAVED)
    return render(
        request,
        "spending/payment_form.html",
        {"form": form, "project": project, "ceilings": ceilings},
    )


@require_safe
@guards.checks_object_permission(VIEW)
def payment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A payment, its steps (proposed, authorised by a second person, paid) and the next one."""
    payment = guards.get_object(request, Payment.objects.with_relations(), pk, VIEW)
    manages = guards.has_perm(request.user, MANAGE, payment)
    return render(
        request,
        "spending/payment_detail.html",
        {
            "payment": payment,
            "may_manage": manages,
            "lifecycle": payment_lifecycle(
                status=payment.status,
                manages=manages,
                proposed_it=payment.proposed_by_id == request.user.pk,
            ),
        },
    )


def _payment_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    payment = guards.get_object(request, Payment.objects.with_relations(), pk, MANAGE)
    by = guards.author(request)
    try:
        if step == "authorise":
            services.payment_authorise(payment=payment, by=by)
            messages.success(request, _("The payment was authorised."))
        elif step == "paid":
            services.payment_mark_paid(payment=payment, by=by)
            messages.success(request, _("The payment was marked as paid."))
        else:
            services.payment_withdraw(payment=payment, by=by)
            messages.success(request, _("The proposed payment was withdrawn."))
    except ValidationError as exc:
        refusal_messages(request, exc)
    # Taken on the payment's own page: back to it, at its next step; else back to the list.
    if step != "withdraw" and request.POST.get("from") == "detail":
        return HttpResponseRedirect(payment.get_absolute_url())
    return HttpResponseRedirect(reverse("spending:payment_list") + f"?project={payment.project_id}")


@require_POST
@guards.checks_object_permission(MANAGE)
def payment_authorise(request: HttpRequest, pk: int) -> HttpResponse:
    return _payment_step(request, pk, "authorise")


@require_POST
@guards.checks_object_permission(MANAGE)
def payment_mark_paid(request: HttpRequest, pk: int) -> HttpResponse:
    return _payment_step(request, pk, "paid")


def _withdraw_confirmation(payment: Payment) -> confirm.Confirmation:
    list_url = reverse("spending:payment_list") + f"?project={payment.project_id}"
    refusal = []
    if payment.status != Payment.Status.PROPOSED:
        refusal.append(_("Only a proposed payment can be withdrawn."))
    return confirm.Confirmation(
        title=_("Withdraw the proposed payment"),
        question=_(
            "Withdraw the proposed %(kind)s of %(amount)s kr. from %(source)s to %(project)s?"
        )
        % {
            "kind": payment.get_kind_display(),
            "amount": number_format(payment.amount, force_grouping=True),
            "source": payment.funding_source,
            "project": payment.project.name,
        },
        consequences=[
            _(
                "The proposal is deleted and no longer awaits authorisation; its amount is free "
                "under the grant's ceiling again. To pay it after all, propose it again."
            )
        ],
        refusal=refusal,
        button=_("Yes, withdraw the payment"),
        cancel_url=payment.get_absolute_url(),
        trail=[(list_url, _("Payments of %(project)s") % {"project": payment.project.name})],
    )


@confirm.destroys
@guards.checks_object_permission(MANAGE)
def payment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        payment = guards.get_object(request, Payment.objects.with_relations(), pk, MANAGE)
        return confirm.ask(request, _withdraw_confirmation(payment))
    return _payment_step(request, pk, "withdraw")
