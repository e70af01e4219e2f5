"""A project asks in Rummelig, in a real browser: an applicant drafts an application in an open
call, leaves and comes back, submits it; regional staff assess it and ask for more; the
applicant answers and submits again; staff accept it into a draft decision and case that hold
the proposed figures; a meeting of the decision body approves it; and the applicant downloads a
grant letter whose figures are the decision's. A second test: a project's secretariat asks for
an extension and sees its figures beside the project's. axe-core checks every page.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.roles import APPLICANT
from applications.models import ApplicantMembership, Request
from grants.models import (
    DecisionBody,
    FinancingLine,
    FundingSource,
    GrantDecision,
    Organisation,
    ProgrammeIndicator,
    ProjectMembership,
)
from tests.applications.factories import CallFactory, ChecklistQuestionFactory
from tests.browser.axe import PASSWORD, download, login, submit, visit
from tests.factories import (
    FundingSourceFactory,
    IndicatorFactory,
    ProgrammeFactory,
    SecretariatFactory,
    UserFactory,
)
from tests.grants.cases.test_case_pdf import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)

# Per area: (2027, 2028) in kroner as typed; per funding source likewise; they balance.
BUDGET = {
    "Indslusningsforløb": ("1.200.000", "1.400.000"),
    "Virksomhedssamarbejde": ("300.000", "350.000"),
}
FINANCING = {
    "Region Midtjylland": ("750.000", "875.000"),
    "EU's Socialfond": ("750.000", "875.000"),
}


def _kroner(text: str) -> int:
    return int(text.replace(".", ""))


@pytest.fixture
def call_world(live_server: LiveServer) -> dict[str, object]:
    programme = ProgrammeFactory.create(name="Inklusion 2027")
    indicator = IndicatorFactory.create(code="INK01", name_da="borgere i forløb")
    ProgrammeIndicator.objects.create(programme=programme, indicator=indicator)
    question = ChecklistQuestionFactory.create(
        template__programme=programme, text="Bidrager projektet til programmets formål?"
    )
    call = CallFactory.create(
        programme=programme,
        title="Inklusion på arbejdsmarkedet 2027",
        checklist=question.template,
        closes_at=timezone.now() + datetime.timedelta(days=20),
    )
    call.indicators.add(indicator)
    sources = {name: FundingSourceFactory.create(name=name) for name in FINANCING}
    organisation = Organisation.objects.create(name="Jobhuset Vest ApS", cvr="31581001")
    applicant = UserFactory.create(username="mette", role=APPLICANT)
    ApplicantMembership.objects.create(organisation=organisation, user=applicant)
    DecisionBody.objects.get_or_create(name="Vækstforum")
    return {"call": call, "sources": sources, "indicator": indicator}


def _draft_application(page: Page, live_server: LiveServer, world: dict[str, object]) -> Request:
    """The applicant starts an application in the open call and fills part of it in."""
    login(page, live_server, "mette", PASSWORD)
    visit(page, live_server.url + reverse("applications:open_calls"))
    submit(
        page, page.get_by_test_id("open-calls").get_by_role("link", name=re.compile("Inklusion"))
    )
    submit(page, page.get_by_test_id("apply"))
    page.get_by_label("Projektets titel").fill("Grønne job i Vestjylland")
    submit(page, page.get_by_role("button", name="Begynd ansøgningen"))
    request = Request.objects.get()
    assert request.status == Request.Status.DRAFT
    expect(page.get_by_test_id("missing")).to_contain_text("Beskriv projektet")

    submit(page, page.get_by_test_id("edit-basics"))
    page.get_by_label("Beskrivelse").fill("Forløb i virksomheder inden for grøn energi.")
    page.get_by_label("Første år").fill("2027")
    page.get_by_label("Sidste år").fill("2028")
    submit(page, page.get_by_role("button", name="Gem"))

    submit(page, page.get_by_test_id("edit-organisations"))
    page.get_by_label("Navn").fill("Jobhuset Vest ApS")
    page.get_by_label("CVR-nummer").fill("31581001")
    page.get_by_label("Rolle").select_option("applicant")
    submit(page, page.get_by_role("button", name="Tilføj"))
    visit(page, live_server.url + request.get_absolute_url())
    return request


def _finish_and_submit(page: Page, live_server: LiveServer, request: Request) -> None:
    """The applicant comes back: areas, the grid typed the Danish way, a target; submits."""
    visit(page, live_server.url + reverse("applications:my_requests"))
    submit(page, page.get_by_role("link", name="Grønne job i Vestjylland"))
    for name in BUDGET:
        submit(page, page.get_by_test_id("edit-areas"))
        page.get_by_label("Indsatsfeltets navn").fill(name)
        submit(page, page.get_by_role("button", name="Tilføj"))
        visit(page, live_server.url + request.get_absolute_url())
    submit(page, page.get_by_test_id("edit-grid"))
    areas = {area.name: area.pk for area in request.areas.all()}
    sources = {source.name: source.pk for source in FundingSource.objects.all()}
    for rows, prefix, ids in ((BUDGET, "b", areas), (FINANCING, "f", sources)):
        for name, amounts in rows.items():
            for year, amount in zip((2027, 2028), amounts, strict=True):
                page.locator(f"input[name={prefix}_{ids[name]}_{year}]").fill(amount)
    submit(page, page.get_by_role("button", name="Gem"))
    visit(page, live_server.url + request.get_absolute_url())
    submit(page, page.get_by_test_id("edit-targets"))
    page.get_by_label(re.compile("INK01")).fill("120")
    submit(page, page.get_by_role("button", name="Gem"))
    visit(page, live_server.url + request.get_absolute_url())
    expect(page.get_by_test_id("missing")).to_have_count(0)
    submit(page, page.get_by_test_id("submit"))
    submit(page, page.get_by_test_id("submit-button"))
    request.refresh_from_db()
    assert request.status == Request.Status.SUBMITTED
    expect(page.get_by_test_id("read-only")).to_be_visible()


def _assess_and_ask(page: Page, live_server: LiveServer, request: Request) -> None:
    """Staff open the request's workspace, answer the checklist and ask for more."""
    login(page, live_server, "karen", PASSWORD)
    visit(page, live_server.url + reverse("applications:request_list"))
    submit(page, page.get_by_role("link", name="Grønne job i Vestjylland"))
    assert page.url.endswith(reverse("applications:request_assess", args=[request.pk]))
    checklist = page.get_by_test_id("checklist-form")
    checklist.locator("input[type=radio][value=yes]").check()
    submit(page, checklist.get_by_role("button", name="Gem tjeklisten"))
    ask = page.get_by_test_id("ask-form")
    ask.get_by_label("Spørgsmål til ansøgeren").fill("Hvor mange virksomheder deltager?")
    submit(page, ask.get_by_role("button"))
    request.refresh_from_db()
    assert request.status != Request.Status.SUBMITTED


