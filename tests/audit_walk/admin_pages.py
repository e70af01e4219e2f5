"""The admin's other writing paths, walked as an administrator: a role given to a user, a revert
from a model's history, the inlines of a decision, and an action on the list of payments."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.urls import reverse

from accounts.roles import REGIONAL_STAFF
from companies.models import Company
from core import audit
from grants.models import (
    Case,
    DecisionCase,
    FinancingTotal,
    GrantDecision,
    ProjectFundingSource,
)
from spending.models import Payment
from tests.audit_walk.admin_walk import PASSWORD
from tests.audit_walk.harness import ADMIN, Walk, scenario
from tests.audit_walk.page_forms import FormData
from tests.factories import CaseFactory

ADMINISTRATOR = "administrator"


@scenario(actor=ADMINISTRATOR, posts=(), writes=["auth.User"], registry=ADMIN)
def admin_gives_a_role(w: Walk) -> None:
    user = w.user("forum")
    role = Group.objects.get(name=REGIONAL_STAFF)
    url = reverse("admin:auth_user_change", args=[user.pk])
    data = w.form(url)
    data["groups"] = [str(role.pk)]
    w.post(url, data)
    assert list(User.objects.get(pk=user.pk).groups.all()) == [role]
    # The user's history holds the roles as they were after the change, and who gave them.
    record = User.history.filter(id=user.pk).latest("history_id")  # type: ignore[attr-defined]
    assert record.history_user_id == w.actor.pk
    assert [row.group_id for row in record.groups.all()] == [role.pk]


def _company_renamed(w: Walk) -> None:
    """The world's company renamed once by the secretariat: a version to go back from."""
    company = Company.objects.get(pk=w.ids["company"])
    w.ids["company_version"] = company.history.latest("history_id").history_id
    company.name = "Omdøbt ApS"
    audit.save(company, by=w.user("member"))


@scenario(
    actor=ADMINISTRATOR,
    posts=(),
    writes=["companies.Company"],
    given=_company_renamed,
    registry=ADMIN,
)
def admin_reverts_from_history(w: Walk) -> None:
    company = Company.objects.get(pk=w.ids["company"])
    named = company.history.get(history_id=w.ids["company_version"]).name
    url = reverse(
        "admin:companies_company_simple_history", args=[company.pk, w.ids["company_version"]]
    )
    w.post(url, w.form(url))
    assert Company.objects.get(pk=company.pk).name == named != "Omdøbt ApS"


def _inline_row(data: FormData, prefix: str, row: dict[str, str]) -> None:
    """Add a row to an inline formset, as the admin's "Add another" button does."""
    count = int(str(data[f"{prefix}-TOTAL_FORMS"]))
    data.update({f"{prefix}-{count}-{name}": value for name, value in row.items()})
    data[f"{prefix}-TOTAL_FORMS"] = str(count + 1)


def _another_case(w: Walk) -> None:
    w.ids["another_case"] = CaseFactory.create(project_id=w.ids["project"]).pk


@scenario(
    actor=ADMINISTRATOR,
    posts=(),
    writes=["grants.GrantDecision", "grants.FinancingTotal", "grants.DecisionCase"],
    given=_another_case,
    registry=ADMIN,
)
def admin_edits_a_decisions_inlines(w: Walk) -> None:
    decision = GrantDecision.objects.get(pk=w.ids["decision"])
    source = ProjectFundingSource.objects.get(pk=w.ids["projectsource"]).funding_source_id
    url = reverse("admin:grants_grantdecision_change", args=[decision.pk])
    data = w.form(url)
    _inline_row(data, "financing_totals", {"funding_source": str(source), "amount": "300000"})
    _inline_row(data, "decisioncase_set", {"case": str(w.ids["another_case"])})
    w.post(url, data)
    assert FinancingTotal.objects.get(decision=decision).amount == 300_000
    assert DecisionCase.objects.filter(
        grantdecision=decision, case=Case.objects.get(pk=w.ids["another_case"])
    ).exists()


@scenario(actor=ADMINISTRATOR, posts=(), writes=["spending.Payment"], registry=ADMIN)
def admin_authorises_a_payment_from_the_list(w: Walk) -> None:
    # The world's payment was proposed by the regional staff member: the administrator is the
    # second pair of eyes.
    w.post(
        reverse("admin:spending_payment_changelist"),
        {"action": "authorise", "_selected_action": [str(w.ids["payment"])]},
    )
    assert Payment.objects.get(pk=w.ids["payment"]).status == Payment.Status.AUTHORISED


@scenario(actor=ADMINISTRATOR, posts=(), writes=["auth.User"], registry=ADMIN)
def admin_sets_a_password(w: Walk) -> None:
    user = w.user("forum")
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    data = w.form(url)
    data.update(password1=PASSWORD, password2=PASSWORD)
    w.post(url, data)
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)
