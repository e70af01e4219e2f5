"""The money ceiling on every path that can lower a grant: per project and funding source,
authorised plus paid never exceeds what the counting decisions grant.

The world: an approved 1.000.000 kr. for 2017 and a recommended top-up of 500.000 kr. for 2018,
both from one funding source, and 1.200.000 kr. of it authorised (payment authorised on
2 March 2027). Lowering the grant below 1.200.000 is refused on every path, naming the payment;
the deciding body's own decision (a meeting's rejection) stands and records a claim for
repayment instead.
"""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from grants.history.services import decision_restore
from grants.models import BudgetLine, FinancingLine, FinancingTotal, GrantDecision
from grants.services import (
    decision_delete,
    decision_reopen,
    decision_save_lines,
    decision_set_status,
    decision_update,
)
from home.standing import warning_counts
from meetings import services as meetings
from meetings.models import ItemDecision, Meeting
from spending.figures import project_money
from spending.models import Payment, RepaymentClaim
from spending.services import payments
from spending.services.ceiling import committed_by_source
from tests.factories import (
    AdministratorFactory,
    BudgetLineFactory,
    CaseFactory,
    DecisionFactory,
    FinancingLineFactory,
)
from tests.meetings.factories import MeetingFactory
from tests.spending.world import World

pytestmark = pytest.mark.django_db

