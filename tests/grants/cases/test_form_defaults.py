"""The disbursement editor starts new rows at the decision's one funding source, and the editors
of a decision's terms show their rows grouped in fieldsets with legends."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from grants.cases.checks import case_findings
from grants.models import Disbursement, FundingSource, Recommendation
from tests.factories import StaffFactory
from tests.grants.cases.test_case_terms import MIO, World, formset, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def client() -> Client:
    client = Client()
    client.force_login(StaffFactory.create())
    return client


def _selected_source(page: str, index: int) -> str:
    select = re.search(rf'<select name="rows-{index}-funding_source".*?</select>', page, re.S)
    assert select is not None
    chosen = re.search(r'<option value="([^"]*)" selected>', select.group(0))
    return chosen.group(1) if chosen else ""


def _recommend(world: World, *sources_and_amounts: tuple[FundingSource, int]) -> None:
    for source, amount in sources_and_amounts:
        Recommendation.objects.create(
            decision=world.decision,
            funding_source=source,
            amount=amount,
            first_year=2019,
            last_year=2020,
        )


def test_a_new_row_names_the_one_recommended_source(world: World, client: Client) -> None:
    _recommend(world, (world.rem, 1 * MIO))
    page = text(client.get(world.url("disbursements")))
    assert _selected_source(page, 0) == str(world.rem.pk)
    assert _selected_source(page, 2) == str(world.rem.pk)


def test_a_plain_rem_schedule_saved_as_offered_gives_no_disbursement_finding(
    world: World, client: Client
) -> None:
    _recommend(world, (world.rem, 1 * MIO))
    page = text(client.get(world.url("disbursements")))
    source = _selected_source(page, 0)
    rows = [
        {"year": "2019", "amount": "500.000", "funding_source": source},
        {"year": "2020", "amount": "500.000", "funding_source": source},
        {"funding_source": source},
    ]
    assert client.post(world.url("disbursements"), formset(rows)).status_code == 302
    assert set(Disbursement.objects.values_list("funding_source", flat=True)) == {world.rem.pk}
    kinds = {finding.kind for finding in case_findings(world.case)}
    assert not {kind for kind in kinds if kind.startswith("disbursement")}


def test_with_two_recommended_sources_a_new_row_pays_out_the_whole(
    world: World, client: Client
) -> None:
    _recommend(world, (world.rem, 1 * MIO), (world.esf, 2 * MIO))
    page = text(client.get(world.url("disbursements")))
    assert _selected_source(page, 0) == ""


def test_a_schedule_of_the_whole_keeps_new_rows_for_the_whole(world: World, client: Client) -> None:
    _recommend(world, (world.rem, 1 * MIO))
    Disbursement.objects.create(decision=world.decision, year=2019, amount=1)
    page = text(client.get(world.url("disbursements")))
    # Row 0 is the saved row of the whole; the new rows would otherwise mix the schedule.
    assert _selected_source(page, 0) == ""
    assert _selected_source(page, 1) == ""


@pytest.mark.parametrize(
    ("editor", "saved", "new"),
    [("recommendations", "Linjer", "Tilføj linjer"), ("disbursements", "Rækker", "Tilføj rækker")],
)
def test_the_editors_group_saved_and_new_rows_under_headings(
    world: World, client: Client, editor: str, saved: str, new: str
) -> None:
    _recommend(world, (world.rem, 1 * MIO))
    Disbursement.objects.create(decision=world.decision, year=2019, amount=1)
    page = text(client.get(world.url(editor)))
    assert f'<h2 class="h3">{saved}</h2>' in page
    assert f'<h2 class="h3">{new}</h2>' in page
    assert page.index(saved) < page.index(new)
    assert page.count("<fieldset") == page.count("<legend")
    assert '<div class="row">' in page
