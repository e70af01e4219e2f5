"""The guards around a decision's figures: an emptying save is asked about, an empty decision
cannot be approved, an approved one is locked (grid, term editors) until an administrator
reopens it, a revision stays inside the revised period, the grid's units and parsing, and
deleting drafts only."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from core.fields import AmountField
from demo.grants import vaekstforum
from grants.forms import (
    UNIT_KRONER,
    UNIT_MODES,
    UNIT_THOUSANDS,
    BudgetGridForm,
    DecisionForm,
)
from grants.models import (
    BudgetLine,
    EffortArea,
    FinancingLine,
    FundingSource,
    GrantDecision,
    Recommendation,
)
from grants.services import decision_delete, decision_save_lines, decision_set_status
from tests.factories import (
    AdministratorFactory,
    CaseFactory,
    DecisionFactory,
    EffortAreaFactory,
    FundingSourceFactory,
    ProjectFundingSourceFactory,
    SecretariatFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def danish() -> Any:
    with translation.override("da"):
        yield


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def grid() -> tuple[GrantDecision, EffortArea, FundingSource]:
    """A draft 2019–2020 decision with one effort area and one funding source of its project."""
    decision = DecisionFactory.create(first_year=2019, last_year=2020)
    area = EffortAreaFactory.create(project=decision.project)
    source = FundingSourceFactory.create()
    ProjectFundingSourceFactory.create(project=decision.project, funding_source=source)
    return decision, area, source


def balanced(decision: GrantDecision, area: EffortArea, source: FundingSource) -> None:
    decision_save_lines(
        decision=decision,
        budget={(area.pk, 2019): 700_000},
        financing={(source.pk, 2019): 700_000},
        by=StaffFactory.create(),
    )


def approved(grid: tuple[GrantDecision, EffortArea, FundingSource]) -> GrantDecision:
    decision, area, source = grid
    balanced(decision, area, source)
    return decision_set_status(
        decision=decision, status=GrantDecision.Status.APPROVED, by=StaffFactory.create()
    )


def cells(area: EffortArea, source: FundingSource, **values: str) -> dict[str, str]:
    """POST data for the grid: b2019="…" is the area's 2019 cell, f2020 the source's 2020."""
    data: dict[str, str] = {}
    for key, value in values.items():
        prefix, year = key[0], key[1:]
        data[f"{prefix}_{area.pk if prefix == 'b' else source.pk}_{year}"] = value
    return data


def budget_url(decision: GrantDecision) -> str:
    return reverse("grants:decision_budget", args=[decision.pk])


# --- Emptying a decision is asked about first -------------------------------------------------


def test_a_grid_saved_empty_asks_first_and_saves_nothing(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision, area, source = grid
    balanced(decision, area, source)
    decision.refresh_from_db()

    response = client_for(StaffFactory.create()).post(
        budget_url(decision), {"version": decision.version, **cells(area, source, b2019="")}
    )

    assert response.status_code == 200
    assert response.context["form"].asks_to_empty
    content = response.content.decode()
    assert "Ja, fjern alle beløb" in content
    assert 'name="confirm_empty" value="on"' in content
    assert BudgetLine.objects.get().amount == 700_000
    assert FinancingLine.objects.get().amount == 700_000


def test_the_confirm_button_empties_the_decision(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision, area, source = grid
    balanced(decision, area, source)
    decision.refresh_from_db()

    response = client_for(StaffFactory.create()).post(
        budget_url(decision), {"version": decision.version, "confirm_empty": "on"}
    )

    assert response.status_code == 302
    assert not BudgetLine.objects.exists()
    assert not FinancingLine.objects.exists()


def test_the_service_refuses_to_empty_a_decision_unless_confirmed(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision, area, source = grid
    balanced(decision, area, source)
    clear = {"budget": {(area.pk, 2019): None}, "financing": {(source.pk, 2019): None}}

    with pytest.raises(ValidationError) as refusal:
        decision_save_lines(decision=decision, by=StaffFactory.create(), **clear)  # type: ignore[arg-type]

    assert refusal.value.code == "empties"
    assert BudgetLine.objects.count() == FinancingLine.objects.count() == 1
    decision_save_lines(
        decision=decision,
        confirm_empty=True,
        by=StaffFactory.create(),
        **clear,  # type: ignore[arg-type]
    )
    assert not BudgetLine.objects.exists()


def test_an_empty_grid_on_an_empty_decision_is_saved_without_asking(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision, _area, _source = grid
    response = client_for(StaffFactory.create()).post(
        budget_url(decision), {"version": decision.version}
    )
    assert response.status_code == 302


def test_a_decision_with_no_amounts_cannot_be_approved_on_the_status_form(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision, _area, _source = grid
    response = client_for(StaffFactory.create()).post(
        reverse("grants:decision_status", args=[decision.pk]),
        {"status": "approved", "version": decision.version},
        follow=True,
    )
    assert "En bevilling uden beløb kan ikke godkendes." in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.DRAFT


# --- An approved decision is locked -----------------------------------------------------------


def test_an_approved_decisions_grid_shows_no_inputs_and_says_why(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision = approved(grid)

    response = client_for(StaffFactory.create()).get(budget_url(decision))

    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="locked"' in content
    assert "budget-cell" not in content and 'name="b_' not in content
    assert f"?revises={decision.pk}" in content  # the way to change it: a budget revision


def test_an_approved_decisions_grid_refuses_a_post(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision = approved(grid)
    _decision, area, source = grid

    response = client_for(StaffFactory.create()).post(
        budget_url(decision),
        {"version": decision.version, **cells(area, source, b2019="900.000", f2019="900.000")},
    )

    assert "den godkendte bevilling er låst" in response.content.decode()
    assert BudgetLine.objects.get().amount == 700_000


def test_the_service_refuses_to_change_an_approved_decisions_figures(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision = approved(grid)
    _decision, area, source = grid
    with pytest.raises(ValidationError) as refusal:
        decision_save_lines(
            decision=decision,
            budget={(area.pk, 2019): 800_000},
            financing={(source.pk, 2019): 800_000},
            by=StaffFactory.create(),
        )
    assert refusal.value.code == "locked"
    assert BudgetLine.objects.get().amount == 700_000


def test_an_approved_decisions_period_is_locked_in_its_edit_form(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision = approved(grid)
    response = client_for(StaffFactory.create()).post(
        reverse("grants:decision_update", args=[decision.pk]),
        {
            "title": "Omdøbt",
            "kind": "original",
            "deciding_body": decision.deciding_body_id,
            "first_year": 2019,
            "last_year": 2025,
            "split_by_year": "on",
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    # The title may change; the period stays as approved (the field is disabled).
    assert (decision.title, decision.last_year) == ("Omdøbt", 2020)


@pytest.mark.parametrize("editor", ["case_recommendations", "case_disbursements"])
def test_the_term_editors_of_an_approved_decision_are_locked(
    grid: tuple[GrantDecision, EffortArea, FundingSource], editor: str
) -> None:
    decision = approved(grid)
    _decision, _area, source = grid
    case = CaseFactory.create(project=decision.project)
    decision.cases.add(case)
    url = reverse(f"grants:{editor}", args=[case.pk, decision.pk])
    client = client_for(StaffFactory.create())

    shown = client.get(url, follow=True)
    posted = client.post(
        url,
        {
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "0",
            "rows-0-funding_source": source.pk,
            "rows-0-amount": "100.000",
            "rows-0-first_year": "2019",
            "rows-0-last_year": "2019",
            "rows-0-year": "2019",
        },
    )

    assert shown.redirect_chain[-1][0].startswith(case.get_absolute_url())
    assert "bevillingen er godkendt" in shown.content.decode().lower()
    assert posted.status_code == 302
    assert not Recommendation.objects.exists()
    assert not decision.disbursements.exists()


def test_only_an_administrator_reopens_an_approved_decision(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision = approved(grid)
    staff = StaffFactory.create()
    status_url = reverse("grants:decision_status", args=[decision.pk])

    refused = client_for(staff).post(status_url, {"status": "draft"}, follow=True)
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.APPROVED
    assert "Kun en administrator kan genåbne" in refused.content.decode()

    administrator = AdministratorFactory.create()
    without_reason = client_for(administrator).post(status_url, {"status": "draft"}, follow=True)
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.APPROVED
    assert "Angiv årsagen til at genåbne" in without_reason.content.decode()

    reopen_url = reverse("grants:decision_reopen", args=[decision.pk])
    client_for(administrator).post(
        reopen_url, {"reason": "Forkert år tastet", "version": decision.version}
    )
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.DRAFT
    reopened = decision.history.order_by("-history_date", "-history_id").first()
    assert reopened is not None
    assert (reopened.status, reopened.history_user_id, reopened.history_change_reason) == (
        "draft",
        administrator.pk,
        "Forkert år tastet",
    )


def test_an_administrator_reopens_only_to_draft(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision = approved(grid)
    with pytest.raises(ValidationError) as refusal:
        decision_set_status(
            decision=decision,
            status=GrantDecision.Status.REJECTED,
            by=AdministratorFactory.create(),
        )
    assert refusal.value.code == "locked"


def test_the_service_refuses_reopening_without_an_administrator(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision = approved(grid)
    for by in (StaffFactory.create(), SecretariatFactory.create()):
        with pytest.raises(ValidationError):
            decision_set_status(decision=decision, status=GrantDecision.Status.DRAFT, by=by)
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.APPROVED


def test_the_detail_page_offers_reopening_to_administrators_only(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision = approved(grid)
    url = decision.get_absolute_url()
    staff_page = client_for(StaffFactory.create()).get(url).content.decode()
    admin_page = client_for(AdministratorFactory.create()).get(url).content.decode()
    assert 'data-testid="locked"' in staff_page
    assert 'data-testid="reopen"' not in staff_page
    assert 'id="id_status"' not in staff_page
    assert 'data-testid="reopen"' in admin_page


# --- A budget revision revises years of the revised period -------------------------------------


def revision_of(original: GrantDecision, first: int, last: int) -> GrantDecision:
    return GrantDecision(
        project=original.project,
        title="Budgetrevision",
        kind=GrantDecision.Kind.REVISION,
        revises=original,
        deciding_body=vaekstforum(),
        first_year=first,
        last_year=last,
    )


def test_the_model_refuses_a_revision_of_years_the_revised_decision_did_not_have() -> None:
    original = DecisionFactory.create(first_year=2019, last_year=2021)
    with pytest.raises(ValidationError) as refusal:
        revision_of(original, 2022, 2022).full_clean()
    assert refusal.value.message_dict["revises"] == [
        "En budgetrevision kan kun revidere år i den reviderede bevillings periode 2019–2021."
    ]
    revision_of(original, 2021, 2021).full_clean()  # inside: accepted


def test_the_model_refuses_to_shrink_a_period_under_its_revision() -> None:
    original = DecisionFactory.create(first_year=2019, last_year=2021)
    revision = revision_of(original, 2021, 2021)
    revision.save()
    original.last_year = 2020
    with pytest.raises(ValidationError) as refusal:
        original.full_clean()
    assert (
        "Budgetrevisionen Budgetrevision reviderer år" in refusal.value.message_dict["last_year"][0]
    )


def test_the_decision_form_refuses_a_revision_outside_the_revised_period() -> None:
    original = DecisionFactory.create(first_year=2019, last_year=2021)
    form = DecisionForm(
        {
            "title": "Budgetrevision 2022",
            "kind": "revision",
            "revises": original.pk,
            "deciding_body": vaekstforum().pk,
            "first_year": 2019,
            "last_year": 2022,
            "split_by_year": "on",
        },
        project_id=original.project_id,
    )
    assert not form.is_valid()
    assert "2019–2021" in form.errors["revises"][0]


def test_the_admin_refuses_a_revision_outside_the_revised_period() -> None:
    original = DecisionFactory.create(first_year=2019, last_year=2021)
    request = RequestFactory().get("/")
    request.user = AdministratorFactory.create()
    model_admin = site._registry[GrantDecision]
    form_class = model_admin.get_form(request, None, change=False)
    form = form_class(
        {
            "project": original.project_id,
            "title": "Budgetrevision 2022",
            "kind": "revision",
            "revises": original.pk,
            "deciding_body": vaekstforum().pk,
            "status": "draft",
            "first_year": 2022,
            "last_year": 2022,
            "split_by_year": "on",
        }
    )
    assert not form.is_valid()
    assert "2019–2021" in form.errors["revises"][0]


def test_a_new_revision_starts_from_the_revised_decision(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision = approved(grid)
    response = client_for(StaffFactory.create()).get(
        reverse("grants:decision_create", args=[decision.project_id]),
        {"revises": decision.pk},
    )
    form = response.context["form"]
    assert form.initial["kind"] == GrantDecision.Kind.REVISION
    assert form.initial["revises"] == decision.pk
    assert (form.initial["first_year"], form.initial["last_year"]) == (2019, 2020)


def test_the_decision_form_refuses_bad_input_in_danish() -> None:
    project = DecisionFactory.create().project
    form = DecisionForm(
        {"title": "", "kind": "burned", "first_year": "20x9", "last_year": "2019"},
        project_id=project.pk,
    )
    assert not form.is_valid()
    assert form.errors["title"] == ["Dette felt er påkrævet."]
    assert "gyldig valgmulighed" in form.errors["kind"][0]
    assert form.errors["first_year"] == ["Indtast et heltal."]


# --- Parsing and units ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit", "kroner"),
    [
        ("1.500.000", UNIT_KRONER, 1_500_000),
        ("1500000", UNIT_KRONER, 1_500_000),
        (" 12 000 ", UNIT_KRONER, 12_000),
        ("1,5", UNIT_THOUSANDS, 1_500),
        ("1.500", UNIT_THOUSANDS, 1_500_000),
        ("1.234,567", UNIT_THOUSANDS, 1_234_567),
        ("0,001", UNIT_THOUSANDS, 1),
        ("12", UNIT_THOUSANDS, 12_000),
    ],
)
def test_a_cell_is_read_in_its_unit(text: str, unit: str, kroner: int) -> None:
    assert AmountField(mode=UNIT_MODES[unit]).clean(text) == kroner


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("1.5", UNIT_KRONER, "“1.5” er ikke et beløb i hele kroner: det kan læses på"),
        ("12.00", UNIT_KRONER, "“12.00” er ikke et beløb i hele kroner: det kan læses på"),
        ("1,5", UNIT_KRONER, "“1,5” er ikke hele kroner: angiv beløbet uden øre."),
        ("1.5", UNIT_THOUSANDS, "“1.5” er ikke et beløb i 1.000 kr.: det kan læses på"),
        ("12.00", UNIT_THOUSANDS, "“12.00” er ikke et beløb i 1.000 kr.: det kan læses på"),
        ("1,2345", UNIT_THOUSANDS, "“1,2345” er ikke hele kroner: i 1.000 kr. højst tre"),
        ("-5", UNIT_THOUSANDS, "“-5” er negativt: beløbet kan ikke være under 0 kr."),
        ("٣", UNIT_KRONER, "“٣” har andre cifre end 0–9"),
        ("10.000.001", UNIT_THOUSANDS, "“10.000.001” ligger ud over grænsen på 10.000.000.000"),
    ],
)
def test_a_cell_that_is_not_whole_kroner_is_refused(text: str, unit: str, message: str) -> None:
    with pytest.raises(ValidationError) as refusal:
        AmountField(mode=UNIT_MODES[unit]).clean(text)
    assert refusal.value.messages[0].startswith(message)


def test_the_grid_saves_amounts_entered_in_thousands_as_whole_kroner(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision, area, source = grid
    response = client_for(StaffFactory.create()).post(
        budget_url(decision),
        {
            "version": decision.version,
            "unit": UNIT_THOUSANDS,
            "shown_unit": UNIT_THOUSANDS,
            **cells(area, source, b2019="1,5", b2020="2.000", f2019="1,5"),
        },
    )
    assert response.status_code == 302
    assert sorted(BudgetLine.objects.values_list("year", "amount")) == [
        (2019, 1_500),
        (2020, 2_000_000),
    ]
    assert FinancingLine.objects.get().amount == 1_500


def test_the_grid_refuses_thousands_that_are_not_whole_kroner(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision, area, source = grid
    response = client_for(StaffFactory.create()).post(
        budget_url(decision),
        {
            "version": decision.version,
            "unit": UNIT_THOUSANDS,
            **cells(area, source, b2019="1,2345"),
        },
    )
    assert response.status_code == 200
    assert "højst tre decimaler" in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_the_grid_shows_its_cells_in_thousands_with_the_unit_at_every_cell(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision, area, source = grid
    balanced(decision, area, source)

    response = client_for(StaffFactory.create()).get(budget_url(decision), {"unit": "1000"})

    form: BudgetGridForm = response.context["form"]
    content = response.content.decode()
    assert form[f"b_{area.pk}_2019"].value() == "700"
    assert 'value="700"' in content
    assert content.count("data-cell-unit>1.000 kr.</span>") == 4  # 2 rows × 2 years
    assert content.count('aria-describedby="grid-unit"') >= 4
    assert "Beløb i 1.000 kr." in content


def test_a_unit_changed_without_converting_the_cells_is_asked_about(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision, area, source = grid
    client = client_for(StaffFactory.create())
    data = {
        "version": decision.version,
        "unit": UNIT_THOUSANDS,
        "shown_unit": UNIT_KRONER,
        **cells(area, source, b2019="500", f2019="500"),
    }

    first = client.post(budget_url(decision), data)

    assert first.status_code == 200
    assert "Enheden blev skiftet til 1.000 kr." in first.content.decode()
    assert not BudgetLine.objects.exists()
    # Shown again in the chosen unit: saving once more reads the cells in it.
    assert first.context["form"]["shown_unit"].value() == UNIT_THOUSANDS
    second = client.post(budget_url(decision), {**data, "shown_unit": UNIT_THOUSANDS})
    assert second.status_code == 302
    assert BudgetLine.objects.get().amount == 500_000


def test_an_unknown_unit_is_refused_in_danish(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision, _area, _source = grid
    response = client_for(StaffFactory.create()).post(
        budget_url(decision), {"version": decision.version, "unit": "mio", "b_1_2019": ""}
    )
    assert response.status_code == 200
    assert "Vælg enheden: kr. eller 1.000 kr." in response.content.decode()


# --- Deleting drafts only ---------------------------------------------------------------------


def test_a_draft_is_deleted_after_confirmation(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision, area, source = grid
    balanced(decision, area, source)
    client = client_for(StaffFactory.create())
    url = reverse("grants:decision_delete", args=[decision.pk])

    page = client.get(url)
    assert 'data-testid="confirm-button"' in page.content.decode()
    assert GrantDecision.objects.filter(pk=decision.pk).exists()

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == decision.project.get_absolute_url()
    assert not GrantDecision.objects.filter(pk=decision.pk).exists()
    assert not BudgetLine.objects.exists()


def test_an_approved_decision_cannot_be_deleted_and_the_page_says_so(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision = approved(grid)
    client = client_for(StaffFactory.create())
    url = reverse("grants:decision_delete", args=[decision.pk])

    page = client.get(url).content.decode()
    response = client.post(url)

    assert 'data-testid="confirm-button"' not in page
    assert "Kun en kladde kan slettes; denne bevilling er godkendt." in page
    assert response.status_code == 409
    assert GrantDecision.objects.filter(pk=decision.pk).exists()


def test_a_revised_draft_cannot_be_deleted_before_its_revision() -> None:
    original = DecisionFactory.create(first_year=2019, last_year=2021)
    revision_of(original, 2021, 2021).save()
    with pytest.raises(ValidationError) as refusal:
        decision_delete(decision=original, by=StaffFactory.create())
    assert refusal.value.code == "revised"
    assert GrantDecision.objects.filter(pk=original.pk).exists()


def test_the_delete_button_shows_on_drafts_only(
    grid: tuple[GrantDecision, EffortArea, FundingSource],
) -> None:
    decision, _area, _source = grid
    client = client_for(StaffFactory.create())
    assert (
        'data-testid="delete-decision"' in client.get(decision.get_absolute_url()).content.decode()
    )
    approved(grid)
    assert (
        'data-testid="delete-decision"'
        not in client.get(decision.get_absolute_url()).content.decode()
    )