AUTHORISED = 1_200_000
AUTHORISED_ON = datetime.datetime(2027, 3, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def danish() -> Any:
    with translation.override("da"):
        yield


def top_up(world: World, status: str = GrantDecision.Status.RECOMMENDED) -> GrantDecision:
    decision = DecisionFactory.create(
        project=world.project,
        kind=GrantDecision.Kind.TOP_UP,
        first_year=2018,
        last_year=2018,
        status=status,
    )
    BudgetLineFactory.create(decision=decision, effort_area=world.area, year=2018, amount=500_000)
    FinancingLineFactory.create(
        decision=decision, funding_source=world.source, year=2018, amount=500_000
    )
    return decision


def authorised(world: World, amount: int = AUTHORISED) -> Payment:
    payment = payments.payment_propose(
        project=world.project,
        funding_source=world.source,
        kind=Payment.Kind.ADVANCE,
        amount=amount,
        dated=datetime.date(2027, 3, 1),
        by=world.staff,
    )
    payment = payments.payment_authorise(payment=payment, by=world.other_staff)
    Payment.objects.filter(pk=payment.pk).update(authorised_at=AUTHORISED_ON)
    return payment


@pytest.fixture
def paid_beyond_the_original(world: World) -> tuple[GrantDecision, Payment]:
    decision = top_up(world)
    return decision, authorised(world)


def named(payment: Payment) -> str:
    return f"Udbetaling {payment.pk} (1.200.000 kr., anvist 2. marts 2027)"


def refusal_of(caught: pytest.ExceptionInfo[ValidationError]) -> str:
    assert "below_payments" in [e.code for e in caught.value.error_list]
    return " ".join(caught.value.messages)


def financing(decision: GrantDecision) -> list[int]:
    return sorted(FinancingLine.objects.filter(decision=decision).values_list("amount", flat=True))


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- The service and its refusal ---------------------------------------------------------------


def test_a_grid_save_below_the_payments_is_refused_naming_them(
    world: World, paid_beyond_the_original: tuple[GrantDecision, Payment]
) -> None:
    decision, payment = paid_beyond_the_original
    with pytest.raises(ValidationError) as caught:
        decision_save_lines(
            decision=decision,
            budget={(world.area.pk, 2018): 100_000},
            financing={(world.source.pk, 2018): 100_000},
            by=world.staff,
        )
    message = refusal_of(caught)
    assert named(payment) in message
    assert "1.100.000 kr." in message  # what the source would grant
    assert financing(decision) == [500_000]


def test_a_grid_save_down_to_the_payments_passes(
    world: World, paid_beyond_the_original: tuple[GrantDecision, Payment]
) -> None:
    decision, _payment = paid_beyond_the_original
    decision_save_lines(
        decision=decision,
        budget={(world.area.pk, 2018): 200_000},
        financing={(world.source.pk, 2018): 200_000},
        by=world.staff,
    )
    assert financing(decision) == [200_000]


def test_period_totals_below_the_payments_are_refused(world: World) -> None:
    totals = DecisionFactory.create(
        project=world.project,
        kind=GrantDecision.Kind.TOP_UP,
        first_year=2018,
        last_year=2019,
        split_by_year=False,
        status=GrantDecision.Status.RECOMMENDED,
    )
    FinancingTotal.objects.create(decision=totals, funding_source=world.source, amount=500_000)
    payment = authorised(world)
    with pytest.raises(ValidationError) as caught:
        decision_save_lines(
            decision=totals,
            budget={},
            financing={},
            period_totals={world.source.pk: None},
            confirm_empty=True,
            by=world.staff,
        )
    assert named(payment) in refusal_of(caught)
    assert FinancingTotal.objects.get(decision=totals).amount == 500_000


def test_a_status_change_away_from_counting_is_refused(
    world: World, paid_beyond_the_original: tuple[GrantDecision, Payment]
) -> None:
    decision, payment = paid_beyond_the_original
    for status in (GrantDecision.Status.REJECTED, GrantDecision.Status.DRAFT):
        with pytest.raises(ValidationError) as caught:
            decision_set_status(decision=decision, status=status, by=world.staff)
        assert named(payment) in refusal_of(caught)
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.RECOMMENDED


def test_reopening_an_approved_decision_with_payments_against_it_is_refused(
    world: World, paid_beyond_the_original: tuple[GrantDecision, Payment]
) -> None:
    with pytest.raises(ValidationError) as caught:
        decision_reopen(decision=world.decision, reason="Forkert år", by=world.admin)
    refusal_of(caught)
    world.decision.refresh_from_db()
    assert world.decision.status == GrantDecision.Status.APPROVED


def revision(world: World, status: str = GrantDecision.Status.DRAFT) -> GrantDecision:
    """A revision of the approved original for 2017 that keeps only 100.000 kr. of it."""
    decision = DecisionFactory.create(
        project=world.project,
        kind=GrantDecision.Kind.REVISION,
        revises=world.decision,
        first_year=2017,
        last_year=2017,
        status=status,
    )
    BudgetLineFactory.create(decision=decision, effort_area=world.area, year=2017, amount=100_000)
    FinancingLineFactory.create(
        decision=decision, funding_source=world.source, year=2017, amount=100_000
    )
    return decision


def test_approving_a_revision_that_lowers_the_grant_below_the_payments_is_refused(
    world: World, paid_beyond_the_original: tuple[GrantDecision, Payment]
) -> None:
    lower = revision(world)
    with pytest.raises(ValidationError) as caught:
        decision_set_status(decision=lower, status=GrantDecision.Status.APPROVED, by=world.staff)
    refusal_of(caught)
    lower.refresh_from_db()
    assert lower.status == GrantDecision.Status.DRAFT


def test_moving_a_revisions_period_over_the_paid_years_is_refused(
    world: World, paid_beyond_the_original: tuple[GrantDecision, Payment]
) -> None:
    # A recommended revision of 2018 only, with no lines: it replaces nothing yet. Moving its
    # period over 2017 would replace the original's 1.000.000 with nothing.
    empty = DecisionFactory.create(
        project=world.project,
        kind=GrantDecision.Kind.REVISION,
        revises=world.decision,
        first_year=2018,
        last_year=2018,
        status=GrantDecision.Status.RECOMMENDED,
    )
    with pytest.raises(ValidationError) as caught:
        decision_update(decision=empty, fields={"first_year": 2017}, by=world.staff)
    refusal_of(caught)
    empty.refresh_from_db()
    assert empty.first_year == 2018


def test_restoring_lower_figures_from_history_is_refused(world: World) -> None:
    decision = DecisionFactory.create(
        project=world.project, kind=GrantDecision.Kind.TOP_UP, first_year=2018, last_year=2018
    )
    # Versions 2 and 3, by different people so that each is a version of its own.
    for amount, by in ((100_000, world.staff), (500_000, world.other_staff)):
        decision_save_lines(
            decision=decision,
            budget={(world.area.pk, 2018): amount},
            financing={(world.source.pk, 2018): amount},
            by=by,
        )
    decision_set_status(decision=decision, status=GrantDecision.Status.RECOMMENDED, by=world.admin)
    payment = authorised(world)
    with pytest.raises(ValidationError) as caught:
        decision_restore(decision=decision, number=2, by=world.staff)
    assert named(payment) in refusal_of(caught)
    # The history's restore page says the same, and restores nothing.
    decision.refresh_from_db()
    page = client_for(world.staff).post(
        reverse("grants:decision_restore", args=[decision.pk, 2]), {"version": decision.version}
    )
    assert page.status_code == 409
    assert named(payment) in page.content.decode()
    assert financing(decision) == [500_000]


def test_only_a_draft_is_deleted_so_no_delete_lowers_a_grant(
    world: World, paid_beyond_the_original: tuple[GrantDecision, Payment]
) -> None:
    decision, _payment = paid_beyond_the_original
    with pytest.raises(ValidationError) as caught:
        decision_delete(decision=decision, by=world.staff)
    assert caught.value.code == "not_draft"
    # A draft counts for nothing: deleting it passes the ceiling, whatever is paid.
    draft = top_up(world, status=GrantDecision.Status.DRAFT)
    decision_delete(decision=draft, by=world.staff)
    assert not GrantDecision.objects.filter(pk=draft.pk).exists()


# --- The pages and the admin -------------------------------------------------------------------


def test_the_grid_page_shows_the_refusal_and_saves_nothing(
    world: World, paid_beyond_the_original: tuple[GrantDecision, Payment]
) -> None:
    decision, payment = paid_beyond_the_original
    url = reverse("grants:decision_budget", args=[decision.pk])
    response = client_for(world.staff).post(
        url,
        {
            "version": decision.version,
            "unit": "kr",
            f"b_{world.area.pk}_2018": "100.000",
            f"f_{world.source.pk}_2018": "100.000",
        },
    )
    assert response.status_code == 200
    assert named(payment) in response.content.decode()
    assert financing(decision) == [500_000]


def test_the_status_page_refuses_a_rejection_below_the_payments(
    world: World, paid_beyond_the_original: tuple[GrantDecision, Payment]
) -> None:
    decision, payment = paid_beyond_the_original
    response = client_for(world.staff).post(
        reverse("grants:decision_status", args=[decision.pk]),
        {"status": GrantDecision.Status.REJECTED, "version": decision.version},
        follow=True,
    )
    assert any(named(payment) in str(m) for m in response.context["messages"])
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.RECOMMENDED


INLINES = (
    "decisioncase_set",
    "recommendations",
    "disbursements",
    "financing_totals",
    "budget_lines",
    "financing_lines",
)


def admin_data(decision: GrantDecision, **changes: Any) -> dict[str, Any]:
    """The admin change form of `decision` as posted, its lines as they are, with `changes`."""
    data: dict[str, Any] = {
        key: value
        for key, value in model_to_dict(decision).items()
        if value is not None and key not in ("cases", "id", "project")
    }
    for prefix in INLINES:
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    lines: dict[str, list[BudgetLine | FinancingLine]] = {
        "budget_lines": list(decision.budget_lines.all()),
        "financing_lines": list(decision.financing_lines.all()),
    }
    for prefix, rows in lines.items():
        key = "effort_area" if prefix == "budget_lines" else "funding_source"
        data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = str(len(rows))
        for index, line in enumerate(rows):
            data |= {
                f"{prefix}-{index}-id": line.pk,
                f"{prefix}-{index}-decision": decision.pk,
                f"{prefix}-{index}-{key}": getattr(line, f"{key}_id"),
                f"{prefix}-{index}-year": line.year,
                f"{prefix}-{index}-amount": line.amount,
            }
    return data | changes


def test_the_admin_change_form_cannot_lower_a_grant_below_the_payments(
    world: World, paid_beyond_the_original: tuple[GrantDecision, Payment]
) -> None:
    decision, payment = paid_beyond_the_original
    url = reverse("admin:grants_grantdecision_change", args=[decision.pk])
    admin = client_for(world.admin)
    for changes in (
        {"financing_lines-0-amount": 100_000, "budget_lines-0-amount": 100_000},
        {"status": GrantDecision.Status.REJECTED},
    ):
        response = admin.post(url, admin_data(decision, **changes), follow=True)
        assert any(named(payment) in str(m) for m in response.context["messages"]), changes
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.RECOMMENDED
    assert financing(decision) == [500_000]


def test_the_admin_history_revert_cannot_lower_a_grant_below_the_payments(world: World) -> None:
    decision = top_up(world, status=GrantDecision.Status.DRAFT)
    draft = decision.history.get()  # the decision as created: a draft
    decision_set_status(decision=decision, status=GrantDecision.Status.RECOMMENDED, by=world.staff)
    payment = authorised(world)
    decision.refresh_from_db()
    version = decision.version
    url = reverse("admin:grants_grantdecision_simple_history", args=[decision.pk, draft.history_id])
    response = client_for(world.admin).post(url, admin_data(decision), follow=True)
    assert any(named(payment) in str(m) for m in response.context["messages"])
    decision.refresh_from_db()
    assert (decision.status, decision.version) == (GrantDecision.Status.RECOMMENDED, version)


# --- The deciding body's own decision: it stands, and a claim is recorded -------------------


def test_a_meetings_rejection_stands_and_records_a_claim_for_repayment(
    world: World, paid_beyond_the_original: tuple[GrantDecision, Payment]
) -> None:
    decision, payment = paid_beyond_the_original
    case = CaseFactory.create(project=world.project)
    decision.cases.add(case)
    meeting = MeetingFactory.create()
    meetings.item_add(meeting=meeting, case=case, by=world.staff)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)

    meetings.decision_record(
        item=meeting.items.get(),
        outcome=ItemDecision.Outcome.REJECTED,
        text="Afslået",
        decided_on=datetime.date(2027, 3, 12),
        by=world.staff,
    )

    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.REJECTED
    claim = RepaymentClaim.objects.get()
    assert (claim.project, claim.funding_source, claim.amount, claim.decision) == (
        world.project,
        world.source,
        200_000,  # 1.200.000 authorised, 1.000.000 still granted
        decision,
    )
    assert claim.origin == "Vækstforum, møde 12.03.2027, punkt 1"
    assert named(payment) in claim.reason
    assert claim.status == RepaymentClaim.Status.OPEN
    recorded = claim.history.get()
    assert recorded.history_user_id == world.staff.pk

    # The money overview shows the claim and warns of it, and of the source paid beyond its grant.
    overview = project_money(world.project, today=datetime.date(2027, 3, 12)).overview
    assert [c.amount for c in overview.claims] == [200_000]
    kinds = [w.kind for w in overview.warnings]
    assert "open_claim" in kinds and "over_committed" in kinds


