"""The lists and the autocomplete in a real browser, at 1366 px and at 390 px: sorting and
paging with the keyboard, a scroll container it reaches, and a case chosen for an agenda with
the keyboard alone. axe-core checks every page, and the open list of suggestions too."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from meetings.models import AgendaItem
from tests.browser.axe import PASSWORD, check_accessibility, login, submit, visit
from tests.factories import CaseFactory, ProgrammeFactory, ProjectFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [1366, 390]


def _no_sideways_scroll(page: Page) -> None:
    wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    assert not wide, "the page scrolls sideways"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_list_is_sorted_and_paged_with_the_keyboard(
    page: Page, live_server: LiveServer, staff: User, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    programme = ProgrammeFactory.create(name="Erhverv")
    for n in range(60):
        ProjectFactory.create(name=f"Projekt {n:02d}", programme=programme)
    login(page, live_server, staff.username, PASSWORD)
    visit(page, live_server.url + reverse("grants:project_list"))
    _no_sideways_scroll(page)

    # The table's scroll container is reachable and named.
    region = page.get_by_role("region", name="Tabellen, kan rulles")
    region.focus()
    expect(region).to_be_focused()

    # Sort by name, descending: the header's link, with Enter.
    header = page.locator("th[aria-sort=ascending] a.sort-link")
    header.focus()
    header.press("Enter")
    page.wait_for_url(re.compile(r"sort=-name"))
    check_accessibility(page, "sorted descending")
    expect(page.locator("th[aria-sort=descending]")).to_have_count(1)
    expect(page.locator("tbody tr").first).to_contain_text("Projekt 59")

    # The next page, with Enter on its link; the sorting stays.
    next_link = page.locator("nav.pagination a.button-next")
    next_link.focus()
    next_link.press("Enter")
    page.wait_for_url(re.compile(r"page=2"))
    check_accessibility(page, "page 2")
    assert "sort=-name" in page.url
    expect(page.locator("nav.pagination [aria-current=page]")).to_contain_text("2")
    _no_sideways_scroll(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_case_is_chosen_for_the_agenda_with_the_keyboard_alone(
    page: Page, live_server: LiveServer, staff: User, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    meeting = MeetingFactory.create()
    wanted = CaseFactory.create(title="Robotter i Randers")
    CaseFactory.create(title="Robotter i Roskilde")
    CaseFactory.create(title="Grøn omstilling")
    login(page, live_server, staff.username, PASSWORD)
    visit(page, live_server.url + reverse("meetings:meeting_detail", args=[meeting.pk]))

    field = page.get_by_role("combobox", name="Sag", exact=True)
    expect(field).to_have_attribute("aria-expanded", "false")
    field.focus()
    page.keyboard.type("robot")
    options = page.get_by_role("listbox").get_by_role("option")
    expect(options).to_have_count(2)
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("status").filter(has_text="2 forslag")).to_have_count(1)
    check_accessibility(page, "the open list of suggestions")
    # The list stays within the screen, also on a phone.
    box = page.get_by_role("listbox").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width

    # Escape closes the list; the down arrow opens it again on the first suggestion.
    page.keyboard.press("Escape")
    expect(field).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowDown")
    expect(field).to_have_attribute("aria-expanded", "true")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    # Down moves to the second suggestion, up back to the first, which Enter chooses.
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    active = field.get_attribute("aria-activedescendant")
    assert active == options.nth(1).get_attribute("id")
    page.keyboard.press("ArrowUp")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(field).to_have_value("Robotter i Randers (" + wanted.project.name + ")")
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(page.locator("input[name=case]")).to_have_value(str(wanted.pk))

    submit(page, page.get_by_role("button", name="Føj til dagsordenen"))
    assert AgendaItem.objects.filter(meeting=meeting, case=wanted).exists()
