"""The money after the decision, from plain data (no database): used, remaining, warnings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from grants.budget import DecisionFigures, RowHead
from spending.early_warning import (
    OPEN_CLAIM,
    OVER_COMMITTED,
    OVERDUE_REPORT,
    OVERSPENDING,
    PAYMENTS_BEHIND,
    UNDERSPENDING,
    DeadlineFigures,
    Thresholds,
)
from spending.money import (
    MoneyInput,
    PaymentFigures,
    ReportFigures,
    percent,
    project_overview,
    share_to_date,
)
from spending.rates import Category, Line
from spending.repayment import ClaimFigures

FLERE, INDSLUSNING = 1, 2
AREAS = [RowHead(FLERE, "Flere virksomheder"), RowHead(INDSLUSNING, "Indslusning")]
SALARY, EXTERNAL, FLAT18 = 11, 12, 13
CATEGORIES = [
    Category(SALARY),
    Category(EXTERNAL),
    Category(FLAT18, kind="flat_rate", rate=Decimal("18.00"), base_id=SALARY),
]
ESF = 21
# The seed's top-up, 2017–2018: 500 + 1.500 (1.000 kr.) a year.
TOP_UP = DecisionFigures(
    id=1,
    kind="top_up",
    first_year=2017,
    last_year=2018,
    budget={
        (FLERE, 2017): 500_000,
        (INDSLUSNING, 2017): 1_500_000,
        (FLERE, 2018): 500_000,
        (INDSLUSNING, 2018): 1_500_000,
    },
    financing={(ESF, 2017): 2_000_000, (ESF, 2018): 2_000_000},
)
LATE_2018 = date(2018, 12, 31)
NO_WARNINGS = Thresholds(Decimal(0), Decimal(100), Decimal(100))


def _report(
    pk: int, status: str, *lines: Line, forecast: int = 0, year: int = 2017
) -> ReportFigures:
    return ReportFigures(
        id=pk,
        status=status,
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        forecast=forecast,
        lines=lines,
    )


def _accepted(area: int, year: int, amount: int, category: int = EXTERNAL) -> Line:
    return Line(category, area, year, amount, accepted=amount)


def test_a_year_fully_accepted_is_100_percent_used_and_says_so_in_1000_kr() -> None:
    report = _report(
        1,
        "accepted",
        _accepted(FLERE, 2017, 500_000),
        _accepted(INDSLUSNING, 2017, 1_500_000),
    )
    overview = project_overview(
        MoneyInput(AREAS, [TOP_UP], CATEGORIES, [report], thresholds=NO_WARNINGS),
        today=LATE_2018,
    )
    year = overview.year(2017)
    assert year is not None
    assert (year.budget, year.reported, year.accepted, year.remaining) == (
        2_000_000,
        2_000_000,
        2_000_000,
        0,
    )
    assert year.percent_used == Decimal(100)
    assert overview.used_sentence(2017) == "budgettet for 2017 er brugt: 2.000 af 2.000 (100 %)"
    assert overview.used_sentence(2018) == "budgettet for 2018 er brugt: 0 af 2.000 (0 %)"
    assert overview.total.budget == 4_000_000
    assert overview.total.remaining == 2_000_000
    assert overview.total.percent_used == Decimal(50)


def test_per_area_and_year_the_budget_the_reported_and_the_accepted() -> None:
    report = _report(
        1,
        "accepted",
        Line(EXTERNAL, FLERE, 2017, 400_000, accepted=300_000),
        Line(EXTERNAL, INDSLUSNING, 2018, 100_000, accepted=0),
    )
    overview = project_overview(
        MoneyInput(AREAS, [TOP_UP], CATEGORIES, [report], thresholds=NO_WARNINGS),
        today=LATE_2018,
    )
    flere, indslusning = overview.areas
    assert [y.year for y in overview.years] == [2017, 2018]
    assert (flere.figures.budget, flere.figures.reported, flere.figures.accepted) == (
        1_000_000,
        400_000,
        300_000,
    )
    assert flere.by_year[0].percent_used == Decimal(60)  # 300 of 500
    assert indslusning.by_year[1].reported == 100_000
    assert indslusning.by_year[1].accepted == 0
    assert indslusning.by_year[1].remaining == 1_500_000


def test_the_flat_rate_is_computed_from_the_salary_lines_and_counts_as_spent() -> None:
    report = _report(
        1,
        "accepted",
        Line(SALARY, INDSLUSNING, 2017, 1_000_000, accepted=1_000_000),
        # Reduced on review: the flat rate follows the accepted salary.
        Line(SALARY, FLERE, 2017, 400_000, accepted=300_000),
    )
    overview = project_overview(
        MoneyInput(AREAS, [TOP_UP], CATEGORIES, [report], thresholds=NO_WARNINGS),
        today=LATE_2018,
    )
    year = overview.year(2017)
    assert year is not None
    assert year.reported == 1_400_000 + 252_000
    assert year.accepted == 1_300_000 + 180_000 + 54_000
    assert overview.areas[1].by_year[0].accepted == 1_180_000
    assert year.percent_used == Decimal(77)  # 1.534.000 of 2.000.000 = 76,7 %


def test_reported_counts_submitted_and_accepted_reports_accepted_only_the_accepted() -> None:
    reports = [
        _report(1, "draft", Line(EXTERNAL, FLERE, 2017, 100)),
        _report(2, "returned", Line(EXTERNAL, FLERE, 2017, 1_000)),
        _report(3, "submitted", Line(EXTERNAL, FLERE, 2017, 10_000, accepted=10_000)),
        _report(4, "accepted", Line(EXTERNAL, FLERE, 2017, 100_000, accepted=90_000)),
    ]
    overview = project_overview(
        MoneyInput(AREAS, [TOP_UP], CATEGORIES, reports, thresholds=NO_WARNINGS),
        today=LATE_2018,
    )
    assert overview.total.reported == 110_000
    assert overview.total.accepted == 90_000


def test_a_revision_that_changes_a_years_budget_after_spending_changes_its_percent_used() -> None:
    report = _report(1, "accepted", _accepted(INDSLUSNING, 2017, 1_500_000))
    before = project_overview(
        MoneyInput(AREAS, [TOP_UP], CATEGORIES, [report], thresholds=NO_WARNINGS),
        today=LATE_2018,
    )
    assert before.year(2017) is not None
    assert before.year(2017).percent_used == Decimal(75)  # type: ignore[union-attr]
    revision = DecisionFigures(
        id=2,
        kind="revision",
        first_year=2017,
        last_year=2017,
        budget={(FLERE, 2017): 500_000, (INDSLUSNING, 2017): 2_500_000},
        financing={(ESF, 2017): 3_000_000},
        revises_id=TOP_UP.id,
    )
    after = project_overview(
        MoneyInput(AREAS, [TOP_UP, revision], CATEGORIES, [report], thresholds=NO_WARNINGS),
        today=LATE_2018,
    )
    year = after.year(2017)
    assert year is not None
    # The revision replaces 2017 (never added to the original); 2018 stands as it was.
    assert (year.budget, year.accepted, year.remaining) == (3_000_000, 1_500_000, 1_500_000)
    assert year.percent_used == Decimal(50)
    assert after.used_sentence(2017) == "budgettet for 2017 er brugt: 1.500 af 3.000 (50 %)"
    assert after.year(2018).budget == 2_000_000  # type: ignore[union-attr]
    assert after.areas[1].by_year[0].percent_used == Decimal(60)


def test_paid_counts_paid_payments_in_their_year() -> None:
    payments = [
        PaymentFigures(ESF, 1_000_000, "paid", 2017),
        PaymentFigures(ESF, 500_000, "authorised", 2017),
        PaymentFigures(ESF, 200_000, "proposed", 2018),
        PaymentFigures(ESF, -50_000, "paid", 2018),
    ]
    overview = project_overview(
        MoneyInput(AREAS, [TOP_UP], CATEGORIES, payments=payments, thresholds=NO_WARNINGS),
        today=LATE_2018,
    )
    assert [y.figures.paid for y in overview.years] == [1_000_000, -50_000]
    assert overview.total.paid == 950_000


def test_a_decision_known_only_by_period_totals_budgets_the_period() -> None:
    original = DecisionFigures(
        id=5,
        kind="original",
        first_year=2016,
        last_year=2018,
        period_totals={ESF: 19_500_000, 22: 10_000_000},
        split_by_year=False,
    )
    report = _report(1, "accepted", _accepted(FLERE, 2016, 1_000_000), year=2016)
    overview = project_overview(
        MoneyInput(AREAS, [original, TOP_UP], CATEGORIES, [report], thresholds=NO_WARNINGS),
        today=LATE_2018,
    )
    assert [(p.first_year, p.last_year, p.budget) for p in overview.periods] == [
        (2016, 2018, 29_500_000)
    ]
    assert overview.year(2016).budget is None  # type: ignore[union-attr]
    assert overview.year(2016).percent_used is None  # type: ignore[union-attr]
    assert overview.used_sentence(2016) is None
    assert overview.total.budget == 33_500_000
    assert overview.total.accepted == 1_000_000


def test_no_budget_no_percent() -> None:
    assert percent(10, None) is None
    assert percent(10, 0) is None
    assert percent(1, 3) == Decimal(33)
    assert percent(2, 3) == Decimal(67)


def test_the_budget_to_date_is_the_share_of_the_days_gone() -> None:
    assert share_to_date(365_000, 2017, 2017, date(2017, 1, 1)) == 0
    assert share_to_date(365_000, 2017, 2017, date(2017, 1, 11)) == 10_000
    assert share_to_date(365_000, 2017, 2017, date(2018, 1, 1)) == 365_000
    assert share_to_date(1_000, 2017, 2018, date(2016, 6, 1)) == 0


# Early warning --------------------------------------------------------------------------------


def _kinds(data: MoneyInput, today: date) -> list[str]:
    return [w.kind for w in project_overview(data, today=today).warnings]


def test_under_spending_warns_when_accepted_plus_forecast_is_below_the_share_to_date() -> None:
    thresholds = Thresholds(Decimal(75), Decimal(100), Decimal(100))
    spent = _report(1, "accepted", _accepted(FLERE, 2017, 1_400_000), forecast=100_000)
    # End of 2017: 2.000.000 budgeted to date, 75 % is 1.500.000; 1.400.000 + 100.000 is not below.
    data = MoneyInput(AREAS, [TOP_UP], CATEGORIES, [spent], thresholds=thresholds)
    assert _kinds(data, date(2018, 1, 1)) == []
    less = _report(1, "accepted", _accepted(FLERE, 2017, 1_399_999), forecast=100_000)
    data = MoneyInput(AREAS, [TOP_UP], CATEGORIES, [less], thresholds=thresholds)
    overview = project_overview(data, today=date(2018, 1, 1))
    (warning,) = overview.warnings
    assert (warning.kind, warning.actual, warning.limit) == (UNDERSPENDING, 1_499_999, 2_000_000)
    assert warning.message == (
        "Underforbrug: godkendt plus prognose, 1.499.999 kr., er under 75 % af budgettet til "
        "dato, 2.000.000 kr."
    )


def test_over_spending_warns_per_effort_area_beyond_the_tolerance() -> None:
    thresholds = Thresholds(Decimal(0), Decimal(10), Decimal(100))
    # Flere virksomheder has 1.000.000 over 2017–2018: 10 % over is 1.100.000.
    at_tolerance = _report(1, "accepted", _accepted(FLERE, 2017, 1_100_000))
    data = MoneyInput(AREAS, [TOP_UP], CATEGORIES, [at_tolerance], thresholds=thresholds)
    assert _kinds(data, LATE_2018) == []
    beyond = _report(1, "accepted", _accepted(FLERE, 2017, 1_100_001))
    data = MoneyInput(AREAS, [TOP_UP], CATEGORIES, [beyond], thresholds=thresholds)
    (warning,) = project_overview(data, today=LATE_2018).warnings
    assert (warning.kind, warning.area, warning.actual, warning.limit) == (
        OVERSPENDING,
        "Flere virksomheder",
        1_100_001,
        1_000_000,
    )


def test_overdue_reports_warn_until_a_report_is_handed_in() -> None:
    due = DeadlineFigures(7, date(2017, 1, 1), date(2017, 6, 30), date(2017, 8, 31), met=False)
    met = DeadlineFigures(8, date(2017, 7, 1), date(2017, 12, 31), date(2018, 2, 28), met=True)
    later = DeadlineFigures(9, date(2018, 1, 1), date(2018, 6, 30), date(2018, 8, 31), met=False)
    data = MoneyInput(AREAS, [TOP_UP], deadlines=[due, met, later], thresholds=NO_WARNINGS)
    overview = project_overview(data, today=date(2018, 3, 1))
    (warning,) = overview.warnings
    assert warning.kind == OVERDUE_REPORT
    assert warning.deadline == due
    assert warning.message == (
        "Rapport for sent: rapporten for 01.01.2017–30.06.2017 skulle være afleveret 31.08.2017."
    )
    assert _kinds(data, date(2017, 8, 31)) == []


def test_payments_behind_the_disbursement_schedule_warn() -> None:
    thresholds = Thresholds(Decimal(0), Decimal(100), Decimal(25))
    schedule = {2017: 1_000_000, 2018: 2_000_000}
    # By the start of 2018, 1.000.000 was due: 750.000 paid is 25 % behind, not more.
    on_time = [PaymentFigures(ESF, 750_000, "paid", 2017)]
    data = MoneyInput(AREAS, [TOP_UP], payments=on_time, schedule=schedule, thresholds=thresholds)
    assert _kinds(data, date(2018, 1, 1)) == []
    behind = [PaymentFigures(ESF, 749_999, "paid", 2017), PaymentFigures(ESF, 1, "proposed", 2017)]
    data = MoneyInput(AREAS, [TOP_UP], payments=behind, schedule=schedule, thresholds=thresholds)
    overview = project_overview(data, today=date(2018, 1, 1))
    (warning,) = overview.warnings
    assert (warning.kind, warning.actual, warning.limit) == (PAYMENTS_BEHIND, 749_999, 1_000_000)
    assert overview.scheduled_to_date == 1_000_000


def test_the_default_thresholds_warn_of_a_project_that_has_spent_nothing() -> None:
    data = MoneyInput(AREAS, [TOP_UP], schedule={2017: 1_000_000})
    assert _kinds(data, LATE_2018) == [UNDERSPENDING, PAYMENTS_BEHIND]
    assert _kinds(data, date(2017, 1, 1)) == []


# The ceiling: more paid out than granted, and claims for repayment ---------------------------


def _claim(pk: int, amount: int, status: str, day: date) -> ClaimFigures:
    return ClaimFigures(
        id=pk,
        source_id=ESF,
        source="EU's Socialfond",
        amount=amount,
        status=status,
        reason="Bevillingen blev nedsat",
        origin="Vækstforum, møde 12.03.2027, punkt 4",
        recorded_on=day,
    )


def test_a_source_paid_beyond_its_grant_is_warned_of_proposals_not_counted() -> None:
    # The top-up grants 4.000.000 from the ESF.
    payments = [
        PaymentFigures(ESF, 3_000_000, "authorised", 2017),
        PaymentFigures(ESF, 1_500_000, "paid", 2018),
        PaymentFigures(ESF, 2_000_000, "proposed", 2018),
    ]
    data = MoneyInput(
        AREAS,
        [TOP_UP],
        CATEGORIES,
        payments=payments,
        thresholds=NO_WARNINGS,
        sources={ESF: "EU's Socialfond"},
    )
    (warning,) = project_overview(data, today=LATE_2018).warnings
    assert (warning.kind, warning.actual, warning.limit) == (OVER_COMMITTED, 4_500_000, 4_000_000)
    assert warning.message == (
        "Der er udbetalt mere end bevilget fra EU's Socialfond: 4.500.000 kr. anvist eller "
        "udbetalt mod 4.000.000 kr. bevilget."
    )
    within = MoneyInput(AREAS, [TOP_UP], CATEGORIES, payments=payments[1:], thresholds=NO_WARNINGS)
    assert _kinds(within, LATE_2018) == []


def test_the_grant_a_revision_lowered_is_what_payments_are_held_to() -> None:
    revision = DecisionFigures(
        id=9,
        kind="revision",
        first_year=2018,
        last_year=2018,
        budget={(FLERE, 2018): 100_000},
        financing={(ESF, 2018): 100_000},
        revises_id=TOP_UP.id,
    )
    payments = [PaymentFigures(ESF, 3_000_000, "authorised", 2017)]
    data = MoneyInput(
        AREAS, [TOP_UP, revision], CATEGORIES, payments=payments, thresholds=NO_WARNINGS
    )
    (warning,) = project_overview(data, today=LATE_2018).warnings
    assert (warning.kind, warning.limit) == (OVER_COMMITTED, 2_100_000)


def test_an_open_claim_is_shown_and_warned_of_a_settled_one_only_shown() -> None:
    claims = [
        _claim(2, 300_000, "settled", date(2018, 2, 1)),
        _claim(1, 200_000, "open", date(2018, 5, 1)),
    ]
    data = MoneyInput(AREAS, [TOP_UP], CATEGORIES, thresholds=NO_WARNINGS, claims=claims)
    overview = project_overview(data, today=LATE_2018)
    assert [c.id for c in overview.claims] == [2, 1]
    assert overview.open_claims == 200_000
    (warning,) = overview.warnings
    assert warning.kind == OPEN_CLAIM
    assert warning.message == (
        "Åbent krav om tilbagebetaling af 200.000 kr. til EU's Socialfond (Vækstforum, møde "
        "12.03.2027, punkt 4): bevillingen blev nedsat til under det udbetalte."
    )
