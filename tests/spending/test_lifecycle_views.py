"""The step indicators on a spending report's page and a payment's page, and their one primary
button: the next action for the user's role in the object's state."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from spending.models import Payment, SpendingReport
from spending.services import payments as payment_services
from spending.services import reports as report_services
from spending.services import review
from tests.primary import current_step, primary_buttons
from tests.spending.world import World

pytestmark = pytest.mark.django_db


def _html(user: Any, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _primaries(user: Any, obj: SpendingReport | Payment) -> list[str]:
    return [button.testid for button in primary_buttons(_html(user, obj.get_absolute_url()))]


def test_a_report_leads_its_secretariat_from_the_first_line_to_the_submission(
    world: World,
) -> None:
    report = world.report()
    html = _html(world.secretariat, report.get_absolute_url())
    assert [b.testid for b in primary_buttons(html)] == ["add-line"]
    assert current_step(html) == "Trin 1 af 3, nuværende: Indtastet af projektet"
    world.line(report)
    assert _primaries(world.secretariat, report) == ["submit-report"]
    # The region waits for the submission: nothing to press yet.
    assert _primaries(world.staff, report) == []


def test_a_submitted_report_is_accepted_by_another_person_than_its_submitter(
    world: World,
) -> None:
    report = world.report()
    world.line(report)
    report_services.report_submit(report=report, by=world.secretariat)
    html = _html(world.staff, report.get_absolute_url())
    assert [b.testid for b in primary_buttons(html)] == ["accept-report"]
    assert current_step(html) == "Trin 2 af 3, nuværende: Indsendt til gennemgang"
    assert _primaries(world.secretariat, report) == []


def test_a_returned_report_goes_back_to_its_first_step_and_offers_the_submission_again(
    world: World,
) -> None:
    report = world.report()
    world.line(report)
    report_services.report_submit(report=report, by=world.secretariat)
    review.report_return(report=report, by=world.staff, reason="Vedlæg lønsedler.")
    html = _html(world.secretariat, report.get_absolute_url())
    assert [b.testid for b in primary_buttons(html)] == ["submit-report"]
    assert current_step(html) == "Trin 1 af 3, nuværende: Indtastet af projektet"
    assert 'class="error current' in html or 'class="current error' in html


def test_an_accepted_report_offers_the_region_its_payment(world: World) -> None:
    report = world.report()
    world.line(report)
    report_services.report_submit(report=report, by=world.secretariat)
    review.report_accept(report=report, by=world.staff)
    html = _html(world.other_staff, report.get_absolute_url())
    assert [b.testid for b in primary_buttons(html)] == ["pay-report"]
    assert current_step(html) == "Trin 3 af 3, nuværende: Godkendt"
    assert _primaries(world.secretariat, report) == []


def _proposed(world: World) -> Payment:
    return payment_services.payment_propose(
        project=world.project,
        funding_source=world.source,
        kind=Payment.Kind.ADVANCE,
        amount=100_000,
        dated=datetime.date(2017, 9, 1),
        by=world.staff,
    )


def test_a_payment_is_authorised_by_a_second_person_then_marked_paid(world: World) -> None:
    payment = _proposed(world)
    html = _html(world.staff, payment.get_absolute_url())
    assert primary_buttons(html) == []
    assert "en anden person skal anvise den" in html
    assert current_step(html) == "Trin 1 af 3, nuværende: Foreslået"
    assert _primaries(world.other_staff, payment) == ["authorise"]
    assert _primaries(world.secretariat, payment) == []

    payment_services.payment_authorise(payment=payment, by=world.other_staff)
    html = _html(world.staff, payment.get_absolute_url())
    assert [b.testid for b in primary_buttons(html)] == ["mark-paid"]
    assert current_step(html) == "Trin 2 af 3, nuværende: Anvist af en anden person"

    payment_services.payment_mark_paid(payment=payment, by=world.staff)
    html = _html(world.staff, payment.get_absolute_url())
    assert primary_buttons(html) == []
    assert current_step(html) == "Trin 3 af 3, nuværende: Udbetalt"


def test_a_step_taken_on_the_payments_page_returns_to_it_and_from_the_list_to_the_list(
    world: World,
) -> None:
    payment = _proposed(world)
    client = Client()
    client.force_login(world.other_staff)
    url = reverse("spending:payment_authorise", args=[payment.pk])
    response = client.post(url, {"from": "detail"})
    assert response["Location"] == payment.get_absolute_url()
    response = client.post(reverse("spending:payment_mark_paid", args=[payment.pk]))
    assert response["Location"].startswith(reverse("spending:payment_list"))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID


def test_a_proposal_leads_to_the_new_payments_page(world: World) -> None:
    client = Client()
    client.force_login(world.staff)
    response = client.post(
        reverse("spending:payment_create", args=[world.project.pk]),
        {
            "funding_source": world.source.pk,
            "kind": "advance",
            "amount": "100000",
            "dated": "2017-09-01",
        },
    )
    assert response["Location"] == Payment.objects.get().get_absolute_url()