def test_a_claim_is_only_what_the_change_itself_took_below_the_payments(world: World) -> None:
    # Paid beyond the grant before the rule held: 1.100.000 authorised against 1.000.000.
    authorised(world, 900_000)
    Payment.objects.create(
        project=world.project,
        funding_source=world.source,
        kind=Payment.Kind.ADVANCE,
        amount=200_000,
        dated=datetime.date(2027, 3, 1),
        status=Payment.Status.AUTHORISED,
        proposed_by=world.staff,
        authorised_by=world.other_staff,
        authorised_at=AUTHORISED_ON,
    )
    assert committed_by_source(world.project.pk) == {world.source.pk: 1_100_000}
    lower = revision(world, status=GrantDecision.Status.DRAFT)
    decision_set_status(
        decision=lower,
        status=GrantDecision.Status.APPROVED,
        by=world.staff,
        reason="Regionsrådet 1. april 2027",
        by_deciding_body=True,
    )
    # From 1.000.000 to 100.000: 900.000 claimed; the 100.000 over before is warned of, not
    # claimed for this decision.
    assert list(RepaymentClaim.objects.values_list("amount", "origin")) == [
        (900_000, "Regionsrådet 1. april 2027")
    ]


def test_a_grant_already_below_its_payments_may_still_be_raised(world: World) -> None:
    Payment.objects.create(
        project=world.project,
        funding_source=world.source,
        kind=Payment.Kind.ADVANCE,
        amount=1_100_000,
        dated=datetime.date(2027, 3, 1),
        status=Payment.Status.AUTHORISED,
        proposed_by=world.staff,
        authorised_by=world.other_staff,
        authorised_at=AUTHORISED_ON,
    )
    decision = top_up(world, status=GrantDecision.Status.DRAFT)
    decision_set_status(decision=decision, status=GrantDecision.Status.RECOMMENDED, by=world.staff)
    assert not RepaymentClaim.objects.exists()


