"""The issue's acceptance test, in a real browser: regional staff edit the case text, preview
it and download the PDF. The seed case disagrees with itself, so the PDF is marked as a draft
until every consistency finding is acknowledged on the case page.

The interface is Danish, so elements are found by URL, name and data attributes, not by text;
the PDF's draft mark is looked up through the translation catalogue.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from demo.grants import load_demo
from demo.users import ensure_demo_users
from grants.cases.checks import open_findings
from grants.models import Case, FindingAcknowledgement
from tests.browser.axe import login, submit, visit
from tests.browser.data import restore_reference_data
from tests.browser.test_accessibility import REGIONAL
from tests.grants.cases.test_case_pdf import flat, pdf_text, require_tool

HEADING = "Ny sektion"
ITEMS = ["Første punkt", "Andet punkt"]
# Typed into the text: it must reach neither the preview's document nor the PDF.
INJECTED = "<script>window.rummeligInjected = true;</script>"
NEW_SECTION = (
    f"\n\n## {HEADING}\n\nEn ny sektion med {INJECTED} et forsøg på et script.\n\n"
    + "".join(f"- {item}\n" for item in ITEMS)
)
# The seed's budget table, in 1.000 kr.: the budget totals of 2017-2020, in one row.
BUDGET_TOTALS = "2.000 2.000 12.000 12.000"


@pytest.fixture
def seed_case(live_server: LiveServer) -> Case:
    """The demo project's case (the seed case paper) and the demo users."""
    restore_reference_data()
    project = load_demo()
    ensure_demo_users(project)
    return Case.objects.get(project=project)


def danish(message: str) -> str:
    with translation.override("da"):
        return gettext(message)


def download_pdf(page: Page, tmp_path: Path, name: str) -> tuple[bytes, str]:
    """Click the preview's PDF button; the file's bytes and its text, whitespace collapsed."""
    button = page.locator("[data-testid=case-downloads] a[href$='/case.pdf']")
    with page.expect_download() as download_info:
        button.click()
    download = download_info.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    path = tmp_path / name
    download.save_as(path)
    content = path.read_bytes()
    assert content.startswith(b"%PDF-"), content[:20]
    return content, flat(pdf_text(content, tmp_path))


def test_regional_staff_edit_the_case_text_preview_it_and_download_the_pdf(
    page: Page, live_server: LiveServer, seed_case: Case, tmp_path: Path
) -> None:
    case = seed_case
    require_tool("pdftotext")  # before the browser work: skip (or fail on CI) at once
    findings = open_findings(case)
    assert findings, "the seed case should have open consistency findings"
    case_url = f"{live_server.url}/cases/{case.pk}/"

    # Log in and open the case; from there to the edit form.
    login(page, live_server, *REGIONAL)
    visit(page, case_url)
    submit(page, page.locator("main a[href$='/edit/']").first)
    assert page.url == f"{case_url}edit/"

    # A new section at the end of the case text: a heading and a bullet list.
    text = page.locator("textarea[name=text]")
    original = text.input_value()
    assert original.strip() and HEADING not in original
    text.fill(original.rstrip() + NEW_SECTION)
    submit(page, page.locator("main form[data-testid=case-form] button[type=submit]"))
    assert page.url == case_url, page.url
    expect(page.locator("main [role=alert]")).to_have_count(0)
    case.refresh_from_db()
    assert f"## {HEADING}" in case.text
    assert INJECTED in case.text  # kept as typed: it is the rendering that must be harmless

    # The preview shows the new section as a heading and a list, and no script of the text.
    submit(page, page.locator("main a[href$='/preview/']").first)
    assert page.url == f"{case_url}preview/"
    document = page.locator("article[data-testid=case-document]")
    heading = document.locator("h2, h3, h4").filter(has_text=re.compile(rf"^\s*{HEADING}\s*$"))
    expect(heading).to_have_count(1)
    new_list = document.locator("ul").filter(
        has=page.locator("li", has_text=re.compile(rf"^\s*{ITEMS[0]}\s*$"))
    )
    expect(new_list).to_have_count(1)
    expect(new_list.locator("li")).to_have_text(ITEMS)
    expect(document.locator("script")).to_have_count(0)
    # The script shows as the text it was typed as (the help text says so), and never runs.
    expect(document).to_contain_text(f"En ny sektion med {INJECTED} et forsøg på et script.")
    assert page.evaluate("() => window.rummeligInjected") is None
    expect(document.locator("[data-testid=draft-banner]")).to_be_visible()

    # The PDF: the new section, the budget table's figures, and the draft mark.
    # The PDF prints the mark in capitals (KLADDE); its document title starts with the word.
    draft_word = danish("Draft")
    draft = draft_word.upper()
    content, pdf = download_pdf(page, tmp_path, "draft.pdf")
    assert HEADING in pdf
    assert all(item in pdf for item in ITEMS)
    assert BUDGET_TOTALS in pdf
    assert INJECTED in pdf
    assert draft in pdf
    metadata = PdfReader(io.BytesIO(content)).metadata
    assert metadata is not None and (metadata.title or "").startswith(draft_word)

    # Back on the case page, acknowledge every open finding through its form.
    submit(page, page.locator(f"main a[href$='/cases/{case.pk}/']").first)
    assert page.url == case_url
    open_items = page.locator("[data-testid=open-findings] > li")
    expect(open_items).to_have_count(len(findings))
    for remaining in range(len(findings), 0, -1):
        item = open_items.first
        item.locator("summary").click()
        note = item.locator("textarea[name=note]")
        expect(note).to_be_visible()
        note.fill("Kendt forskel, godkendt i browsertesten.")
        submit(page, item.locator("button[type=submit]"))
        assert page.url == case_url, page.url
        expect(page.locator("main [role=alert]")).to_have_count(0)
        expect(open_items).to_have_count(remaining - 1)
    expect(page.locator("[data-testid=acknowledged-findings] > li")).to_have_count(len(findings))
    assert open_findings(case) == []
    acknowledgements = FindingAcknowledgement.objects.filter(case=case)
    assert {a.key for a in acknowledgements} == {finding.key for finding in findings}
    assert {a.acknowledged_by.username for a in acknowledgements} == {REGIONAL[0]}

    # The preview and the PDF again: no longer a draft, and still with the new section.
    submit(page, page.locator("main a[href$='/preview/']").first)
    expect(page.locator("[data-testid=draft-banner]")).to_have_count(0)
    content, pdf = download_pdf(page, tmp_path, "final.pdf")
    assert HEADING in pdf
    assert BUDGET_TOTALS in pdf
    assert draft not in pdf
    metadata = PdfReader(io.BytesIO(content)).metadata
    assert metadata is not None and metadata.title == case.title
