"""The issue's acceptance test for indicators as data, in a real browser and without the admin.

Regional staff give a new business-development programme three indicators — CO01 computed
from the courses (distinct companies in onboarding courses), two reported by the project —
set targets for them on a decision, with the computed one broken down by industry; the
project's secretariat reports a value for one of the reported indicators with evidence, which
counts only once regional staff have approved it. The progress page, the programme overview,
the chart and the XLSX then show all three with their pace, as written here.

The interface is Danish, so elements are found by URL, name and data attributes, not by text.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.roles import SECRETARIAT
from companies.models import Industry
from demo.grants import vaekstforum
from grants.models import GrantDecision, Indicator, Programme, Project, Target
from progress import views as progress_views
from progress.models import ReportedValue
from tests.browser.axe import PASSWORD, check_accessibility, login, submit, visit
from tests.browser.data import restore_reference_data
from tests.factories import (
    CompanyFactory,
    CourseFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
)

TODAY = datetime.date(2022, 6, 30)
# The decision's period 2021–2023 is 1,095 days; by 30 June 2022, 546 of them have gone, so a
# steady pace expects target × 546 // 1,095.
INDICATORS = {
    "CO01": {
        "name_da": "Virksomheder der modtager rådgivning",
        "name_en": "Enterprises receiving support",
        "unit": "virksomheder",
        "kind": "output",
        "measurement": "computed",
        "measure": "companies_in_courses",
    },
    "ERH02": {
        "name_da": "Nye arbejdspladser",
        "name_en": "New jobs",
        "unit": "arbejdspladser",
        "kind": "result",
        "measurement": "reported",
        "measure": "",
    },
    "ERH03": {
        "name_da": "Virksomheder der indfører grønne løsninger",
        "name_en": "Companies introducing green solutions",
        "unit": "virksomheder",
        "kind": "result",
        "measurement": "reported",
        "measure": "",
    },
}
TARGETS = {"CO01": "150", "ERH02": "60", "ERH03": "40"}
# (target, achieved, expected by today) per indicator, and of the agriculture part of CO01.
EXPECTED = {"CO01": (150, 4, 74), "ERH02": (60, 12, 29), "ERH03": (40, 0, 19)}
AGRICULTURE = (50, 2, 24)


def fill(page: Page, values: dict[str, str]) -> None:
    for name, value in values.items():
        field = page.locator(f"main [name='{name}']")
        if field.count() > 1:  # radio buttons
            page.locator(f"main input[name='{name}'][value='{value}']").check()
        elif field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def save(page: Page) -> None:
    submit(page, page.locator("main form button[type=submit]").last)


def figures(page: Page, row: str) -> tuple[int, int, int]:
    """(target, achieved, expected by today) in a progress table's row."""
    cells = page.locator(row).first.locator("td.amount")
    texts = [cells.nth(i).inner_text().strip().replace(".", "") for i in range(3)]
    return int(texts[0]), int(texts[1]), int(texts[2])


