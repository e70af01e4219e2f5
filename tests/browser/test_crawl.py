"""Every page of every role, at a desktop width and at a phone's, in a real browser.

Each role logs in and follows the links breadth-first from the front page (the administrator
from the admin's index too), visiting each kind of page (a URL pattern of the resolver, once or
a few times with different objects). Each page must answer 200, fit the window without
scrolling sideways (a table may scroll inside its own scroll container), have no serious or
critical axe-core finding, and, where it belongs to an entry of the main menu, mark that entry
as the current page. The findings of a role's whole crawl are reported together.

The demo data is loaded as `manage.py load_demo` loads it, with what the demo lacks so that
every kind of page has an object: a meeting in each state, a report in draft, a reported value
waiting and one approved, a finished job.
"""

from __future__ import annotations

import datetime
import io
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from core import audit
from demo.grants import vaekstforum
from demo.users import demo_secretary, demo_staff
from grants.cases import bundle
from grants.models import Case, GrantDecision, Project
from jobs import services as job_services
from meetings import services as meeting_services
from meetings.models import Meeting
from progress import services as progress_services
from spending.models import SpendingReport
from spending.services import reports as report_services
from tests.browser.axe import BLOCKING_IMPACTS, format_violations, login, run_axe
from tests.browser.data import restore_reference_data
from tests.factories import IndicatorFactory, TargetFactory
from tests.jobs.helpers import run_queued_jobs
from tests.meetings.factories import balanced_case

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = {
    "regional": ("regional", "rummelig-regional-demo"),
    "secretariat": ("secretariat", "rummelig-sekretariat-demo"),
    "forum": ("forum", "rummelig-forum-demo"),
    "admin": ("admin", "rummelig-admin-demo"),
}
# Each crawl: a role, where it starts, and whether it walks the application or the admin site
# (the administrator's two halves are crawled apart, so that two workers share them evenly).
CRAWLS = {
    "regional": ("regional", "/", False),
    "secretariat": ("secretariat", "/", False),
    "forum": ("forum", "/", False),
    "admin": ("admin", "/", False),
    "admin-site": ("admin", "/admin/", True),
}
WIDTHS = {"desktop": 1366, "phone": 390}
# The fewest kinds of page each role's crawl must reach: a crawl that lost its way (a login
# that failed, a menu that vanished) fails here instead of passing on nothing.
MIN_PATTERNS = {"regional": 55, "secretariat": 30, "forum": 15, "admin": 65, "admin-site": 140}
# How often to visit one kind of page with different objects. A meeting's page differs most
# by its state, and the list shows one meeting of each.
VISITS = {"meetings:meeting_detail": 5, "spending:report_detail": 4}
VISITS_DEFAULT = 1
# Of the admin, the pages Rummelig configures: lists, add and change forms, histories.
ADMIN_KINDS = ("_changelist", "_add", "_change", "_history")
ADMIN_PAGES = frozenset({"admin:index", "admin:app_list"})
NOT_ADMIN_PAGES = frozenset({"admin:password_change", "admin:auth_user_password_change"})
# What a link may lead to that is no page to look at: files, data for scripts, the way out.
NOT_PAGES = (
    "export",
    "download",
    "pdf",
    "xlsx",
    "evidence",
    "attachment",
    "template",
    "personal_data",
    "suggestions",
    "jobs:status",
    "logout",
    "set_language",
)
MAIN_MENU = 'nav[aria-label="Hovedmenu"]'

