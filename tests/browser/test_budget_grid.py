"""The budget grid in a real browser: enter a new decision's budget and financing, see the
totals and the balance update as you type, save, and find the figures on the decision page.

The interface is Danish, so elements are found by URL, name and data attributes, not by text.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from grants.models import BudgetLine, FinancingLine, GrantDecision
from tests.browser.axe import PASSWORD, check_accessibility, login, submit

YEARS = (2021, 2022)
Demo = dict[str, Any]


def budget_cell(page: Page, demo: Demo, area: str, year: int) -> Locator:
    return page.locator(f"input[name=b_{demo['areas'][area]}_{year}]")


def financing_cell(page: Page, demo: Demo, source: str, year: int) -> Locator:
    return page.locator(f"input[name=f_{demo['sources'][source]}_{year}]")


def type_amount(cell: Locator, text: str) -> None:
    """Type like a user, key by key, so that the grid reacts to each keystroke."""
    cell.click()
    cell.press_sequentially(text)


def row_total(page: Page, kind: str, key: int) -> Locator:
    return page.locator(f"tr[data-row='{kind}-{key}'] output[data-row-total]")


def column_total(page: Page, kind: str, year: int) -> Locator:
    return page.locator(f"output[data-column-total='{kind}'][data-year='{year}']")


def balance(page: Page, year: int) -> Locator:
    return page.locator(f"output[data-balance][data-year='{year}']")


def new_decision(page: Page, demo: Demo, title: str) -> GrantDecision:
    """Through the menu's project list, open the demo project and create a 2021–2022 decision."""
    project = demo["project"]
    submit(
        page, page.locator(f"nav[aria-label=Hovedmenu] a[href='{reverse('grants:project_list')}']")
    )
    submit(page, page.locator(f"main a[href$='/projects/{project.pk}/']").first)
    expect(page.locator("h1")).to_have_text(project.name)
    submit(page, page.locator('main a[href$="/decisions/new/"]'))
    assert page.url.endswith(f"/projects/{project.pk}/decisions/new/")

    page.locator("input[name=title]").fill(title)
    page.locator("select[name=kind]").select_option("extension")
    page.locator("select[name=deciding_body]").select_option(label="Vækstforum")
    page.locator("input[name=first_year]").fill(str(YEARS[0]))
    page.locator("input[name=last_year]").fill(str(YEARS[-1]))
    submit(page, page.locator("main form button[type=submit]"))

    decision = GrantDecision.objects.get(project=project, title=title)
    assert page.url.endswith(f"/decisions/{decision.pk}/budget/"), page.url
    assert decision.kind == GrantDecision.Kind.EXTENSION
    assert (decision.first_year, decision.last_year) == YEARS
    return decision


