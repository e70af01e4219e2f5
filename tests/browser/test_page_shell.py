"""The page shell every page shares, in a real browser at a desktop's 1366 px and a phone's
390 px: the design system's header and menu with the page's entry marked, the menu drawer on a
phone (opened and closed with the keyboard), breadcrumbs, the footer, and no sideways scroll."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.axe import PASSWORD, check_accessibility, login, submit, visit

pytestmark = pytest.mark.django_db(transaction=True)

MAIN_MENU = 'nav[aria-label="Hovedmenu"]'
DRAWER = "[data-testid=menu-drawer]"


def _no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths}"


def _marked(page: Page, scope: str) -> list[str]:
    return page.locator(f'{scope} a[aria-current="page"]').all_inner_texts()


def test_on_a_desktop_the_menu_bar_marks_the_pages_entry_and_breadcrumbs_lead_back(
    page: Page, live_server: LiveServer, staff: User, demo: dict[str, Any]
) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, live_server, "karen", PASSWORD)
    assert _marked(page, MAIN_MENU) == []  # the front page belongs to no entry
    expect(page.locator(".breadcrumbs")).to_have_count(0)
    project = demo["project"]
    decision = project.decisions.first()
    visit(page, f"{live_server.url}/decisions/{decision.pk}/budget/")
    expect(page.locator(MAIN_MENU)).to_be_visible()
    expect(page.locator(".button-menu-open")).to_be_hidden()
    assert _marked(page, MAIN_MENU) == ["Bevillinger"]
    crumbs = page.locator('nav.breadcrumbs[aria-label="Brødkrumme"] a')
    expect(crumbs).to_have_text(["Forside", "Projekter", project.name, decision.title])
    _no_sideways_scroll(page)
    submit(page, crumbs.nth(2))
    assert _marked(page, MAIN_MENU) == ["Projekter"]
    submit(page, page.locator("footer").get_by_role("link", name="Tilgængelighedserklæring"))
    assert _marked(page, MAIN_MENU) == []
    expect(page.locator("h1")).to_have_text("Tilgængelighedserklæring")
    submit(page, page.locator("footer").get_by_role("link", name="Privatlivspolitik"))
    expect(page.locator("h1")).to_have_text("Privatlivspolitik")
    _no_sideways_scroll(page)


def test_on_a_phone_the_menu_is_a_drawer_opened_and_closed_with_the_keyboard(
    page: Page, live_server: LiveServer, staff: User, demo: dict[str, Any]
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, "karen", PASSWORD)
    visit(page, f"{live_server.url}/meetings/")
    _no_sideways_scroll(page)
    # Two lines: the logo with the menu button, and the solution's name.
    header = page.locator("header").bounding_box()
    assert header is not None
    assert header["height"] <= 140
    expect(page.locator(MAIN_MENU)).to_be_hidden()
    drawer = page.locator(DRAWER)
    expect(drawer).to_be_hidden()
    opener = page.get_by_role("button", name="Menu")
    opener.focus()
    page.keyboard.press("Enter")
    expect(drawer).to_be_visible()
    expect(page.locator("[data-testid=menu-close]")).to_be_focused()
    menu = drawer.get_by_role("navigation", name="Menu")
    expect(menu.locator('a[aria-current="page"]')).to_have_text("Møder")
    expect(drawer.get_by_role("button", name="Log af")).to_be_visible()
    expect(drawer.get_by_role("button", name="English")).to_be_visible()
    check_accessibility(page, "the open menu drawer")
    _no_sideways_scroll(page)
    # The keyboard stays in the drawer while it is open.
    for _ in range(20):
        page.keyboard.press("Tab")
        assert page.evaluate(f"document.querySelector('{DRAWER}').contains(document.activeElement)")
    page.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
    expect(opener).to_be_focused()
    page.keyboard.press("Enter")
    expect(drawer).to_be_visible()
    page.keyboard.press("Enter")  # on the close button, which has the focus
    expect(drawer).to_be_hidden()
    # A link in the drawer leads to its page, marked there.
    opener.click()
    submit(page, menu.get_by_role("link", name="Projekter"))
    expect(page.locator(f'{DRAWER} a[aria-current="page"]')).to_have_text("Projekter")
    expect(page.locator(".breadcrumbs")).to_be_visible()
    _no_sideways_scroll(page)


@pytest.mark.parametrize("width", [1366, 390])
def test_the_footers_pages_are_public_and_fit_the_screen(
    page: Page, live_server: LiveServer, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("/accessibility/", "/privacy/", "/accounts/login/"):
        visit(page, f"{live_server.url}{path}")
        expect(page.locator("footer")).to_be_visible()
        _no_sideways_scroll(page)
    response = page.request.get(f"{live_server.url}/favicon.ico")
    assert response.ok
    assert response.headers["content-type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
