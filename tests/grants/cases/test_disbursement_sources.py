"""The disbursement check by funding source, on plain data, and findings in one unit.

A schedule whose rows name no source pays out every recommended source (the seed's 6 + 12 =
18 mio. kr. = 6 + 6 + 6); the rows that name a source pay out that source's recommendations
only.
"""

from __future__ import annotations

from grants.cases.checks import figure_texts, finding_message
from grants.cases.consistency import (
    Figure,
    Finding,
    Kind,
    Place,
    RecommendedLine,
    SourceSchedule,
    decision_findings,
)
from grants.cases.wording import amounts_in_words, disbursement_sentence
from tests.grants.cases.test_consistency import ESF, MIO, REM, consistent, esf, rem


def esf_schedule(rows: dict[int, int]) -> SourceSchedule:
    return SourceSchedule(ESF, "ESF", rows)


def rem_schedule(rows: dict[int, int]) -> SourceSchedule:
    return SourceSchedule(REM, "REM", rows)


def by_kind(findings: list[Finding], kind: Kind) -> list[Finding]:
    return [f for f in findings if f.kind == kind]


# Rows that name no source: every recommended source --------------------------------------------


def test_the_seed_convention_a_schedule_naming_no_source_pays_out_every_recommended_source() -> (
    None
):
    # 6 + 12 = 18 mio. kr. recommended, 6 + 6 + 6 paid out over three years.
    facts = consistent(
        recommendations=(rem(6 * MIO, 2018, 2020), esf(12 * MIO, 2018, 2020)),
        disbursements={2018: 6 * MIO, 2019: 6 * MIO, 2020: 6 * MIO},
    )
    assert by_kind(decision_findings(facts), Kind.DISBURSEMENT_TOTAL) == []


def test_a_schedule_naming_no_source_short_of_the_recommended_total_is_a_finding() -> None:
    facts = consistent(disbursements={2019: 1 * MIO, 2020: 1 * MIO})
    (finding,) = by_kind(decision_findings(facts), Kind.DISBURSEMENT_TOTAL)
    assert finding.key == "disbursement-total:decision-7"
    assert finding.source == ""
    assert (finding.first, finding.second) == (
        Figure(Place.DISBURSEMENT, amount=2 * MIO),
        Figure(Place.RECOMMENDATION, amount=3 * MIO),
    )
    # The fingerprint of the whole schedule is as before sources could be named.
    assert (
        finding.fingerprint == "disbursement-total|disbursement:2000000kr|recommendation:3000000kr"
    )


# Rows that name a source: that source's recommendations only -----------------------------------


def test_a_schedule_of_one_source_is_compared_with_that_sources_recommendation_only() -> None:
    # ESF is recommended 2 mio. kr. and its schedule pays out 2 mio. kr.; REM has no schedule.
    facts = consistent(
        disbursements={}, source_schedules=(esf_schedule({2019: 1 * MIO, 2020: 1 * MIO}),)
    )
    assert decision_findings(facts) == []


def test_a_sources_schedule_differing_from_its_recommendation_is_a_finding_of_that_source() -> None:
    facts = consistent(
        disbursements={}, source_schedules=(esf_schedule({2019: 1 * MIO, 2020: 1_500_000}),)
    )
    (finding,) = decision_findings(facts)
    assert finding.kind == Kind.DISBURSEMENT_TOTAL
    assert finding.key == f"disbursement-total:decision-7:source-{ESF}"
    assert finding.source == "ESF"
    assert (finding.first.amount, finding.second.amount) == (2_500_000, 2 * MIO)
    assert finding_message(finding) == (
        "Udmøntningen af ESF udbetaler i alt 2,5 mio. kr., men indstillingerne fra ESF "
        "bevilger i alt 2 mio. kr."
    )


def test_a_schedule_of_a_source_that_is_not_recommended_is_compared_with_0() -> None:
    municipal = SourceSchedule(99, "Kommune", {2019: 250_000})
    facts = consistent(disbursements={}, source_schedules=(municipal,))
    totals = by_kind(decision_findings(facts), Kind.DISBURSEMENT_TOTAL)
    assert [(f.key, f.first.amount, f.second.amount) for f in totals] == [
        ("disbursement-total:decision-7:source-99", 250_000, 0)
    ]


def test_each_sources_schedule_is_compared_with_its_own_recommendation() -> None:
    facts = consistent(
        disbursements={},
        source_schedules=(
            rem_schedule({2019: 500_000, 2020: 500_000}),  # 1 mio. kr., as recommended
            esf_schedule({2019: 1 * MIO, 2020: 2 * MIO}),  # 3 mio. kr. against 2
        ),
    )
    totals = by_kind(decision_findings(facts), Kind.DISBURSEMENT_TOTAL)
    assert [f.key for f in totals] == [f"disbursement-total:decision-7:source-{ESF}"]


