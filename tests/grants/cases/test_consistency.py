"""The consistency check of a case, on plain data: every kind of finding, and none."""

from __future__ import annotations

from grants.budget import DecisionFigures
from grants.cases.consistency import (
    DecisionFacts,
    Figure,
    Finding,
    Kind,
    Place,
    RecommendedLine,
    case_findings,
    decision_findings,
    table_years,
)

MIO = 1_000_000
AREA, OTHER_AREA = 1, 2
REM, ESF, MUNICIPAL = 10, 11, 12


def rem(amount: int, first: int = 2019, last: int = 2020) -> RecommendedLine:
    return RecommendedLine(REM, "REM", amount, first, last)


def esf(amount: int, first: int = 2019, last: int = 2020) -> RecommendedLine:
    return RecommendedLine(ESF, "ESF", amount, first, last)


def consistent(**changes: object) -> DecisionFacts:
    """A decision whose paper agrees with itself: 2019–2020, 1 + 2 mio. kr. from REM and ESF,
    a municipal share beside them, disbursed 1.5 mio. kr. a year; `changes` spoil it."""
    figures = DecisionFigures(
        id=7,
        kind="extension",
        first_year=2019,
        last_year=2020,
        budget={(AREA, 2019): 1_000_000, (OTHER_AREA, 2019): 1_000_000, (AREA, 2020): 2_000_000},
        financing={
            (REM, 2019): 500_000,
            (REM, 2020): 500_000,
            (ESF, 2019): 1_000_000,
            (ESF, 2020): 1_000_000,
            (MUNICIPAL, 2019): 500_000,
            (MUNICIPAL, 2020): 500_000,
        },
    )
    fields: dict[str, object] = {
        "figures": figures,
        "title": "Extension",
        "recommendations": (rem(1 * MIO), esf(2 * MIO)),
        "disbursements": {2019: 1_500_000, 2020: 1_500_000},
    }
    fields.update(changes)
    return DecisionFacts(**fields)  # type: ignore[arg-type]


def figures(**changes: object) -> DecisionFigures:
    base = consistent().figures
    values = {
        "id": base.id,
        "kind": base.kind,
        "first_year": base.first_year,
        "last_year": base.last_year,
        "budget": base.budget,
        "financing": base.financing,
    }
    values.update(changes)
    return DecisionFigures(**values)  # type: ignore[arg-type]


def kinds(findings: list[Finding]) -> list[Kind]:
    return [f.kind for f in findings]


def test_a_consistent_decision_has_no_findings() -> None:
    assert decision_findings(consistent()) == []
    assert case_findings([consistent(), consistent()]) == []


def test_a_decision_with_nothing_recommended_or_scheduled_has_no_findings() -> None:
    assert decision_findings(consistent(recommendations=(), disbursements={})) == []


def test_recommended_amount_differs_from_the_financing_lines_of_its_source() -> None:
    facts = consistent(recommendations=(rem(1 * MIO), esf(3 * MIO)))
    findings = [f for f in decision_findings(facts) if f.kind == Kind.AMOUNT]
    assert findings == [
        Finding(
            kind=Kind.AMOUNT,
            key=f"amount:decision-7:source-{ESF}",
            decision_id=7,
            decision_title="Extension",
            first=Figure(Place.RECOMMENDATION, amount=3 * MIO),
            second=Figure(Place.FINANCING, amount=2 * MIO),
            source="ESF",
        )
    ]


def test_recommended_amount_is_the_sum_of_the_lines_of_a_source() -> None:
    # Two recommendation lines from REM (two recipients) add up to its financing.
    facts = consistent(recommendations=(rem(400_000), rem(600_000), esf(2 * MIO)))
    assert decision_findings(facts) == []


def test_a_recommended_source_without_financing_lines_is_a_finding() -> None:
    municipal = RecommendedLine(99, "Private", 250_000, 2019, 2020)
    facts = consistent(
        recommendations=(rem(1 * MIO), esf(2 * MIO), municipal),
        disbursements={2019: 1_625_000, 2020: 1_625_000},
    )
    (finding,) = decision_findings(facts)
    assert finding.key == "amount:decision-7:source-99"
    assert (finding.first.amount, finding.second.amount) == (250_000, 0)


def test_a_financed_source_without_a_recommendation_is_not_a_finding() -> None:
    # The municipal share is financed but not recommended (consistent() has it): no finding.
    assert not any(f.kind == Kind.AMOUNT for f in decision_findings(consistent()))


