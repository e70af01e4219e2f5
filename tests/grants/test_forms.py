"""Bad input in the decision form and the budget grid gets a message at the field."""

import pytest
from django.utils import translation

from core.fields import AmountField
from demo.grants import vaekstforum
from grants.forms import BudgetGridForm, DecisionForm
from grants.models import FundingSource, GrantDecision
from tests.factories import (
    BudgetLineFactory,
    DecisionFactory,
    EffortAreaFactory,
    FundingSourceFactory,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("500.000", 500_000), ("500000", 500_000), (" 1 500 ", 1500), ("0", 0), ("", None)],
)
def test_amount_field_reads_danish_amounts(text: str, expected: int | None) -> None:
    with translation.override("da"):
        assert AmountField(required=False).clean(text) == expected


@pytest.mark.parametrize(
    "text",
    ["abc", "12,5", "1e6", "١٢", "5-", "99999999999999", "1.5", "2.50", "1.2.3", "12.34.567"],
)
def test_amount_field_refuses_what_is_not_whole_kroner(text: str) -> None:
    field = AmountField(required=False)
    with translation.override("da"), pytest.raises(Exception) as exc:
        field.clean(text)
    assert exc.value.messages  # type: ignore[attr-defined]


def test_amount_field_says_negative_amounts_are_not_allowed_in_danish() -> None:
    with translation.override("da"), pytest.raises(Exception) as exc:
        AmountField(required=False).clean("-5")
    assert exc.value.messages == [  # type: ignore[attr-defined]
        "“-5” er negativt: beløbet kan ikke være under 0 kr."
    ]


def test_amount_field_uses_the_english_separator_in_english() -> None:
    with translation.override("en"):
        assert AmountField(required=False).clean("1,500,000") == 1_500_000


def make_grid(decision: GrantDecision, data: dict[str, str] | None) -> BudgetGridForm:
    areas = list(decision.project.effort_areas.all())
    return BudgetGridForm(
        data,
        decision=decision,
        areas=areas,
        sources=list(FundingSource.objects.all()),
        budget={(b.effort_area_id, b.year): b.amount for b in decision.budget_lines.all()},
        financing={(f.funding_source_id, f.year): f.amount for f in decision.financing_lines.all()},
    )


@pytest.mark.django_db
def test_grid_has_a_cell_for_every_area_source_and_year() -> None:
    decision = DecisionFactory.create(first_year=2019, last_year=2021)
    area = EffortAreaFactory.create(project=decision.project)
    source = FundingSourceFactory.create()

    form = make_grid(decision, None)

    assert form.years == [2019, 2020, 2021]
    assert {f"b_{area.pk}_{y}" for y in (2019, 2020, 2021)} <= set(form.fields)
    assert {f"f_{source.pk}_{y}" for y in (2019, 2020, 2021)} <= set(form.fields)


@pytest.mark.django_db
def test_grid_reports_each_bad_cell_at_the_cell() -> None:
    decision = DecisionFactory.create(first_year=2019, last_year=2020)
    area = EffortAreaFactory.create(project=decision.project)
    source = FundingSourceFactory.create()

    with translation.override("da"):
        form = make_grid(
            decision,
            {f"b_{area.pk}_2019": "abc", f"b_{area.pk}_2020": "-10", f"f_{source.pk}_2019": "7"},
        )
        assert not form.is_valid()

    assert set(form.errors) == {f"b_{area.pk}_2019", f"b_{area.pk}_2020"}
    assert "hele kroner" in form.errors[f"b_{area.pk}_2019"][0]


@pytest.mark.django_db
def test_grid_refuses_cells_of_years_outside_the_period() -> None:
    decision = DecisionFactory.create(first_year=2019, last_year=2020)
    area = EffortAreaFactory.create(project=decision.project)

    form = make_grid(decision, {f"b_{area.pk}_2031": "5"})

    assert not form.is_valid()
    assert "__all__" in form.errors


@pytest.mark.django_db
def test_grid_shows_lines_left_outside_a_shortened_period_and_asks_to_clear_them() -> None:
    decision = DecisionFactory.create(first_year=2019, last_year=2021)
    line = BudgetLineFactory.create(decision=decision, year=2021, amount=10)
    GrantDecision.objects.filter(pk=decision.pk).update(last_year=2020)
    decision.refresh_from_db()

    kept = make_grid(decision, {f"b_{line.effort_area_id}_2021": "10"})
    cleared = make_grid(decision, {f"b_{line.effort_area_id}_2021": ""})

    assert kept.years_outside == [2021]
    assert not kept.is_valid()
    assert f"b_{line.effort_area_id}_2021" in kept.errors
    assert cleared.is_valid()


@pytest.mark.django_db
def test_decision_form_refuses_a_period_that_would_strand_lines() -> None:
    line = BudgetLineFactory.create(decision__first_year=2019, decision__last_year=2021, year=2021)
    decision = line.decision
    data = {
        "title": decision.title,
        "kind": decision.kind,
        "deciding_body": decision.deciding_body_id,
        "first_year": "2019",
        "last_year": "2020",
        "split_by_year": "on",
    }
    form = DecisionForm(data, instance=decision, project_id=decision.project_id)
    assert not form.is_valid()
    assert "2021" in str(form.non_field_errors())


@pytest.mark.django_db
def test_decision_form_refuses_an_overlong_or_reversed_period() -> None:
    decision = DecisionFactory.create()
    base = {"title": "X", "kind": "original", "deciding_body": vaekstforum().pk}
    reversed_period = DecisionForm(
        {**base, "first_year": "2022", "last_year": "2020"}, project_id=decision.project_id
    )
    too_long = DecisionForm(
        {**base, "first_year": "2000", "last_year": "2099"}, project_id=decision.project_id
    )
    assert "last_year" in reversed_period.errors
    assert "last_year" in too_long.errors
