"""Amounts in a real browser: the echo reads a text as the server will, in every money field.

The browser's parser (static/js/amounts.js) reads every row of the amount table
(tests/core/amount_cases.json) in the page and must agree with the table, as the Python parser
must (tests/core/test_amounts.py). Then a few rows of the table are typed into each kind of
money field: the echo beside it says what it reads as (or the refusal, word for word as the
server will say it), the form is sent, and the stored value is read back from the database.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from core import amounts
from core.amounts import Mode
from tests.browser.axe import PASSWORD, check_accessibility, login, submit, visit
from tests.core.test_amounts import CASES
from tests.test_amount_inputs import (
    INPUTS,
    Input,
    Money,
    build_money,
    cases_for,
    payment_kind,
    refusal_of,
)

_READ_TABLE_JS = """([cases, separators]) => cases.map((c) => {
  const [group, decimal] = separators[c.language];
  const result = window.RummeligAmounts.read(c.text, {
    mode: c.mode, group: group, decimal: decimal, signed: Boolean(c.signed), places: c.places,
  });
  return result.code ? {refusal: result.code} : {value: result.value};
})"""


@pytest.fixture
def money(live_server: LiveServer) -> Money:
    return build_money()


def test_the_browser_reads_every_case_of_the_amount_table_as_the_server_does(
    page: Page, live_server: LiveServer
) -> None:
    visit(page, f"{live_server.url}/accounts/login/")
    separators = {}
    for language in ("da", "en"):
        with translation.override(language):
            separators[language] = amounts.separators()
    read = page.evaluate(_READ_TABLE_JS, [CASES, separators])
    expected = [
        {"refusal": case["refusal"]} if "refusal" in case else {"value": case["value"]}
        for case in CASES
    ]
    wrong = [
        (case["language"], case["mode"], case["text"], got, want)
        for case, got, want in zip(CASES, read, expected, strict=True)
        if got != want
    ]
    assert wrong == []


# How each kind of field is filled in on its page, and the button that sends it.
Fill = Callable[[Page, Money, str], None]


def _fill_grid(page: Page, m: Money, text: str) -> None:
    page.locator(f"input[name=b_{m.world.area.pk}_2017]").fill(text)


def _fill_recommendation(page: Page, m: Money, text: str) -> None:
    page.locator("select[name=rows-0-funding_source]").select_option(str(m.world.source.pk))
    page.locator("input[name=rows-0-first_year]").fill("2017")
    page.locator("input[name=rows-0-last_year]").fill("2018")
    page.locator("input[name=rows-0-amount]").fill(text)


def _fill_line(page: Page, m: Money, text: str) -> None:
    page.locator("input[name=spent_on]").fill("2017-08-01")
    page.locator("input[name=paid_on]").fill("2017-08-05")
    page.locator("select[name=effort_area]").select_option(str(m.world.area.pk))
    page.locator("select[name=cost_category]").select_option(str(m.world.external.pk))
    page.locator("input[name=description]").fill("Mentorforløb")
    page.locator("input[name=amount]").fill(text)


def _fill_review(page: Page, m: Money, text: str) -> None:
    form = page.locator(f"[data-testid=review-{m.line.pk}]")
    form.locator("select").select_option("reduced")
    form.locator("input[name$=accepted_amount]").fill(text)
    form.locator("textarea[name$=reason]").fill("Fakturaen dækker også 2016.")


def _fill_payment(page: Page, m: Money, text: str) -> None:
    page.locator("select[name=funding_source]").select_option(str(m.world.source.pk))
    page.locator("select[name=kind]").select_option(payment_kind(text))
    page.locator("input[name=amount]").fill(text)
    page.locator("input[name=dated]").fill("2017-09-01")


def _filler(name: str) -> Fill:
    def fill(page: Page, m: Money, text: str) -> None:
        page.locator(f"input[name={name}]").fill(text)

    return fill


MAIN_BUTTON = "main form button[type=submit]"
FIELDS: dict[str, tuple[Fill, Callable[[Money], str]]] = {
    "grid": (_fill_grid, lambda m: "#budget-grid button[type=submit]"),
    "grid in 1.000 kr.": (_fill_grid, lambda m: "#budget-grid button[type=submit]"),
    "recommendation": (_fill_recommendation, lambda m: MAIN_BUTTON),
    "expenditure line": (_fill_line, lambda m: f"{MAIN_BUTTON}:not([name])"),
    "forecast": (_filler("forecast"), lambda m: MAIN_BUTTON),
    "reviewer's amount": (
        _fill_review,
        lambda m: f"[data-testid=review-{m.line.pk}] button[type=submit]",
    ),
    "payment": (_fill_payment, lambda m: MAIN_BUTTON),
    "flat rate": (_filler("rate_percent"), lambda m: MAIN_BUTTON),
}
# Two rows read and two refused per field keep the test short; every row of the table is
# read in the page above, and typed into every field by tests/test_amount_inputs.py.
PER_FIELD = 2


def _typed_cases(field: Input) -> list[dict[str, Any]]:
    cases = cases_for(field)
    read = [c for c in cases if "value" in c][:PER_FIELD]
    refused = [c for c in cases if "refusal" in c][:PER_FIELD]
    return read + refused


def _echo_text(field: Input, case: dict[str, Any]) -> str:
    """What the echo beside the field says of the case's text, in Danish."""
    if "refusal" in case:
        message = refusal_of(field, case["text"])
        assert message is not None
        return message
    value = case["value"]
    with translation.override("da"):
        if field.mode == Mode.PERCENT:
            number = amounts.display(Decimal(value), Mode.PERCENT)
        else:
            number = amounts.display(value, Mode.KRONER)
        return amounts.read_message(field.mode, number=number)