@pytest.fixture
def business(live_server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """What staff do not set up here: an applicant, the secretariat and the logged courses."""
    restore_reference_data()
    monkeypatch.setattr(progress_views, "today", lambda: TODAY)
    secretariat = UserFactory.create(username="sekretariat", role=SECRETARIAT)
    return {"applicant": OrganisationFactory.create(name="Erhvervshus Midt"), "user": secretariat}


def log_courses(project: Project) -> None:
    """Four companies with courses in the period (two in agriculture), one before it."""
    agriculture = Industry.objects.get(name="Landbrug")
    tourism = Industry.objects.get(name="Turisme")
    for n, (industry, start) in enumerate(
        [
            (agriculture, datetime.date(2021, 3, 1)),
            (agriculture, datetime.date(2021, 9, 1)),
            (tourism, datetime.date(2022, 2, 1)),
            (None, datetime.date(2022, 5, 2)),
            (tourism, datetime.date(2020, 5, 1)),  # before the decision's period
        ]
    ):
        company = CompanyFactory.create(name=f"Virksomhed {n}", industry=industry)
        participant = ParticipantFactory.create(project=project)
        CourseFactory.create(participant=participant, company=company, start_date=start)
    # A second course at the first company counts it once.
    first = project.courses.order_by("start_date").filter(start_date__year=2021).first()
    assert first is not None
    CourseFactory.create(
        participant=ParticipantFactory.create(project=project),
        company=first.company,
        start_date=datetime.date(2022, 1, 10),
    )


def test_staff_set_up_indicators_and_a_reported_value_counts_once_approved(
    page: Page,
    live_server: LiveServer,
    staff: User,
    business: dict[str, object],
    tmp_path: Path,
) -> None:
    base = live_server.url
    login(page, live_server, staff.username, PASSWORD)

    # A new programme and its three indicators.
    visit(page, f"{base}/programmes/new/")
    fill(page, {"name": "Erhvervsfremme 2021-2023", "first_year": "2021", "last_year": "2023"})
    save(page)
    programme = Programme.objects.get(name="Erhvervsfremme 2021-2023")
    for code, values in INDICATORS.items():
        visit(page, f"{base}/indicators/")
        submit(page, page.locator("main a[href$='/indicators/new/']"))
        fill(page, {"code": code, **values})
        save(page)
        assert page.url == f"{base}/indicators/", page.url
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=INDICATORS)}
    assert indicators["CO01"].measure == Indicator.Measure.COMPANIES_IN_COURSES
    assert not indicators["ERH02"].computed and not indicators["ERH03"].computed

    visit(page, f"{base}/programmes/")
    submit(page, page.locator(f"main a[href$='/programmes/{programme.pk}/indicators/']"))
    for indicator in indicators.values():
        page.locator(f"main input[name=indicators][value='{indicator.pk}']").check()
    save(page)
    assert set(programme.indicators.all()) == set(indicators.values())

    # The project and its decision, recommended, with a target for each indicator.
    visit(page, f"{base}/projects/new/")
    fill(
        page,
        {
            "name": "Grøn vækst",
            "programme": str(programme.pk),
            "applicant": str(business["applicant"].pk),  # type: ignore[attr-defined]
        },
    )
    save(page)
    project = Project.objects.get(name="Grøn vækst")
    MembershipFactory.create(project=project, user=business["user"])
    log_courses(project)
    # The body exists before the form is drawn: a flushed test database has no bodies.
    body = vaekstforum()
    submit(page, page.locator('main a[href$="/decisions/new/"]'))
    fill(
        page,
        {
            "title": "Bevilling 2021-2023",
            "kind": "original",
            "deciding_body": str(body.pk),
            "first_year": "2021",
            "last_year": "2023",
        },
    )
    save(page)
    decision = GrantDecision.objects.get(project=project)
    visit(page, f"{base}/decisions/{decision.pk}/")
    page.locator("select[name=status]").select_option("recommended")
    submit(page, page.locator("form.status-form button[type=submit]"))
    decision.refresh_from_db()
    assert decision.status == GrantDecision.Status.RECOMMENDED

    visit(page, f"{base}/projects/{project.pk}/progress/")
    submit(page, page.locator(f"main a[href$='/decisions/{decision.pk}/targets/']"))
    for code, value in TARGETS.items():
        fill(page, {"indicator": str(indicators[code].pk), "value": value})
        save(page)
    targets = {t.indicator.code: t for t in Target.objects.filter(decision=decision)}
    assert {code: t.value for code, t in targets.items()} == {"CO01": 150, "ERH02": 60, "ERH03": 40}
    # Only the computed indicator can be broken down: by industry, as its measure counts.
    expect(page.locator("main a[href$='/breakdown/']")).to_have_count(1)
    submit(page, page.locator(f"main a[href$='/targets/{targets['CO01'].pk}/breakdown/']"))
    agriculture = Industry.objects.get(name="Landbrug")
    fill(page, {"part": f"industry:{agriculture.pk}", "value": "50"})
    save(page)
    expect(page.locator("main tr.breakdown-row")).to_have_count(1)

    # The secretariat reports 12 new jobs for 2021 with evidence; they wait for approval.
    page.context.clear_cookies()
    login(page, live_server, "sekretariat", PASSWORD)
    visit(page, f"{base}/projects/{project.pk}/reported-values/")
    submit(page, page.locator(f"main a[href$='/targets/{targets['ERH02'].pk}/report/']"))
    evidence = tmp_path / "arbejdspladser-2021.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    fill(
        page,
        {
            "period_start": "2021-01-01",
            "period_end": "2021-12-31",
            "value": "12",
            "note": "Lønsedler for 12 nyansatte hos de rådgivne virksomheder.",
        },
    )
    page.locator("main input[name=evidence]").set_input_files(str(evidence))
    check_accessibility(page, "the filled-in report form")
    save(page)
    reported = ReportedValue.objects.get(target=targets["ERH02"])
    assert (reported.value, reported.status, reported.reported_by) == (
        12,
        ReportedValue.Status.SUBMITTED,
        business["user"],
    )
    assert reported.evidence_name == "arbejdspladser-2021.pdf"
    visit(page, f"{base}/projects/{project.pk}/progress/")
    assert figures(page, "tr[data-indicator='ERH02']") == (60, 0, 29)
    visit(page, f"{base}{reported.get_absolute_url()}")
    expect(page.locator("main form[action$='/approve/']")).to_have_count(0)

    # Regional staff approve it.
    page.context.clear_cookies()
    login(page, live_server, staff.username, PASSWORD)
    visit(page, f"{base}{reported.get_absolute_url()}")
    submit(page, page.locator("main form[action$='/approve/'] button[type=submit]"))
    reported.refresh_from_db()
    assert (reported.status, reported.decided_by) == (ReportedValue.Status.APPROVED, staff)
    assert reported.decided_at is not None
    expect(page.locator("[data-testid=reported-status]")).to_have_attribute(
        "data-status", "approved"
    )

    # The progress page: all three with their pace, and the part of CO01 in agriculture.
    visit(page, f"{base}/projects/{project.pk}/progress/")
    table = f"table[data-decision='{decision.pk}']"
    for code, expected in EXPECTED.items():
        assert figures(page, f"{table} tr[data-indicator='{code}']") == expected, code
        status = page.locator(f"{table} tr[data-indicator='{code}'] [data-status]")
        expect(status).to_have_attribute("data-status", "behind")
    part = targets["CO01"].breakdown.get()
    assert figures(page, f"tr[data-breakdown='{part.pk}']") == AGRICULTURE

    # The charts: drawn by Chart.js from the same figures, month by month.
    for code in EXPECTED:
        canvas = page.locator(f"canvas[data-progress-chart='progress-data-{targets[code].pk}']")
        expect(canvas).to_be_visible()
        assert canvas.evaluate("c => window.Chart.getChart(c) !== undefined")
    jobs = json.loads(page.locator(f"#progress-data-{targets['ERH02'].pk}").text_content() or "")
    december = jobs["labels"].index("december 2021")
    assert (jobs["achieved"][december - 1], jobs["achieved"][december]) == (0, 12)
    assert jobs["target"] == 60 and jobs["expected"][-1] == 60
    assert jobs["achieved"][jobs["labels"].index("juni 2022")] == 12
    assert jobs["achieved"][-1] is None  # months after today are not known yet

    # The project's XLSX: every target and the part, with pace.
    with page.expect_download() as download_info:
        page.locator(f"main a[href$='/projects/{project.pk}/progress.xlsx']").click()
    path = tmp_path / "project.xlsx"
    download_info.value.save_as(path)
    sheet = load_workbook(path, read_only=True)["Fremdrift"]
    rows = {
        (row[3], row[4]): row[5:9]
        for row in sheet.iter_rows(min_row=5, values_only=True)
        if row and row[3]
    }
    assert rows[("Virksomheder der modtager rådgivning", None)][:2] == (150, 4)
    assert rows[("Virksomheder der modtager rådgivning", None)][3] == 74
    assert rows[("Virksomheder der modtager rådgivning", "Landbrug")][:2] == (50, 2)
    assert rows[("Nye arbejdspladser", None)][:2] == (60, 12)
    assert rows[("Nye arbejdspladser", None)][3] == 29
    assert rows[("Virksomheder der indfører grønne løsninger", None)][:2] == (40, 0)
    assert rows[("Virksomheder der indfører grønne løsninger", None)][3] == 19

    # The programme overview: each indicator's total and the project's row, with pace.
    visit(page, f"{base}/programmes/{programme.pk}/progress/")
    for code, expected in EXPECTED.items():
        assert figures(page, f"tr[data-indicator='{code}']") == expected, code
        cell = page.locator(f"tr[data-project='{project.pk}'] td[data-indicator-cell='{code}']")
        target, achieved, _expected = expected
        expect(cell).to_contain_text(f"{achieved} af {target}")
        expect(cell.locator("[data-status]")).to_have_attribute("data-status", "behind")
    for indicator in indicators.values():
        canvas = page.locator(f"canvas[data-progress-chart='progress-data-total-{indicator.pk}']")
        expect(canvas).to_be_visible()
    with page.expect_download() as download_info:
        page.locator(f"main a[href$='/programmes/{programme.pk}/progress.xlsx']").click()
    path = tmp_path / "programme.xlsx"
    download_info.value.save_as(path)
    totals = load_workbook(path, read_only=True)["I alt"]
    shown = {row[0]: row[1:5] for row in totals.iter_rows(min_row=2, values_only=True) if row[0]}
    assert shown["Virksomheder der modtager rådgivning"][:2] == (150, 4)
    assert shown["Virksomheder der modtager rådgivning"][3] == 74
    assert shown["Nye arbejdspladser"][:2] == (60, 12)
    assert shown["Nye arbejdspladser"][3] == 29
    assert shown["Virksomheder der indfører grønne løsninger"][:2] == (40, 0)
    assert shown["Virksomheder der indfører grønne løsninger"][3] == 19
