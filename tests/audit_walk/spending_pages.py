"""Scenarios of the spending pages: the secretariat's reports and lines, the region's review,
payments (four eyes), reporting deadlines and a programme's finance set-up."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from spending.imports.reader import COLUMNS
from spending.models import (
    CostCategory,
    ExpenditureLine,
    Payment,
    ProgrammeFinance,
    ReportingDeadline,
    SpendingReport,
)
from spending.services import payments, reports, review
from tests.audit_walk.harness import Walk, scenario

SECRETARIAT = "member"
STAFF = "regional"
PDF = b"%PDF-1.4\n%%EOF\n"


def _report(w: Walk) -> SpendingReport:
    return SpendingReport.objects.get(pk=w.ids["spending_report"])


def _line(w: Walk) -> ExpenditureLine:
    return ExpenditureLine.objects.get(pk=w.ids["spending_line"])


@scenario(actor=SECRETARIAT, posts=["spending:report_create"], writes=["spending.SpendingReport"])
def report_created(w: Walk) -> None:
    url = reverse("spending:report_create", args=[w.ids["project"]])
    data = w.form(url)
    data.update(period_start="2019-07-01", period_end="2019-12-31", status_text="Godt i gang")
    w.post(url, data)
    assert SpendingReport.objects.filter(
        project_id=w.ids["project"], period_start=datetime.date(2019, 7, 1)
    ).exists()


@scenario(actor=SECRETARIAT, posts=["spending:report_update"], writes=["spending.SpendingReport"])
def report_changed(w: Walk) -> None:
    url = reverse("spending:report_update", args=[w.ids["spending_report"]])
    data = w.form(url)
    data.update(status_text="Forsinket en måned", forecast="40000")
    w.post(url, data)
    assert (_report(w).status_text, _report(w).forecast) == ("Forsinket en måned", 40_000)


def _second_report(w: Walk) -> None:
    report = reports.report_create(
        project=_report(w).project,
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2020, 6, 30),
        by=w.user("member"),
    )
    w.ids["second_report"] = report.pk


@scenario(
    actor=SECRETARIAT,
    posts=["spending:report_delete"],
    writes=["spending.SpendingReport"],
    given=_second_report,
)
def report_deleted(w: Walk) -> None:
    w.act(reverse("spending:report_delete", args=[w.ids["second_report"]]))
    assert not SpendingReport.objects.filter(pk=w.ids["second_report"]).exists()


@scenario(actor=SECRETARIAT, posts=["spending:report_submit"], writes=["spending.SpendingReport"])
def report_submitted(w: Walk) -> None:
    w.act(reverse("spending:report_submit", args=[w.ids["spending_report"]]))
    assert _report(w).status == SpendingReport.Status.SUBMITTED


@scenario(
    actor=SECRETARIAT, posts=["spending:statement_upload"], writes=["spending.SpendingReport"]
)
def statement_uploaded(w: Walk) -> None:
    url = reverse("spending:statement_upload", args=[w.ids["spending_report"]])
    before = _report(w).auditor_statement.name
    w.post(url, {"file": SimpleUploadedFile("erklæring.pdf", PDF)})
    assert _report(w).auditor_statement.name != before


@scenario(actor=SECRETARIAT, posts=["spending:line_create"], writes=["spending.ExpenditureLine"])
def line_added(w: Walk) -> None:
    url = reverse("spending:line_create", args=[w.ids["spending_report"]])
    line = _line(w)
    data = w.form(url)
    data.update(
        spent_on="2019-03-01",
        paid_on="2019-03-10",
        effort_area=str(line.effort_area_id),
        cost_category=str(line.cost_category_id),
        description="Kursusgebyr",
        amount="12500",
        attachment=SimpleUploadedFile("kvittering.pdf", PDF),
    )
    w.post(url, data)
    assert _report(w).lines.get(description="Kursusgebyr").amount == 12_500


@scenario(actor=SECRETARIAT, posts=["spending:line_update"], writes=["spending.ExpenditureLine"])
def line_changed(w: Walk) -> None:
    url = reverse("spending:line_update", args=[w.ids["spending_line"]])
    data = w.form(url)
    data["amount"] = "11000"
    w.post(url, data)
    assert _line(w).amount == 11_000


@scenario(actor=SECRETARIAT, posts=["spending:line_delete"], writes=["spending.ExpenditureLine"])
def line_deleted(w: Walk) -> None:
    w.act(reverse("spending:line_delete", args=[w.ids["spending_line"]]))
    assert not ExpenditureLine.objects.filter(pk=w.ids["spending_line"]).exists()


def _sheet(w: Walk) -> bytes:
    line = _line(w)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    cells = {
        "spent_on": datetime.datetime(2019, 4, 1),
        "paid_on": datetime.datetime(2019, 4, 5),
        "effort_area": line.effort_area.name,
        "cost_category": line.cost_category.code,
        "description": "Mentorløn",
        "invoice_number": "F-7",
        "amount": 8_000,
    }
    sheet.append([cells[column] for column in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@scenario(
    actor=SECRETARIAT,
    posts=["spending:line_import"],
    writes=["spending.ExpenditureLine", "spending.ExpenditureImport"],
)
def lines_imported(w: Walk) -> None:
    url = reverse("spending:line_import", args=[w.ids["spending_report"]])
    data = w.form(url)
    data["file"] = SimpleUploadedFile("udgifter.xlsx", _sheet(w))
    w.post(url, data)
    assert _report(w).lines.get(description="Mentorløn").amount == 8_000


def _submitted(w: Walk) -> None:
    reports.report_submit(report=_report(w), by=w.user("member"))


def _reviewed(w: Walk) -> None:
    _submitted(w)
    review.line_review(
        line=_line(w), by=w.user("administrator"), outcome="accepted", accepted_amount=None
    )


@scenario(
    actor=STAFF,
    posts=["spending:line_review"],
    writes=["spending.ExpenditureLine"],
    given=_submitted,
)
def line_reviewed(w: Walk) -> None:
    line = _line(w)
    url = reverse("spending:line_review", args=[line.pk])
    data = w.form(_report(w).get_absolute_url(), url)
    prefix = f"line-{line.pk}"
    data.update({f"{prefix}-outcome": "reduced", f"{prefix}-accepted_amount": "9000"})
    data[f"{prefix}-reason"] = "Kun 90 % af lønnen vedrører projektet"
    w.post(url, data)
    assert (_line(w).outcome, _line(w).accepted_amount) == ("reduced", 9_000)


@scenario(
    actor=STAFF,
    posts=["spending:report_accept"],
    writes=["spending.SpendingReport"],
    given=_reviewed,
)
def report_accepted(w: Walk) -> None:
    w.act(reverse("spending:report_accept", args=[w.ids["spending_report"]]))
    assert _report(w).status == SpendingReport.Status.ACCEPTED


@scenario(
    actor=STAFF,
    posts=["spending:report_return"],
    writes=["spending.SpendingReport"],
    given=_submitted,
)
def report_returned(w: Walk) -> None:
    url = reverse("spending:report_return", args=[w.ids["spending_report"]])
    data = w.form(url)
    data["reason"] = "Revisorerklæringen mangler underskrift"
    w.post(url, data)
    assert _report(w).status == SpendingReport.Status.RETURNED


@scenario(actor=STAFF, posts=["spending:payment_create"], writes=["spending.Payment"])
def payment_proposed(w: Walk) -> None:
    url = reverse("spending:payment_create", args=[w.ids["project"]])
    data = w.form(url)
    data.update(kind="advance", amount="2000", dated="2019-04-01")
    data["funding_source"] = str(_payment(w).funding_source_id)
    w.post(url, data)
    assert Payment.objects.filter(project_id=w.ids["project"], amount=2_000).exists()


def _payment(w: Walk) -> Payment:
    return Payment.objects.get(pk=w.ids["payment"])


@scenario(
    # The world's payment was proposed by the regional staff member: another authorises it.
    actor="administrator",
    posts=["spending:payment_authorise"],
    writes=["spending.Payment"],
)
def payment_authorised(w: Walk) -> None:
    w.act(reverse("spending:payment_authorise", args=[w.ids["payment"]]))
    assert _payment(w).status == Payment.Status.AUTHORISED


def _authorised(w: Walk) -> None:
    payments.payment_authorise(payment=_payment(w), by=w.user("administrator"))


@scenario(
    actor=STAFF,
    posts=["spending:payment_mark_paid"],
    writes=["spending.Payment"],
    given=_authorised,
)
def payment_paid(w: Walk) -> None:
    w.act(reverse("spending:payment_mark_paid", args=[w.ids["payment"]]))
    assert _payment(w).status == Payment.Status.PAID


@scenario(actor=STAFF, posts=["spending:payment_withdraw"], writes=["spending.Payment"])
def payment_withdrawn(w: Walk) -> None:
    w.act(reverse("spending:payment_withdraw", args=[w.ids["payment"]]))
    assert not Payment.objects.filter(pk=w.ids["payment"]).exists()


@scenario(actor=STAFF, posts=["spending:deadline_create"], writes=["spending.ReportingDeadline"])
def deadline_created(w: Walk) -> None:
    url = reverse("spending:deadline_create", args=[w.ids["project"]])
    data = w.form(url)
    data.update(period_start="2019-07-01", period_end="2019-12-31", due_on="2020-02-28")
    w.post(url, data)
    assert ReportingDeadline.objects.filter(
        project_id=w.ids["project"], due_on=datetime.date(2020, 2, 28)
    ).exists()


@scenario(actor=STAFF, posts=["spending:deadline_update"], writes=["spending.ReportingDeadline"])
def deadline_changed(w: Walk) -> None:
    url = reverse("spending:deadline_update", args=[w.ids["deadline"]])
    data = w.form(url)
    data["due_on"] = "2019-09-30"
    w.post(url, data)
    deadline = ReportingDeadline.objects.get(pk=w.ids["deadline"])
    assert deadline.due_on == datetime.date(2019, 9, 30)


@scenario(actor=STAFF, posts=["spending:deadline_delete"], writes=["spending.ReportingDeadline"])
def deadline_deleted(w: Walk) -> None:
    w.act(reverse("spending:deadline_delete", args=[w.ids["deadline"]]))
    assert not ReportingDeadline.objects.filter(pk=w.ids["deadline"]).exists()


@scenario(actor=STAFF, posts=["spending:finance_update"], writes=["spending.ProgrammeFinance"])
def finance_set_up(w: Walk) -> None:
    url = reverse("spending:finance_update", args=[w.ids["programme"]])
    data = w.form(url)
    data["final_share_percent"] = "20"
    w.post(url, data)
    finance = ProgrammeFinance.objects.get(programme_id=w.ids["programme"])
    assert finance.final_share_percent == 20


@scenario(actor=STAFF, posts=["spending:category_create"], writes=["spending.CostCategory"])
def category_created(w: Walk) -> None:
    url = reverse("spending:category_create", args=[w.ids["programme"]])
    data = w.form(url)
    data.update(code="RENT", name="Husleje", kind="direct")
    w.post(url, data)
    assert CostCategory.objects.filter(programme_id=w.ids["programme"], code="RENT").exists()


@scenario(actor=STAFF, posts=["spending:category_update"], writes=["spending.CostCategory"])
def category_changed(w: Walk) -> None:
    url = reverse("spending:category_update", args=[w.ids["cost_category"]])
    data = w.form(url)
    data["name"] = "Reserve"
    w.post(url, data)
    assert CostCategory.objects.get(pk=w.ids["cost_category"]).name == "Reserve"


@scenario(actor=STAFF, posts=["spending:category_delete"], writes=["spending.CostCategory"])
def category_deleted(w: Walk) -> None:
    w.act(reverse("spending:category_delete", args=[w.ids["cost_category"]]))
    assert not CostCategory.objects.filter(pk=w.ids["cost_category"]).exists()