def test_rows_naming_no_source_pay_out_the_sources_no_row_names() -> None:
    # ESF has its own schedule (2 mio. kr.); the unnamed rows pay out REM's 1 mio. kr.
    facts = consistent(
        disbursements={2019: 500_000, 2020: 500_000},
        source_schedules=(esf_schedule({2019: 1 * MIO, 2020: 1 * MIO}),),
    )
    assert decision_findings(facts) == []
    wrong = consistent(
        disbursements={2019: 1_500_000, 2020: 1_500_000},
        source_schedules=(esf_schedule({2019: 1 * MIO, 2020: 1 * MIO}),),
    )
    (finding,) = decision_findings(wrong)
    assert finding.key == "disbursement-total:decision-7"
    assert (finding.first.amount, finding.second.amount) == (3 * MIO, 1 * MIO)


def test_a_sources_schedule_runs_over_that_sources_recommended_period() -> None:
    # ESF is recommended for 2019 only; its schedule runs over 2019–2020.
    facts = consistent(
        recommendations=(rem(1 * MIO), esf(2 * MIO, 2019, 2019)),
        disbursements={},
        source_schedules=(esf_schedule({2019: 1 * MIO, 2020: 1 * MIO}),),
    )
    periods = by_kind(decision_findings(facts), Kind.DISBURSEMENT_PERIOD)
    assert [(f.key, f.first, f.second) for f in periods] == [
        (
            f"disbursement-period:decision-7:source-{ESF}",
            Figure(Place.DISBURSEMENT, first_year=2019, last_year=2020),
            Figure(Place.RECOMMENDATION, first_year=2019, last_year=2019),
        )
    ]
    assert finding_message(periods[0]) == (
        "Udmøntningen af ESF løber over 2019–2020, men indstillingerne fra ESF dækker 2019."
    )


def test_the_years_of_every_row_together_are_compared_with_the_table() -> None:
    # The ESF rows reach into 2021, past the table's 2019–2020.
    facts = consistent(
        recommendations=(rem(1 * MIO), esf(2 * MIO, 2019, 2021)),
        disbursements={},
        source_schedules=(
            rem_schedule({2019: 1 * MIO}),
            esf_schedule({2020: 1 * MIO, 2021: 1 * MIO}),
        ),
    )
    (years,) = by_kind(decision_findings(facts), Kind.DISBURSEMENT_YEARS)
    assert years.key == "disbursement-years:decision-7"
    assert (years.first.first_year, years.first.last_year) == (2019, 2021)


def test_an_empty_source_schedule_is_no_schedule() -> None:
    facts = consistent(disbursements={}, source_schedules=(esf_schedule({}),))
    assert decision_findings(facts) == []


# Both figures in the same unit -----------------------------------------------------------------


def test_amounts_compared_are_written_in_one_unit() -> None:
    assert amounts_in_words(4 * MIO, 3 * MIO) == ("4 mio. kr.", "3 mio. kr.")
    assert amounts_in_words(2_500_000, 2 * MIO) == ("2,5 mio. kr.", "2 mio. kr.")
    assert amounts_in_words(1_250_000, 1 * MIO) == ("1.250.000 kr.", "1.000.000 kr.")
    assert amounts_in_words(250_000, 0) == ("250.000 kr.", "0 kr.")
    assert amounts_in_words(4 * MIO, 0) == ("4 mio. kr.", "0 mio. kr.")
    assert amounts_in_words(50_000, 20_000) == ("50.000 kr.", "20.000 kr.")


def test_a_finding_names_both_its_amounts_in_one_unit() -> None:
    facts = consistent(
        recommendations=(rem(1_250_000), esf(2 * MIO)),
        disbursements={2019: 1_625_000, 2020: 1_625_000},
    )
    (amount,) = by_kind(decision_findings(facts), Kind.AMOUNT)
    assert figure_texts(amount) == ("1.250.000 kr.", "1.000.000 kr.")
    assert "1.250.000 kr." in finding_message(amount)
    assert "1.000.000 kr." in finding_message(amount)


def test_a_period_finding_keeps_its_years() -> None:
    facts = consistent(recommendations=(rem(1 * MIO, 2018, 2020), esf(2 * MIO)))
    (period,) = by_kind(decision_findings(facts), Kind.PERIOD)
    assert figure_texts(period) == ("2018–2020", "2019–2020")


def test_recommended_lines_of_other_sources_do_not_count_for_a_named_schedule() -> None:
    extra = RecommendedLine(ESF, "ESF", 500_000, 2019, 2020)
    facts = consistent(
        recommendations=(rem(1 * MIO), esf(2 * MIO), extra),
        disbursements={},
        source_schedules=(esf_schedule({2019: 1_250_000, 2020: 1_250_000}),),
    )
    totals = by_kind(decision_findings(facts), Kind.DISBURSEMENT_TOTAL)
    assert totals == []  # two ESF lines, 2 + 0.5 mio. kr., paid out 1.25 + 1.25


def test_the_schedule_of_one_source_is_worded_as_that_sources() -> None:
    assert disbursement_sentence({2020: 1 * MIO, 2019: 500_000}, funds="Socialfondsmidlerne") == (
        "Bevillingen af Socialfondsmidlerne udmøntes med 0,5 mio. kr. i 2019 og 1 mio. kr. i 2020"
    )
    assert disbursement_sentence({2019: 1 * MIO}) == "Bevillingen udmøntes med 1 mio. kr. i 2019"
