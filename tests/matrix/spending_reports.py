"""The URL × role matrix of spending reports, their review, payments, deadlines and set-up.

The project's secretariat enters and submits its reports; the region reviews, accepts,
returns and pays, and sets up deadlines, finance settings and cost categories; the forum sees
none of it (only the money overview's aggregates); administrators everything.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from grants.models import Project
from spending.models import ExpenditureLine
from spending.services import payments as payment_services
from spending.services import reports as report_services
from tests.factories import (
    DecisionFactory,
    EffortAreaFactory,
    FinancingLineFactory,
    FundingSourceFactory,
)
from tests.matrix.base import Entry, Expect, World, _, _post, _roles
from tests.spending.factories import CostCategoryFactory, DeadlineFactory, FlatRateFactory

READ_REPORTS = _roles(200, 200, 404, 403, 200)
LIST_REPORTS = _roles(200, 200, 200, 403, 200)
ENTER = _roles(403, 200, 404, 403, 200)
REVIEW = _roles(200, 403, 403, 403, 200)
SET_UP = _roles(200, 403, 403, 403, 200)


def _posted(expect: Expect) -> Expect:
    return _post(expect)


ENTRIES: dict[str, Entry] = {
    "spending:report_list": Entry(_(), LIST_REPORTS),
    "spending:report_detail": Entry(_("spending_report"), READ_REPORTS),
    "spending:report_create": Entry(_("project"), ENTER),
    "spending:report_update": Entry(_("spending_report"), ENTER),
    # Each destroying action: its GET is the confirmation page (core.confirm), its POST acts.
    "spending:report_delete": Entry(_("spending_report"), ENTER),
    "spending:report_delete#post": Entry(_("spending_report"), _posted(ENTER), method="post"),
    "spending:report_submit": Entry(_("spending_report"), _posted(ENTER), method="post"),
    "spending:statement_upload": Entry(_("spending_report"), _posted(ENTER), method="post"),
    "spending:statement_download": Entry(_("spending_report"), READ_REPORTS),
    "spending:line_create": Entry(_("spending_report"), ENTER),
    "spending:line_import": Entry(_("spending_report"), ENTER),
    "spending:line_import_template": Entry(_("spending_report"), ENTER),
    "spending:line_update": Entry(_("spending_line"), ENTER),
    "spending:line_delete": Entry(_("spending_line"), ENTER),
    "spending:line_delete#post": Entry(_("spending_line"), _posted(ENTER), method="post"),
    "spending:line_attachment": Entry(_("spending_line"), READ_REPORTS),
    # Review: the report in the world is a draft, so the steps are refused with a message
    # (a redirect) for those who may take them.
    "spending:line_review": Entry(_("spending_line"), _posted(REVIEW), method="post"),
    "spending:report_accept": Entry(_("spending_report"), _posted(REVIEW), method="post"),
    "spending:report_return": Entry(_("spending_report"), REVIEW),
    "spending:payment_list": Entry(_(), LIST_REPORTS),
    "spending:payment_create": Entry(_("project"), REVIEW),
    "spending:payment_detail": Entry(_("payment"), READ_REPORTS),
    "spending:payment_authorise": Entry(_("payment"), _posted(REVIEW), method="post"),
    "spending:payment_mark_paid": Entry(_("payment"), _posted(REVIEW), method="post"),
    "spending:payment_withdraw": Entry(_("payment"), REVIEW),
    "spending:payment_withdraw#post": Entry(_("payment"), _posted(REVIEW), method="post"),
    "spending:deadline_list": Entry(_(), LIST_REPORTS),
    "spending:deadline_create": Entry(_("project"), REVIEW),
    "spending:deadline_update": Entry(_("deadline"), REVIEW),
    "spending:deadline_delete": Entry(_("deadline"), REVIEW),
    "spending:deadline_delete#post": Entry(_("deadline"), _posted(REVIEW), method="post"),
    "spending:finance_list": Entry(_(), SET_UP),
    "spending:finance_update": Entry(_("programme"), SET_UP),
    "spending:category_list": Entry(_("programme"), SET_UP),
    "spending:category_create": Entry(_("programme"), SET_UP),
    "spending:category_update": Entry(_("cost_category"), SET_UP),
    "spending:category_delete": Entry(_("cost_category"), SET_UP),
    "spending:category_delete#post": Entry(_("cost_category"), _posted(SET_UP), method="post"),
}


def extend(world: World) -> None:
    """A draft report of project A with a line carrying an attachment and a statement, a
    deadline, the programme's categories, and a proposed payment."""
    project = Project.objects.get(pk=world.ids["project"])
    member = world.users["member"]
    staff = world.users["regional"]
    assert isinstance(member, User) and isinstance(staff, User)
    salary = CostCategoryFactory.create(programme=project.programme, code="SAL")
    spare = CostCategoryFactory.create(programme=project.programme, code="SPARE")
    FlatRateFactory.create(programme=project.programme, code="FLAT", base=salary)
    deadline = DeadlineFactory.create(
        project=project,
        period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2019, 6, 30),
        due_on=datetime.date(2019, 8, 31),
    )
    report = report_services.report_create(
        project=project,
        period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2019, 6, 30),
        by=member,
    )
    pdf = b"%PDF-1.4\n%%EOF\n"
    report_services.report_set_statement(
        report=report, upload=SimpleUploadedFile("revisor.pdf", pdf), by=member
    )
    line = report_services.line_add(
        report=report,
        by=member,
        fields={
            "spent_on": datetime.date(2019, 2, 1),
            "paid_on": datetime.date(2019, 2, 10),
            "effort_area": EffortAreaFactory.create(project=project),
            "cost_category": salary,
            "description": "Løn",
            "amount": 10_000,
        },
        attachment=SimpleUploadedFile("faktura.pdf", pdf),
    )
    assert isinstance(line, ExpenditureLine)
    source = FundingSourceFactory.create()
    decision = DecisionFactory.create(
        project=project, first_year=2019, last_year=2019, status="approved"
    )
    FinancingLineFactory.create(decision=decision, funding_source=source, year=2019, amount=100_000)
    payment = payment_services.payment_propose(
        project=project,
        funding_source=source,
        kind="advance",
        amount=1_000,
        dated=datetime.date(2019, 3, 1),
        by=staff,
    )
    world.ids.update(
        {
            "spending_report": report.pk,
            "spending_line": line.pk,
            "deadline": deadline.pk,
            "cost_category": spare.pk,
            "payment": payment.pk,
        }
    )
