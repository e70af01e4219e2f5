"""Notifications in a real browser: the bell counts what waits, opens the list, a notification
leads to its object and leaves the count; "mark all read" empties it; at desktop and phone width,
with no serious accessibility violation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from notifications import events, services
from notifications.models import Channel, Notification
from tests.browser.axe import PASSWORD, check_accessibility, login, submit, visit

pytestmark = pytest.mark.django_db(transaction=True)

EVENT = "browser.report_submitted"


@pytest.fixture
def event_type() -> Iterator[None]:
    events.register(
        events.EventType(
            code=EVENT,
            group="Browsertestens regnskaber",
            label="Browsertestens regnskab indsendt",
            title="{project}: regnskab for {period} indsendt",
            defaults={},
        )
    )
    yield
    events._TYPES.pop(EVENT, None)


def _tell(user: User, key: str, url: str) -> None:
    params = {"project": "Rummelig imidt", "period": f"periode {key}"}
    with transaction.atomic():
        services.notify(EVENT, key=key, recipients=[user], url=url, params=params)


@pytest.mark.usefixtures("event_type")
@pytest.mark.parametrize("width", [1366, 390])
def test_the_bell_counts_opens_the_list_and_a_notification_leads_to_its_object(
    page: Page, live_server: LiveServer, staff: User, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    target = reverse("jobs:list")
    _tell(staff, "1", target)
    _tell(staff, "2", target)
    _tell(staff, "3", target)
    assert Notification.objects.filter(channel=Channel.APP).count() == 3
    login(page, live_server, staff.username, PASSWORD)

    bell = page.get_by_test_id("bell")
    expect(bell).to_be_visible()
    expect(bell).to_have_accessible_name("Notifikationer, 3 ulæste")
    expect(page.get_by_test_id("bell-count")).to_have_text("3")
    submit(page, bell)
    assert page.url.endswith(reverse("notifications:list"))
    rows = page.get_by_test_id("notification-row")
    expect(rows).to_have_count(3)

    submit(page, page.get_by_role("link", name="Rummelig imidt: regnskab for periode 3 indsendt"))
    assert page.url.endswith(target)
    expect(page.get_by_test_id("bell")).to_have_accessible_name("Notifikationer, 2 ulæste")

    submit(page, page.get_by_test_id("bell"))
    submit(page, page.get_by_test_id("read-all"))
    assert page.url.endswith(reverse("notifications:list"))
    expect(page.get_by_test_id("bell")).to_have_accessible_name("Notifikationer")
    expect(page.get_by_test_id("bell-count")).to_have_count(0)
    expect(page.get_by_test_id("mark-read")).to_have_count(0)

    submit(page, page.get_by_test_id("preferences-link"))
    # Named apart from the real event types (the spending room's "Regnskab indsendt" too).
    choice = page.get_by_label("Browsertestens regnskab indsendt", exact=True)
    expect(choice).to_have_value(Channel.APP)
    choice.select_option(Channel.DIGEST)
    submit(page, page.get_by_test_id("save"))
    expect(page.get_by_label("Browsertestens regnskab indsendt", exact=True)).to_have_value(
        Channel.DIGEST
    )
    check_accessibility(page, "the preferences page after saving")


@pytest.mark.usefixtures("event_type")
def test_the_bell_stays_beside_the_menu_button_on_a_phone(
    page: Page, live_server: LiveServer, staff: User
) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    _tell(staff, "1", "/")
    login(page, live_server, staff.username, PASSWORD)
    visit(page, live_server.url + reverse("notifications:list"))
    bell = page.get_by_test_id("bell").bounding_box()
    menu = page.get_by_test_id("menu-open").bounding_box()
    assert bell is not None and menu is not None
    # On one line, the bell left of the menu button, both inside the screen.
    assert abs((bell["y"] + bell["height"] / 2) - (menu["y"] + menu["height"] / 2)) < 8
    assert bell["x"] + bell["width"] <= menu["x"]
    assert menu["x"] + menu["width"] <= 390
