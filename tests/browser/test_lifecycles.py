"""Each lifecycle in a real browser, followed by its step indicator: a meeting, a spending
report, a payment and a reported value are walked through their states by clicking the
page's one primary button (and the confirmation pages where a step asks first), the
indicator's current step checked at each stage. axe-core checks every page; at 390 px the
indicator folds into the design system's "Trin 2 af 5" button and its modal, and nothing
scrolls sideways.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from accounts.roles import REGIONAL_STAFF
from meetings.models import Meeting
from progress.models import ReportedValue
from spending.models import Payment
from spending.services import reports as report_services
from spending.services import review
from tests.browser.axe import PASSWORD, check_accessibility, login, submit, visit
from tests.factories import (
    DecisionFactory,
    IndicatorFactory,
    MembershipFactory,
    SecretariatFactory,
    TargetFactory,
    UserFactory,
)
from tests.meetings.factories import MeetingFactory, balanced_case
from tests.spending.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def current_step(page: Page) -> str:
    """The indicator's current step as a screen reader reads it, at full width."""
    step = page.locator("[data-testid=lifecycle] .d-lg-block li.current .step-title")
    expect(step).to_have_count(1)
    return " ".join((step.text_content() or "").split())


def primary(page: Page) -> str:
    """The page's one primary button's text: exactly one, or the test fails."""
    button = page.locator("main .button-primary")
    expect(button).to_have_count(1)
    return " ".join(button.inner_text().split())


def click_primary(page: Page) -> None:
    submit(page, page.locator("main .button-primary"))


def no_primary(page: Page) -> None:
    expect(page.locator("main .button-primary")).to_have_count(0)


def _fits(page: Page) -> bool:
    return bool(
        page.evaluate(
            """() => {
              const section = document.querySelector("[data-testid=lifecycle]");
              const box = section.getBoundingClientRect();
              return section.scrollWidth <= section.clientWidth && box.right <= 390;
            }"""
        )
    )


def as_user(page: Page, live_server: LiveServer, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username, PASSWORD)


def test_a_meeting_follows_its_steps_to_approved_minutes(
    page: Page, live_server: LiveServer, staff: User
) -> None:
    meeting = MeetingFactory.create()
    for title in ("Grøn omstilling i Herning", "Robotter i Randers"):
        case = balanced_case(title=title)
        meeting.items.create(
            case=case, number=meeting.items.count() + 1, order=meeting.items.count() + 1
        )
    login(page, live_server, staff.username, PASSWORD)
    visit(page, live_server.url + meeting.get_absolute_url())
    for step, button, after in [
        (
            "Trin 1 af 5, nuværende: Dagsorden under planlægning",
            "Lås dagsordenen",
            "Dagsorden låst",
        ),
        (
            "Trin 2 af 5, nuværende: Dagsorden låst",
            "Offentliggør dagsordenen",
            "Dagsorden offentliggjort",
        ),
        ("Trin 3 af 5, nuværende: Dagsorden offentliggjort", "Markér mødet som afholdt", "Afholdt"),
    ]:
        assert current_step(page) == step
        assert primary(page) == button
        click_primary(page)  # the step asks first
        submit(page, page.get_by_test_id("confirm-button"))
        expect(page.get_by_test_id("meeting-status")).to_have_text(after)

    # Held: the decisions come before the minutes, one item at a time.
    for left in (2, 1):
        assert (
            current_step(page) == "Trin 4 af 5, nuværende: Møde afholdt, beslutninger registreret"
        )
        assert primary(page) == (
            f"Registrér beslutningerne ({left} punkter mangler)"
            if left > 1
            else "Registrér beslutningen (1 punkt mangler)"
        )
        expect(page.get_by_text("Godkend referatet")).to_have_count(0)
        click_primary(page)
        page.get_by_label("Resultat").select_option("approved")
        click_primary(page)  # "Registrér beslutningen"
    assert primary(page) == "Godkend referatet"
    expect(page.locator("[data-testid=lifecycle] .d-lg-block li.current")).to_contain_text(
        "2 af 2 punkter har en beslutning"
    )
    click_primary(page)
    submit(page, page.get_by_test_id("confirm-button"))
    assert current_step(page) == "Trin 5 af 5, nuværende: Referat godkendt"
    no_primary(page)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED


def test_a_spending_report_is_entered_returned_submitted_again_and_accepted(
    page: Page, live_server: LiveServer
) -> None:
    world = build_world()
    report = world.report()
    as_user(page, live_server, world.secretariat.username)
    visit(page, live_server.url + report.get_absolute_url())
    assert current_step(page) == "Trin 1 af 3, nuværende: Indtastet af projektet"
    assert primary(page) == "Tilføj en linje"
    click_primary(page)
    page.locator("input[name=spent_on]").fill("2017-03-31")
    page.locator("input[name=paid_on]").fill("2017-04-05")
    page.locator("select[name=effort_area]").select_option(str(world.area.pk))
    page.locator("select[name=cost_category]").select_option(str(world.salary.pk))
    page.locator("input[name=description]").fill("Jobkonsulenter, løn 1. kvartal")
    page.locator("input[name=amount]").fill("40000")
    click_primary(page)  # "Gem"
    visit(page, live_server.url + report.get_absolute_url())
    assert primary(page) == "Indsend til gennemgang"
    click_primary(page)
    assert current_step(page) == "Trin 2 af 3, nuværende: Indsendt til gennemgang"
    no_primary(page)

    # The region returns it: back to the first step, marked.
    as_user(page, live_server, world.staff.username)
    visit(page, live_server.url + report.get_absolute_url())
    assert primary(page) == "Godkend regnskabet"
    submit(page, page.get_by_role("link", name="Send retur til rettelse"))
    page.locator("textarea[name=reason]").fill("Vedlæg lønsedlerne.")
    click_primary(page)
    assert current_step(page) == "Trin 1 af 3, nuværende: Indtastet af projektet"
    expect(page.locator("[data-testid=lifecycle] .d-lg-block li.current")).to_have_class(
        "current error"
    )

    as_user(page, live_server, world.secretariat.username)
    visit(page, live_server.url + report.get_absolute_url())
    expect(page.locator("[data-testid=lifecycle] .d-lg-block li.current")).to_contain_text(
        "Sendt retur til rettelse"
    )
    assert primary(page) == "Indsend til gennemgang"
    click_primary(page)
    assert current_step(page) == "Trin 2 af 3, nuværende: Indsendt til gennemgang"

    as_user(page, live_server, world.other_staff.username)
    visit(page, live_server.url + report.get_absolute_url())
    click_primary(page)  # "Godkend regnskabet"
    assert current_step(page) == "Trin 3 af 3, nuværende: Godkendt"
    assert primary(page) == "Foreslå en udbetaling af dette regnskab"


def test_a_payment_is_proposed_authorised_by_a_second_person_and_paid(
    page: Page, live_server: LiveServer
) -> None:
    world = build_world()
    report = world.report()
    world.line(report, amount=100_000)
    report_services.report_submit(report=report, by=world.secretariat)
    review.report_accept(report=report, by=world.other_staff)
    karen = UserFactory.create(username="karen", role=REGIONAL_STAFF)
    mette = UserFactory.create(username="mette", role=REGIONAL_STAFF)

    as_user(page, live_server, karen.username)
    visit(page, live_server.url + report.get_absolute_url())
    click_primary(page)  # "Foreslå en udbetaling af dette regnskab"
    page.locator("select[name=funding_source]").select_option(str(world.source.pk))
    page.locator("select[name=kind]").select_option(Payment.Kind.INTERIM)
    page.locator("input[name=amount]").fill("90000")
    page.locator("input[name=dated]").fill("2017-09-15")
    click_primary(page)
    payment = Payment.objects.get()
    assert page.url.endswith(payment.get_absolute_url())
    assert current_step(page) == "Trin 1 af 3, nuværende: Foreslået"
    # Four eyes: the one who proposed is not offered the authorisation.
    no_primary(page)
    expect(page.get_by_test_id("lifecycle-waiting")).to_contain_text("en anden person")

    as_user(page, live_server, mette.username)
    visit(page, live_server.url + payment.get_absolute_url())
    assert primary(page) == "Anvis udbetalingen"
    click_primary(page)
    assert current_step(page) == "Trin 2 af 3, nuværende: Anvist af en anden person"
    assert primary(page) == "Markér som udbetalt"
    click_primary(page)
    assert current_step(page) == "Trin 3 af 3, nuværende: Udbetalt"
    no_primary(page)
    payment.refresh_from_db()
    assert (payment.status, payment.proposed_by, payment.authorised_by) == (
        Payment.Status.PAID,
        karen,
        mette,
    )


