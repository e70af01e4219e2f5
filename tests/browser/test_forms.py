"""A form with errors, as a keyboard and screen-reader user meets it: the error summary takes
focus on arrival, each of its links moves focus to its field, and the radio buttons are real
radio buttons, chosen with the arrow keys. At a desktop's width and a phone's."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.axe import PASSWORD, check_accessibility, login, submit, visit

SUMMARY = "[data-module='error-summary']"


@pytest.mark.parametrize("width", [1366, 390])
def test_a_form_with_errors_leads_the_keyboard_to_each_field(
    page: Page, live_server: LiveServer, staff: User, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, staff.username, PASSWORD)
    visit(page, f"{live_server.url}/indicators/new/")

    submit(page, page.locator("main form button[type=submit]"))

    summary = page.locator(SUMMARY)
    expect(summary).to_be_focused()
    assert page.title().startswith("Fejl: ")
    links = summary.locator("a")
    targets = [href.lstrip("#") for href in links.evaluate_all("ls => ls.map(l => l.hash)")]
    assert "id_code" in targets
    for index, target in enumerate(targets):
        links.nth(index).click()
        expect(page.locator(f"#{target}")).to_be_focused()
        # The field's own label or legend is on screen with it.
        assert page.evaluate(
            "id => { const r = document.getElementById(id).getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= window.innerHeight; }",
            target,
        )
    check_accessibility(page, "after following the summary's links")


def test_radio_buttons_are_chosen_with_the_keyboard(
    page: Page, live_server: LiveServer, staff: User
) -> None:
    login(page, live_server, staff.username, PASSWORD)
    visit(page, f"{live_server.url}/indicators/new/")
    radios = page.locator("main fieldset input[type=radio][name=measurement]")
    assert radios.count() >= 2
    # Each radio is labelled, and the group is named by its legend.
    group = page.locator("main fieldset").filter(
        has=page.locator("input[type=radio][name=measurement]")
    )
    expect(group.locator("legend")).to_have_count(1)
    first_id = radios.first.get_attribute("id")
    expect(page.locator(f"label[for='{first_id}']")).to_be_visible()

    radios.first.focus()
    page.keyboard.press("Space")
    expect(radios.first).to_be_checked()
    page.keyboard.press("ArrowDown")
    expect(radios.nth(1)).to_be_checked()
    expect(radios.nth(1)).to_be_focused()
    expect(radios.first).not_to_be_checked()
    check_accessibility(page, "after choosing with the keyboard")
