"""Payments: four eyes, never more than granted, the final share held back."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from grants.models import GrantDecision
from spending.models import Payment, SpendingReport
from spending.services import payments, review
from spending.services import reports as report_services
from tests.factories import DecisionFactory, FinancingLineFactory, FundingSourceFactory
from tests.spending.factories import DeadlineFactory
from tests.spending.world import GRANTED, World

pytestmark = pytest.mark.django_db
DAY = datetime.date(2017, 9, 1)


def _propose(world: World, amount: int, kind: str = "advance", **kwargs: object) -> Payment:
    return payments.payment_propose(
        project=world.project,
        funding_source=world.source,
        kind=kind,
        amount=amount,
        dated=DAY,
        by=world.staff,
        **kwargs,  # type: ignore[arg-type]
    )


def _accepted_report(world: World, *, final: bool = False) -> SpendingReport:
    start, end = (
        (datetime.date(2018, 7, 1), datetime.date(2018, 12, 31))
        if final
        else (datetime.date(2017, 1, 1), datetime.date(2017, 6, 30))
    )
    deadline = DeadlineFactory.create(
        project=world.project, final=final, period_start=start, period_end=end
    )
    report = world.report(deadline=deadline, period_start=start, period_end=end)
    world.line(report, amount=100_000, spent_on=start, paid_on=start)
    report_services.report_submit(report=report, by=world.secretariat)
    return review.report_accept(report=report, by=world.staff)


def test_granted_comes_from_the_effective_decisions(world: World) -> None:
    assert payments.granted_by_source(world.project) == {world.source.pk: GRANTED}
    # A draft decision grants nothing yet.
    draft = DecisionFactory.create(project=world.project, first_year=2018, last_year=2018)
    FinancingLineFactory.create(decision=draft, funding_source=world.source, year=2018)
    assert payments.granted_by_source(world.project) == {world.source.pk: GRANTED}


def test_a_revision_lowering_the_year_lowers_the_ceiling(world: World) -> None:
    revision = DecisionFactory.create(
        project=world.project,
        kind=GrantDecision.Kind.REVISION,
        revises=world.decision,
        first_year=2017,
        last_year=2017,
        status=GrantDecision.Status.APPROVED,
    )
    FinancingLineFactory.create(
        decision=revision, funding_source=world.source, year=2017, amount=600_000
    )
    assert payments.granted_by_source(world.project) == {world.source.pk: 600_000}


def test_the_proposer_cannot_authorise_their_own_payment(world: World) -> None:
    payment = _propose(world, 100_000)
    with pytest.raises(ValidationError) as error:
        payments.payment_authorise(payment=payment, by=world.staff)
    assert error.value.code == "four_eyes"
    payment.refresh_from_db()
    assert payment.status == "proposed"
    authorised = payments.payment_authorise(payment=payment, by=world.other_staff)
    assert (authorised.status, authorised.authorised_by) == ("authorised", world.other_staff)
    assert authorised.history.latest().history_user == world.other_staff


def test_the_database_refuses_authorisation_by_the_proposer(world: World) -> None:
    payment = _propose(world, 100_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(status="authorised", authorised_by=world.staff)


def test_authorised_payments_never_pass_the_share_held_back(world: World) -> None:
    # 10 % of 1.000.000 is held back: 900.000 may be paid before the final report.
    first = _propose(world, 600_000)
    payments.payment_authorise(payment=first, by=world.other_staff)
    second = _propose(world, 300_000)
    too_much = _propose(world, 1)
    payments.payment_authorise(payment=second, by=world.other_staff)
    with pytest.raises(ValidationError) as error:
        payments.payment_authorise(payment=too_much, by=world.other_staff)
    assert error.value.code == "held_back"
    too_much.refresh_from_db()
    assert too_much.status == "proposed"
    with pytest.raises(ValidationError) as error:
        _propose(world, 1)
    assert error.value.code == "held_back"


def test_the_final_share_is_paid_once_the_final_report_is_accepted(world: World) -> None:
    payments.payment_authorise(payment=_propose(world, 900_000), by=world.other_staff)
    interim = _accepted_report(world)
    with pytest.raises(ValidationError) as error:
        _propose(world, 100_000, kind="interim", report=interim)
    assert error.value.code == "held_back"
    with pytest.raises(ValidationError) as error:
        _propose(world, 100_000, kind="final", report=interim)
    assert "report" in error.value.message_dict
    final = _accepted_report(world, final=True)
    payment = _propose(world, 100_000, kind="final", report=final)
    payments.payment_authorise(payment=payment, by=world.other_staff)
    with pytest.raises(ValidationError) as error:
        _propose(world, 1, kind="interim", report=final)
    assert error.value.code == "over_grant"


def test_a_payment_of_an_unaccepted_report_is_refused(world: World) -> None:
    report = world.report()
    world.line(report)
    with pytest.raises(ValidationError) as error:
        _propose(world, 1_000, kind="interim", report=report)
    assert "report" in error.value.message_dict


def test_only_a_correction_is_negative_and_no_recovery_exceeds_what_was_paid(
    world: World,
) -> None:
    for kind, amount in (("advance", -5), ("advance", 0), ("correction", 0)):
        with pytest.raises(ValidationError) as error:
            _propose(world, amount, kind=kind)
        assert "amount" in error.value.message_dict
    payments.payment_authorise(payment=_propose(world, 50_000), by=world.other_staff)
    with pytest.raises(ValidationError) as error:
        _propose(world, -50_001, kind="correction")
    assert error.value.code == "below_zero"
    recovery = _propose(world, -20_000, kind="correction")
    payments.payment_authorise(payment=recovery, by=world.other_staff)
    assert payments.committed(world.project.pk, world.source.pk) == 30_000


def test_a_source_that_grants_nothing_pays_nothing(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        payments.payment_propose(
            project=world.project,
            funding_source=FundingSourceFactory.create(),
            kind="advance",
            amount=1,
            dated=DAY,
            by=world.staff,
        )
    assert error.value.code == "over_grant"


def test_marking_paid_follows_authorisation(world: World) -> None:
    payment = _propose(world, 10_000)
    with pytest.raises(ValidationError):
        payments.payment_mark_paid(payment=payment, by=world.staff)
    payments.payment_authorise(payment=payment, by=world.other_staff)
    paid = payments.payment_mark_paid(payment=payment, by=world.staff)
    assert paid.status == "paid" and paid.paid_at is not None
    with pytest.raises(ValidationError):
        payments.payment_authorise(payment=payment, by=world.other_staff)
    with pytest.raises(ValidationError):
        payments.payment_withdraw(payment=payment, by=world.staff)


def test_a_proposal_can_be_withdrawn(world: World) -> None:
    payment = _propose(world, 10_000)
    payments.payment_withdraw(payment=payment, by=world.staff)
    assert not Payment.objects.exists()
    assert Payment.history.filter(history_type="-").get().history_user == world.staff