def _answer_and_resubmit(page: Page, live_server: LiveServer, request: Request) -> None:
    login(page, live_server, "mette", PASSWORD)
    visit(page, live_server.url + request.get_absolute_url())
    expect(page.get_by_test_id("conversation")).to_contain_text("Hvor mange virksomheder")
    submit(page, page.get_by_test_id("answer"))
    page.get_by_label("Dit svar").fill("Tolv virksomheder har givet tilsagn.")
    submit(page, page.get_by_role("button", name="Send svaret"))
    visit(page, live_server.url + request.get_absolute_url())
    submit(page, page.get_by_test_id("submit"))
    submit(page, page.get_by_test_id("submit-button"))
    request.refresh_from_db()
    assert request.status == Request.Status.SUBMITTED


def _accept(page: Page, live_server: LiveServer, request: Request) -> GrantDecision:
    login(page, live_server, "karen", PASSWORD)
    visit(page, live_server.url + reverse("applications:request_assess", args=[request.pk]))
    submit(page, page.get_by_test_id("compare"))
    visit(page, live_server.url + reverse("applications:request_assess", args=[request.pk]))
    submit(page, page.get_by_test_id("accept"))
    submit(page, page.get_by_test_id("accept-form").get_by_test_id("confirm-button"))
    request.refresh_from_db()
    decision = request.decision
    assert decision is not None and request.case is not None
    assert decision.status == GrantDecision.Status.DRAFT
    assert decision in request.case.decisions.all()
    budget = {
        (line.effort_area.name, line.year): line.amount
        for line in decision.budget_lines.select_related("effort_area")
    }
    financing = {
        (line.funding_source.name, line.year): line.amount
        for line in decision.financing_lines.select_related("funding_source")
    }
    for lines, grid in ((budget, BUDGET), (financing, FINANCING)):
        assert lines == {
            (name, year): _kroner(amount)
            for name, amounts in grid.items()
            for year, amount in zip((2027, 2028), amounts, strict=True)
        }
    return decision


def _approve_at_a_meeting(page: Page, live_server: LiveServer, request: Request) -> None:
    case = request.case
    assert case is not None
    visit(page, live_server.url + reverse("meetings:meeting_list"))
    submit(page, page.get_by_role("link", name="Nyt møde"))
    page.get_by_label("Forum").select_option(label="Vækstforum")
    page.get_by_label("Dato").fill("2027-03-12")
    page.get_by_label("Sted").fill("Regionshuset Viborg")
    submit(page, page.get_by_role("button", name="Gem"))
    field = page.get_by_role("combobox", name="Sag", exact=True)
    field.fill(case.title)
    expect(
        page.get_by_role("listbox").get_by_role("option").filter(has_text=case.title)
    ).to_have_count(1)
    field.press("ArrowDown")
    field.press("Enter")
    expect(page.locator("input[name=case]")).to_have_value(str(case.pk))
    submit(page, page.get_by_role("button", name="Føj til dagsordenen"))
    expect(page.get_by_test_id("agenda-item")).to_have_count(1)
    for step in ("lock", "publish", "hold"):
        submit(page, page.get_by_test_id(f"step-{step}"))
        submit(page, page.get_by_test_id("confirm-button"))
    submit(page, page.get_by_test_id("record-decision").first)
    page.get_by_label("Resultat").select_option("approved")
    page.get_by_label("Beslutningstekst").fill("Vækstforum bevilger.")
    submit(page, page.get_by_role("button", name="Registrér beslutningen"))