# Whether the page fits its window: the document does not scroll sideways, and no visible
# element reaches past the window's edges unless a scroll container of its own holds it.
_OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const found = [];
  if (document.documentElement.scrollWidth > width) {
    found.push(`the document is ${document.documentElement.scrollWidth} px wide`);
  }
  const scrolls = (element) => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (overflow === "auto" || overflow === "scroll") return true;
    }
    return false;
  };
  const describe = (element) => {
    let name = element.tagName.toLowerCase();
    if (element.id) name += "#" + element.id;
    if (element.classList.length) name += "." + [...element.classList].join(".");
    return name;
  };
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right <= width + 0.5 && box.left >= -0.5) continue;
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || style.position === "fixed") continue;
    if (scrolls(element)) continue;
    // Report the outermost element that sticks out, not each of its children.
    const parent = element.parentElement;
    if (parent && parent !== document.body) {
      const outer = parent.getBoundingClientRect();
      if ((outer.right > width + 0.5 || outer.left < -0.5) && !scrolls(parent)) continue;
    }
    found.push(`${describe(element)} spans ${Math.round(box.left)}–${Math.round(box.right)} px`);
    if (found.length > 5) break;
  }
  return found;
}"""


@dataclass
class Crawl:
    """What one role's crawl saw: pages visited by kind, what was skipped, what failed."""

    visited: Counter[str] = field(default_factory=Counter)
    pages: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def _pattern(path: str) -> str | None:
    """The resolver's `namespace:url_name` of a path, or None where nothing resolves it."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _worth_visiting(pattern: str, admin_site: bool) -> bool:
    if pattern.startswith("admin:"):
        return (
            admin_site
            and pattern not in NOT_ADMIN_PAGES
            and (pattern in ADMIN_PAGES or pattern.endswith(ADMIN_KINDS))
        )
    return not admin_site and not any(word in pattern for word in NOT_PAGES)


def _menu_entry(page: Page) -> str | None:
    """The main-menu entry the page belongs to: the longest menu address its path begins
    with (none for the front page and the pages outside every section)."""
    path = urlsplit(page.url).path
    hrefs = page.locator(f"{MAIN_MENU} a[href]").evaluate_all(
        "links => links.map((link) => new URL(link.href).pathname)"
    )
    matches = [href for href in hrefs if href != "/" and path.startswith(href)]
    return max(matches, key=len) if matches else None


def _check_page(page: Page, crawl: Crawl, pattern: str, check_menu: bool) -> None:
    problems = page.evaluate(_OVERFLOW_JS)
    if problems:
        crawl.failures.append(f"{pattern} {page.url} scrolls sideways: " + "; ".join(problems))
    blocking = [v for v in run_axe(page) if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        crawl.failures.append(f"{pattern} {page.url} axe:\n{format_violations(blocking)}")
    if pattern.startswith("admin:") or not check_menu:
        return
    current = page.locator(f'{MAIN_MENU} a[aria-current="page"]').count()
    entry = _menu_entry(page)
    if entry is not None and current != 1:
        crawl.failures.append(
            f"{pattern} {page.url} belongs to the menu entry {entry} but the menu marks "
            f"{current} entries as the current page"
        )
    elif entry is None and current > 1:
        crawl.failures.append(f"{pattern} {page.url}: {current} menu entries are current")


def crawl_site(
    page: Page, base: str, start: str, *, admin_site: bool, check_menu: bool = True
) -> Crawl:
    """Visit breadth-first from `start` every same-origin link to a kind of page not yet
    visited (or visited fewer times than `VISITS` allows)."""
    crawl = Crawl()
    queue = deque([base + start])
    seen = set(queue)
    while queue:
        url = queue.popleft()
        path = urlsplit(url).path
        pattern = _pattern(path)
        if pattern is None:
            crawl.failures.append(f"{url}: a link to an address nothing answers")
            continue
        if crawl.visited[pattern] >= VISITS.get(pattern, VISITS_DEFAULT):
            continue
        try:
            response = page.goto(url, wait_until="load")
        except PlaywrightError as error:  # a download starts instead of a page
            if "Download is starting" in str(error) or "ERR_ABORTED" in str(error):
                crawl.skipped[pattern] += 1
                continue
            raise
        if response is None:
            crawl.failures.append(f"{pattern} {url}: no response")
            continue
        if response.status == 405:  # not a page one opens: a form's POST address
            crawl.skipped[pattern] += 1
            run_axe(page)
            continue
        content_type = response.headers.get("content-type", "")
        if not content_type.startswith("text/html"):
            crawl.skipped[pattern] += 1
            run_axe(page)  # the browser shows it as a document; check it all the same
            continue
        landed = _pattern(urlsplit(page.url).path) or pattern
        crawl.visited[landed] += 1
        crawl.pages += 1
        if response.status != 200:
            crawl.failures.append(f"{pattern} {url} answered {response.status}")
            run_axe(page)
            continue
        _check_page(page, crawl, landed, check_menu)
        links = page.locator("a[href]").evaluate_all("links => links.map((link) => link.href)")
        for link in links:
            link = urldefrag(link).url
            if not link.startswith(base + "/") or link in seen:
                continue
            seen.add(link)
            target = _pattern(urlsplit(link).path)
            if target is None or _worth_visiting(target, admin_site):
                queue.append(link)
    return crawl


# The demo data, with an object for every kind of page.


def _meetings_in_every_state(by: User) -> None:
    """A meeting in each state after planning (the demo's own is in planning)."""
    steps = ["lock", "publish", "hold", "approve_minutes"]
    for count, title in enumerate(["Låst", "Offentliggjort", "Afholdt", "Referat godkendt"], 1):
        case = balanced_case(title=f"Sag på mødet: {title}")
        meeting = meeting_services.meeting_create(
            fields={
                "forum": vaekstforum(),
                "date": datetime.date(2027, count, 15),
                "place": "Regionshuset Viborg",
            },
            by=by,
        )
        item = meeting_services.item_add(meeting=meeting, case=case, by=by)
        for step in steps[:count]:
            if step == "approve_minutes":
                meeting_services.decision_record(
                    item=item,
                    outcome="approved",
                    text="Vækstforum indstiller bevillingen.",
                    decided_on=meeting.date,
                    by=by,
                )
            meeting = meeting_services.meeting_step(meeting=meeting, step=step, by=by)


def _reported_values(project: Project, staff: User) -> None:
    """A reported indicator's target on the demo's extension, with a value waiting for
    approval and one approved."""
    decision = GrantDecision.objects.get(project=project, kind=GrantDecision.Kind.EXTENSION)
    with audit.authored_by(staff):
        target = TargetFactory.create(
            decision=decision, indicator=IndicatorFactory.create(code="ERH99"), value=40
        )
    secretary = demo_secretary()
    start = datetime.date(decision.first_year, 1, 1)
    for month, value in ((6, 8), (12, 5)):
        reported = progress_services.reported_value_submit(
            target=target,
            period_start=start.replace(month=month - 5),
            period_end=start.replace(month=month, day=30),
            value=value,
            note="Opgjort af sekretariatet efter projektets logbog.",
            evidence=None,
            by=secretary,
        )
        if month == 6:
            progress_services.reported_value_approve(reported=reported, by=staff)


@pytest.fixture
def crawl_world(live_server: LiveServer) -> None:
    restore_reference_data()
    call_command("load_demo", stdout=io.StringIO())
    staff = demo_staff()
    project = Project.objects.get(name="Rummelig imidt")
    _meetings_in_every_state(staff)
    _reported_values(project, staff)
    # A report in draft, and the returned one submitted again (for review).
    report_services.report_create(
        project=project,
        period_start=datetime.date(2019, 1, 1),
        period_end=datetime.date(2019, 12, 31),
        by=demo_secretary(),
    )
    returned = SpendingReport.objects.get(project=project, status=SpendingReport.Status.RETURNED)
    report_services.report_submit(report=returned, by=demo_secretary())
    job_services.start_job(kind=bundle.CODE, params={"programme": project.programme_id}, by=staff)
    run_queued_jobs()
    assert Meeting.objects.values("status").distinct().count() == len(Meeting.Status)
    assert Case.objects.filter(project=project).exists()


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("crawl", list(CRAWLS))
def test_every_page_of_a_role_fits_the_window_and_passes_axe(
    page: Page, live_server: LiveServer, crawl_world: None, crawl: str, width: str
) -> None:
    role, start, admin_site = CRAWLS[crawl]
    started = time.monotonic()
    page.set_viewport_size({"width": WIDTHS[width], "height": 900})
    login(page, live_server, *ROLES[role])
    seen = crawl_site(page, live_server.url, start, admin_site=admin_site)
    seconds = time.monotonic() - started
    print(
        f"\n{crawl} at {WIDTHS[width]} px: {len(seen.visited)} kinds of page, {seen.pages} pages,"
        f" {sum(seen.skipped.values())} links to files or forms skipped, {seconds:.0f} s"
    )
    for pattern, count in sorted(seen.visited.items()):
        print(f"  {count} × {pattern}")
    assert not seen.failures, (
        f"{len(seen.failures)} finding(s) on {crawl}'s pages at {WIDTHS[width]} px:\n"
        + "\n".join(seen.failures)
    )
    assert len(seen.visited) >= MIN_PATTERNS[crawl], (
        f"{crawl}'s crawl reached only {len(seen.visited)} kinds of page: {sorted(seen.visited)}"
    )
