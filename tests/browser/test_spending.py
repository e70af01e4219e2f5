"""The issue's acceptance test, in a real browser: the secretariat enters and submits a spending
report with lines typed in and imported from a workbook; regional staff reduce one line, accept
the report, propose a payment, and another member of staff authorises and pays it; the
project's % used and the warning list change as the figures written here say.

The interface is Danish, so elements are found by URL, name and data attributes, not by text.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from openpyxl import Workbook
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.roles import REGIONAL_STAFF, SECRETARIAT
from grants.models import EffortArea, FundingSource, GrantDecision, Project
from spending.imports.reader import COLUMNS
from spending.models import CostCategory, ExpenditureLine, Payment, ProgrammeFinance
from tests.browser.axe import PASSWORD, login, submit, visit
from tests.factories import (
    BudgetLineFactory,
    DecisionFactory,
    EffortAreaFactory,
    FinancingLineFactory,
    FundingSourceFactory,
    MembershipFactory,
    ProjectFactory,
    UserFactory,
)
from tests.spending.factories import CostCategoryFactory, DeadlineFactory, FlatRateFactory

BUDGET_2017 = 1_000_000


@dataclass
class Money:
    project: Project
    area: EffortArea
    source: FundingSource
    salary: CostCategory
    external: CostCategory
    secretariat: User
    staff: User
    other_staff: User


@pytest.fixture
def money(live_server: LiveServer) -> Money:
    """A project with 1.000.000 kr. budgeted for 2017, an 18 % flat rate on salary, and a report
    for the first half of 2017 long overdue."""
    project = ProjectFactory.create(name="Pengeprojektet")
    area = EffortAreaFactory.create(project=project, name="Indslusning")
    source = FundingSourceFactory.create(name="EU's Socialfond")
    decision = DecisionFactory.create(
        project=project, first_year=2017, last_year=2017, status=GrantDecision.Status.APPROVED
    )
    BudgetLineFactory.create(decision=decision, effort_area=area, year=2017, amount=BUDGET_2017)
    FinancingLineFactory.create(
        decision=decision, funding_source=source, year=2017, amount=BUDGET_2017
    )
    salary = CostCategoryFactory.create(programme=project.programme, code="SAL", name="Løn")
    external = CostCategoryFactory.create(
        programme=project.programme, code="EXT", name="Eksterne ydelser"
    )
    FlatRateFactory.create(
        programme=project.programme,
        code="FLAT18",
        name="Indirekte omkostninger",
        rate_percent=Decimal("18.00"),
        base=salary,
    )
    # No auditor's statement for this report's size.
    ProgrammeFinance.objects.create(programme=project.programme, auditor_threshold=2_000_000)
    DeadlineFactory.create(
        project=project,
        period_start=datetime.date(2017, 1, 1),
        period_end=datetime.date(2017, 6, 30),
        due_on=datetime.date(2017, 8, 31),
    )
    secretariat = UserFactory.create(username="sekretariat", role=SECRETARIAT)
    MembershipFactory.create(user=secretariat, project=project)
    return Money(
        project=project,
        area=area,
        source=source,
        salary=salary,
        external=external,
        secretariat=secretariat,
        staff=UserFactory.create(username="karen", role=REGIONAL_STAFF),
        other_staff=UserFactory.create(username="mette", role=REGIONAL_STAFF),
    )


def _workbook(money: Money) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    sheet.append(
        [
            datetime.date(2017, 4, 3),
            datetime.date(2017, 4, 20),
            money.area.name,
            money.external.code,
            "Mentorforløb i virksomheder",
            "F-17-044",
            200_000,
        ]
    )
    sheet.append(
        [
            datetime.date(2017, 5, 31),
            datetime.date(2017, 6, 5),
            money.area.name,
            money.salary.code,
            "Jobkonsulent, løn maj",
            "L-2017-5",
            100_000,
        ]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _year_cell(page: Page, column: str) -> str:
    return page.locator(
        f"table[data-table='years'] tr[data-year='2017'] td[data-{column}]"
    ).inner_text()


def _money_page(page: Page, live_server: LiveServer, money: Money) -> None:
    visit(page, f"{live_server.url}/spending/projects/{money.project.pk}/money/")


def _warning_kinds(page: Page, live_server: LiveServer, money: Money) -> list[str]:
    programme = money.project.programme_id
    visit(page, f"{live_server.url}/spending/warnings/?programme={programme}")
    row = page.locator(f"tr[data-project='{money.project.pk}']")
    if row.count() == 0:
        return []
    return [
        item.get_attribute("data-warning") or "" for item in row.locator("li[data-warning]").all()
    ]


def _logout(page: Page, live_server: LiveServer) -> None:
    page.context.clear_cookies()


def test_a_report_is_entered_reviewed_accepted_and_paid(
    page: Page, live_server: LiveServer, money: Money
) -> None:
    # Staff see nothing spent of 2017's budget, and two warnings: the overdue report and
    # under-spending (nothing accepted of the 1.000.000 kr. budgeted to date).
    login(page, live_server, "karen", PASSWORD)
    _money_page(page, live_server, money)
    assert _year_cell(page, "budget") == "1.000.000"
    assert _year_cell(page, "accepted") == "0"
    assert _year_cell(page, "used") == "0 %"
    assert _warning_kinds(page, live_server, money) == ["underspending", "overdue_report"]
    _logout(page, live_server)

    # The secretariat writes the report for the deadline: one line typed in, two imported.
    login(page, live_server, "sekretariat", PASSWORD)
    visit(page, f"{live_server.url}/spending/reports/new/{money.project.pk}/")
    deadline = money.project.reporting_deadlines.get()
    page.locator("select[name=deadline]").select_option(str(deadline.pk))
    page.locator("textarea[name=status_text]").fill("Indslusningen er i fuld gang.")
    page.locator("input[name=forecast]").fill("50000")
    submit(page, page.locator("main form button[type=submit]"))
    report = money.project.spending_reports.get()
    assert page.url.endswith(f"/spending/reports/{report.pk}/")

    visit(page, f"{live_server.url}/spending/reports/{report.pk}/lines/new/")
    page.locator("input[name=spent_on]").fill("2017-03-31")
    page.locator("input[name=paid_on]").fill("2017-04-05")
    page.locator("select[name=effort_area]").select_option(str(money.area.pk))
    page.locator("select[name=cost_category]").select_option(str(money.salary.pk))
    page.locator("input[name=description]").fill("Jobkonsulenter, løn 1. kvartal")
    page.locator("input[name=invoice_number]").fill("L-2017-1")
    page.locator("input[name=amount]").fill("400000")
    submit(page, page.locator("main form button[type=submit]:not([name])"))

    visit(page, f"{live_server.url}/spending/reports/{report.pk}/import/")
    page.locator("input[type=file][name=file]").set_input_files(
        {
            "name": "bogholderi.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": _workbook(money),
        }
    )
    submit(page, page.locator("main form button[type=submit]").last)
    expect(page.locator("[data-testid=line]")).to_have_count(3)
    # 500.000 salary + 18 % = 90.000, and 200.000 external services.
    expect(page.locator("[data-testid=reported-total]")).to_have_text("790.000")
    submit(page, page.locator("[data-testid=submit-report]"))
    expect(page.locator("[data-testid=report-status]")).to_have_text("Indsendt")
    _logout(page, live_server)

    # Staff: handed in, the report is no longer overdue; nothing is accepted yet.
    login(page, live_server, "karen", PASSWORD)
    _money_page(page, live_server, money)
    assert _year_cell(page, "reported") == "790.000"
    assert _year_cell(page, "accepted") == "0"
    assert _warning_kinds(page, live_server, money) == ["underspending"]

    # Reduce the external services from 200.000 to 150.000 kr., accept the rest with the report.
    external = ExpenditureLine.objects.get(report=report, cost_category=money.external)
    visit(page, f"{live_server.url}/spending/reports/{report.pk}/")
    form = page.locator(f"[data-testid=review-{external.pk}]")
    form.locator("select").select_option("reduced")
    form.locator("input[name$=accepted_amount]").fill("150000")
    form.locator("textarea[name$=reason]").fill("Fakturaen dækker også et forløb i 2016.")
    submit(page, form.locator("button[type=submit]"))
    submit(page, page.locator("[data-testid=accept-report]"))
    expect(page.locator("[data-testid=report-status]")).to_have_text("Godkendt")

    # 500.000 + 90.000 + 150.000 = 740.000 of 1.000.000: 74 % used; with the forecast of
    # 50.000 that is 790.000, at least 75 % of the budget to date: no warning is left.
    _money_page(page, live_server, money)
    assert _year_cell(page, "accepted") == "740.000"
    assert _year_cell(page, "remaining") == "260.000"
    assert _year_cell(page, "used") == "74 %"
    expect(page.locator("[data-section=used]")).to_contain_text(
        "Budgettet for 2017 er brugt: 740 af 1.000 (74 %)"
    )
    expect(page.locator("[data-section=warnings] [data-warnings='0']")).to_have_count(1)
    assert _warning_kinds(page, live_server, money) == []

    # Propose an interim payment of the accepted report.
    visit(page, f"{live_server.url}/spending/payments/new/{money.project.pk}/")
    page.locator("select[name=funding_source]").select_option(str(money.source.pk))
    page.locator("select[name=kind]").select_option(Payment.Kind.INTERIM)
    page.locator("input[name=amount]").fill("500000")
    page.locator("select[name=report]").select_option(str(report.pk))
    page.locator("input[name=dated]").fill("2017-09-15")
    submit(page, page.locator("main form button[type=submit]"))
    # The one who proposed may not authorise it.
    expect(page.locator("[data-testid=authorise]")).to_have_count(0)
    _logout(page, live_server)

    # Another member of staff authorises it and marks it paid.
    login(page, live_server, "mette", PASSWORD)
    visit(page, f"{live_server.url}/spending/payments/?project={money.project.pk}")
    submit(page, page.locator("[data-testid=authorise]"))
    submit(page, page.locator("[data-testid=mark-paid]"))
    payment = Payment.objects.get(project=money.project)
    assert (payment.status, payment.amount, payment.authorised_by) == (
        Payment.Status.PAID,
        500_000,
        money.other_staff,
    )
    _money_page(page, live_server, money)
    assert _year_cell(page, "paid") == "500.000"
    assert _year_cell(page, "used") == "74 %"
