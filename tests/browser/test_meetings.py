"""A Vækstforum meeting in a real browser: staff create it, put three cases on the agenda, lock
it, render the agenda pack in the background and download it; record the decisions and see the
grant decisions' statuses change; a forum member reads the published agenda without its closed
item. axe-core checks every page.

The worker (the database backend's own) polls in a thread of this process while the browser
watches the job's page, as in tests/browser/test_jobs.py.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from accounts.roles import FORUM_MEMBER
from grants.models import GrantDecision
from jobs.models import Job
from meetings.models import Meeting
from tests.browser.axe import PASSWORD, check_accessibility, download, login, submit, visit
from tests.factories import UserFactory
from tests.grants.cases.test_case_pdf import pdf_text
from tests.jobs.helpers import background_worker
from tests.meetings.factories import balanced_case

pytestmark = pytest.mark.django_db(transaction=True)

CASES = [
    ("Grøn omstilling i Herning", 1_500_000, "1.500"),
    ("Robotter i Randers", 2_500_000, "2.500"),
    ("Lukket sag om Limfjorden", 7_000_000, "7.000"),
]


def test_a_meeting_from_planning_to_decisions_with_its_agenda_pack(
    page: Page, live_server: LiveServer, staff: User, tmp_path: Path
) -> None:
    cases = [balanced_case(title=title, amount=amount) for title, amount, _ in CASES]
    login(page, live_server, staff.username, PASSWORD)

    # Create the meeting.
    visit(page, live_server.url + reverse("meetings:meeting_list"))
    submit(page, page.get_by_role("link", name="Nyt møde"))
    page.get_by_label("Forum").select_option(label="Vækstforum")
    page.get_by_label("Dato").fill("2027-03-12")
    page.get_by_label("Sted").fill("Regionshuset Viborg")
    submit(page, page.get_by_role("button", name="Gem"))
    meeting = Meeting.objects.get()
    assert page.url.endswith(meeting.get_absolute_url())

    # Three cases on the agenda, the last one closed.
    for index, case in enumerate(cases):
        # The case by its autocomplete: typed, then chosen with the arrow and Enter.
        field = page.get_by_role("combobox", name="Sag", exact=True)
        field.fill(case.title)
        suggestions = page.get_by_role("listbox").get_by_role("option")
        expect(suggestions.filter(has_text=case.title)).to_have_count(1)
        field.press("ArrowDown")
        field.press("Enter")
        expect(page.locator("input[name=case]")).to_have_value(str(case.pk))
        if index == 2:
            page.get_by_label("Lukket punkt").check()
        submit(page, page.get_by_role("button", name="Føj til dagsordenen"))
    rows = page.get_by_test_id("agenda-item")
    expect(rows).to_have_count(3)
    for index, (title, _, _) in enumerate(CASES):
        expect(rows.nth(index)).to_contain_text(title)

    # Each step asks first, saying what follows (core.confirm).
    submit(page, page.get_by_test_id("step-lock"))
    expect(page.get_by_test_id("confirm-question")).to_contain_text("3 punkter")
    submit(page, page.get_by_test_id("confirm-button"))
    expect(page.get_by_test_id("meeting-status")).to_have_text("Dagsorden låst")

    # The agenda pack, with the closed item, rendered in the background.
    submit(page, page.get_by_test_id("start-agenda_pack-closed"))
    job = Job.objects.get()
    assert page.url.endswith(job.get_absolute_url())
    state = page.get_by_test_id("job-state")
    expect(state).to_have_attribute("data-state", "queued")
    with background_worker():
        expect(state).to_have_attribute("data-state", "done", timeout=180_000)
    check_accessibility(page, "the agenda pack's job when done")
    expect(page.get_by_test_id("job-progress")).to_have_attribute("value", "100")
    path = tmp_path / "pack.pdf"
    download(page, page.get_by_test_id("job-download"), path)
    content = path.read_bytes()

    text = pdf_text(content, tmp_path)
    pages = [" ".join(p.split()) for p in text.split("\f")]
    toc = text.split("\f")[1]
    positions = []
    for title, _, figure in CASES:
        line = next(line for line in toc.splitlines() if title in line)
        number = int(re.findall(r"(\d+)\s*$", line)[0])
        # The contents' page number is the page the item's case paper starts on.
        assert title in pages[number - 1], (title, number)
        assert figure in pages[number - 1] or figure in pages[number], (title, figure)
        positions.append(number)
    assert positions == sorted(positions) and len(set(positions)) == 3
    flat = " ".join(text.split())
    starts = [flat.index(title, len(" ".join(pages[:2]))) for title, _, _ in CASES]
    assert starts == sorted(starts)
    reader = PdfReader(io.BytesIO(content))
    outline = [entry for entry in reader.outline if not isinstance(entry, list)]
    assert [entry.title for entry in outline] == [
        f"Punkt {n}. {title}" for n, (title, _, _) in enumerate(CASES, start=1)
    ]
    assert [(reader.get_destination_page_number(e) or 0) + 1 for e in outline] == positions

    # Publish, hold, and record a decision on each item.
    visit(page, live_server.url + meeting.get_absolute_url())
    submit(page, page.get_by_test_id("step-publish"))
    submit(page, page.get_by_test_id("confirm-button"))
    submit(page, page.get_by_test_id("step-hold"))
    submit(page, page.get_by_test_id("confirm-button"))
    for index, outcome in enumerate(["approved", "rejected", "postponed"]):
        submit(page, page.get_by_test_id("record-decision").nth(index))
        page.get_by_label("Resultat").select_option(outcome)
        page.get_by_label("Beslutningstekst").fill(f"Beslutning {index + 1}")
        submit(page, page.get_by_role("button", name="Registrér beslutningen"))
    statuses = [GrantDecision.objects.get(cases=case).status for case in cases]
    assert statuses == ["approved", "rejected", "recommended"]
    # The case pages say so too.
    visit(page, live_server.url + cases[0].get_absolute_url())
    expect(page.locator("main dd li").first).to_contain_text("godkendt")
    visit(page, live_server.url + cases[1].get_absolute_url())
    expect(page.locator("main dd li").first).to_contain_text("afvist")
    visit(page, live_server.url + meeting.get_absolute_url())
    submit(page, page.get_by_test_id("step-approve_minutes"))
    submit(page, page.get_by_test_id("confirm-button"))
    expect(page.get_by_test_id("meeting-status")).to_have_text("Referat godkendt")

    # A forum member reads the published agenda and minutes, not the closed item.
    UserFactory.create(username="folmer", role=FORUM_MEMBER)
    page.context.clear_cookies()
    login(page, live_server, "folmer", PASSWORD)
    visit(page, live_server.url + reverse("meetings:meeting_list"))
    submit(page, page.get_by_role("link", name=re.compile("Vækstforum 12. marts 2027")))
    rows = page.get_by_test_id("agenda-item")
    expect(rows).to_have_count(2)
    expect(page.locator("main")).to_contain_text(CASES[0][0])
    expect(page.locator("main")).to_contain_text("Beslutning 1")
    expect(page.locator("main")).not_to_contain_text(CASES[2][0])
    expect(page.get_by_test_id("start-agenda_pack-closed")).to_have_count(0)
    expect(page.get_by_test_id("start-agenda_pack")).to_have_count(1)
