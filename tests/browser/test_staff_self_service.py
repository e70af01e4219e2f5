"""A new project set up and run by regional staff in the browser, without the admin: programme,
organisations, project with effort areas and four funding sources in its own order, an original
grant over three years, a budget revision of its last year, an extension, and a case with
recommendations and a disbursement schedule for one source. The project's table must equal the
figures written here (the revision replaces its year, never adds to it), the case must have no
consistency finding, and then exactly one after a recommendation is changed, with a link to
where it is fixed.

The interface is Danish, so elements are found by URL, name and data attributes, not by text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.contrib.auth.models import User
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from demo.grants import vaekstforum
from grants.models import Case, EffortArea, FundingSource, GrantDecision, Organisation, Project
from tests.browser.axe import PASSWORD, check_accessibility, login, submit, visit
from tests.factories import _valid_cvr

# The region's list of funding sources, kept by administrators: in the region's order the
# project's own order is reversed, so the table shows which one it follows.
SOURCES = ["Regionale erhvervsudviklingsmidler", "EU's Regionalfond", "Kommunerne", "Private"]
AREAS = ["Rådgivning", "Netværk"]
YEARS = [2019, 2020, 2021, 2022]

# Whole kroner by (row, year). Original 2019–2021; revision of 2021; extension 2022.
ORIGINAL_BUDGET = {
    "Rådgivning": {2019: 1_000_000, 2020: 1_000_000, 2021: 1_000_000},
    "Netværk": {2019: 500_000, 2020: 500_000, 2021: 500_000},
}
ORIGINAL_FINANCING = {
    SOURCES[0]: {2019: 600_000, 2020: 600_000, 2021: 600_000},
    SOURCES[1]: {2019: 600_000, 2020: 600_000, 2021: 600_000},
    SOURCES[2]: {2019: 200_000, 2020: 200_000, 2021: 200_000},
    SOURCES[3]: {2019: 100_000, 2020: 100_000, 2021: 100_000},
}
# Entered in 1.000 kr., as the case paper writes them.
REVISION_BUDGET = {"Rådgivning": {2021: "800"}, "Netværk": {2021: "400"}}
REVISION_FINANCING = {
    SOURCES[0]: {2021: "500"},
    SOURCES[1]: {2021: "500"},
    SOURCES[2]: {2021: "150"},
    SOURCES[3]: {2021: "50"},
}
EXTENSION_BUDGET = {"Rådgivning": {2022: 600_000}, "Netværk": {2022: 300_000}}
EXTENSION_FINANCING = {
    SOURCES[0]: {2022: 400_000},
    SOURCES[1]: {2022: 400_000},
    SOURCES[2]: {2022: 100_000},
}

# The project's table in 1.000 kr.: the revision's 2021 replaces the original's.
EXPECTED_TABLE = {
    "Rådgivning": ["1.000", "1.000", "800", "600"],
    "Netværk": ["500", "500", "400", "300"],
    SOURCES[0]: ["600", "600", "500", "400"],
    SOURCES[1]: ["600", "600", "500", "400"],
    SOURCES[2]: ["200", "200", "150", "100"],
    SOURCES[3]: ["100", "100", "50", ""],
}


def fill_form(page: Page, values: dict[str, str]) -> None:
    for name, value in values.items():
        field = page.locator(f"main [name='{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def save(page: Page) -> None:
    submit(page, page.locator("main form button[type=submit]").last)


def new_organisation(page: Page, live_server: LiveServer, name: str, n: int) -> Organisation:
    visit(page, f"{live_server.url}/organisations/new/")
    fill_form(page, {"name": name, "cvr": _valid_cvr(n), "address": "Skolegade 1, 8000 Aarhus C"})
    save(page)
    return Organisation.objects.get(name=name)


def fill_grid(
    page: Page, project: Project, rows: Mapping[str, Mapping[int, int | str]], prefix: str
) -> None:
    for label, years in rows.items():
        if prefix == "b":
            key = EffortArea.objects.get(project=project, name=label).pk
        else:
            key = FundingSource.objects.get(name=label).pk
        for year, amount in years.items():
            text = f"{amount:,}".replace(",", ".") if isinstance(amount, int) else str(amount)
            page.locator(f"input[name={prefix}_{key}_{year}]").fill(text)


def new_decision(page: Page, project: Project, values: dict[str, str]) -> GrantDecision:
    visit(page, f"{page.url.split('/', 3)[0]}//{page.url.split('/', 3)[2]}/projects/{project.pk}/")
    submit(page, page.locator('main a[href$="/decisions/new/"]'))
    fill_form(page, values)
    save(page)
    decision = GrantDecision.objects.get(project=project, title=values["title"])
    assert page.url.endswith(f"/decisions/{decision.pk}/budget/"), page.url
    return decision


def set_status(page: Page, status: str) -> None:
    page.locator("select[name=status]").select_option(status)
    submit(page, page.locator("form.status-form button[type=submit]"))


def table_cells(page: Page, label: str) -> Locator:
    table = page.locator("table[data-testid=budget-table]")
    return (
        table.locator("tbody tr")
        .filter(has=page.locator("th", has_text=re.compile(rf"^{re.escape(label)}$")))
        .locator("td")
    )


def test_regional_staff_set_up_and_run_a_project_without_the_admin(
    page: Page, live_server: LiveServer, staff: User
) -> None:
    for order, name in enumerate(reversed(SOURCES), start=1):
        FundingSource.objects.create(name=name, kind=FundingSource.Kind.REGIONAL, order=order)
    login(page, live_server, staff.username, PASSWORD)
    base = live_server.url

    # A programme and three organisations.
    visit(page, f"{base}/programmes/new/")
    fill_form(
        page,
        {
            "name": "Vækst i Midtjylland",
            "pool": "Erhvervsudvikling",
            "first_year": "2019",
            "last_year": "2022",
        },
    )
    save(page)
    applicant = new_organisation(page, live_server, "Erhvervshus Midtjylland", 11)
    operator = new_organisation(page, live_server, "Væksthus Sekretariat ApS", 12)
    partner = new_organisation(page, live_server, "Aarhus Universitet", 13)

    # The project, with its applicant, operator and a partner.
    visit(page, f"{base}/projects/new/")
    programme = page.locator("select[name=programme] option", has_text="Vækst i Midtjylland")
    fill_form(
        page,
        {
            "name": "Vækstspor",
            "programme": programme.get_attribute("value") or "",
            "purpose": "Flere virksomheder i vækst.",
            "applicant": str(applicant.pk),
            "operator": str(operator.pk),
        },
    )
    page.locator(f"main input[name=partners][value='{partner.pk}']").check()
    save(page)
    project = Project.objects.get(name="Vækstspor")
    assert page.url.endswith(f"/projects/{project.pk}/"), page.url

    # Its effort areas, and four funding sources from the region's list in its own order.
    for name in AREAS:
        visit(page, f"{base}/projects/{project.pk}/effort-areas/new/")
        fill_form(page, {"name": name, "description": f"{name} af virksomheder."})
        save(page)
    visit(page, f"{base}/projects/{project.pk}/funding-sources/")
    for name in SOURCES:
        option = page.locator("select[name=funding_source] option", has_text=name)
        page.locator("select[name=funding_source]").select_option(
            option.get_attribute("value") or ""
        )
        save(page)
    assert [s.funding_source.name for s in project.funding_sources.order_by("order")] == SOURCES

    # The original grant over three years, in kroner; approved.
    original = new_decision(
        page,
        project,
        {
            "title": "Oprindelig bevilling 2019-2021",
            "kind": "original",
            "deciding_body": str(vaekstforum().pk),
            "first_year": "2019",
            "last_year": "2021",
        },
    )
    expect(page.locator("input[name^=f_]")).to_have_count(4 * 3)  # the project's sources only
    fill_grid(page, project, ORIGINAL_BUDGET, "b")
    fill_grid(page, project, ORIGINAL_FINANCING, "f")
    expect(page.locator("#balance-status")).not_to_have_class(re.compile(r"\bunbalanced\b"))
    check_accessibility(page, "the original grant's grid")
    submit(page, page.locator("#budget-grid button[type=submit]"))
    set_status(page, "approved")
    expect(page.locator("[data-testid=status]")).to_have_text("Godkendt")

    # A budget revision of its last year, started from the approved decision, in 1.000 kr.
    submit(page, page.locator(f"main a[href*='?revises={original.pk}']"))
    expect(page.locator("select[name=kind]")).to_have_value("revision")
    fill_form(page, {"title": "Budgetrevision 2021", "first_year": "2022", "last_year": "2022"})
    save(page)  # 2022 lies outside the revised period: refused, with the reason
    expect(page.locator("main")).to_contain_text("2019–2021")
    fill_form(page, {"first_year": "2021", "last_year": "2021"})
    save(page)
    revision = GrantDecision.objects.get(title="Budgetrevision 2021")
    page.locator("label[for=id_unit_2]").click()
    fill_grid(page, project, REVISION_BUDGET, "b")
    fill_grid(page, project, REVISION_FINANCING, "f")
    expect(page.locator("output[data-grand-total=budget]")).to_have_text("1.200.000")
    submit(page, page.locator("#budget-grid button[type=submit]"))
    set_status(page, "approved")
    assert revision.revises_id == original.pk

    # An extension, recommended to Vækstforum.
    extension = new_decision(
        page,
        project,
        {
            "title": "Forlængelse 2022",
            "kind": "extension",
            "deciding_body": str(vaekstforum().pk),
            "first_year": "2022",
            "last_year": "2022",
        },
    )
    fill_grid(page, project, EXTENSION_BUDGET, "b")
    fill_grid(page, project, EXTENSION_FINANCING, "f")
    submit(page, page.locator("#budget-grid button[type=submit]"))
    set_status(page, "recommended")

    # The project's table: every year as written above, the revision replacing 2021.
    visit(page, f"{base}/projects/{project.pk}/table/")
    expect(page.locator("table[data-testid=budget-table] thead th")).to_have_text(
        [re.compile(r".*"), *[str(y) for y in YEARS]]
    )
    for label, cells in EXPECTED_TABLE.items():
        expect(table_cells(page, label)).to_have_text(cells)
    financing_rows = page.locator(
        "table[data-testid=budget-table] tbody tr th", has_text=re.compile("|".join(SOURCES))
    )
    expect(financing_rows).to_have_text(SOURCES)  # in the project's own order

    # A case presenting the extension, its recommendations and one source's schedule.
    visit(page, f"{base}/projects/{project.pk}/")
    submit(page, page.locator('main a[href$="/cases/new/"]'))
    fill_form(
        page,
        {"title": "Vækstspor: forlængelse", "meeting_date": "2021-12-01", "case_number": "21/123"},
    )
    page.locator(f"main input[name=decisions][value='{extension.pk}']").check()
    save(page)
    case = Case.objects.get(title="Vækstspor: forlængelse")
    sources = {s.name: s.pk for s in FundingSource.objects.all()}
    submit(page, page.locator(f"main a[href$='/decisions/{extension.pk}/recommendations/']"))
    for row, (name, amount) in enumerate([(SOURCES[0], "400.000"), (SOURCES[1], "400.000")]):
        fill_form(
            page,
            {
                f"rows-{row}-funding_source": str(sources[name]),
                f"rows-{row}-amount": amount,
                f"rows-{row}-first_year": "2022",
                f"rows-{row}-last_year": "2022",
            },
        )
    save(page)
    submit(page, page.locator(f"main a[href$='/decisions/{extension.pk}/recommendations/']"))
    fill_form(
        page,
        {
            "rows-2-funding_source": str(sources[SOURCES[2]]),
            "rows-2-amount": "100.000",
            "rows-2-first_year": "2022",
            "rows-2-last_year": "2022",
        },
    )
    save(page)
    submit(page, page.locator(f"main a[href$='/decisions/{extension.pk}/disbursements/']"))
    fill_form(
        page,
        {
            "rows-0-year": "2022",
            "rows-0-amount": "400.000",
            "rows-0-funding_source": str(sources[SOURCES[0]]),
        },
    )
    save(page)
    assert page.url.startswith(f"{base}/cases/{case.pk}/")
    expect(page.locator("[data-testid=no-findings]")).to_be_visible()
    expect(page.locator("[data-testid=open-findings] li")).to_have_count(0)

    # One recommendation changed: exactly one finding, with a link to where it is fixed.
    submit(page, page.locator(f"main a[href$='/decisions/{extension.pk}/recommendations/']"))
    amounts = page.locator("main input[name$='-amount']")
    second = next(
        f"rows-{i}-amount"
        for i in range(amounts.count())
        if page.locator(f"select[name=rows-{i}-funding_source]").input_value()
        == str(sources[SOURCES[1]])
    )
    page.locator(f"input[name='{second}']").fill("450.000")
    save(page)
    findings = page.locator("[data-testid=open-findings] li")
    expect(findings).to_have_count(1)
    expect(findings.first).to_contain_text("450.000")
    expect(findings.first).to_contain_text("400.000")
    fix = findings.first.locator("[data-testid=finding-fix] a").first
    expect(fix).to_have_attribute("href", re.compile(rf"/decisions/{extension.pk}/"))
    submit(page, fix)
