"""An approved decision's figures, status and period change only through a budget revision or an
administrator's reopening with a reason, which the history keeps: on the pages, in the admin's
change form, its history revert, its delete and its other pages, in the services, a meeting's
decision, a restore from history, and on PostgreSQL in the database itself."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import translation

from grants import approved
from grants.cases.services import disbursements_save
from grants.history.services import decision_restore
from grants.models import (
    BudgetLine,
    Disbursement,
    FinancingLine,
    FinancingTotal,
    GrantDecision,
    Recommendation,
)
from grants.services import (
    decision_reopen,
    decision_save_lines,
    decision_set_status,
    decision_update,
)
from meetings import services as meetings
from meetings.models import ItemDecision, Meeting
from tests.factories import (
    AdministratorFactory,
    CaseFactory,
    DecisionFactory,
    EffortAreaFactory,
    FundingSourceFactory,
    StaffFactory,
)
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def danish() -> Any:
    with translation.override("da"):
        yield


@pytest.fixture
def decision() -> GrantDecision:
    """An approved 2019 decision of 700.000 kr., balanced, saved through the services."""
    decision = DecisionFactory.create(first_year=2019, last_year=2020)
    area = EffortAreaFactory.create(project=decision.project)
    source = FundingSourceFactory.create()
    decision_save_lines(
        decision=decision,
        budget={(area.pk, 2019): 700_000},
        financing={(source.pk, 2019): 700_000},
        by=StaffFactory.create(),
    )
    return decision_set_status(
        decision=decision, status=GrantDecision.Status.APPROVED, by=StaffFactory.create()
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def as_stored(decision: GrantDecision) -> tuple[Any, ...]:
    stored = GrantDecision.objects.get(pk=decision.pk)
    return (
        stored.status,
        stored.kind,
        stored.first_year,
        stored.last_year,
        stored.split_by_year,
        stored.version,
        sorted(BudgetLine.objects.filter(decision=decision).values_list("year", "amount")),
        sorted(FinancingLine.objects.filter(decision=decision).values_list("year", "amount")),
    )


# --- The services ------------------------------------------------------------------------------


def test_the_services_refuse_the_figures_period_and_status(decision: GrantDecision) -> None:
    before = as_stored(decision)
    staff = StaffFactory.create()
    attempts = [
        lambda: decision_update(decision=decision, fields={"first_year": 2018}, by=staff),
        lambda: decision_update(decision=decision, fields={"split_by_year": False}, by=staff),
        lambda: decision_update(decision=decision, fields={"status": "draft"}, by=staff),
        lambda: decision_set_status(decision=decision, status="rejected", by=staff),
        lambda: decision_save_lines(decision=decision, budget={}, financing={}, by=staff),
        lambda: decision_restore(decision=decision, number=1, by=staff),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    assert as_stored(decision) == before


def test_reopening_needs_an_administrator_and_a_reason(decision: GrantDecision) -> None:
    with pytest.raises(ValidationError):
        decision_reopen(decision=decision, reason="Fejl", by=StaffFactory.create())
    with pytest.raises(ValidationError) as no_reason:
        decision_reopen(decision=decision, reason="  ", by=AdministratorFactory.create())
    assert no_reason.value.code == "reason_required"
    assert GrantDecision.objects.get(pk=decision.pk).status == GrantDecision.Status.APPROVED


def test_the_reason_for_reopening_is_kept_and_shown_in_the_history(decision: GrantDecision) -> None:
    administrator = AdministratorFactory.create()
    decision_reopen(decision=decision, reason="2019 tastet som 2020", by=administrator)
    reopened = GrantDecision.objects.get(pk=decision.pk)
    assert reopened.status == GrantDecision.Status.DRAFT
    record = reopened.history.latest("history_id")
    assert (record.history_user_id, record.history_change_reason) == (
        administrator.pk,
        "2019 tastet som 2020",
    )
    page = client_for(administrator).get(reverse("grants:decision_history", args=[decision.pk]))
    assert 'data-testid="reason">Begrundelse: 2019 tastet som 2020<' in page.content.decode()


def test_a_meeting_leaves_an_approved_decision_as_it_is(decision: GrantDecision) -> None:
    case = CaseFactory.create(project=decision.project)
    decision.cases.add(case)
    meeting = MeetingFactory.create()
    meetings.item_add(meeting=meeting, case=case, by=StaffFactory.create())
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    before = as_stored(decision)
    meetings.decision_record(
        item=meeting.items.get(),
        outcome=ItemDecision.Outcome.REJECTED,
        text="",
        decided_on=datetime.date(2027, 3, 12),
        by=StaffFactory.create(),
    )
    assert as_stored(decision) == before


def test_the_case_pages_services_refuse_its_schedule(decision: GrantDecision) -> None:
    with pytest.raises(ValidationError) as refusal:
        disbursements_save(
            decision=decision,
            changed=[Disbursement(decision=decision, year=2019, amount=1)],
            removed=[],
            by=StaffFactory.create(),
        )
    assert refusal.value.code == "locked"
    assert not Disbursement.objects.filter(decision=decision).exists()


# --- The reopening page ------------------------------------------------------------------------


def test_the_reopening_page_asks_for_a_reason(decision: GrantDecision) -> None:
    url = reverse("grants:decision_reopen", args=[decision.pk])
    administrator = client_for(AdministratorFactory.create())
    page = administrator.get(url).content.decode()
    assert 'name="reason"' in page and 'data-testid="confirm-reopen"' in page

    refused = administrator.post(url, {"reason": "", "version": decision.version})
    assert refused.status_code == 409
    assert GrantDecision.objects.get(pk=decision.pk).status == GrantDecision.Status.APPROVED

    done = administrator.post(url, {"reason": "Forkert kilde", "version": decision.version})
    assert done.status_code == 302
    reopened = GrantDecision.objects.get(pk=decision.pk)
    assert reopened.status == GrantDecision.Status.DRAFT
    assert reopened.history.latest("history_id").history_change_reason == "Forkert kilde"


def test_the_reopening_page_is_for_administrators_only(decision: GrantDecision) -> None:
    url = reverse("grants:decision_reopen", args=[decision.pk])
    staff = client_for(StaffFactory.create())
    assert staff.get(url).status_code == 403
    assert staff.post(url, {"reason": "x", "version": decision.version}).status_code == 403
    assert GrantDecision.objects.get(pk=decision.pk).status == GrantDecision.Status.APPROVED


def test_a_stale_reopening_page_reopens_nothing(decision: GrantDecision) -> None:
    url = reverse("grants:decision_reopen", args=[decision.pk])
    response = client_for(AdministratorFactory.create()).post(
        url, {"reason": "Fejl", "version": decision.version - 1}
    )
    assert response.status_code == 409
    assert GrantDecision.objects.get(pk=decision.pk).status == GrantDecision.Status.APPROVED


# --- The admin ---------------------------------------------------------------------------------

INLINES = (
    "decisioncase_set",
    "recommendations",
    "disbursements",
    "financing_totals",
    "budget_lines",
    "financing_lines",
)


def admin_post(decision: GrantDecision, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        key: value
        for key, value in model_to_dict(decision).items()
        if value is not None and key not in ("cases", "id")
    }
    for prefix in INLINES:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data | changes


def test_the_admin_change_form_saves_no_figure_period_or_status(decision: GrantDecision) -> None:
    before = as_stored(decision)
    url = reverse("admin:grants_grantdecision_change", args=[decision.pk])
    admin = client_for(AdministratorFactory.create())
    page = admin.get(url).content.decode()
    for name in ("status", "first_year", "last_year", "kind", "split_by_year", "revises"):
        assert f'name="{name}"' not in page, name
    response = admin.post(
        url,
        admin_post(
            decision,
            title="Nyt navn",
            status=GrantDecision.Status.REJECTED,
            first_year=2018,
            last_year=2021,
            kind=GrantDecision.Kind.TOP_UP,
            split_by_year="",
        ),
    )
    assert response.status_code == 302
    assert as_stored(decision) == before
    # What is not locked is saved as ever.
    assert GrantDecision.objects.get(pk=decision.pk).title == "Nyt navn"


def test_the_admin_history_revert_refuses_an_approved_decision(decision: GrantDecision) -> None:
    draft = decision.history.earliest("history_id")
    before = as_stored(decision)
    url = reverse("admin:grants_grantdecision_simple_history", args=[decision.pk, draft.history_id])
    response = client_for(AdministratorFactory.create()).post(
        url, admin_post(decision, status="draft"), follow=True
    )
    assert any("godkendt" in str(m) for m in response.context["messages"])
    assert as_stored(decision) == before


def test_the_admin_history_revert_never_sets_the_version_back() -> None:
    decision = DecisionFactory.create(title="Første navn")
    first = decision.history.get()
    decision_update(decision=decision, fields={"title": "Andet navn"}, by=StaffFactory.create())
    GrantDecision.objects.filter(pk=decision.pk).update(version=3)
    url = reverse("admin:grants_grantdecision_simple_history", args=[decision.pk, first.history_id])
    response = client_for(AdministratorFactory.create()).post(url, admin_post(decision))
    assert response.status_code == 302
    reverted = GrantDecision.objects.get(pk=decision.pk)
    assert (reverted.title, reverted.version) == ("Første navn", 3)


def test_the_admin_deletes_no_approved_decision(decision: GrantDecision) -> None:
    admin = client_for(AdministratorFactory.create())
    url = reverse("admin:grants_grantdecision_delete", args=[decision.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 403
    admin.post(
        reverse("admin:grants_grantdecision_changelist"),
        {"action": "delete_selected", "_selected_action": [decision.pk], "post": "yes"},
    )
    assert GrantDecision.objects.filter(pk=decision.pk).exists()


def test_the_admin_pages_of_a_decisions_parts_are_read_only_once_approved(
    decision: GrantDecision,
) -> None:
    source = FinancingLine.objects.filter(decision=decision).get().funding_source
    recommendation = Recommendation.objects.create(
        decision=decision, funding_source=source, amount=700_000, first_year=2019, last_year=2019
    )
    first = recommendation.history.get()
    admin = client_for(AdministratorFactory.create())
    change = reverse("admin:grants_recommendation_change", args=[recommendation.pk])
    data = {
        "decision": decision.pk,
        "funding_source": source.pk,
        "amount": "1",
        "first_year": "2019",
        "last_year": "2019",
        "order": "0",
    }
    admin.post(change, data)
    revert = reverse(
        "admin:grants_recommendation_simple_history", args=[recommendation.pk, first.history_id]
    )
    assert admin.post(revert, data).status_code == 403
    add = admin.post(reverse("admin:grants_recommendation_add"), data, follow=True)
    assert any("godkendt" in str(m) for m in add.context["messages"])
    assert list(Recommendation.objects.values_list("amount", flat=True)) == [700_000]


# --- The database (PostgreSQL) -----------------------------------------------------------------

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database's triggers are PostgreSQL's"
)


def refused_by_the_database(write: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


@postgresql_only
def test_the_database_refuses_raw_writes_to_an_approved_decision(decision: GrantDecision) -> None:
    before = as_stored(decision)
    lines = FinancingLine.objects.filter(decision=decision)
    decisions = GrantDecision.objects.filter(pk=decision.pk)
    source = lines.get().funding_source
    for write in (
        lambda: lines.update(amount=1),
        lambda: lines.delete(),
        lambda: BudgetLine.objects.filter(decision=decision).update(amount=1),
        lambda: FinancingTotal.objects.create(decision=decision, funding_source=source, amount=1),
        lambda: decisions.update(status=GrantDecision.Status.DRAFT),
        lambda: decisions.update(first_year=2018),
        lambda: decisions.update(split_by_year=False),
        lambda: decisions.update(version=1),
        lambda: decisions.delete(),
    ):
        refused_by_the_database(write)
    assert as_stored(decision) == before
    # What is not locked is written as ever.
    decisions.update(title="Nyt navn", decided_on=datetime.date(2019, 3, 1))


@postgresql_only
def test_the_database_lets_the_services_reopen_and_nothing_else_after(
    decision: GrantDecision,
) -> None:
    with transaction.atomic():
        decision_reopen(decision=decision, reason="Fejl i 2019", by=AdministratorFactory.create())
        decision_set_status(
            decision=decision, status=GrantDecision.Status.APPROVED, by=StaffFactory.create()
        )
        # The unlocking ended with the reopening, though the transaction goes on.
        refused_by_the_database(
            lambda: FinancingLine.objects.filter(decision=decision).update(amount=1)
        )
    assert GrantDecision.objects.get(pk=decision.pk).status == GrantDecision.Status.APPROVED


@postgresql_only
def test_the_database_never_sets_a_decisions_version_back() -> None:
    draft = DecisionFactory.create()
    GrantDecision.objects.filter(pk=draft.pk).update(version=5)
    refused_by_the_database(lambda: GrantDecision.objects.filter(pk=draft.pk).update(version=4))
    with approved.unlocked():
        refused_by_the_database(lambda: GrantDecision.objects.filter(pk=draft.pk).update(version=4))
