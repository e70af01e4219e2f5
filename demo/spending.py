"""The seed case's money after the decision: Rummelig imidt's reports and payments 2016–2018.

The case paper says the project "har her i 2017 brugt budgettet": 2017's accepted spending is
exactly the top-up's 2017 budget, 500.000 kr. for Flere virksomheder and 1.500.000 kr. for
Indslusning (the 18 % flat rate on direct salary included). The first report of 2018 was sent
back for changes, and an interim payment awaits authorisation. Everything goes through the
services, so the history records who did what.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from accounts.roles import REGIONAL_STAFF
from core import audit
from demo.users import demo_person, demo_secretary, demo_staff
from grants.models import EffortArea, FundingSource, Project, ProjectMembership
from spending.models import (
    CostCategory,
    ExpenditureLine,
    Payment,
    ReportingDeadline,
    SpendingReport,
)
from spending.services import finance as finance_services
from spending.services import payments as payment_services
from spending.services import reports as report_services
from spending.services import review as review_services
from spending.services.deadlines import deadline_save

FLERE, INDSLUSNING = "Flere virksomheder", "Indslusning"
SALARY, EXTERNAL, PARTICIPANTS, FLAT = "SAL", "EXT", "DEL", "FLAT18"
CATEGORIES = [
    (SALARY, "Direkte løn"),
    (EXTERNAL, "Eksterne ydelser"),
    (PARTICIPANTS, "Deltageromkostninger"),
]

# (period, due date, final?, report lines or None, what happens to the report, its forecast).
# A line: (spent on, area, category, description, invoice, amount, accepted amount).
Line = tuple[date, str, str, str, str, int, int]
PERIODS: list[tuple[tuple[date, date], date, bool, list[Line] | None, str, int]] = [
    (
        (date(2016, 1, 1), date(2016, 12, 31)),
        date(2017, 2, 28),
        False,
        [
            (
                date(2016, 3, 31),
                INDSLUSNING,
                SALARY,
                "Jobkonsulenter, løn 1. halvår",
                "L-2016-1",
                300_000,
                300_000,
            ),
            (
                date(2016, 9, 30),
                INDSLUSNING,
                SALARY,
                "Jobkonsulenter, løn 2. halvår",
                "L-2016-2",
                300_000,
                300_000,
            ),
            (
                date(2016, 6, 30),
                FLERE,
                SALARY,
                "Virksomhedskonsulent, løn",
                "L-2016-3",
                200_000,
                200_000,
            ),
            (
                date(2016, 11, 15),
                INDSLUSNING,
                EXTERNAL,
                "Opkvalificering af mentorer",
                "F-16-118",
                150_000,
                150_000,
            ),
        ],
        "accepted",
        1_000_000,
    ),
    (
        (date(2017, 1, 1), date(2017, 6, 30)),
        date(2017, 8, 31),
        False,
        [
            (
                date(2017, 3, 31),
                FLERE,
                SALARY,
                "Virksomhedskonsulent, løn 1. halvår",
                "L-2017-1",
                150_000,
                150_000,
            ),
            (
                date(2017, 4, 20),
                FLERE,
                EXTERNAL,
                "Netværksmøder med virksomheder",
                "F-17-031",
                73_000,
                73_000,
            ),
            (
                date(2017, 3, 31),
                INDSLUSNING,
                SALARY,
                "Jobkonsulenter, løn 1. halvår",
                "L-2017-2",
                500_000,
                500_000,
            ),
            # Reduced on review: the invoice also covers a course held in 2016.
            (
                date(2017, 5, 12),
                INDSLUSNING,
                EXTERNAL,
                "Mentorforløb i virksomheder",
                "F-17-044",
                170_000,
                160_000,
            ),
        ],
        "accepted",
        1_000_000,
    ),
    (
        (date(2017, 7, 1), date(2017, 12, 31)),
        date(2018, 2, 28),
        False,
        [
            (
                date(2017, 9, 30),
                FLERE,
                SALARY,
                "Virksomhedskonsulent, løn 2. halvår",
                "L-2017-3",
                150_000,
                150_000,
            ),
            (
                date(2017, 10, 5),
                FLERE,
                PARTICIPANTS,
                "Erfaringsdag for foregangsvirksomheder",
                "F-17-102",
                73_000,
                73_000,
            ),
            (
                date(2017, 9, 30),
                INDSLUSNING,
                SALARY,
                "Jobkonsulenter, løn 2. halvår",
                "L-2017-4",
                500_000,
                500_000,
            ),
            (
                date(2017, 11, 2),
                INDSLUSNING,
                PARTICIPANTS,
                "Transport og forplejning, borgere",
                "F-17-131",
                160_000,
                160_000,
            ),
        ],
        "accepted",
        1_000_000,
    ),
    (
        (date(2018, 1, 1), date(2018, 6, 30)),
        date(2018, 8, 31),
        False,
        [
            (
                date(2018, 3, 31),
                INDSLUSNING,
                SALARY,
                "Jobkonsulenter, løn 1. kvartal",
                "L-2018-1",
                300_000,
                0,
            ),
            (
                date(2018, 4, 18),
                INDSLUSNING,
                EXTERNAL,
                "Mentorforløb i virksomheder",
                "F-18-012",
                100_000,
                0,
            ),
        ],
        "returned",
        1_000_000,
    ),
    ((date(2018, 7, 1), date(2018, 12, 31)), date(2019, 2, 28), False, None, "", 0),
]
RETURN_REASON = (
    "Fakturaen F-18-012 er ikke vedhæftet, og lønnen for 1. kvartal mangler timesedler. "
    "Vedhæft dem og indsend regnskabet igen."
)
STATUS_TEXT = "Rummelig imidt er på alle tre indsatsfelter i fuld gang."
# (funding source, kind, amount, dated, report period start or None, paid?).
PAYMENTS = [
    ("EU's Socialfond", Payment.Kind.ADVANCE, 500_000, date(2016, 3, 1), None, True),
    ("Region Midtjylland REM midler", Payment.Kind.ADVANCE, 250_000, date(2016, 3, 1), None, True),
    ("EU's Socialfond", Payment.Kind.INTERIM, 1_000_000, date(2017, 4, 3), date(2016, 1, 1), True),
    (
        "Region Midtjylland REM midler",
        Payment.Kind.INTERIM,
        500_000,
        date(2017, 9, 15),
        date(2017, 1, 1),
        True,
    ),
    ("Kommune/Stat", Payment.Kind.INTERIM, 500_000, date(2017, 9, 15), date(2017, 1, 1), True),
    ("EU's Socialfond", Payment.Kind.INTERIM, 1_000_000, date(2018, 3, 20), date(2017, 7, 1), True),
    # Awaiting authorisation by another member of staff.
    (
        "Region Midtjylland REM midler",
        Payment.Kind.INTERIM,
        500_000,
        date(2018, 4, 10),
        date(2017, 7, 1),
        False,
    ),
]
STATEMENT = b"%PDF-1.4\n% Revisorerklaering, Rummelig imidt\n%%EOF\n"


def _categories(project: Project, by: User) -> dict[str, CostCategory]:
    programme = project.programme
    finance = finance_services.finance_of(programme)
    if finance.pk is None:
        finance_services.finance_save(finance=finance, by=by)
    found = {c.code: c for c in CostCategory.objects.filter(programme=programme)}
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        if code not in found:
            found[code] = finance_services.category_save(
                category=CostCategory(programme=programme, code=code, name=name, order=order),
                by=by,
            )
    if FLAT not in found:
        found[FLAT] = finance_services.category_save(
            category=CostCategory(
                programme=programme,
                code=FLAT,
                name="Indirekte omkostninger (standardsats)",
                kind=CostCategory.Kind.FLAT_RATE,
                rate_percent=Decimal("18.00"),
                base=found[SALARY],
                order=len(CATEGORIES) + 1,
            ),
            by=by,
        )
    return found


@transaction.atomic
def load_spending_demo(project: Project) -> int:
    """Create the project's deadlines, reports and payments once; returns how many reports."""
    if SpendingReport.objects.filter(project=project).exists():
        return SpendingReport.objects.filter(project=project).count()
    secretariat = demo_secretary()
    staff = demo_staff()
    with audit.authored_by(staff):
        ProjectMembership.objects.get_or_create(project=project, user=secretariat)
    second = demo_person("regional2", REGIONAL_STAFF, "Mette Kjær")
    categories = _categories(project, staff)
    areas = {a.name: a for a in EffortArea.objects.filter(project=project)}
    reports: dict[date, SpendingReport] = {}
    for (start, end), due_on, final, lines, outcome, forecast in PERIODS:
        deadline = ReportingDeadline.objects.filter(
            project=project, period_start=start, period_end=end
        ).first() or deadline_save(
            deadline=ReportingDeadline(
                project=project, period_start=start, period_end=end, due_on=due_on, final=final
            ),
            by=staff,
        )
        if lines is None:
            continue
        report = report_services.report_create(
            project=project,
            period_start=start,
            period_end=end,
            by=secretariat,
            deadline=deadline,
            status_text=STATUS_TEXT,
            forecast=forecast,
        )
        written = []
        for spent_on, area, category, text, invoice, amount, accepted in lines:
            line = report_services.line_add(
                report=report,
                by=secretariat,
                fields={
                    "spent_on": spent_on,
                    "paid_on": spent_on,
                    "effort_area": areas[area],
                    "cost_category": categories[category],
                    "description": text,
                    "invoice_number": invoice,
                    "amount": amount,
                },
            )
            written.append((line, amount, accepted))
        if report_services.statement_needed(report):
            upload = SimpleUploadedFile("revisorerklaering.pdf", STATEMENT, "application/pdf")
            report = report_services.report_set_statement(
                report=report, upload=upload, by=secretariat
            )
        report = report_services.report_submit(report=report, by=secretariat)
        if outcome == "returned":
            report = review_services.report_return(report=report, by=staff, reason=RETURN_REASON)
        else:
            for line, amount, accepted in written:
                _review(line, amount, accepted, staff)
            report = review_services.report_accept(report=report, by=staff)
        reports[start] = report
    sources = {s.name: s for s in FundingSource.objects.all()}
    for source, kind, amount, dated, period, paid in PAYMENTS:
        payment = payment_services.payment_propose(
            project=project,
            funding_source=sources[source],
            kind=kind,
            amount=amount,
            dated=dated,
            by=staff,
            report=reports[period] if period else None,
        )
        if paid:
            payment = payment_services.payment_authorise(payment=payment, by=second)
            payment_services.payment_mark_paid(payment=payment, by=second, paid_on=dated)
    return len(reports)


def _review(line: ExpenditureLine, amount: int, accepted: int, by: User) -> None:
    if accepted == amount:
        review_services.line_review(line=line, by=by, outcome=ExpenditureLine.Outcome.ACCEPTED)
    else:
        review_services.line_review(
            line=line,
            by=by,
            outcome=ExpenditureLine.Outcome.REDUCED,
            accepted_amount=accepted,
            reason="Fakturaen dækker også et forløb afholdt i 2016.",
        )