def test_an_application_from_draft_to_grant_letter(
    page: Page, live_server: LiveServer, staff: User, call_world: dict[str, object], tmp_path: Path
) -> None:
    request = _draft_application(page, live_server, call_world)
    page.context.clear_cookies()
    login(page, live_server, "mette", PASSWORD)
    _finish_and_submit(page, live_server, request)
    page.context.clear_cookies()
    _assess_and_ask(page, live_server, request)
    page.context.clear_cookies()
    _answer_and_resubmit(page, live_server, request)
    page.context.clear_cookies()
    decision = _accept(page, live_server, request)
    _approve_at_a_meeting(page, live_server, request)
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.APPROVED

    # The grant letter, written by staff and downloaded by the applicant.
    visit(page, live_server.url + reverse("applications:letter_list", args=[decision.pk]))
    submit(page, page.get_by_test_id("write-letter"))
    page.context.clear_cookies()
    login(page, live_server, "mette", PASSWORD)
    visit(page, live_server.url + reverse("applications:my_letters"))
    path = tmp_path / "letter.pdf"
    download(page, page.locator("main table a[href$='/download/']").first, path)
    text = " ".join(pdf_text(path.read_bytes(), tmp_path).split())
    for line in FinancingLine.objects.filter(decision=decision):
        assert f"{line.amount:,}".replace(",", ".") in text, line
    for amounts in FINANCING.values():
        for amount in amounts:
            assert amount in text
    assert "3.250.000" in text


def _danish_number(text: str) -> int:
    """ "1.200.000", "-12.000" (or with a minus sign), "–" or "" for nothing."""
    cleaned = text.strip().replace("\u2212", "-").replace(".", "").replace("kr", "").strip()
    return 0 if cleaned in ("", "–", "-") else int(cleaned)


def test_a_change_request_for_an_extension_shows_its_difference(
    page: Page, live_server: LiveServer, demo: dict[str, Any]
) -> None:
    project = demo["project"]
    secretary = SecretariatFactory.create(username="sanne")
    ProjectMembership.objects.create(project=project, user=secretary)
    login(page, live_server, "sanne", PASSWORD)
    visit(page, live_server.url + project.get_absolute_url())
    submit(page, page.get_by_test_id("new-change-request"))
    form = page.get_by_test_id("request-form")
    form.locator("select[name=kind]").select_option("extension")
    form.locator("input[name=title]").fill("Forlængelse til 2022")
    form.locator("input[name=first_year]").fill("2021")
    form.locator("input[name=last_year]").fill("2022")
    submit(page, form.get_by_role("button"))
    request = Request.objects.get(project=project)
    assert request.kind == Request.Kind.EXTENSION

    submit(page, page.get_by_test_id("edit-grid"))
    budget = page.locator("input[name^=b_][name$=_2021]").first
    financing = page.locator("input[name^=f_][name$=_2021]").first
    budget.fill("120.000")
    financing.fill("120.000")
    submit(page, page.get_by_role("button", name="Gem"))

    visit(page, live_server.url + reverse("applications:request_difference", args=[request.pk]))
    rows = page.get_by_test_id("difference").locator("xpath=..")
    expect(rows.first).to_be_visible()
    checked = 0
    proposed_seen = []
    for table in page.locator("main table").all():
        for row in table.locator("tbody tr:not(.row-subtotal)").all():
            cells = row.locator("td.amount").all_inner_texts()
            assert len(cells) == 6, cells  # now, proposed, difference for 2021 and 2022
            for year in range(2):
                now, proposed, difference = (
                    _danish_number(c) for c in cells[3 * year : 3 * year + 3]
                )
                assert difference == proposed - now, cells
                checked += 1
                proposed_seen.append(cells[3 * year + 1].strip())
                if difference < 0:
                    assert re.fullmatch(r"[-\u2212]\d{1,3}(\.\d{3})*", cells[3 * year + 2].strip())
    assert checked >= 4
    assert proposed_seen.count("120.000") == 2  # one budget, one financing cell
    # The project has no figures for the new years: each filled cell is all difference.
    for table in page.locator("main table").all():
        first = table.locator("tbody tr").first.locator("td.amount").all_inner_texts()
        assert [cell.strip() for cell in first] == ["0", "120.000", "120.000", "0", "0", "0"]

    visit(page, live_server.url + request.get_absolute_url())
    submit(page, page.get_by_test_id("edit-basics"))
    page.get_by_label("Beskrivelse").fill("Projektet forlænges med to år.")
    submit(page, page.get_by_role("button", name="Gem"))
    visit(page, live_server.url + request.get_absolute_url())
    expect(page.get_by_test_id("missing")).to_have_count(0)
    submit(page, page.get_by_test_id("submit"))
    submit(page, page.get_by_test_id("submit-button"))
    request.refresh_from_db()
    assert request.status == Request.Status.SUBMITTED