def test_enter_budget_and_financing_in_the_grid(
    page: Page, live_server: LiveServer, demo: Demo, staff: User
) -> None:
    login(page, live_server, staff.username, PASSWORD)
    assert page.url == f"{live_server.url}/"
    decision = new_decision(page, demo, "Forlængelse 2021-2022")
    areas, sources = demo["areas"], demo["sources"]

    # One column per year of the period, for both budget and financing.
    for year in YEARS:
        expect(budget_cell(page, demo, "Flere virksomheder", year)).to_be_visible()
        expect(financing_cell(page, demo, "Kommune/Stat", year)).to_be_visible()
    expect(page.locator("input[name^=b_]")).to_have_count(3 * len(YEARS))
    expect(page.locator("input[name^=f_]")).to_have_count(3 * len(YEARS))

    # Budget for 2021: the row, column and grand totals follow each value as it is typed.
    type_amount(budget_cell(page, demo, "Flere virksomheder", 2021), "500000")
    expect(row_total(page, "budget", areas["Flere virksomheder"])).to_have_text("500.000")
    expect(column_total(page, "budget", 2021)).to_have_text("500.000")
    expect(balance(page, 2021)).to_have_text("500.000")

    indslusning_2021 = budget_cell(page, demo, "Indslusning", 2021)
    type_amount(indslusning_2021, "15")
    expect(column_total(page, "budget", 2021)).to_have_text("500.015")
    indslusning_2021.press_sequentially("00000")
    expect(row_total(page, "budget", areas["Indslusning"])).to_have_text("1.500.000")
    expect(column_total(page, "budget", 2021)).to_have_text("2.000.000")
    expect(page.locator("output[data-grand-total=budget]")).to_have_text("2.000.000")
    expect(balance(page, 2021)).to_have_text("2.000.000")
    expect(page.locator("#balance-status")).to_have_class(re.compile(r"\bunbalanced\b"))
    expect(page.locator("#balance-status")).to_contain_text("2021")

    # Budget for 2022, also typed with the thousands separator.
    type_amount(budget_cell(page, demo, "Flere virksomheder", 2022), "500.000")
    type_amount(budget_cell(page, demo, "Socialøkonomiske virksomheder", 2022), "1000000")
    expect(row_total(page, "budget", areas["Flere virksomheder"])).to_have_text("1.000.000")
    expect(column_total(page, "budget", 2022)).to_have_text("1.500.000")
    expect(page.locator("output[data-grand-total=budget]")).to_have_text("3.500.000")
    expect(balance(page, 2022)).to_have_text("1.500.000")
    check_accessibility(page, "the grid with unbalanced years")

    # Financing: the balance drops as it is entered and is 0 once it covers the budget.
    type_amount(financing_cell(page, demo, "EU's Socialfond", 2021), "1000000")
    expect(balance(page, 2021)).to_have_text("1.000.000")
    type_amount(financing_cell(page, demo, "Region Midtjylland REM midler", 2021), "500000")
    expect(balance(page, 2021)).to_have_text("500.000")
    type_amount(financing_cell(page, demo, "Kommune/Stat", 2021), "500000")
    expect(column_total(page, "financing", 2021)).to_have_text("2.000.000")
    expect(balance(page, 2021)).to_have_text("0")
    expect(page.locator("#balance-status")).not_to_contain_text("2021")
    expect(page.locator("#balance-status")).to_contain_text("2022")

    type_amount(financing_cell(page, demo, "EU's Socialfond", 2022), "1500000")
    expect(row_total(page, "financing", sources["EU's Socialfond"])).to_have_text("2.500.000")
    expect(column_total(page, "financing", 2022)).to_have_text("1.500.000")
    expect(page.locator("output[data-grand-total=financing]")).to_have_text("3.500.000")
    for year in YEARS:
        expect(balance(page, year)).to_have_text("0")
    expect(page.locator("#balance-status")).not_to_have_class(re.compile(r"\bunbalanced\b"))
    expect(page.locator("input.input-invalid")).to_have_count(0)
    check_accessibility(page, "the balanced grid")

    # Save: the browser lands on the decision page with the table in 1.000 kr.
    submit(page, page.locator("#budget-grid button[type=submit]"))
    assert page.url == f"{live_server.url}/decisions/{decision.pk}/"
    table = page.locator("table[data-testid=budget-table]")
    expect(table.locator("thead th")).to_have_text([re.compile(r".+"), "2021", "2022"])

    def cells_of(label: str) -> Locator:
        return (
            table.locator("tbody tr")
            .filter(has=page.locator("th", has_text=re.compile(rf"^{re.escape(label)}$")))
            .locator("td")
        )

    expect(cells_of("Flere virksomheder")).to_have_text(["500", "500"])
    expect(cells_of("Indslusning")).to_have_text(["1.500", ""])
    expect(cells_of("Socialøkonomiske virksomheder")).to_have_text(["", "1.000"])
    expect(cells_of("EU's Socialfond")).to_have_text(["1.000", "1.500"])
    expect(cells_of("Region Midtjylland REM midler")).to_have_text(["500", ""])
    expect(cells_of("Kommune/Stat")).to_have_text(["500", ""])
    subtotals = table.locator("tr.row-subtotal")
    expect(subtotals.nth(0).locator("td")).to_have_text(["2.000", "1.500"])
    # The case paper prints the financing total negative.
    expect(subtotals.nth(1).locator("td")).to_have_text(["-2.000", "-1.500"])
    expect(table.locator("tr.row-total td")).to_have_text(["0", "0"])
    expect(page.locator("[data-testid=imbalances]")).to_have_count(0)

    # And in the database, in whole kroner.
    assert {
        (line.effort_area_id, line.year): line.amount
        for line in BudgetLine.objects.filter(decision=decision)
    } == {
        (areas["Flere virksomheder"], 2021): 500_000,
        (areas["Indslusning"], 2021): 1_500_000,
        (areas["Flere virksomheder"], 2022): 500_000,
        (areas["Socialøkonomiske virksomheder"], 2022): 1_000_000,
    }
    assert {
        (line.funding_source_id, line.year): line.amount
        for line in FinancingLine.objects.filter(decision=decision)
    } == {
        (sources["EU's Socialfond"], 2021): 1_000_000,
        (sources["Region Midtjylland REM midler"], 2021): 500_000,
        (sources["Kommune/Stat"], 2021): 500_000,
        (sources["EU's Socialfond"], 2022): 1_500_000,
    }


