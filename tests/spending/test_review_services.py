"""The region's review: line by line, accept or return, and four eyes throughout."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from spending.models import ExpenditureLine, SpendingReport
from spending.services import reports as report_services
from spending.services import review
from tests.spending.world import World

pytestmark = pytest.mark.django_db


def _submitted(world: World, *amounts: int) -> tuple[SpendingReport, list[ExpenditureLine]]:
    report = world.report()
    lines = [world.line(report, amount=amount) for amount in amounts]
    report_services.report_submit(report=report, by=world.secretariat)
    return report, lines  # type: ignore[return-value]


def test_the_submitter_cannot_accept_their_own_report(world: World) -> None:
    report = world.report()
    world.line(report)
    # An administrator may enter a report, but then not accept it too.
    report_services.report_submit(report=report, by=world.admin)
    with pytest.raises(ValidationError) as error:
        review.report_accept(report=report, by=world.admin)
    assert error.value.code == "four_eyes"
    report.refresh_from_db()
    assert report.status == SpendingReport.Status.SUBMITTED
    assert review.report_accept(report=report, by=world.staff).status == "accepted"


def test_the_submitter_cannot_review_the_lines_either(world: World) -> None:
    report = world.report()
    line = world.line(report)
    report_services.report_submit(report=report, by=world.admin)
    with pytest.raises(ValidationError) as error:
        review.line_review(line=line, by=world.admin, outcome="accepted")  # type: ignore[arg-type]
    assert error.value.code == "four_eyes"


def test_the_database_refuses_an_acceptance_by_the_submitter(world: World) -> None:
    report, _lines = _submitted(world, 1_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        SpendingReport.objects.filter(pk=report.pk).update(
            status="accepted", reviewed_by=world.secretariat
        )


def test_a_line_is_reduced_with_a_reason_and_rejected_with_one(world: World) -> None:
    report, (first, second, third) = _submitted(world, 10_000, 20_000, 5_000)
    with pytest.raises(ValidationError) as error:
        review.line_review(line=first, by=world.staff, outcome="reduced", accepted_amount=8_000)
    assert "reason" in error.value.message_dict
    for bad in (10_000, 12_000, -1, None):
        with pytest.raises(ValidationError) as error:
            review.line_review(
                line=first, by=world.staff, outcome="reduced", accepted_amount=bad, reason="x"
            )
        assert "accepted_amount" in error.value.message_dict
    reduced = review.line_review(
        line=first, by=world.staff, outcome="reduced", accepted_amount=8_000, reason="Moms"
    )
    rejected = review.line_review(
        line=second, by=world.staff, outcome="rejected", reason="Ej bilag"
    )
    assert (reduced.accepted_amount, rejected.accepted_amount) == (8_000, 0)
    with pytest.raises(ValidationError):
        review.line_review(line=third, by=world.staff, outcome="bogus")
    accepted = review.report_accept(report=report, by=world.staff)
    third.refresh_from_db()
    # The line not reviewed is accepted in full with the report.
    assert (third.outcome, third.accepted_amount, third.reviewed_by) == (
        "accepted",
        5_000,
        world.staff,
    )
    assert accepted.reviewed_by == world.staff


def test_a_draft_cannot_be_reviewed_or_accepted(world: World) -> None:
    report = world.report()
    line = world.line(report)
    with pytest.raises(ValidationError) as error:
        review.report_accept(report=report, by=world.staff)
    assert error.value.code == "not_submitted"
    with pytest.raises(ValidationError):
        review.line_review(line=line, by=world.staff, outcome="accepted")  # type: ignore[arg-type]


def test_returning_needs_a_reason_and_lets_the_secretariat_change_and_resubmit(
    world: World,
) -> None:
    report, (line,) = _submitted(world, 10_000)
    with pytest.raises(ValidationError) as error:
        review.report_return(report=report, by=world.staff, reason="  ")
    assert "reason" in error.value.message_dict
    returned = review.report_return(report=report, by=world.staff, reason="Mangler bilag")
    assert (returned.status, returned.return_reason) == ("returned", "Mangler bilag")
    report_services.line_update(line=line, by=world.secretariat, fields={"amount": 9_000})
    again = report_services.report_submit(report=report, by=world.secretariat)
    assert again.status == "submitted"
    assert review.report_accept(report=again, by=world.other_staff).status == "accepted"


def test_an_accepted_report_cannot_be_returned_or_reviewed_again(world: World) -> None:
    report, (line,) = _submitted(world, 10_000)
    review.report_accept(report=report, by=world.staff)
    with pytest.raises(ValidationError):
        review.report_return(report=report, by=world.staff, reason="For sent")
    with pytest.raises(ValidationError):
        review.line_review(line=line, by=world.staff, outcome="rejected", reason="x")
    line.refresh_from_db()
    assert line.accepted_amount == 10_000