def test_period_totals_count_as_financing_of_their_source() -> None:
    facts = consistent(
        figures=DecisionFigures(
            id=7,
            kind="original",
            first_year=2016,
            last_year=2018,
            period_totals={REM: 10 * MIO, ESF: 19_500_000},
            split_by_year=False,
        ),
        recommendations=(rem(10 * MIO, 2016, 2018), esf(19_500_000, 2016, 2018)),
        disbursements={},
    )
    assert decision_findings(facts) == []


def test_recommended_period_differs_from_the_years_of_the_table() -> None:
    facts = consistent(
        recommendations=(rem(1 * MIO, 2018, 2020), esf(2 * MIO)),
        disbursements={2019: 1_500_000, 2020: 1_500_000},
    )
    findings = [f for f in decision_findings(facts) if f.kind == Kind.PERIOD]
    assert findings == [
        Finding(
            kind=Kind.PERIOD,
            key=f"period:decision-7:source-{REM}",
            decision_id=7,
            decision_title="Extension",
            first=Figure(Place.RECOMMENDATION, first_year=2018, last_year=2020),
            second=Figure(Place.TABLE, first_year=2019, last_year=2020),
            source="REM",
        )
    ]


def test_table_years_are_those_with_money_else_the_decision_period() -> None:
    assert table_years(figures()) == (2019, 2020)
    # A line of 0 kr. puts no money in its year.
    zero_2020 = {(AREA, 2019): 5, (AREA, 2020): 0}
    assert table_years(figures(budget=zero_2020, financing={})) == (2019, 2019)
    assert table_years(figures(budget={}, financing={(REM, 2020): 5})) == (2020, 2020)
    assert table_years(figures(budget={}, financing={})) == (2019, 2020)


def test_disbursement_total_differs_from_the_recommended_total() -> None:
    facts = consistent(disbursements={2019: 2 * MIO, 2020: 2 * MIO})
    assert decision_findings(facts) == [
        Finding(
            kind=Kind.DISBURSEMENT_TOTAL,
            key="disbursement-total:decision-7",
            decision_id=7,
            decision_title="Extension",
            first=Figure(Place.DISBURSEMENT, amount=4 * MIO),
            second=Figure(Place.RECOMMENDATION, amount=3 * MIO),
        )
    ]


def test_a_schedule_without_recommendations_is_compared_with_nothing_recommended() -> None:
    findings = decision_findings(consistent(recommendations=()))
    assert kinds(findings) == [Kind.DISBURSEMENT_TOTAL]
    assert findings[0].second.amount == 0


def test_disbursement_years_differ_from_the_table_and_from_the_recommended_period() -> None:
    facts = consistent(disbursements={2018: 1 * MIO, 2019: 1 * MIO, 2020: 1 * MIO})
    findings = decision_findings(facts)
    assert kinds(findings) == [Kind.DISBURSEMENT_YEARS, Kind.DISBURSEMENT_PERIOD]
    years, period = findings
    assert years.key == "disbursement-years:decision-7"
    assert years.first == Figure(Place.DISBURSEMENT, first_year=2018, last_year=2020)
    assert years.second == Figure(Place.TABLE, first_year=2019, last_year=2020)
    assert period.key == "disbursement-period:decision-7"
    assert period.second == Figure(Place.RECOMMENDATION, first_year=2019, last_year=2020)


def test_schedule_within_the_recommended_period_but_outside_the_table() -> None:
    # Recommended and disbursed over 2018–2020 while the table uses 2019–2020 (the seed's
    # extension): the period of every source and the schedule's years disagree with the table.
    facts = consistent(
        recommendations=(rem(1 * MIO, 2018, 2020), esf(2 * MIO, 2018, 2020)),
        disbursements={2018: 1 * MIO, 2019: 1 * MIO, 2020: 1 * MIO},
    )
    assert [f.key for f in decision_findings(facts)] == [
        f"period:decision-7:source-{REM}",
        f"period:decision-7:source-{ESF}",
        "disbursement-years:decision-7",
    ]


def test_every_unbalanced_year_is_a_finding_with_budget_and_financing() -> None:
    budget = {(AREA, 2019): 2_000_000, (AREA, 2020): 2_500_000}
    facts = consistent(figures=figures(budget=budget))
    findings = decision_findings(facts)
    assert findings == [
        Finding(
            kind=Kind.BALANCE,
            key="balance:decision-7:year-2020",
            decision_id=7,
            decision_title="Extension",
            first=Figure(Place.BUDGET, amount=2_500_000, first_year=2020, last_year=2020),
            second=Figure(Place.FINANCING, amount=2_000_000, first_year=2020, last_year=2020),
            year=2020,
        )
    ]


