"""Writing a report: its lines, the submission, and what may change when."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from spending.models import ExpenditureLine, SpendingReport
from spending.services import reports as services
from spending.services import review
from tests.factories import EffortAreaFactory
from tests.spending.factories import DeadlineFactory
from tests.spending.world import World

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _codes(error: pytest.ExceptionInfo[ValidationError]) -> set[str | None]:
    return {e.code for e in error.value.error_list} if hasattr(error.value, "error_list") else set()


def test_a_new_report_is_a_draft_recorded_with_its_author(world: World) -> None:
    report = world.report(status_text="Godt i gang", forecast=200_000)
    assert report.status == SpendingReport.Status.DRAFT
    assert report.created_by == world.secretariat
    assert report.history.latest().history_user == world.secretariat


def test_one_report_per_project_and_period(world: World) -> None:
    world.report()
    with pytest.raises(ValidationError) as error:
        world.report()
    assert error.value.messages == ["Projektet har allerede et regnskab for den periode."]
    assert SpendingReport.objects.count() == 1


def test_a_period_that_ends_before_it_begins_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        world.report(period_start=datetime.date(2017, 6, 30), period_end=datetime.date(2017, 1, 1))
    assert "period_end" in error.value.message_dict


def test_a_deadline_of_another_project_is_refused(world: World) -> None:
    other = DeadlineFactory.create()
    with pytest.raises(ValidationError) as error:
        world.report(deadline=other)
    assert "deadline" in error.value.message_dict


def test_a_line_under_a_flat_rate_category_is_refused(world: World) -> None:
    report = world.report()
    with pytest.raises(ValidationError) as error:
        world.line(report, cost_category=world.flat)
    assert "cost_category" in error.value.message_dict
    assert not ExpenditureLine.objects.exists()


def test_a_line_of_another_projects_effort_area_is_refused(world: World) -> None:
    report = world.report()
    with pytest.raises(ValidationError) as error:
        world.line(report, effort_area=EffortAreaFactory.create())
    assert "effort_area" in error.value.message_dict


def test_a_negative_amount_is_refused(world: World) -> None:
    report = world.report()
    with pytest.raises(ValidationError) as error:
        world.line(report, amount=-5)
    assert "amount" in error.value.message_dict


def test_an_amount_of_0_is_refused_on_the_amount(world: World) -> None:
    report = world.report()
    with pytest.raises(ValidationError) as error:
        world.line(report, amount=0)
    assert list(error.value.message_dict) == ["amount"]
    assert "0 kr." in error.value.message_dict["amount"][0]


def test_a_line_paid_before_its_date_is_refused_on_the_date_paid(world: World) -> None:
    report = world.report()
    with pytest.raises(ValidationError) as error:
        world.line(report, spent_on=datetime.date(2017, 2, 10), paid_on=datetime.date(2017, 2, 9))
    assert list(error.value.message_dict) == ["paid_on"]
    assert "10.02.2017" in error.value.message_dict["paid_on"][0]
    world.line(report, spent_on=datetime.date(2017, 2, 10), paid_on=datetime.date(2017, 2, 10))


@pytest.mark.parametrize(
    ("change", "constraint"),
    [
        ({"amount": 0}, "expenditure_line_amount_positive"),
        ({"paid_on": datetime.date(2017, 1, 31)}, "expenditure_line_paid_after_spent"),
    ],
)
def test_the_database_holds_the_line_rules_on_a_write_past_the_model(
    world: World, change: dict[str, object], constraint: str
) -> None:
    report = world.report()
    world.line(report)
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        ExpenditureLine.objects.update(**change)
    # SQLite names the constraint; PostgreSQL too.
    assert constraint in str(error.value)


def test_submitting_needs_lines_or_a_status_text(world: World) -> None:
    report = world.report()
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, by=world.secretariat)
    assert error.value.code == "empty"


def test_submitting_above_the_threshold_needs_the_auditors_statement(world: World) -> None:
    report = world.report()
    # 430.000 of salary is 507.400 with the 18 % flat rate: above the 500.000 threshold.
    world.line(report, amount=430_000)
    with pytest.raises(ValidationError) as error:
        services.report_submit(report=report, by=world.secretariat)
    assert error.value.code == "statement_required"
    assert "500.000 kr." in error.value.messages[0]
    report.refresh_from_db()
    assert report.status == SpendingReport.Status.DRAFT
    upload = SimpleUploadedFile("revisor.pdf", PDF, content_type="application/pdf")
    services.report_set_statement(report=report, upload=upload, by=world.secretariat)
    submitted = services.report_submit(report=report, by=world.secretariat)
    assert submitted.status == SpendingReport.Status.SUBMITTED
    assert submitted.statement_filename == "revisor.pdf"


def test_below_the_threshold_no_statement_is_needed(world: World) -> None:
    report = world.report()
    world.line(report, amount=420_000)  # 495.600 with the flat rate
    submitted = services.report_submit(report=report, by=world.secretariat)
    assert (submitted.submitted_by, submitted.final) == (world.secretariat, False)


def test_a_statement_that_is_no_allowed_file_is_refused(world: World) -> None:
    report = world.report()
    upload = SimpleUploadedFile(
        "revisor.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    with pytest.raises(ValidationError):
        services.report_set_statement(report=report, upload=upload, by=world.secretariat)
    report.refresh_from_db()
    assert not report.auditor_statement


def test_the_final_deadline_makes_the_final_report(world: World) -> None:
    deadline = DeadlineFactory.create(project=world.project, final=True)
    report = world.report(deadline=deadline)
    world.line(report)
    assert services.report_submit(report=report, by=world.secretariat).final


def test_a_submitted_report_cannot_be_changed(world: World) -> None:
    report = world.report()
    line = world.line(report)
    services.report_submit(report=report, by=world.secretariat)
    assert isinstance(line, ExpenditureLine)
    for attempt in (
        lambda: world.line(report),
        lambda: services.line_update(line=line, by=world.secretariat, fields={"amount": 1}),
        lambda: services.line_delete(line=line, by=world.secretariat),
        lambda: services.report_update(report=report, by=world.secretariat, fields={"forecast": 1}),
        lambda: services.report_submit(report=report, by=world.secretariat),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.code == "frozen"
    line.refresh_from_db()
    assert line.amount == 10_000


def test_an_accepted_report_is_frozen(world: World) -> None:
    report = world.report()
    world.line(report)
    services.report_submit(report=report, by=world.secretariat)
    review.report_accept(report=report, by=world.staff)
    with pytest.raises(ValidationError) as error:
        world.line(report)
    assert error.value.code == "frozen"
    with pytest.raises(ValidationError):
        services.report_delete(report=report, by=world.secretariat)


def test_changing_a_line_of_a_returned_report_clears_its_review(world: World) -> None:
    report = world.report()
    line = world.line(report, amount=10_000)
    assert isinstance(line, ExpenditureLine)
    services.report_submit(report=report, by=world.secretariat)
    review.line_review(
        line=line, by=world.staff, outcome="reduced", accepted_amount=8_000, reason="Moms"
    )
    review.report_return(report=report, by=world.staff, reason="Ret linjen")
    changed = services.line_update(line=line, by=world.secretariat, fields={"amount": 8_000})
    assert (changed.outcome, changed.accepted_amount, changed.review_reason) == ("", None, "")
    # The audit history keeps every version: who changed it, and the old and new values.
    versions = list(changed.history.order_by("history_date").values_list("amount", "outcome"))
    assert versions[0] == (10_000, "") and versions[-1] == (8_000, "")
    assert "reduced" in {outcome for _amount, outcome in versions}
    assert changed.history.latest().history_user == world.secretariat


def test_only_a_draft_never_submitted_can_be_deleted(world: World) -> None:
    report = world.report()
    world.line(report)
    services.report_delete(report=report, by=world.secretariat)
    assert not SpendingReport.objects.exists()
    assert not ExpenditureLine.objects.exists()
