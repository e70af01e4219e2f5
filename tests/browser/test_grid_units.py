"""The budget grid's live totals read a cell exactly as the server does, and follow the unit:
kroner, or 1.000 kr. as the case paper writes amounts; the save stores whole kroner."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from grants.models import BudgetLine, FinancingLine, GrantDecision
from tests.browser.axe import PASSWORD, check_accessibility, login, submit, visit
from tests.browser.test_budget_grid import (
    budget_cell,
    column_total,
    financing_cell,
    row_total,
    type_amount,
)

Demo = dict[str, Any]
INVALID = re.compile(r"\binput-invalid\b")
AREA = "Flere virksomheder"
OTHER = "Indslusning"
SOURCE = "EU's Socialfond"


def new_decision(page: Page, live_server: LiveServer, demo: Demo, title: str) -> GrantDecision:
    """From the demo project's page, a new 2021–2022 extension; the browser ends on its grid."""
    project = demo["project"]
    visit(page, f"{live_server.url}/projects/{project.pk}/")
    submit(page, page.locator('main a[href$="/decisions/new/"]'))
    page.locator("input[name=title]").fill(title)
    page.locator("select[name=kind]").select_option("extension")
    page.locator("select[name=deciding_body]").select_option(label="Vækstforum")
    page.locator("input[name=first_year]").fill("2021")
    page.locator("input[name=last_year]").fill("2022")
    submit(page, page.locator("main form button[type=submit]"))
    decision = GrantDecision.objects.get(project=project, title=title)
    assert page.url.endswith(f"/decisions/{decision.pk}/budget/"), page.url
    return decision


def test_live_totals_parse_numbers_as_the_server_does(
    page: Page, live_server: LiveServer, demo: Demo, staff: User
) -> None:
    login(page, live_server, staff.username, PASSWORD)
    new_decision(page, live_server, demo, "Forlængelse, tal som på serveren")
    cell = budget_cell(page, demo, AREA, 2021)
    total = row_total(page, "budget", demo["areas"][AREA])

    # "1.5" is not 15 and "12.00" is not 1.200: the server refuses both, so the grid does.
    for ambiguous in ("1.5", "12.00", "1.50.000", "1,5", "-5"):
        cell.fill("")
        type_amount(cell, ambiguous)
        expect(cell).to_have_class(INVALID)
        expect(cell).to_have_attribute("aria-invalid", "true")
        expect(total).to_have_text("")
    # Grouped by threes, or plain digits: read as the server reads them.
    for typed, shown in (("1.500", "1.500"), ("1.500.000", "1.500.000"), ("12 000", "12.000")):
        cell.fill("")
        type_amount(cell, typed)
        expect(cell).not_to_have_class(INVALID)
        expect(total).to_have_text(shown)
    check_accessibility(page, "the grid with a valid amount")


def test_the_unit_switch_converts_the_cells_and_the_totals_follow(
    page: Page, live_server: LiveServer, demo: Demo, staff: User
) -> None:
    login(page, live_server, staff.username, PASSWORD)
    decision = new_decision(page, live_server, demo, "Forlængelse i 1.000 kr.")
    areas, sources = demo["areas"], demo["sources"]
    cell = budget_cell(page, demo, AREA, 2021)
    type_amount(cell, "1.500")
    expect(page.locator("[data-cell-unit]").first).to_have_text("kr.")

    # Switched to 1.000 kr.: the amount stays 1.500 kr., written 1,5; every cell says the unit.
    page.locator("label[for=id_unit_2]").click()
    expect(cell).to_have_value("1,5")
    expect(row_total(page, "budget", areas[AREA])).to_have_text("1.500")
    expect(page.locator("[data-cell-unit]").first).to_have_text("1.000 kr.")
    expect(page.locator("[data-cell-unit]", has_text=re.compile(r"^kr\.$"))).to_have_count(0)
    expect(page.locator("#grid-unit")).to_have_text("Beløb i 1.000 kr.")
    expect(page.locator("input[name=shown_unit]")).to_have_value("1000")

    # In 1.000 kr., up to three decimals; a fourth is not whole kroner, and is flagged.
    other = budget_cell(page, demo, OTHER, 2021)
    type_amount(other, "2,25")
    expect(column_total(page, "budget", 2021)).to_have_text("3.750")
    other.press("End")
    other.press_sequentially("01")
    expect(other).to_have_value("2,2501")
    expect(other).to_have_class(INVALID)
    expect(column_total(page, "budget", 2021)).to_have_text("1.500")
    other.fill("")
    type_amount(other, "2.000")
    expect(column_total(page, "budget", 2021)).to_have_text("2.001.500")
    type_amount(financing_cell(page, demo, SOURCE, 2021), "2.001,5")
    expect(page.locator("output[data-balance][data-year='2021']")).to_have_text("0")
    check_accessibility(page, "the grid in 1.000 kr.")

    # Saved: whole kroner in the database.
    submit(page, page.locator("#budget-grid button[type=submit]"))
    assert page.url == f"{live_server.url}/decisions/{decision.pk}/"
    assert {
        (line.effort_area_id, line.amount) for line in BudgetLine.objects.filter(decision=decision)
    } == {(areas[AREA], 1_500), (areas[OTHER], 2_000_000)}
    assert FinancingLine.objects.get(decision=decision).funding_source_id == sources[SOURCE]
    assert FinancingLine.objects.get(decision=decision).amount == 2_001_500

    # Back in kroner on the grid, the cells are written in kroner again.
    submit(page, page.locator(f"main a[href$='/decisions/{decision.pk}/budget/']"))
    page.locator("label[for=id_unit_2]").click()
    page.locator("label[for=id_unit_1]").click()
    expect(budget_cell(page, demo, OTHER, 2021)).to_have_value("2.000.000")
    expect(budget_cell(page, demo, AREA, 2021)).to_have_value("1.500")
    check_accessibility(page, "the grid back in kroner")
