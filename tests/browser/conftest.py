"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
live server. No browser is ever downloaded: without /usr/bin/chromium the tests are skipped,
or fail when CI=true.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from accounts.roles import REGIONAL_STAFF
from demo.grants import load_demo
from grants.models import EffortArea, FundingSource
from tests.browser.axe import check_accessibility, start_audit
from tests.browser.data import restore_reference_data
from tests.factories import UserFactory

# The sync Playwright API runs an event loop in this thread, so Django would refuse ORM calls
# from test code (SynchronousOnlyOperation). The tests are synchronous; allow it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The test network is closed: keep Chromium from phoning home.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING_CHROMIUM = "Browser tests need Debian's chromium package: apt-get install chromium"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees every collected item, not only this directory's.
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _require_chromium() -> None:
    if CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK):
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{CHROMIUM} is missing on CI. {MISSING_CHROMIUM}", pytrace=False)
    pytest.skip(MISSING_CHROMIUM)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    _require_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    # Keep the outcome of each phase on the item, for the `page` fixture's teardown.
    report = yield
    setattr(item, f"rummelig_report_{report.when}", report)
    return report


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh page in its own context (cookies, storage), Danish like the users' browsers.

    Each document the test loads must be checked with axe-core (see tests/browser/axe.py).
    After a passing test, the last page is checked here if the test did not, and a page
    that was loaded and left without a check fails the test, as does anything the browser
    refused under the Content Security Policy (an inline script or style, say).
    """
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    audit = start_audit(page)
    try:
        yield page
        call = getattr(request.node, "rummelig_report_call", None)
        if call is not None and call.passed:
            if audit.unchecked_count() > 0 and not page.is_closed():
                check_accessibility(page, "the last page of the test")
            if audit.unchecked_count() > 0:
                pytest.fail(
                    f"{audit.unchecked_count()} of the {len(audit.loaded)} pages this test "
                    "loaded were never checked with axe-core; use visit()/submit() or call "
                    f"check_accessibility() after each navigation. Loaded: {audit.loaded}",
                    pytrace=False,
                )
            if audit.csp_violations:
                pytest.fail(
                    "The browser refused content under the Content Security Policy:\n"
                    + "\n".join(audit.csp_violations),
                    pytrace=False,
                )
    finally:
        context.close()


@pytest.fixture
def staff(live_server: LiveServer) -> User:
    """A regional staff user, "karen", with the factories' password (`axe.PASSWORD`)."""
    # UserFactory with an explicit role: StaffFactory's class-level `role` shadows the
    # post-generation hook and is passed to User as a field.
    user = UserFactory.create(username="karen", role=REGIONAL_STAFF)
    assert user.groups.filter(name=REGIONAL_STAFF).exists()
    return user


@pytest.fixture
def demo(live_server: LiveServer) -> dict[str, Any]:
    """The seed case "Rummelig imidt", with the ids of its effort areas and funding sources."""
    restore_reference_data()  # the target breakdown of the demo needs the industries
    project = load_demo()
    return {
        "project": project,
        "areas": {a.name: a.pk for a in EffortArea.objects.filter(project=project)},
        "sources": {s.name: s.pk for s in FundingSource.objects.all()},
    }