@pytest.mark.parametrize("field", [f for f in INPUTS if f.kind in FIELDS], ids=lambda f: f.kind)
def test_each_money_field_echoes_and_stores_what_the_table_says(
    page: Page, live_server: LiveServer, money: Money, field: Input
) -> None:
    fill, button = FIELDS[field.kind]
    user = getattr(money.world, field.who)
    login(page, live_server, user.username, PASSWORD)
    for case in _typed_cases(field):
        before = field.stored(money)
        visit(page, f"{live_server.url}{field.page(money)}")
        fill(page, money, case["text"])
        name = field.name(money)
        echo_id = page.locator(f"input[name='{name}']").get_attribute("data-amount-echo")
        echo = page.locator(f"[id='{echo_id}']")
        expect(echo).to_contain_text(_echo_text(field, case))
        expect(echo).to_have_attribute("aria-live", "polite")
        submit(page, page.locator(button(money)).first)
        after = field.stored(money)
        if "refusal" in case:
            expect(page.locator("main")).to_contain_text(_echo_text(field, case))
            assert after == before, (case["text"], after)
        else:
            value = Decimal(case["value"]) if field.mode == Mode.PERCENT else case["value"]
            assert after == value or (isinstance(after, list) and after[-1:] == [value]), (
                case["text"],
                after,
            )


@pytest.mark.parametrize("width", [1366, 390])
def test_the_echo_is_accessible_on_a_desktop_and_a_phone(
    page: Page, live_server: LiveServer, money: Money, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, money.world.secretariat.username, PASSWORD)
    visit(page, f"{live_server.url}/spending/reports/{money.report.pk}/lines/new/")
    amount = page.locator("input[name=amount]")
    expect(amount).to_have_attribute("type", "text")
    expect(amount).to_have_attribute("inputmode", "numeric")
    amount.fill("1.5")
    expect(page.locator("#id_amount_echo")).to_contain_text("“1.5” er ikke et beløb")
    check_accessibility(page, f"a refused amount's echo at {width} px")
    amount.fill("180.000 kr.")
    expect(page.locator("#id_amount_echo")).to_have_text("Læses som 180.000 kr.")
    check_accessibility(page, f"a read amount's echo at {width} px")

    # The budget grid's one echo names the cell typed in.
    page.context.clear_cookies()
    login(page, live_server, money.world.staff.username, PASSWORD)
    visit(page, f"{live_server.url}/decisions/{money.draft.pk}/budget/")
    cell = page.locator(f"input[name=b_{money.world.area.pk}_2017]")
    cell.fill("12.00")
    expect(page.locator("#grid-echo")).to_contain_text("Virksomhedsindsats, 2017: “12.00”")
    check_accessibility(page, f"the grid's echo at {width} px")


def test_the_echo_follows_the_page_language(
    page: Page, live_server: LiveServer, money: Money
) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    login(page, live_server, money.world.secretariat.username, PASSWORD)
    visit(page, f"{live_server.url}/spending/reports/{money.report.pk}/lines/new/")
    amount = page.locator("input[name=amount]")
    amount.fill("180,000")
    expect(page.locator("#id_amount_echo")).to_have_text("Read as 180,000 kr.")
    amount.fill("180.000")
    expect(page.locator("#id_amount_echo")).to_contain_text("“180.000” is not an amount")
