"""What a user looks for is reachable, on a desktop and on a phone: the region's funding sources
kept on their own pages, the programme's cost categories linked from the programme, a decision's
targets, reported values on the to-do list, a programme without cost categories explained on
the expense form, and "my jobs" naming each document's variant.

Every page is checked with axe-core (`visit`/`submit`) at 1366 and 390 px, and none of the new
pages scrolls sideways. The interface is Danish: elements are found by URL and data attributes.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.roles import SECRETARIAT
from grants.models import FundingSource, GrantDecision, Project
from jobs.services import start_job
from meetings.background import MINUTES
from meetings.models import Meeting
from progress.models import ReportedValue
from spending.services import reports as report_services
from tests.browser.axe import PASSWORD, login, submit, visit
from tests.factories import (
    DecisionFactory,
    IndicatorFactory,
    MembershipFactory,
    ProjectFactory,
    TargetFactory,
    UserFactory,
)
from tests.meetings.factories import MeetingFactory

WIDTHS = [1366, 390]
TODAY = timezone.localdate()


def _no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow} px"


def _business_project() -> tuple[Project, GrantDecision]:
    project = ProjectFactory.create(name="Grøn omstilling i SMV'er")
    decision = DecisionFactory.create(
        project=project,
        title="Oprindelig bevilling",
        status=GrantDecision.Status.APPROVED,
        first_year=TODAY.year - 1,
        last_year=TODAY.year + 1,
    )
    indicator = IndicatorFactory.create(code="CO01", name_da="Virksomheder, der får støtte")
    target = TargetFactory.create(decision=decision, indicator=indicator, value=120)
    ReportedValue.objects.create(
        target=target,
        period_start=TODAY - datetime.timedelta(days=90),
        period_end=TODAY - datetime.timedelta(days=60),
        value=14,
        note="Fjorten virksomheder rådgivet",
    )
    return project, decision


@pytest.mark.parametrize("width", WIDTHS)
def test_staff_reach_the_catalogue_the_categories_the_targets_and_the_values_to_approve(
    page: Page, live_server: LiveServer, staff: User, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    project, decision = _business_project()
    login(page, live_server, staff.username, PASSWORD)

    # The to-do list: the reported value, and its link to the project's values.
    visit(page, f"{live_server.url}/")
    reported = page.locator("section[data-section=reported]")
    expect(reported.locator("a[data-count='1']")).to_be_visible()
    _no_sideways_scroll(page)
    submit(page, reported.locator("a[data-count='1']"))
    assert page.url.endswith(f"/projects/{project.pk}/reported-values/")

    # The programmes lead to the funding sources; a new one is added, then deleted (asked
    # first) and brought back.
    visit(page, f"{live_server.url}/programmes/")
    submit(page, page.locator("main a[data-testid=funding-sources]"))
    _no_sideways_scroll(page)
    submit(page, page.locator("main a[href$='/funding-sources/new/']"))
    _no_sideways_scroll(page)
    page.locator("main [name=name]").fill("Danmarks Erhvervsfremmebestyrelse")
    page.locator("main [name=kind]").select_option("municipal_state")
    submit(page, page.locator("main form button[type=submit]").last)
    source = FundingSource.objects.get(name="Danmarks Erhvervsfremmebestyrelse")
    submit(page, page.locator(f"main a[href$='/funding-sources/{source.pk}/delete/']"))
    _no_sideways_scroll(page)
    submit(page, page.locator("main form button[type=submit]").last)
    assert not FundingSource.objects.filter(pk=source.pk).exists()
    submit(page, page.locator("form[data-testid=undo-form] button"))
    assert FundingSource.objects.filter(pk=source.pk).exists()

    # The programme's page leads to its cost categories.
    visit(page, f"{live_server.url}/programmes/{project.programme_id}/edit/")
    submit(page, page.locator("main a[data-testid=cost-categories]"))
    assert page.url.endswith(f"/finance/{project.programme_id}/categories/")

    # The decision shows its targets and leads to where they are set.
    visit(page, f"{live_server.url}/decisions/{decision.pk}/")
    expect(page.locator("[data-testid=decision-targets]")).to_contain_text("120")
    _no_sideways_scroll(page)
    submit(page, page.locator("main a[data-testid=set-targets]"))
    assert page.url.endswith(f"/decisions/{decision.pk}/targets/")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_secretariat_of_a_new_programme_is_told_why_no_expense_can_be_entered(
    page: Page, live_server: LiveServer, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    member = UserFactory.create(username="soeren", role=SECRETARIAT)
    project, _decision = _business_project()
    MembershipFactory.create(user=member, project=project)
    report = report_services.report_create(
        project=project,
        period_start=datetime.date(TODAY.year, 1, 1),
        period_end=datetime.date(TODAY.year, 6, 30),
        by=member,
    )
    login(page, live_server, member.username, PASSWORD)
    # A business-development project: no courses on its front page.
    expect(page.locator("section[data-section=courses]")).to_have_count(0)
    visit(page, f"{live_server.url}/spending/reports/{report.pk}/lines/new/")
    expect(page.locator("[data-testid=no-categories]")).to_be_visible()
    expect(page.locator("main [name=cost_category]")).to_have_count(0)
    _no_sideways_scroll(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_my_jobs_names_the_two_minutes_variants_apart(
    page: Page, live_server: LiveServer, staff: User, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    meeting = MeetingFactory.create(status=Meeting.Status.HELD)
    for closed in (0, 1):
        start_job(kind=MINUTES, params={"meeting": meeting.pk, "closed": closed}, by=staff)
    login(page, live_server, staff.username, PASSWORD)
    visit(page, f"{live_server.url}/jobs/")
    titles = page.locator("main tbody th a").all_inner_texts()
    assert len(set(titles)) == 2, titles
    assert all("12.03.2027" in title for title in titles), titles
