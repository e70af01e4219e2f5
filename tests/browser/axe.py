"""Helpers for the browser tests: axe-core checks, and page visits that always run them.

Every document a browser test loads must be checked with axe-core (WCAG 2.0/2.1 A and AA);
a "serious" or "critical" violation fails the test. `visit` and `submit` navigate and check
in one step; call `check_accessibility` again after a significant change to the DOM. The
`page` fixture (conftest.py) counts the documents a test loads and fails the test if one of
them was never checked.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from playwright.sync_api import ConsoleMessage, Download, Locator, Page, Route

# axe-core is a test tool, vendored here (scripts/vendor_assets.sh), not among the site's static
# files. On the site it is loaded from a same-origin address like the app's own scripts, since
# the Content Security Policy refuses inline scripts and so would refuse an injected copy; the
# browser answers that address from this file (`_serve_axe`), and the server never sees it.
AXE_SCRIPT = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_PATH = "/__browser-tests__/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
# The password tests/factories.py gives its users.
PASSWORD = "correct-horse-battery"

# A fresh token per document: it tells the checks of one document from those of the next.
_DOCUMENT_TOKEN_JS = """() => {
  if (!window.__rummeligAxeToken) {
    window.__rummeligAxeToken = String(Date.now()) + "-" + Math.random().toString(36).slice(2);
  }
  return window.__rummeligAxeToken;
}"""

_RUN_AXE_JS = """async (tags) => {
  const results = await axe.run(document, {runOnly: tags});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target,
      html: n.html,
      impact: n.impact,
      summary: n.failureSummary,
    })),
  }));
}"""


@cache
def axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


class PageAudit:
    """Which documents a page loaded, which of them axe checked, and what the browser refused
    under the Content Security Policy (Chromium reports each refusal on the console)."""

    def __init__(self, page: Page) -> None:
        self.loaded: list[str] = []
        self.checked_tokens: set[str] = set()
        self.csp_violations: list[str] = []
        self._page = page
        page.on("load", self._on_load)
        page.on("console", self._on_console)

    def _on_load(self, page: Page) -> None:
        if not page.url.startswith("about:"):
            self.loaded.append(page.url)

    def _on_console(self, message: ConsoleMessage) -> None:
        # axe-core itself sets inline styles while it checks some pages (the admin's): the
        # policy refuses them as it should, and that is no fault of the page.
        if message.location.get("url", "").endswith(AXE_PATH):
            return
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_violations.append(f"{self._page.url}: {message.text}")

    def unchecked_count(self) -> int:
        return len(self.loaded) - len(self.checked_tokens)


def audit_of(page: Page) -> PageAudit | None:
    return getattr(page, "_rummelig_audit", None)


def start_audit(page: Page) -> PageAudit:
    audit = PageAudit(page)
    page._rummelig_audit = audit  # type: ignore[attr-defined]
    return audit


def _serve_axe(route: Route) -> None:
    route.fulfill(path=AXE_SCRIPT, content_type="text/javascript; charset=utf-8")


def run_axe(page: Page) -> list[dict[str, Any]]:
    """All WCAG 2.x A/AA violations axe-core finds in the page's current document."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        if page.url.startswith(("http://", "https://")):
            if not getattr(page, "_rummelig_axe_served", False):
                page.route(f"**{AXE_PATH}", _serve_axe)
                page._rummelig_axe_served = True  # type: ignore[attr-defined]
            page.add_script_tag(url=urljoin(page.url, AXE_PATH))
        else:  # a page made with set_content: no server to load from, and no policy
            page.add_script_tag(content=axe_source())
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE_JS, AXE_TAGS)
    token = page.evaluate(_DOCUMENT_TOKEN_JS)
    audit = audit_of(page)
    if audit is not None:
        audit.checked_tokens.add(token)
    return violations


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"]:
            lines.append(f"    target: {json.dumps(node['target'], ensure_ascii=False)}")
            lines.append(f"      html: {node['html'][:300]}")
            if node.get("summary"):
                summary = node["summary"].replace("\n", "\n            ")
                lines.append(f"      why:  {summary}")
    return "\n".join(lines)


def check_accessibility(page: Page, what: str = "") -> list[dict[str, Any]]:
    """Run axe-core on the page; fail on any serious or critical violation.

    Returns the minor and moderate violations, for a test that wants to look at them.
    """
    violations = run_axe(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        where = f"{what} ({page.url})" if what else page.url
        pytest.fail(
            f"axe-core found {len(blocking)} serious/critical accessibility violation(s) "
            f"on {where}:\n{format_violations(blocking)}",
            pytrace=False,
        )
    return [v for v in violations if v["impact"] not in BLOCKING_IMPACTS]


def visit(page: Page, url: str) -> None:
    """Open `url`, wait until it has loaded, and check it with axe-core."""
    response = page.goto(url, wait_until="load")
    assert response is not None, f"no response for {url}"
    assert response.ok, f"{url} answered {response.status}"
    check_accessibility(page)


def submit(page: Page, button: Locator) -> None:
    """Click a button or link that loads a new document; wait for it and check it with axe."""
    with page.expect_navigation(wait_until="load") as navigation:
        button.click()
    response = navigation.value
    assert response is not None, f"no response after the click, at {page.url}"
    assert response.ok, f"{response.url} answered {response.status}"
    check_accessibility(page)


def login(page: Page, live_server: Any, username: str, password: str) -> None:
    """Log in through the real login form; the browser ends on the page after login."""
    visit(page, f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    submit(page, page.locator("main form button[type=submit]"))
    assert "/accounts/login/" not in page.url, f"login as {username!r} failed: still on {page.url}"


def download(page: Page, button: Locator, path: Path) -> Download:
    """Click `button`, wait for the download it starts, check it did not fail, save it at
    `path`."""
    with page.expect_download() as started:
        button.click()
    downloaded = started.value
    assert downloaded.failure() is None, downloaded.failure()
    downloaded.save_as(path)
    return downloaded
