"""The money pages: a project's, a decision's, the warning list, the XLSX and the PDF."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from grants.models import GrantDecision
from grants.services import decision_reopen
from spending.models import ExpenditureLine, Payment, SpendingReport
from spending.services import reports as report_services
from spending.services import review as review_services
from tests.factories import (
    BudgetLineFactory,
    DecisionFactory,
    ForumMemberFactory,
    SecretariatFactory,
)
from tests.spending.factories import DeadlineFactory, LineFactory, PaymentFactory, ReportFactory
from tests.spending.world import World

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2018, 3, 1)


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("spending.views_overview.today", lambda: TODAY)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _accepted_report(world: World, amount: int) -> SpendingReport:
    """A report of `amount` salary in 2017, submitted, reviewed (reduced by 10 %) and accepted."""
    report = world.report(forecast=50_000, status_text="I fuld gang")
    line = world.line(report, amount)
    assert isinstance(line, ExpenditureLine)
    report_services.report_submit(report=report, by=world.secretariat)
    review_services.line_review(
        line=line,
        by=world.staff,
        outcome=ExpenditureLine.Outcome.REDUCED,
        accepted_amount=amount * 9 // 10,
        reason="Ikke dokumenteret",
    )
    return review_services.report_accept(report=report, by=world.staff)


def _paid(world: World, amount: int, day: datetime.date, **kwargs: object) -> Payment:
    moment = datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC)
    payment = PaymentFactory.create(
        project=world.project,
        funding_source=world.source,
        amount=amount,
        status=Payment.Status.PAID,
        dated=day,
        proposed_by=world.staff,
        authorised_by=world.other_staff,
        authorised_at=moment,
        paid_at=moment,
        **kwargs,
    )
    assert isinstance(payment, Payment)
    return payment


def _row(page: str, table: str, key: str) -> dict[str, str]:
    """The cells of a money table's row, by their data attribute."""
    section = re.search(rf'data-table="{table}".*?</table>', page, re.S)
    assert section, table
    row = re.search(rf'<tr data-(?:year|area)="{key}">(.*?)</tr>', section.group(0), re.S)
    assert row, key
    return dict(re.findall(r'<td class="amount" data-(\w+)>([^<]*)</td>', row.group(1)))


