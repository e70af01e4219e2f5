"""Confirm before destroying, and undo, in a real browser with the keyboard alone: the
secretariat deletes an expenditure line (a link to the confirmation page, whose button POSTs),
then undoes it from the message; every page passes axe-core.

The interface is Danish, so elements are found by URL, name and data attributes, not by text.
"""

from __future__ import annotations

import datetime

from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.roles import SECRETARIAT
from spending.models import ExpenditureLine
from spending.services import reports as report_services
from tests.browser.axe import PASSWORD, check_accessibility, login, visit
from tests.factories import EffortAreaFactory, MembershipFactory, ProjectFactory, UserFactory
from tests.spending.factories import CostCategoryFactory


def _press(page: Page, control: Locator) -> None:
    """Reach `control` with the keyboard and press Enter: it loads a new page, checked by axe."""
    control.focus()
    expect(control).to_be_focused()
    with page.expect_navigation(wait_until="load") as navigation:
        page.keyboard.press("Enter")
    response = navigation.value
    assert response is not None and response.ok, page.url
    check_accessibility(page)


def test_a_line_is_deleted_after_confirmation_and_comes_back_with_undo(
    page: Page, live_server: LiveServer
) -> None:
    project = ProjectFactory.create(name="Fortrydprojektet")
    secretariat = UserFactory.create(username="sekretariat", role=SECRETARIAT)
    MembershipFactory.create(user=secretariat, project=project)
    report = report_services.report_create(
        project=project,
        period_start=datetime.date(2017, 1, 1),
        period_end=datetime.date(2017, 6, 30),
        by=secretariat,
    )
    fields = {
        "spent_on": datetime.date(2017, 2, 1),
        "paid_on": datetime.date(2017, 2, 10),
        "effort_area": EffortAreaFactory.create(project=project, name="Indslusning"),
        "cost_category": CostCategoryFactory.create(programme=project.programme, code="SAL"),
    }
    kept = report_services.line_add(
        report=report, by=secretariat, fields={**fields, "description": "Husleje", "amount": 9_000}
    )
    line = report_services.line_add(
        report=report,
        by=secretariat,
        fields={**fields, "description": "Projektleder, løn februar", "amount": 42_000},
    )
    login(page, live_server, "sekretariat", PASSWORD)
    visit(page, f"{live_server.url}{report.get_absolute_url()}")
    expect(page.locator("[data-testid=line]")).to_have_count(2)

    # The line's "Delete" is a link: the confirmation page says what, and changes nothing.
    _press(page, page.locator(f"#line-{line.pk} [data-testid=delete-line]"))
    assert page.url.endswith(f"/spending/lines/{line.pk}/delete/")
    expect(page.locator("h1")).to_have_text("Slet udgiftslinjen")
    expect(page.locator("[data-testid=confirm-question]")).to_contain_text("42.000 kr.")
    expect(page.locator("[data-testid=confirm-consequences]")).to_contain_text("fortryde")
    assert ExpenditureLine.objects.filter(pk=line.pk).exists()

    # Cancel leads back; asked again, the button deletes.
    _press(page, page.locator("[data-testid=confirm-cancel]"))
    expect(page.locator("[data-testid=line]")).to_have_count(2)
    _press(page, page.locator(f"#line-{line.pk} [data-testid=delete-line]"))
    _press(page, page.locator("[data-testid=confirm-button]"))
    expect(page.locator("[data-testid=line]")).to_have_count(1)
    expect(page.locator("[role=status]").first).to_contain_text(
        "Linjen “Projektleder, løn februar” blev slettet."
    )
    assert not ExpenditureLine.objects.filter(pk=line.pk).exists()

    # Undo, from the message.
    _press(page, page.locator("[data-testid=undo]"))
    expect(page.locator("[data-testid=line]")).to_have_count(2)
    expect(page.locator(f"#line-{line.pk}")).to_contain_text("42.000")
    expect(page.locator("[data-testid=undo]")).to_have_count(0)
    assert ExpenditureLine.objects.filter(pk__in=[line.pk, kept.pk]).count() == 2
