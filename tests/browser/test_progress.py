"""The issue's acceptance test, in a real browser: the secretariat user registers a participant
and a course, records an outcome of flex job, and sees the flex-job progress of the demo
project rise by one.

The interface is Danish, so elements are found by URL, name and data attributes, not by text.
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from companies.models import Municipality
from demo.grants import load_demo
from demo.participants import load_participant_demo
from demo.users import ensure_demo_users
from grants.models import GrantDecision, Project, Target
from participants.models import Category, OnboardingCourse, Participant
from tests.browser.axe import check_accessibility, login, submit, visit
from tests.browser.data import restore_reference_data

SECRETARIAT = ("secretariat", "rummelig-sekretariat-demo")
REFERENCE = "RI-BROWSER-1"


@pytest.fixture
def rummelig(live_server: LiveServer) -> Project:
    """The demo project with its generated participants and courses, and the demo users."""
    restore_reference_data()
    project = load_demo()
    load_participant_demo(project)
    ensure_demo_users(project)
    return project


# The inclusion programme's indicators by their measure (`demo.grants.INCLUSION_INDICATORS`).
CODES = {"citizens_in_courses": "INK01", "ordinary_jobs": "INK02", "flex_jobs": "INK03"}


def achieved(page: Page, decision: GrantDecision, indicator: str) -> int:
    """The achieved number in a decision's progress table, in the row of `indicator`."""
    code = CODES[indicator]
    cell = page.locator(
        f"table[data-decision='{decision.pk}'] tr[data-indicator='{code}'] td[data-achieved]"
    )
    expect(cell).to_have_count(1)
    text = cell.inner_text()
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", text.strip()), f"not an amount: {text!r}"
    return int(text.strip().replace(".", ""))


def flex_jobs_in(decision: GrantDecision) -> int:
    """What the page should show: flex-job outcomes dated within the decision's period."""
    return OnboardingCourse.objects.filter(
        project=decision.project,
        outcome=OnboardingCourse.Outcome.FLEX_JOB,
        outcome_date__year__gte=decision.first_year,
        outcome_date__year__lte=decision.last_year,
    ).count()


def test_secretariat_registers_a_flex_job_and_the_progress_rises_by_one(
    page: Page, live_server: LiveServer, rummelig: Project
) -> None:
    project = rummelig
    extension = GrantDecision.objects.get(
        project=project, kind=GrantDecision.Kind.EXTENSION, first_year=2019, last_year=2020
    )
    original = GrantDecision.objects.get(project=project, kind=GrantDecision.Kind.ORIGINAL)
    assert Target.objects.filter(decision=extension, indicator__measure="flex_jobs").exists()
    progress_url = f"{live_server.url}/projects/{project.pk}/progress/"

    login(page, live_server, *SECRETARIAT)
    visit(page, progress_url)
    before = {
        indicator: achieved(page, extension, indicator)
        for indicator in ("citizens_in_courses", "ordinary_jobs", "flex_jobs")
    }
    original_flex_before = achieved(page, original, "flex_jobs")
    # The page reads what the database holds, and the demo has flex jobs to count.
    assert before["flex_jobs"] == flex_jobs_in(extension) > 0
    assert original_flex_before == flex_jobs_in(original) > 0

    # From the course list to the register page.
    visit(page, f"{live_server.url}/participants/")
    submit(page, page.locator("main a[href$='/participants/register/']"))
    assert page.url == f"{live_server.url}/participants/register/"

    # The participant. The user works in one project only: it is chosen already.
    expect(page.locator("select[name=participant-project]")).to_have_value(str(project.pk))
    aarhus = Municipality.objects.get(code="751")
    target_group = Category.objects.get(kind="target_group", code="young-mental-health")
    unemployed = Category.objects.get(kind="employment_status", code="unemployed")
    page.locator("input[name=participant-reference]").fill(REFERENCE)
    page.locator("input[name=participant-birth_year]").fill("1988")
    page.locator("select[name=participant-gender]").select_option("female")
    page.locator("select[name=participant-municipality]").select_option(str(aarhus.pk))
    page.locator(f"input[name=participant-target_groups][value='{target_group.pk}']").check()
    page.locator("select[name=participant-employment_status]").select_option(str(unemployed.pk))

    # The course: at one of the project's companies, from 3 February 2020, still running.
    company = project.companies.order_by("name", "pk").first()
    assert company is not None
    # The company by its autocomplete, with the keyboard: its CVR number, the arrow, Enter.
    page.locator("input[name=course-company_text]").fill(company.cvr)
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(1)
    page.locator("input[name=course-company_text]").press("ArrowDown")
    page.locator("input[name=course-company_text]").press("Enter")
    expect(page.locator("input[name=course-company]")).to_have_value(str(company.pk))
    page.locator("input[name=course-start_date]").fill("2020-02-03")
    page.locator("input[name=course-mentor]").check()
    check_accessibility(page, "the filled-in register form")
    submit(page, page.locator("main form button[type=submit]"))

    participant = Participant.objects.get(project=project, reference=REFERENCE)
    assert page.url == f"{live_server.url}/participants/{participant.pk}/", page.url
    course = participant.courses.get()
    assert (course.company, course.start_date) == (company, datetime.date(2020, 2, 3))
    assert (course.end_date, course.outcome) == (None, "")
    assert list(participant.target_groups.all()) == [target_group]
    expect(page.locator("main [role=status]").first).to_be_visible()
    expect(page.locator(f"tr[data-testid=course-{course.pk}]")).to_have_count(1)

    # The quick outcome form on the participant's history page: a flex job on 30 June 2020.
    outcome_form = page.locator(f"form[action$='/participants/courses/{course.pk}/outcome/']")
    outcome_form.locator(f"#id_outcome_{course.pk}_outcome").select_option("flex_job")
    outcome_form.locator(f"#id_outcome_{course.pk}_outcome_date").fill("2020-06-30")
    submit(page, outcome_form.locator("button[type=submit]"))
    assert page.url == f"{live_server.url}/participants/{participant.pk}/", page.url
    course.refresh_from_db()
    assert course.outcome == OnboardingCourse.Outcome.FLEX_JOB
    assert course.outcome_date == datetime.date(2020, 6, 30)
    assert course.end_date == datetime.date(2020, 6, 30)  # a running course ends with it
    expect(page.locator("main [role=alert]")).to_have_count(0)
    # Recorded: no outcome form is left for the course.
    expect(outcome_form).to_have_count(0)

    # The progress of the extension 2019–2020: one more flex job, one more citizen.
    visit(page, progress_url)
    after = {indicator: achieved(page, extension, indicator) for indicator in before}
    assert after == {
        "citizens_in_courses": before["citizens_in_courses"] + 1,
        "ordinary_jobs": before["ordinary_jobs"],
        "flex_jobs": before["flex_jobs"] + 1,
    }
    # The original decision's period (2016–2018) does not count the 2020 outcome.
    assert achieved(page, original, "flex_jobs") == original_flex_before