def test_the_project_page_shows_budget_reported_accepted_and_percent_used(world: World) -> None:
    _accepted_report(world, 300_000)
    page = _client(world.staff).get(reverse("spending:project_money", args=[world.project.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    # 300.000 salary + 18 % = 354.000 reported; 270.000 + 48.600 = 318.600 accepted of 1.000.000.
    assert _row(text, "years", "2017") == {
        "budget": "1.000.000",
        "reported": "354.000",
        "accepted": "318.600",
        "paid": "0",
        "remaining": "681.400",
        "used": "32 %",
    }
    assert _row(text, "areas", str(world.area.pk))["accepted"] == "318.600"
    assert "Budgettet for 2017 er brugt: 318,6 af 1.000 (32 %)" in text
    assert 'data-section="warnings"' in text
    assert reverse("spending:decision_money", args=[world.decision.pk]) in text
    assert 'src="/static/js/money-chart.js"' in text
    assert 'id="money-chart-data"' in text


def test_the_forum_sees_the_figures_but_not_the_warnings(world: World) -> None:
    _accepted_report(world, 300_000)
    forum = ForumMemberFactory.create()
    text = _client(forum).get(reverse("spending:project_money", args=[world.project.pk]))
    assert text.status_code == 200
    page = text.content.decode()
    assert _row(page, "years", "2017")["accepted"] == "318.600"
    assert 'data-section="warnings"' not in page


def test_the_secretariat_of_another_project_gets_404(world: World) -> None:
    other = SecretariatFactory.create()
    url = reverse("spending:project_money", args=[world.project.pk])
    assert _client(other).get(url).status_code == 404
    assert _client(world.secretariat).get(url).status_code == 200


def test_paid_payments_count_in_the_year_paid(world: World) -> None:
    _paid(world, 300_000, datetime.date(2017, 5, 1))
    PaymentFactory.create(
        project=world.project,
        funding_source=world.source,
        amount=200_000,
        status=Payment.Status.PROPOSED,
        dated=datetime.date(2017, 6, 1),
        proposed_by=world.staff,
    )
    page = _client(world.staff).get(reverse("spending:project_money", args=[world.project.pk]))
    assert _row(page.content.decode(), "years", "2017")["paid"] == "300.000"


def test_the_decision_page_shows_the_decisions_share(world: World) -> None:
    _accepted_report(world, 300_000)
    response = _client(world.staff).get(
        reverse("spending:decision_money", args=[world.decision.pk])
    )
    assert response.status_code == 200
    assert _row(response.content.decode(), "years", "2017")["accepted"] == "318.600"


def test_a_draft_decision_shows_its_own_budget_and_nothing_spent(world: World) -> None:
    _accepted_report(world, 300_000)
    decision_reopen(decision=world.decision, reason="Rettes", by=world.admin)
    response = _client(world.staff).get(
        reverse("spending:decision_money", args=[world.decision.pk])
    )
    assert response.status_code == 200
    row = _row(response.content.decode(), "years", "2017")
    assert (row["budget"], row["accepted"]) == ("1.000.000", "0")


def test_the_warning_list_names_the_projects_with_warnings(world: World) -> None:
    DeadlineFactory.create(
        project=world.project,
        period_start=datetime.date(2017, 1, 1),
        period_end=datetime.date(2017, 6, 30),
        due_on=datetime.date(2017, 8, 31),
    )
    url = reverse("spending:warning_list") + f"?programme={world.project.programme_id}"
    page = _client(world.staff).get(url).content.decode()
    row = re.search(rf'<tr data-project="{world.project.pk}">(.*?)</tr>', page, re.S)
    assert row
    assert 'data-warning="overdue_report"' in row.group(1)
    assert (
        "Rapport for sent: rapporten for 01.01.2017–30.06.2017 skulle være afleveret 31.08.2017."
        in row.group(1)
    )
    # Nothing spent of 1.000.000 budgeted for 2017: under-spending too.
    assert 'data-warning="underspending"' in row.group(1)


def test_an_unknown_programme_in_the_warning_list_is_404(world: World) -> None:
    url = reverse("spending:warning_list") + "?programme=999999"
    assert _client(world.staff).get(url).status_code == 404


def test_the_xlsx_holds_the_pages_figures(world: World) -> None:
    _accepted_report(world, 300_000)
    url = reverse("spending:project_money_export", args=[world.project.pk, "xlsx"])
    response = _client(world.staff).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    book = load_workbook(io.BytesIO(response.content))
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    (year_row,) = [r for r in rows if r[0] == "2017"]
    assert year_row == ["2017", 1_000_000, 354_000, 318_600, 0, 681_400, 32]
    assert book.worksheets[-1].title == "Advarsler"
    # The forum reads the figures, not the warnings.
    forum = _client(ForumMemberFactory.create()).get(url)
    assert "Advarsler" not in load_workbook(io.BytesIO(forum.content)).sheetnames


def test_the_pdf_is_a_pdf(world: World) -> None:
    _accepted_report(world, 300_000)
    url = reverse("spending:project_money_export", args=[world.project.pk, "pdf"])
    response = _client(world.staff).get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    url = reverse("spending:project_money_export", args=[world.project.pk, "csv"])
    assert _client(world.staff).get(url).status_code == 404


# Queries stay flat as reports, lines and payments grow -----------------------------------------


def _grow(world: World, reports: int, first: int = 0) -> None:
    for n in range(first, first + reports):
        report = ReportFactory.create(
            project=world.project,
            status=SpendingReport.Status.ACCEPTED,
            created_by=world.secretariat,
            submitted_by=world.secretariat,
            reviewed_by=world.staff,
            period_start=datetime.date(2017, 1, 1) + datetime.timedelta(days=n),
            period_end=datetime.date(2017, 1, 1) + datetime.timedelta(days=n),
        )
        for _ in range(3):
            LineFactory.create(
                report=report,
                effort_area=world.area,
                cost_category=world.salary,
                amount=1_000,
                accepted_amount=1_000,
                outcome=ExpenditureLine.Outcome.ACCEPTED,
            )
        _paid(world, 1_000, datetime.date(2017, 3, 1))
        DeadlineFactory.create(
            project=world.project,
            period_start=datetime.date(2017, 1, 1) + datetime.timedelta(days=n),
            period_end=datetime.date(2017, 1, 1) + datetime.timedelta(days=n),
        )


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_of",
    [
        lambda w: reverse("spending:project_money", args=[w.project.pk]),
        lambda w: reverse("spending:decision_money", args=[w.decision.pk]),
        lambda w: reverse("spending:project_money_export", args=[w.project.pk, "xlsx"]),
        lambda w: reverse("spending:warning_list"),
    ],
)
def test_the_money_pages_cost_the_same_queries_however_many_reports(
    world: World, url_of: Callable[[World], str]
) -> None:
    client = _client(world.staff)
    url = url_of(world)
    _grow(world, 1)
    few = _count(client, url)
    _grow(world, 6, first=10)
    assert _count(client, url) == few


def test_the_project_page_reads_in_a_fixed_number_of_queries(
    world: World, django_assert_num_queries: Any
) -> None:
    _grow(world, 4)
    client = _client(world.staff)
    url = reverse("spending:project_money", args=[world.project.pk])
    client.get(url)
    # Session, user and roles, the project; decisions and their three kinds of lines, areas,
    # cost categories, programme settings, reports, lines, payments, disbursements, deadlines,
    # claims for repayment; the decisions' titles; the bell's count.
    with django_assert_num_queries(19):
        client.get(url)


def test_a_revisions_money_page_shows_the_decision_it_revises(world: World) -> None:
    _accepted_report(world, 300_000)
    revision = DecisionFactory.create(
        project=world.project,
        kind=GrantDecision.Kind.REVISION,
        revises=world.decision,
        status=GrantDecision.Status.APPROVED,
        first_year=2017,
        last_year=2017,
    )
    BudgetLineFactory.create(decision=revision, effort_area=world.area, year=2017, amount=637_200)
    response = _client(world.staff).get(reverse("spending:decision_money", args=[revision.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert world.decision.title in page
    # The revision's 637.200 replaces 2017's 1.000.000: 318.600 accepted is half of it.
    assert _row(page, "years", "2017")["budget"] == "637.200"
    assert _row(page, "years", "2017")["used"] == "50 %"
