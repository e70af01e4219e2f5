"""The grant letter's content and fingerprint, from plain data: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from applications.letter_content import (
    Deadline,
    Disbursement,
    LetterData,
    Source,
    deadlines_within,
    fingerprint,
    letter_content,
)

ESF, REM, KOMMUNE = Source(1, "EU's Socialfond", 1), Source(2, "REM", 2), Source(3, "Kommune", 3)


def _data(**changes: object) -> LetterData:
    data = LetterData(
        project="Rummelig imidt",
        title="Merbevilling 2017–2018",
        body="Vækstforum",
        recipient="Region Midtjylland",
        recipient_cvr="29190925",
        first_year=2017,
        last_year=2018,
        split_by_year=True,
        sources=[KOMMUNE, REM, ESF],
        financing={
            (1, 2017): 1_000_000,
            (1, 2018): 1_000_000,
            (2, 2017): 500_000,
            (2, 2018): 500_000,
            (3, 2017): 500_000,
            (3, 2018): 500_000,
        },
        period_totals={},
        programme_conditions="Standard.",
        decision_conditions="Særligt.",
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def test_the_amounts_are_per_source_in_the_sources_order_and_year_with_totals() -> None:
    content = letter_content(_data())
    assert content.years == (2017, 2018)
    assert [(row.source, row.amounts, row.total) for row in content.rows] == [
        ("EU's Socialfond", (1_000_000, 1_000_000), 2_000_000),
        ("REM", (500_000, 500_000), 1_000_000),
        ("Kommune", (500_000, 500_000), 1_000_000),
    ]
    assert content.year_totals == (2_000_000, 2_000_000)
    assert content.total == 4_000_000
    assert content.period == "2017–2018"


def test_a_source_without_amounts_is_left_out() -> None:
    content = letter_content(_data(financing={(1, 2017): 100}))
    assert [row.source for row in content.rows] == ["EU's Socialfond"]
    assert content.rows[0].amounts == (100, 0)


def test_a_decision_known_by_totals_has_no_years() -> None:
    content = letter_content(_data(split_by_year=False, financing={}, period_totals={2: 900}))
    assert content.years == ()
    assert [(row.source, row.amounts, row.total) for row in content.rows] == [("REM", (), 900)]
    assert content.total == 900


def test_only_the_deadlines_within_the_period_are_listed_by_due_date() -> None:
    before = Deadline(date(2016, 1, 1), date(2016, 12, 31), date(2017, 2, 1), "both")
    late = Deadline(date(2018, 7, 1), date(2018, 12, 31), date(2019, 2, 1), "accounts", True)
    early = Deadline(date(2016, 7, 1), date(2017, 6, 30), date(2017, 8, 31), "status")
    after = Deadline(date(2019, 1, 1), date(2019, 6, 30), date(2019, 8, 31), "both")
    assert deadlines_within([before, late, early, after], 2017, 2018) == [early, late]
    content = letter_content(_data(deadlines=[after, late, early]))
    assert content.deadlines == (early, late)


def test_the_payment_plan_follows_the_schedule_or_the_spending_reports() -> None:
    planned = letter_content(
        _data(
            disbursements=[
                Disbursement(2018, 300, 2),
                Disbursement(2017, 200, None),
                Disbursement(2018, 100, 1),
            ]
        )
    )
    assert [(p.year, p.source, p.amount) for p in planned.payments] == [
        (2017, "", 200),
        (2018, "EU's Socialfond", 100),
        (2018, "REM", 300),
    ]
    assert not planned.payments_follow_reports
    assert letter_content(_data()).payments_follow_reports


def test_the_fingerprint_is_stable_and_a_sha256() -> None:
    one, two = letter_content(_data()), letter_content(_data())
    assert fingerprint(one) == fingerprint(two)
    assert len(fingerprint(one)) == 64
    int(fingerprint(one), 16)


def test_the_fingerprint_ignores_the_words_a_language_changes() -> None:
    danish = letter_content(_data(body="Regionsrådet"))
    english = letter_content(_data(body="Regional Council"))
    assert fingerprint(danish) == fingerprint(english)


def test_a_change_of_figures_period_conditions_deadlines_or_plan_changes_the_fingerprint() -> None:
    base = fingerprint(letter_content(_data()))
    deadline = Deadline(date(2017, 1, 1), date(2017, 12, 31), date(2018, 3, 1), "both")
    changed = [
        _data(financing={**_data().financing, (2, 2018): 600_000}),
        _data(last_year=2019),
        _data(programme_conditions="Andet."),
        _data(decision_conditions=""),
        _data(deadlines=[deadline]),
        _data(disbursements=[Disbursement(2017, 1, None)]),
        _data(recipient="Andet"),
    ]
    prints = {fingerprint(letter_content(data)) for data in changed}
    assert base not in prints
    assert len(prints) == len(changed)