def test_a_reported_value_is_returned_reported_again_and_approved(
    page: Page, live_server: LiveServer, staff: User
) -> None:
    decision = DecisionFactory.create(first_year=2021, last_year=2023, status="approved")
    indicator = IndicatorFactory.create(code="ERH02", name_da="Nye arbejdspladser")
    target = TargetFactory.create(decision=decision, indicator=indicator, value=60)
    member = SecretariatFactory.create(username="sekretariat")
    MembershipFactory.create(user=member, project=decision.project)

    def report(value: str) -> ReportedValue:
        visit(page, f"{live_server.url}/targets/{target.pk}/report/")
        page.locator("input[name=period_start]").fill("2021-01-01")
        page.locator("input[name=period_end]").fill("2021-12-31")
        page.locator("input[name=value]").fill(value)
        page.locator("textarea[name=note]").fill("Lønsedler for året")
        click_primary(page)  # "Indberet værdien"
        reported = ReportedValue.objects.latest("pk")
        visit(page, live_server.url + reported.get_absolute_url())
        return reported

    as_user(page, live_server, member.username)
    first = report("12")
    assert current_step(page) == "Trin 2 af 3, nuværende: Godkendelse i regionen"
    no_primary(page)

    as_user(page, live_server, staff.username)
    visit(page, live_server.url + first.get_absolute_url())
    assert primary(page) == "Godkend værdien"
    page.locator("textarea[name=reason]").fill("Tallet dækker også 2020.")
    submit(page, page.get_by_role("button", name="Send værdien retur"))

    as_user(page, live_server, member.username)
    visit(page, live_server.url + first.get_absolute_url())
    assert current_step(page) == "Trin 2 af 3, nuværende: Godkendelse i regionen"
    expect(page.locator("[data-testid=lifecycle] .d-lg-block li.current")).to_contain_text(
        "Sendt retur: indberet værdien igen"
    )
    assert primary(page) == "Indberet værdien igen"
    click_primary(page)
    assert page.url.endswith(f"/targets/{target.pk}/report/")
    second = report("9")

    as_user(page, live_server, staff.username)
    visit(page, live_server.url + second.get_absolute_url())
    click_primary(page)  # "Godkend værdien"
    assert current_step(page) == "Trin 3 af 3, nuværende: Tæller med i målet"
    no_primary(page)


def test_on_a_phone_the_steps_fold_into_the_design_systems_button_and_modal(
    page: Page, live_server: LiveServer, staff: User
) -> None:
    meeting = MeetingFactory.create(date=datetime.date(2027, 3, 12))
    meeting.items.create(case=balanced_case(title="Robotter i Randers"), number=1, order=1)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.LOCKED)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, staff.username, PASSWORD)
    visit(page, live_server.url + meeting.get_absolute_url())
    button = page.get_by_test_id("step-indicator-button")
    expect(button).to_be_visible()
    expect(button).to_have_text("Trin 2 af 5: Dagsorden låst")
    expect(page.locator("[data-testid=lifecycle] .d-lg-block")).to_be_hidden()
    # The indicator itself fits the phone (the page as a whole is held to it elsewhere).
    assert _fits(page), "the step indicator is wider than the phone"

    button.click()
    modal = page.locator("#lifecycle-modal")
    expect(modal).to_be_visible()
    expect(modal.locator("li.current")).to_contain_text("Dagsorden låst")
    expect(modal.locator("li")).to_have_count(5)
    check_accessibility(page, "the steps' modal, open")
    box = modal.locator(".modal-content").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.keyboard.press("Escape")
    expect(modal).to_be_hidden()