def test_the_admin_settles_a_claim_with_its_history(
    world: World, paid_beyond_the_original: tuple[GrantDecision, Payment]
) -> None:
    decision, _payment = paid_beyond_the_original
    decision_set_status(
        decision=decision,
        status=GrantDecision.Status.REJECTED,
        by=world.staff,
        reason="Regionsrådet",
        by_deciding_body=True,
    )
    claim = RepaymentClaim.objects.get()
    url = reverse("admin:spending_repaymentclaim_change", args=[claim.pk])
    response = client_for(world.admin).post(url, {"status": RepaymentClaim.Status.SETTLED})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == RepaymentClaim.Status.SETTLED
    assert claim.amount == 200_000
    assert claim.history.latest("history_id").history_user_id == world.admin.pk
    overview = project_money(world.project, today=datetime.date(2027, 3, 12)).overview
    assert "open_claim" not in [w.kind for w in overview.warnings]


def test_the_money_page_and_its_files_show_the_claim(
    world: World, paid_beyond_the_original: tuple[GrantDecision, Payment]
) -> None:
    decision, _payment = paid_beyond_the_original
    decision_set_status(
        decision=decision,
        status=GrantDecision.Status.REJECTED,
        by=world.staff,
        reason="Regionsrådet, møde 1. april 2027",
        by_deciding_body=True,
    )
    client = client_for(world.staff)
    page = client.get(reverse("spending:project_money", args=[world.project.pk])).content.decode()
    claims = re.search(r'<table[^>]*data-table="claims".*?</table>', page, re.S)
    assert claims is not None
    assert "200.000" in claims.group(0)
    assert "Regionsrådet, møde 1. april 2027" in claims.group(0)
    assert 'data-warning="open_claim"' in page
    assert 'data-warning="over_committed"' in page
    assert (
        "Åbent krav om tilbagebetaling af 200.000 kr. til Regionale erhvervsudviklingsmidler"
        in page
    )
    warnings = client.get(reverse("spending:warning_list")).content.decode()
    assert 'data-warning="open_claim"' in warnings

    # The XLSX and the PDF render the same overview.
    xlsx = client.get(reverse("spending:project_money_export", args=[world.project.pk, "xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    rows = list(book["Krav"].iter_rows(values_only=True))
    assert any(
        r[1:4] == (world.source.name, 200_000, "Regionsrådet, møde 1. april 2027") for r in rows
    )
    pdf = client.get(reverse("spending:project_money_export", args=[world.project.pk, "pdf"]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Krav om tilbagebetaling" in text and "Regionsrådet, møde 1. april 2027" in text


def test_the_staff_front_pages_standing_counts_the_claims_warnings(
    world: World, paid_beyond_the_original: tuple[GrantDecision, Payment]
) -> None:
    decision, _payment = paid_beyond_the_original
    day = datetime.date(2027, 3, 12)
    before, _projects = warning_counts(today=day)
    decision_set_status(
        decision=decision,
        status=GrantDecision.Status.REJECTED,
        by=world.staff,
        reason="Regionsrådet",
        by_deciding_body=True,
    )
    after, projects = warning_counts(today=day)
    # The open claim, and the source paid beyond its grant.
    assert (after, projects) == (before + 2, 1)


def test_claims_are_listed_in_the_admin_for_administrators_only(
    world: World,
) -> None:
    url = reverse("admin:spending_repaymentclaim_changelist")
    assert client_for(world.staff).get(url).status_code == 302
    assert client_for(AdministratorFactory.create()).get(url).status_code == 200