def test_invalid_amounts_are_flagged_and_nothing_is_saved(
    page: Page, live_server: LiveServer, demo: Demo, staff: User
) -> None:
    login(page, live_server, staff.username, PASSWORD)
    decision = new_decision(page, demo, "Forlængelse med fejl")

    good = budget_cell(page, demo, "Flere virksomheder", 2021)
    letters = budget_cell(page, demo, "Indslusning", 2021)
    negative = financing_cell(page, demo, "EU's Socialfond", 2022)
    type_amount(good, "500000")
    expect(good).not_to_have_class(re.compile(r"\binput-invalid\b"))

    # Flagged as typed: the first wrong key marks the cell, and the totals leave it out.
    type_amount(letters, "a")
    expect(letters).to_have_class(re.compile(r"\binput-invalid\b"))
    expect(letters).to_have_attribute("aria-invalid", "true")
    letters.press_sequentially("bc")
    expect(column_total(page, "budget", 2021)).to_have_text("500.000")
    type_amount(negative, "-5")
    expect(negative).to_have_class(re.compile(r"\binput-invalid\b"))
    expect(good).not_to_have_class(re.compile(r"\binput-invalid\b"))
    expect(page.locator("input.input-invalid")).to_have_count(2)
    check_accessibility(page, "the grid with invalid cells")

    # Fixing a cell clears its flag at once.
    letters.fill("")
    letters.press_sequentially("7")
    expect(letters).not_to_have_class(re.compile(r"\binput-invalid\b"))
    letters.fill("")
    letters.press_sequentially("abc")
    expect(letters).to_have_class(re.compile(r"\binput-invalid\b"))

    # The server refuses the whole grid and shows each error at its cell.
    submit(page, page.locator("#budget-grid button[type=submit]"))
    assert page.url == f"{live_server.url}/decisions/{decision.pk}/budget/"
    for cell in (letters, negative):
        td = page.locator("td.grid-cell").filter(has=cell)
        expect(td).to_have_class(re.compile(r"\bform-error\b"))
        expect(td.locator(".form-error-message")).to_have_count(1)
        expect(td.locator(".form-error-message")).not_to_be_empty()
        expect(cell).to_have_attribute("aria-invalid", "true")
    expect(letters).to_have_value("abc")
    expect(negative).to_have_value("-5")
    expect(good).to_have_value(re.compile(r"^500\.?000$"))
    good_td = page.locator("td.grid-cell").filter(has=good)
    expect(good_td.locator(".form-error-message")).to_have_count(0)
    expect(page.locator("td.grid-cell .form-error-message")).to_have_count(2)
    expect(page.locator("main [role=alert]")).not_to_have_count(0)

    assert not BudgetLine.objects.filter(decision=decision).exists()
    assert not FinancingLine.objects.filter(decision=decision).exists()