def test_a_year_with_financing_and_no_budget_is_unbalanced() -> None:
    budget = {(AREA, 2019): 2_000_000}
    findings = decision_findings(consistent(figures=figures(budget=budget)))
    assert [(f.key, f.first.amount, f.second.amount) for f in findings] == [
        ("balance:decision-7:year-2020", 0, 2_000_000)
    ]


def test_keys_are_unique_and_name_the_decision() -> None:
    spoiled = consistent(
        figures=figures(id=8, budget={(AREA, 2019): 1}),
        recommendations=(rem(5, 2017, 2021), esf(6, 2016, 2019)),
        disbursements={2017: 3},
    )
    findings = case_findings([consistent(), spoiled])
    keys = [f.key for f in findings]
    assert len(keys) == len(set(keys))
    assert set(kinds(findings)) == set(Kind)
    assert all(":decision-8" in key for key in keys)


def test_findings_follow_the_order_of_the_decisions() -> None:
    first = consistent(figures=figures(id=1), disbursements={2019: 1})
    second = consistent(figures=figures(id=2), disbursements={2019: 1})
    assert [f.decision_id for f in case_findings([second, first])] == [2, 2, 2, 1, 1, 1]


# Fingerprints: the figures an acknowledgement holds for ----------------------------------------


def _amount_finding(esf_recommended: int, **changes: object) -> Finding:
    """The ESF amount finding of `consistent()` with `esf_recommended` kroner recommended."""
    facts = consistent(recommendations=(rem(1 * MIO), esf(esf_recommended)), **changes)
    return next(f for f in decision_findings(facts) if f.kind == Kind.AMOUNT)


def test_a_fingerprint_names_the_kind_the_places_and_the_figures() -> None:
    finding = _amount_finding(1_350_000)
    assert finding.fingerprint == "amount|recommendation:1350000kr|financing:2000000kr"

    period = Finding(
        Kind.PERIOD,
        "period:decision-7:source-10",
        7,
        "Extension",
        Figure(Place.RECOMMENDATION, first_year=2017, last_year=2019),
        Figure(Place.TABLE, first_year=2017, last_year=2018),
    )
    assert period.fingerprint == "period|recommendation:2017-2019|table:2017-2018"
    balance = Finding(
        Kind.BALANCE,
        "balance:decision-7:year-2020",
        7,
        "Extension",
        Figure(Place.BUDGET, amount=500, first_year=2020, last_year=2020),
        Figure(Place.FINANCING, amount=400, first_year=2020, last_year=2020),
        year=2020,
    )
    assert balance.fingerprint == "balance|budget:500kr:2020-2020|financing:400kr:2020-2020"


def test_the_fingerprint_changes_with_either_figure_but_the_key_does_not() -> None:
    at_first = _amount_finding(1_350_000)
    recommended_changed = _amount_finding(1_400_000)
    financing = {**consistent().figures.financing, (ESF, 2020): 900_000}
    financed_changed = _amount_finding(1_350_000, figures=figures(financing=financing))

    assert at_first.key == recommended_changed.key == financed_changed.key
    fingerprints = {at_first.fingerprint, recommended_changed.fingerprint}
    fingerprints.add(financed_changed.fingerprint)
    assert len(fingerprints) == 3


def test_the_fingerprint_ignores_names_titles_and_other_findings() -> None:
    at_first = _amount_finding(1_350_000)
    renamed = Finding(
        at_first.kind,
        at_first.key,
        at_first.decision_id,
        "Another title",
        at_first.first,
        at_first.second,
        source="Renamed source",
    )
    # Another source's money and the schedule change; this finding's figures do not.
    other_changes = _amount_finding(
        1_350_000,
        title="Renamed decision",
        disbursements={2019: 1, 2020: 2},
    )
    assert renamed.fingerprint == at_first.fingerprint == other_changes.fingerprint


def test_an_amount_and_a_year_never_give_the_same_fingerprint() -> None:
    as_amount = Finding(
        Kind.BALANCE, "k", 1, "", Figure(Place.BUDGET, amount=2019), Figure(Place.FINANCING)
    )
    as_year = Finding(
        Kind.BALANCE,
        "k",
        1,
        "",
        Figure(Place.BUDGET, first_year=2019, last_year=2019),
        Figure(Place.FINANCING),
    )
    assert as_amount.fingerprint != as_year.fingerprint
