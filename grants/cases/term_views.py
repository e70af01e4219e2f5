"""The editors of a decision's terms, reached from a case that presents the decision: its
recommendation lines and its disbursement schedule.

The case is reached through `accounts.guards` (404 outside the user's projects), the decision
through the case (404 for a decision the case does not present).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from accounts import guards
from grants.cases import terms
from grants.cases.services import disbursements_save, recommendations_save
from grants.cases.term_forms import DisbursementFormSetClass, RecommendationFormSetClass
from grants.models import Case, GrantDecision
from grants.services import LOCKED

Save = Callable[..., None]

RECOMMENDATION_PERMS = (
    "grants.change_recommendation",
    "grants.add_recommendation",
    "grants.delete_recommendation",
)
DISBURSEMENT_PERMS = (
    "grants.change_disbursement",
    "grants.add_disbursement",
    "grants.delete_disbursement",
)


def _case_and_decision(
    request: HttpRequest, pk: int, decision_pk: int, perms: tuple[str, ...]
) -> tuple[Case, GrantDecision]:
    case = guards.get_object(request, Case.objects.select_related("project"), pk, perms[0])
    for perm in perms[1:]:
        guards.require(request.user, perm, case)
    decision = get_object_or_404(case.decisions.select_related("project"), pk=decision_pk)
    return case, decision


def _edit(
    request: HttpRequest,
    case: Case,
    decision: GrantDecision,
    *,
    formset_class: Any,
    queryset: QuerySet[Any],
    form_kwargs: dict[str, Any],
    save: Save,
    template: str,
    saved: str,
) -> HttpResponse:
    """Show the formset of `decision`'s rows; on POST save it through `save`, or show why not."""
    if decision.status == GrantDecision.Status.APPROVED:
        # Its figures are locked: a budget revision changes them, or an administrator reopens it.
        messages.error(request, LOCKED)
        return HttpResponseRedirect(f"{case.get_absolute_url()}#terms-{decision.pk}")
    data = request.POST if request.method == "POST" else None
    formset = formset_class(
        data,
        instance=decision,
        queryset=queryset,
        prefix="rows",
        form_kwargs={"decision": decision, **form_kwargs},
    )
    refusal: list[str] = []
    if data is not None:
        if formset.is_valid():
            user = guards.author(request)
            try:
                save(
                    decision=decision,
                    changed=formset.save(commit=False),
                    removed=formset.deleted_objects,
                    by=user,
                )
            except ValidationError as exc:
                refusal = exc.messages
            else:
                messages.success(request, saved)
                return HttpResponseRedirect(f"{case.get_absolute_url()}#terms-{decision.pk}")
        messages.error(request, _("Nothing was saved: correct the marked fields."))
    context = {"case": case, "decision": decision, "formset": formset, "refusal": refusal}
    return render(request, template, context)


@guards.checks_object_permission(*RECOMMENDATION_PERMS)
def case_recommendations(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    """The recommendation lines of a decision of the case: funding source, amount, period and
    recipient, each line added, changed or deleted."""
    case, decision = _case_and_decision(request, pk, decision_pk, RECOMMENDATION_PERMS)
    used = decision.recommendations.values_list("funding_source_id", flat=True)
    return _edit(
        request,
        case,
        decision,
        formset_class=RecommendationFormSetClass,
        queryset=decision.recommendations.order_by("order", "pk"),
        form_kwargs={
            "sources": terms.offered_sources(decision, used),
            "recipients": terms.offered_recipients(),
        },
        save=recommendations_save,
        template="grants/case_recommendations.html",
        saved=_("The recommendations were saved."),
    )


@guards.checks_object_permission(*DISBURSEMENT_PERMS)
def case_disbursements(request: HttpRequest, pk: int, decision_pk: int) -> HttpResponse:
    """The disbursement schedule of a decision of the case: a year, an amount and, optionally,
    the funding source the row pays out."""
    case, decision = _case_and_decision(request, pk, decision_pk, DISBURSEMENT_PERMS)
    used = decision.disbursements.exclude(funding_source=None).values_list(
        "funding_source_id", flat=True
    )
    sources = terms.offered_sources(decision, used)
    return _edit(
        request,
        case,
        decision,
        formset_class=DisbursementFormSetClass,
        queryset=decision.disbursements.order_by("year", "pk"),
        form_kwargs={
            "sources": sources,
            "default_source": terms.default_disbursement_source(decision, sources),
        },
        save=disbursements_save,
        template="grants/case_disbursements.html",
        saved=_("The disbursement schedule was saved."),
    )
