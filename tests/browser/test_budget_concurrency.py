"""Two staff members edit the same budget grid at once, each in their own browser: the first
save goes through, the second is refused with its figures kept, and a reload shows the first's.

The interface is Danish, so elements are found by name and data attributes, not by text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.roles import REGIONAL_STAFF
from grants.models import BudgetLine, GrantDecision
from tests.browser.axe import PASSWORD, check_accessibility, login, start_audit, submit, visit
from tests.factories import UserFactory

Demo = dict[str, Any]


@pytest.fixture
def colleague(live_server: LiveServer) -> User:
    """A second regional staff user, "jens"."""
    return UserFactory.create(username="jens", role=REGIONAL_STAFF)


@pytest.fixture
def second_page(browser: Browser) -> Iterator[Page]:
    """A page in a second browser context: another person's browser, cookies and all.

    Every document it loads must be checked with axe-core, as for the `page` fixture.
    """
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    audit = start_audit(page)
    try:
        yield page
        assert audit.unchecked_count() == 0, f"pages never checked with axe: {audit.loaded}"
    finally:
        context.close()


def cell(page: Page, demo: Demo, area: str, year: int) -> Locator:
    return page.locator(f"input[name=b_{demo['areas'][area]}_{year}]")


def saved_amount(decision: GrantDecision, demo: Demo, area: str, year: int) -> int:
    return BudgetLine.objects.get(
        decision=decision, effort_area_id=demo["areas"][area], year=year
    ).amount


def test_the_second_of_two_saves_is_refused_and_nothing_is_lost(
    page: Page,
    second_page: Page,
    live_server: LiveServer,
    demo: Demo,
    staff: User,
    colleague: User,
) -> None:
    decision = GrantDecision.objects.get(project=demo["project"], kind=GrantDecision.Kind.EXTENSION)
    grid_url = f"{live_server.url}/decisions/{decision.pk}/budget/"
    karen, jens = page, second_page
    login(karen, live_server, staff.username, PASSWORD)
    login(jens, live_server, colleague.username, PASSWORD)

    # Both open the grid as it is saved now.
    visit(karen, grid_url)
    visit(jens, grid_url)
    expect(cell(jens, demo, "Indslusning", 2019)).to_have_value("7.000.000")

    # Karen saves first.
    cell(karen, demo, "Indslusning", 2019).fill("7100000")
    submit(karen, karen.locator("#budget-grid button[type=submit]"))
    assert karen.url == f"{live_server.url}/decisions/{decision.pk}/"
    assert saved_amount(decision, demo, "Indslusning", 2019) == 7_100_000

    # Jens, working from the grid as it was, saves second: refused, his figures kept.
    cell(jens, demo, "Indslusning", 2019).fill("6900000")
    cell(jens, demo, "Flere virksomheder", 2020).fill("4100000")
    submit(jens, jens.locator("#budget-grid button[type=submit]"))
    assert jens.url == grid_url
    alert = jens.locator("main [data-testid=stale-save]")
    expect(alert).to_be_visible()
    expect(alert).to_have_attribute("role", "alert")
    expect(cell(jens, demo, "Indslusning", 2019)).to_have_value("6900000")
    expect(cell(jens, demo, "Flere virksomheder", 2020)).to_have_value("4100000")
    # Beside them, the figures saved meanwhile where the two differ.
    meanwhile = jens.locator("table[data-testid=saved-meanwhile] tbody tr")
    expect(meanwhile).to_have_count(2)
    expect(meanwhile.filter(has_text="Indslusning").locator("td")).to_have_text(
        ["2019", "6.900.000", "7.100.000"]
    )
    # The live totals still add up his figures.
    expect(jens.locator("output[data-column-total=budget][data-year='2019']")).to_have_text(
        "11.900.000"
    )
    check_accessibility(jens, "the refused grid after the live totals ran")

    # Karen's figures are untouched, and nothing of Jens's was saved.
    assert saved_amount(decision, demo, "Indslusning", 2019) == 7_100_000
    assert saved_amount(decision, demo, "Flere virksomheder", 2020) == 4_000_000

    # Jens reloads the grid: Karen's figures, and no more refusal.
    submit(jens, alert.locator("a[data-testid=reload-grid]"))
    assert jens.url == grid_url
    expect(jens.locator("main [data-testid=stale-save]")).to_have_count(0)
    expect(cell(jens, demo, "Indslusning", 2019)).to_have_value("7.100.000")
    expect(cell(jens, demo, "Flere virksomheder", 2020)).to_have_value("4.000.000")

    # From the reloaded grid his save goes through.
    cell(jens, demo, "Flere virksomheder", 2020).fill("4100000")
    submit(jens, jens.locator("#budget-grid button[type=submit]"))
    assert jens.url == f"{live_server.url}/decisions/{decision.pk}/"
    assert saved_amount(decision, demo, "Indslusning", 2019) == 7_100_000
    assert saved_amount(decision, demo, "Flere virksomheder", 2020) == 4_100_000
