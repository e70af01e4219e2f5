"""Every main page, checked with axe-core (WCAG 2.0/2.1 A and AA) in a real browser.

`visit` fails the test on any serious or critical violation; see tests/browser/axe.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from grants.models import Case, GrantDecision
from tests.browser.axe import PASSWORD, check_accessibility, login, submit, visit


def _decision(title_start: str) -> GrantDecision:
    return GrantDecision.objects.get(title__startswith=title_start)


# Page name -> path, computed once the demo data exists.
Demo = dict[str, Any]
PAGES: dict[str, Callable[[Demo], str]] = {
    "project list": lambda demo: "/",
    "project detail": lambda demo: f"/projects/{demo['project'].pk}/",
    "project table": lambda demo: f"/projects/{demo['project'].pk}/table/",
    "new decision form": lambda demo: f"/projects/{demo['project'].pk}/decisions/new/",
    "decision list": lambda demo: "/decisions/",
    "decision detail": lambda demo: f"/decisions/{_decision('Forlængelse').pk}/",
    "decision detail, not split by year": lambda demo: (
        f"/decisions/{_decision('Rummelig imidt 2016').pk}/"
    ),
    "decision table": lambda demo: f"/decisions/{_decision('Forlængelse').pk}/table/",
    "decision edit form": lambda demo: f"/decisions/{_decision('Forlængelse').pk}/edit/",
    "budget grid": lambda demo: f"/decisions/{_decision('Forlængelse').pk}/budget/",
    "case list": lambda demo: "/cases/",
    "case detail": lambda demo: f"/cases/{Case.objects.get(project=demo['project']).pk}/",
    "case table": lambda demo: f"/cases/{Case.objects.get(project=demo['project']).pk}/table/",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_violations(
    page: Page, live_server: LiveServer, demo: Demo, staff: User, name: str
) -> None:
    login(page, live_server, staff.username, PASSWORD)
    visit(page, live_server.url + PAGES[name](demo))
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.locator("main h1")).to_have_count(1)


def test_login_page_anonymous(page: Page, live_server: LiveServer) -> None:
    visit(page, f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.locator("input[name=username]")).to_be_visible()


def test_anonymous_visitor_is_sent_to_the_login_page(page: Page, live_server: LiveServer) -> None:
    visit(page, f"{live_server.url}/decisions/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "da")


def test_login_with_a_wrong_password_shows_an_accessible_error(
    page: Page, live_server: LiveServer, staff: User
) -> None:
    visit(page, f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(staff.username)
    page.locator("input[name=password]").fill("not-the-password")
    submit(page, page.locator("main form button[type=submit]"))
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    expect(page.locator("main [role=alert]")).not_to_be_empty()


def test_decision_form_with_errors(
    page: Page, live_server: LiveServer, demo: Demo, staff: User
) -> None:
    login(page, live_server, staff.username, PASSWORD)
    visit(page, f"{live_server.url}/projects/{demo['project'].pk}/decisions/new/")
    submit(page, page.locator("main form button[type=submit]"))
    expect(page.locator("main .form-error-message").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "da")


def test_english_interface(page: Page, live_server: LiveServer, demo: Demo, staff: User) -> None:
    login(page, live_server, staff.username, PASSWORD)
    visit(page, f"{live_server.url}/projects/{demo['project'].pk}/")
    submit(page, page.locator("form button[name=language][value=en]"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    visit(page, f"{live_server.url}/decisions/{_decision('Forlængelse').pk}/budget/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # And back to Danish.
    submit(page, page.locator("form button[name=language][value=da]"))
    expect(page.locator("html")).to_have_attribute("lang", "da")
    check_accessibility(page)


def test_the_check_catches_violations(page: Page) -> None:
    """The axe check itself: a page with known serious violations must fail it."""
    page.set_content(
        "<!DOCTYPE html><html><head><title>Broken</title></head><body><main>"
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        '<a href="/x"></a>'
        '<p style="color:#bbb;background:#fff">Faint text</p>'
        "</main></body></html>"
    )
    with pytest.raises(pytest.fail.Exception) as failure:
        check_accessibility(page, "a page broken on purpose")
    message = str(failure.value)
    for rule in ("html-has-lang", "image-alt", "link-name", "color-contrast"):
        assert rule in message
