"""The admin pages of spending: open to administrators, every write through the services."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from spending.models import Payment, SpendingReport
from spending.services import reports as report_services
from spending.services import review
from tests.spending.world import World

pytestmark = pytest.mark.django_db

MODELS = [
    "programmefinance",
    "costcategory",
    "reportingdeadline",
    "spendingreport",
    "expenditureline",
    "payment",
]


@pytest.fixture
def admin_client(world: World) -> Client:
    client = Client()
    client.force_login(world.admin)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_administrators_open_every_list_and_add_page(admin_client: Client, model: str) -> None:
    assert admin_client.get(reverse(f"admin:spending_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:spending_{model}_add")).status_code == 200


def test_regional_staff_do_not_enter_the_admin(world: World) -> None:
    client = Client()
    client.force_login(world.staff)
    response = client.get(reverse("admin:spending_payment_changelist"))
    assert response.status_code == 302


def test_a_payment_added_in_the_admin_is_checked_against_the_grant(
    world: World, admin_client: Client
) -> None:
    url = reverse("admin:spending_payment_add")
    data = {
        "project": world.project.pk,
        "funding_source": world.source.pk,
        "kind": "advance",
        "amount": "950000",
        "dated": "2017-09-01",
        "note": "",
    }
    response = admin_client.post(url, data, follow=True)
    assert "held back" in response.text or "holdes tilbage" in response.text
    assert not Payment.objects.exists()
    admin_client.post(url, {**data, "amount": "100000"})
    payment = Payment.objects.get()
    assert (payment.proposed_by, payment.status) == (world.admin, "proposed")
    assert payment.history.latest().history_user == world.admin


def test_an_accepted_report_cannot_be_changed_in_the_admin(
    world: World, admin_client: Client
) -> None:
    report = world.report(forecast=5)
    world.line(report)
    report_services.report_submit(report=report, by=world.secretariat)
    review.report_accept(report=report, by=world.staff)
    url = reverse("admin:spending_spendingreport_change", args=[report.pk])
    assert admin_client.get(url).status_code == 200
    admin_client.post(
        url,
        {
            "period_start": "2017-01-01",
            "period_end": "2017-06-30",
            "status_text": "Ændret",
            "forecast": "999",
        },
        follow=True,
    )
    report.refresh_from_db()
    assert (report.forecast, report.status_text) == (5, "")
    assert SpendingReport.objects.get().status == "accepted"
