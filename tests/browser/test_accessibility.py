"""Every main page, checked with axe-core (WCAG 2.0/2.1 A and AA) in a real browser.

`visit` fails the test on any serious or critical violation; see tests/browser/axe.py.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from openpyxl import Workbook
from playwright.sync_api import FilePayload, Page, expect
from pytest_django.live_server_helper import LiveServer

from companies.models import Company, Industry, Municipality
from core.xlsx import XLSX_CONTENT_TYPE
from demo.grants import load_demo
from demo.participants import load_participant_demo
from demo.users import ensure_demo_users
from grants.cases.checks import finding_acknowledge, open_findings
from grants.models import Case, GrantDecision, Project, Target
from participants.imports.reader import COLUMNS
from participants.models import Category, OnboardingCourse, Participant
from tests.browser.axe import PASSWORD, check_accessibility, login, submit, visit
from tests.browser.data import restore_reference_data
from tests.browser.test_progress import SECRETARIAT
from tests.factories import (
    CompanyFactory,
    CourseFactory,
    IndustryAssociationFactory,
    LabourMarketAreaFactory,
    NetworkFactory,
    ParticipantFactory,
)

REGIONAL = ("regional", "rummelig-regional-demo")


def _decision(title_start: str) -> GrantDecision:
    return GrantDecision.objects.get(title__startswith=title_start)


def _case(demo: Demo) -> Case:
    return Case.objects.get(project=demo["project"])


Demo = dict[str, Any]


# Page name -> path, computed once the demo data exists.
PAGES: dict[str, Callable[[Demo], str]] = {
    "front page": lambda demo: "/",
    "project list": lambda demo: "/projects/",
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
    "decision history": lambda demo: f"/decisions/{_decision('Forlængelse').pk}/history/",
    "decision history, a date before it existed": lambda demo: (
        f"/decisions/{_decision('Forlængelse').pk}/history/?date=1999-01-01"
    ),
    "case list": lambda demo: "/cases/",
    "case detail": lambda demo: f"/cases/{_case(demo).pk}/",
    "case table": lambda demo: f"/cases/{_case(demo).pk}/table/",
    "case edit form": lambda demo: f"/cases/{_case(demo).pk}/edit/",
    "attachment upload form": lambda demo: f"/cases/{_case(demo).pk}/attachments/new/",
    "case preview": lambda demo: f"/cases/{_case(demo).pk}/preview/",
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
    submit(page, page.locator(".solution-info form button[name=language][value=en]"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    visit(page, f"{live_server.url}/decisions/{_decision('Forlængelse').pk}/budget/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # And back to Danish.
    submit(page, page.locator(".solution-info form button[name=language][value=da]"))
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


# The case presentation: findings, the edit and upload forms with their errors.


def test_case_page_with_open_and_acknowledged_findings(
    page: Page, live_server: LiveServer, demo: Demo, staff: User
) -> None:
    case = _case(demo)
    findings = open_findings(case)
    assert len(findings) >= 2, "the seed case should have several findings"
    finding_acknowledge(case=case, key=findings[0].key, by=staff, note="Kendt forskel.")
    login(page, live_server, staff.username, PASSWORD)
    visit(page, f"{live_server.url}/cases/{case.pk}/")
    open_items = page.locator("[data-testid=open-findings] > li")
    expect(open_items).to_have_count(len(findings) - 1)
    expect(page.locator("[data-testid=acknowledged-findings] > li")).to_have_count(1)
    # Every acknowledge form opened, as a user would open them.
    for summary in page.locator("[data-testid=open-findings] details summary").all():
        summary.click()
    expect(page.locator("[data-testid=open-findings] textarea[name=note]").first).to_be_visible()
    check_accessibility(page, "the case page with every acknowledge form open")


def test_case_edit_form_with_errors(
    page: Page, live_server: LiveServer, demo: Demo, staff: User
) -> None:
    case = _case(demo)
    login(page, live_server, staff.username, PASSWORD)
    visit(page, f"{live_server.url}/cases/{case.pk}/edit/")
    page.locator("input[name=title]").fill("")
    page.locator("textarea[name=text]").fill("## Ændret\n\nMen aldrig gemt.")
    # A new reference whose address is no web page.
    page.locator("[data-testid=reference-row] input[name$='-title']").last.fill("Skadelig")
    page.locator("[data-testid=reference-row] input[name$='-url']").last.fill("javascript:x()")
    submit(page, page.locator("main form[data-testid=case-form] button[type=submit]"))
    assert page.url == f"{live_server.url}/cases/{case.pk}/edit/"
    expect(page.locator("main .form-error-message")).to_have_count(2)
    expect(page.locator("input[name=title]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name$='-url'][aria-invalid=true]")).to_have_count(1)
    expect(page.locator("main [role=alert]").first).to_be_visible()
    saved = Case.objects.get(pk=case.pk)
    assert (saved.title, saved.text) == (case.title, case.text)
    assert not case.references.filter(title="Skadelig").exists()


def test_attachment_upload_form_with_errors(
    page: Page, live_server: LiveServer, demo: Demo, staff: User
) -> None:
    case = _case(demo)
    attachments_before = case.attachments.count()
    login(page, live_server, staff.username, PASSWORD)
    visit(page, f"{live_server.url}/cases/{case.pk}/attachments/new/")
    # No title, and a web page passed off as a text file.
    page.locator("input[name=file]").set_input_files(
        files=FilePayload(
            name="bilag.txt", mimeType="text/plain", buffer=b"<html><script>x()</script></html>"
        )
    )
    submit(page, page.locator("main form[data-testid=attachment-form] button[type=submit]"))
    assert page.url == f"{live_server.url}/cases/{case.pk}/attachments/new/"
    expect(page.locator("main .form-error-message")).to_have_count(2)
    expect(page.locator("input[name=title]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name=file]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main [role=alert]").first).to_be_visible()
    assert case.attachments.count() == attachments_before


# The screens for participants, courses and companies, as the project secretariat sees them.


@dataclass
class SecretariatWorld:
    """The demo project without its generated data: a few companies, participants, courses."""

    project: Project
    company: Company
    participant: Participant
    ended: OnboardingCourse
    running: OnboardingCourse


@pytest.fixture
def world(live_server: LiveServer) -> SecretariatWorld:
    restore_reference_data()
    project = load_demo()
    ensure_demo_users(project)
    aarhus = Municipality.objects.get(code="751")
    farming = Industry.objects.get(name="Landbrug")
    area = LabourMarketAreaFactory.create(name="Aarhus")
    company = CompanyFactory.create(
        name="Jensens Gård ApS",
        municipality=aarhus,
        labour_market_area=area,
        industry=farming,
        inclusion_started_on=datetime.date(2019, 5, 1),
        notes="Tager gerne to forløb ad gangen.",
    )
    company.projects.add(project)
    CompanyFactory.create(name="Hansens Tømrer", municipality=aarhus).projects.add(project)
    IndustryAssociationFactory.create(name="Vestjysk Landboforening", industry=farming)
    NetworkFactory.create(name="Netværk Aarhus", labour_market_area=area).members.add(company)

    participant = ParticipantFactory.create(
        project=project,
        reference="RI-0001",
        municipality=aarhus,
        employment_status=Category.objects.get(kind="employment_status", code="unemployed"),
        foreign_background=True,
    )
    participant.target_groups.add(Category.objects.get(kind="target_group", code="other"))
    ended = CourseFactory.create(
        participant=participant,
        company=company,
        start_date=datetime.date(2019, 3, 1),
        end_date=datetime.date(2019, 6, 28),
        mentor=True,
        outcome=OnboardingCourse.Outcome.NO_JOB,
        outcome_date=datetime.date(2019, 6, 28),
    )
    running = CourseFactory.create(
        participant=participant, company=company, start_date=datetime.date(2020, 2, 3)
    )
    for n in range(2, 5):
        CourseFactory.create(
            participant=ParticipantFactory.create(
                project=project, reference=f"RI-{n:04d}", municipality=aarhus
            ),
            company=company,
            start_date=datetime.date(2019, n, 1),
        )
    return SecretariatWorld(project, company, participant, ended, running)


SECRETARIAT_PAGES: dict[str, Callable[[SecretariatWorld], str]] = {
    "front page": lambda w: "/",
    "course list": lambda w: "/participants/",
    "course list, awaiting an outcome": lambda w: "/participants/?status=awaiting_outcome",
    "course list, filtered": lambda w: (
        f"/participants/?project={w.project.pk}&period_from=2019-01-01&period_to=2020-12-31"
        f"&company={w.company.pk}&outcome=none&status=running"
    ),
    "course list, filtered to nothing": lambda w: "/participants/?reference=no-such-reference",
    "course list, filter with an error": lambda w: (
        "/participants/?period_from=2020-12-31&period_to=2019-01-01"
    ),
    "register page": lambda w: "/participants/register/",
    "participant history": lambda w: f"/participants/{w.participant.pk}/",
    "participant edit": lambda w: f"/participants/{w.participant.pk}/edit/",
    "participant erasure": lambda w: f"/participants/{w.participant.pk}/erase/",
    "another course": lambda w: f"/participants/{w.participant.pk}/courses/new/",
    "course edit": lambda w: f"/participants/courses/{w.ended.pk}/edit/",
    "import page": lambda w: "/participants/import/",
    "company list": lambda w: "/companies/",
    "company list, filtered": lambda w: (
        f"/companies/?name=gård&industry={w.company.industry_id}&project={w.project.pk}"
    ),
    "company detail": lambda w: f"/companies/{w.company.pk}/",
    "company form": lambda w: f"/companies/{w.company.pk}/edit/",
    "new company form": lambda w: "/companies/new/",
}


@pytest.mark.parametrize("name", list(SECRETARIAT_PAGES))
def test_secretariat_page_has_no_serious_violations(
    page: Page, live_server: LiveServer, world: SecretariatWorld, name: str
) -> None:
    login(page, live_server, *SECRETARIAT)
    visit(page, live_server.url + SECRETARIAT_PAGES[name](world))
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.locator("main h1")).to_have_count(1)


def test_course_list_filter_form_is_used_like_a_user_would(
    page: Page, live_server: LiveServer, world: SecretariatWorld
) -> None:
    login(page, live_server, *SECRETARIAT)
    visit(page, f"{live_server.url}/participants/")
    expect(page.locator("main table tbody tr")).to_have_count(5)
    page.locator("select[name=status]").select_option("running")
    submit(page, page.locator("main form.filter-form button[type=submit]"))
    assert "status=running" in page.url
    expect(page.locator("main table tbody tr")).to_have_count(4)


def test_register_page_with_errors(
    page: Page, live_server: LiveServer, world: SecretariatWorld
) -> None:
    login(page, live_server, *SECRETARIAT)
    visit(page, f"{live_server.url}/participants/register/")
    # A CPR-shaped reference, a course ending before it starts, the rest left empty.
    page.locator("input[name=participant-reference]").fill("010190-1234")
    page.locator("input[name=course-start_date]").fill("2020-02-03")
    page.locator("input[name=course-end_date]").fill("2020-01-31")
    submit(page, page.locator("main form button[type=submit]"))
    assert page.url == f"{live_server.url}/participants/register/"
    expect(page.locator("main .form-error-message").first).to_be_visible()
    reference = page.locator("input[name=participant-reference]")
    expect(reference).to_have_attribute("aria-invalid", "true")
    expect(page.locator("input[name=course-end_date]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main [role=alert]").first).to_be_visible()
    assert not Participant.objects.filter(reference="010190-1234").exists()


def test_participant_edit_with_errors(
    page: Page, live_server: LiveServer, world: SecretariatWorld
) -> None:
    login(page, live_server, *SECRETARIAT)
    visit(page, f"{live_server.url}/participants/{world.participant.pk}/edit/")
    page.locator("input[name=birth_year]").fill("")
    submit(page, page.locator("main form button[type=submit]"))
    expect(page.locator("main .form-error-message").first).to_be_visible()
    expect(page.locator("input[name=birth_year]")).to_have_attribute("aria-invalid", "true")


def test_course_edit_with_errors(
    page: Page, live_server: LiveServer, world: SecretariatWorld
) -> None:
    login(page, live_server, *SECRETARIAT)
    visit(page, f"{live_server.url}/participants/courses/{world.ended.pk}/edit/")
    page.locator("input[name=start_date]").fill("")
    page.locator("input[name=outcome_date]").fill("2999-01-01")
    submit(page, page.locator("main form button[type=submit]"))
    expect(page.locator("main .form-error-message").first).to_be_visible()
    world.ended.refresh_from_db()
    assert world.ended.start_date == datetime.date(2019, 3, 1)


def test_outcome_form_with_errors_reports_them_as_messages(
    page: Page, live_server: LiveServer, world: SecretariatWorld
) -> None:
    login(page, live_server, *SECRETARIAT)
    visit(page, f"{live_server.url}/participants/{world.participant.pk}/")
    form = page.locator(f"form[action$='/participants/courses/{world.running.pk}/outcome/']")
    submit(page, form.locator("button[type=submit]"))
    expect(page.locator("main [role=alert]").first).to_be_visible()
    world.running.refresh_from_db()
    assert world.running.outcome == ""


def test_company_form_with_errors(
    page: Page, live_server: LiveServer, world: SecretariatWorld
) -> None:
    login(page, live_server, *SECRETARIAT)
    visit(page, f"{live_server.url}/companies/new/")
    page.locator("input[name=name]").fill("Ny virksomhed")
    page.locator("input[name=cvr]").fill("12345678")
    submit(page, page.locator("main form button[type=submit]"))
    expect(page.locator("main .form-error-message").first).to_be_visible()
    expect(page.locator("input[name=cvr]")).to_have_attribute("aria-invalid", "true")
    assert not Company.objects.filter(name="Ny virksomhed").exists()


def import_sheet(rows: list[dict[str, Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for values in rows:
        sheet.append([values.get(column) for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_import_page_with_a_report_of_bad_rows(
    page: Page, live_server: LiveServer, world: SecretariatWorld
) -> None:
    good = {
        "reference": "RI-0100",
        "birth_year": 1985,
        "gender": "kvinde",
        "municipality_code": "751",
        "company_cvr": world.company.cvr,
        "start_date": datetime.date(2019, 3, 1),
        "end_date": datetime.date(2019, 6, 28),
        "mentor": "ja",
        "outcome": "flex_job",
        "outcome_date": datetime.date(2019, 7, 1),
    }
    rows = [
        good,
        {**good, "reference": "RI-0101", "company_cvr": "12345678", "gender": "x"},
        {**good, "reference": "010190-1234", "birth_year": "nineteen"},
        {**good, "reference": "RI-0103", "start_date": "not a date", "outcome": "lottery"},
    ]
    login(page, live_server, *SECRETARIAT)
    visit(page, f"{live_server.url}/participants/import/")
    project = page.locator("select[name=project]")
    expect(project).to_have_value(str(world.project.pk))
    page.locator("input[name=file]").set_input_files(
        files=FilePayload(
            name="forloeb.xlsx", mimeType=XLSX_CONTENT_TYPE, buffer=import_sheet(rows)
        )
    )
    submit(page, page.locator("main form button[type=submit]"))
    assert page.url == f"{live_server.url}/participants/import/"
    report = page.locator("table#import-errors")
    expect(report).to_be_visible()
    # Every bad row is named, the good one is not.
    row_numbers = set(report.locator("tbody tr td:first-child").all_inner_texts())
    assert row_numbers == {"3", "4", "5"}
    expect(page.locator("main [role=alert]").first).to_be_visible()
    assert not Participant.objects.filter(reference__in=["RI-0100", "RI-0101"]).exists()


def test_import_page_with_a_file_that_is_no_workbook(
    page: Page, live_server: LiveServer, world: SecretariatWorld
) -> None:
    login(page, live_server, *SECRETARIAT)
    visit(page, f"{live_server.url}/participants/import/")
    page.locator("input[name=file]").set_input_files(
        files=FilePayload(name="forloeb.xlsx", mimeType="text/plain", buffer=b"reference;year\n")
    )
    submit(page, page.locator("main form button[type=submit]"))
    expect(page.locator("main .form-error-message").first).to_be_visible()
    expect(page.locator("table#import-errors")).to_have_count(0)


# The progress pages, as regional staff see them, with the full generated demo data.


@pytest.fixture
def full_demo(live_server: LiveServer) -> Project:
    restore_reference_data()
    project = load_demo()
    load_participant_demo(project)
    ensure_demo_users(project)
    return project


def test_progress_pages_for_regional_staff(
    page: Page, live_server: LiveServer, full_demo: Project
) -> None:
    project = full_demo
    flex = Target.objects.get(
        decision__project=project,
        decision__kind=GrantDecision.Kind.EXTENSION,
        indicator__measure="flex_jobs",
    )
    login(page, live_server, *REGIONAL)

    visit(page, f"{live_server.url}/projects/{project.pk}/progress/")
    expect(page.locator("main h1")).to_have_count(1)
    expect(page.locator("main canvas[data-progress-chart]").first).to_be_visible()
    # The numbers behind a chart, opened.
    page.locator(f"#target-{flex.pk} details summary").click()
    check_accessibility(page, "the project's progress with a chart's table opened")

    visit(page, f"{live_server.url}/programmes/{project.programme_id}/progress/")
    expect(page.locator("main h1")).to_have_count(1)
    expect(page.locator("html")).to_have_attribute("lang", "da")

    # The target form, with its errors: no value and no reason.
    visit(page, f"{live_server.url}/targets/{flex.pk}/edit/")
    page.locator("input[name=value]").fill("")
    submit(page, page.locator("main form button[type=submit]"))
    assert page.url == f"{live_server.url}/targets/{flex.pk}/edit/"
    expect(page.locator("main .form-error-message")).to_have_count(2)
    expect(page.locator("input[name=value]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("textarea[name=reason]")).to_have_attribute("aria-invalid", "true")
    flex.refresh_from_db()
    assert flex.value == 60

    # A change that is saved: back on the progress page, with the change listed.
    page.locator("input[name=value]").fill("65")
    page.locator("textarea[name=reason]").fill("Regionsrådets beslutning 1. marts 2020")
    submit(page, page.locator("main form button[type=submit]"))
    assert page.url.startswith(f"{live_server.url}/projects/{project.pk}/progress/")
    flex.refresh_from_db()
    assert flex.value == 65
    expect(page.locator(f"#target-{flex.pk} table").last).to_be_visible()
