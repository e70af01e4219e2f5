"""The pages: the flow through them, bad input on every form, and flat query counts."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from spending.models import (
    CostCategory,
    ExpenditureLine,
    Payment,
    ReportingDeadline,
    SpendingReport,
)
from spending.services import reports as report_services
from tests.spending.world import World

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


LINE = {
    "spent_on": "2017-02-01",
    "paid_on": "2017-02-05",
    "description": "Løn februar",
    "invoice_number": "L-2",
    "amount": "100000",
}


def test_the_secretariat_enters_and_submits_and_the_region_reviews(world: World) -> None:
    secretariat, staff = _client(world.secretariat), _client(world.staff)
    response = secretariat.post(
        reverse("spending:report_create", args=[world.project.pk]),
        {"period_start": "2017-01-01", "period_end": "2017-06-30", "forecast": "250000"},
    )
    report = SpendingReport.objects.get()
    assert response["Location"] == report.get_absolute_url()
    line_url = reverse("spending:line_create", args=[report.pk])
    for amount, category in (("100000", world.salary), ("20000", world.external)):
        data = {
            **LINE,
            "amount": amount,
            "effort_area": world.area.pk,
            "cost_category": category.pk,
        }
        assert secretariat.post(line_url, data).status_code == 302
    page = secretariat.get(report.get_absolute_url())
    # 100.000 + 20.000 + 18 % of the salary line: 138.000.
    assert page.context["reported"].total == 138_000
    assert 'data-testid="reported-total">138.000<' in page.text
    assert secretariat.post(reverse("spending:report_submit", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted"
    salary_line = report.lines.get(cost_category=world.salary)
    review = staff.post(
        reverse("spending:line_review", args=[salary_line.pk]),
        {
            f"line-{salary_line.pk}-outcome": "reduced",
            f"line-{salary_line.pk}-accepted_amount": "90000",
            f"line-{salary_line.pk}-reason": "Overtid uden aftale",
        },
    )
    assert review.status_code == 302
    assert staff.post(reverse("spending:report_accept", args=[report.pk])).status_code == 302
    page = staff.get(report.get_absolute_url())
    # 90.000 + 20.000 + 18 % of 90.000: 126.200.
    assert page.context["accepted"].total == 126_200
    assert page.context["report"].status == "accepted"


def test_the_secretariat_cannot_review_and_the_page_offers_it_no_review(world: World) -> None:
    report = world.report()
    world.line(report)
    report_services.report_submit(report=report, by=world.secretariat)
    client = _client(world.secretariat)
    page = client.get(report.get_absolute_url())
    assert 'data-testid="accept-report"' not in page.text
    assert client.post(reverse("spending:report_accept", args=[report.pk])).status_code == 403


def test_an_administrator_who_submitted_is_not_offered_the_acceptance(world: World) -> None:
    report = world.report()
    world.line(report)
    report_services.report_submit(report=report, by=world.admin)
    client = _client(world.admin)
    assert 'data-testid="accept-report"' not in client.get(report.get_absolute_url()).text
    response = client.post(reverse("spending:report_accept", args=[report.pk]), follow=True)
    assert "en anden" in response.text.lower() or "another person" in response.text
    report.refresh_from_db()
    assert report.status == "submitted"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"amount": "12,5"}, "amount"),
        ({"amount": "-1"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"paid_on": "2017-01-31"}, "paid_on"),
        ({"amount": "99999999999999999999"}, "amount"),
        ({"spent_on": "2017-13-01"}, "spent_on"),
        ({"spent_on": "1800-01-01"}, "spent_on"),
        ({"spent_on": "2018-01-01"}, "spent_on"),
        ({"description": ""}, "description"),
        ({"effort_area": "999999"}, "effort_area"),
        ({"cost_category": "flat"}, "cost_category"),
    ],
)
def test_a_bad_line_is_refused_with_its_message_and_nothing_saved(
    world: World, data: dict[str, str], field: str
) -> None:
    report = world.report()
    post = {**LINE, "effort_area": world.area.pk, "cost_category": world.salary.pk, **data}
    if post["cost_category"] == "flat":
        post["cost_category"] = world.flat.pk
    response = _client(world.secretariat).post(
        reverse("spending:line_create", args=[report.pk]), post
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.text
    assert not ExpenditureLine.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "period_start"),
        ({"period_start": "2017-06-30", "period_end": "2017-01-01"}, "period_end"),
        ({"period_start": "2017-01-01", "period_end": "2017-06-30", "forecast": "x"}, "forecast"),
        (
            {"period_start": "2017-01-01", "period_end": "2017-06-30", "deadline": "99999"},
            "deadline",
        ),
    ],
)
def test_a_bad_report_is_refused(world: World, data: dict[str, str], field: str) -> None:
    response = _client(world.secretariat).post(
        reverse("spending:report_create", args=[world.project.pk]), data
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not SpendingReport.objects.exists()


def test_a_second_report_for_the_same_period_is_refused_on_the_form(world: World) -> None:
    world.report()
    response = _client(world.secretariat).post(
        reverse("spending:report_create", args=[world.project.pk]),
        {"period_start": "2017-01-01", "period_end": "2017-06-30"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert SpendingReport.objects.count() == 1


def test_a_bad_review_is_refused_with_a_message(world: World) -> None:
    report = world.report()
    line = world.line(report)
    assert isinstance(line, ExpenditureLine)
    report_services.report_submit(report=report, by=world.secretariat)
    client = _client(world.staff)
    for data in (
        {"outcome": "reduced", "accepted_amount": "5000"},  # no reason
        {"outcome": "reduced", "accepted_amount": "50000", "reason": "x"},  # more than the line
        {"outcome": "bogus"},
        {"outcome": "rejected", "accepted_amount": "abc"},
    ):
        post = {f"line-{line.pk}-{key}": value for key, value in data.items()}
        response = client.post(reverse("spending:line_review", args=[line.pk]), post, follow=True)
        assert response.status_code == 200
        assert 'class="alert alert-error' in response.text
    line.refresh_from_db()
    assert line.outcome == ""


def test_returning_without_a_reason_is_refused(world: World) -> None:
    report = world.report()
    world.line(report)
    report_services.report_submit(report=report, by=world.secretariat)
    response = _client(world.staff).post(
        reverse("spending:report_return", args=[report.pk]), {"reason": " "}
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    report.refresh_from_db()
    assert report.status == "submitted"


def test_payments_are_proposed_and_authorised_by_another_person(world: World) -> None:
    url = reverse("spending:payment_create", args=[world.project.pk])
    page = _client(world.staff).get(url)
    assert "900.000" in page.text  # payable now: the final 10 % held back
    for data, field in (
        ({"kind": "advance", "amount": "-5"}, "amount"),
        ({"kind": "advance", "amount": "1,5"}, "amount"),
        ({"kind": "bogus", "amount": "5"}, "kind"),
        ({"kind": "advance", "amount": "900001"}, None),
    ):
        post = {"funding_source": world.source.pk, "dated": "2017-09-01", **data}
        response = _client(world.staff).post(url, post)
        assert response.status_code == 200
        if field:
            assert field in response.context["form"].errors
        else:
            assert response.context["form"].non_field_errors()
    assert not Payment.objects.exists()
    post = {
        "funding_source": world.source.pk,
        "dated": "2017-09-01",
        "kind": "advance",
        "amount": "500000",
    }
    assert _client(world.staff).post(url, post).status_code == 302
    payment = Payment.objects.get()
    _client(world.staff).post(reverse("spending:payment_authorise", args=[payment.pk]))
    payment.refresh_from_db()
    assert payment.status == "proposed"
    _client(world.other_staff).post(reverse("spending:payment_authorise", args=[payment.pk]))
    _client(world.staff).post(reverse("spending:payment_mark_paid", args=[payment.pk]))
    payment.refresh_from_db()
    assert (payment.status, payment.authorised_by) == ("paid", world.other_staff)


def test_deadlines_are_set_up_and_overdue_ones_marked(world: World) -> None:
    client = _client(world.staff)
    url = reverse("spending:deadline_create", args=[world.project.pk])
    bad = client.post(
        url,
        {
            "period_start": "2017-06-30",
            "period_end": "2017-01-01",
            "due_on": "2017-08-31",
            "kind": "both",
        },
    )
    assert bad.status_code == 200 and bad.context["form"].errors
    good = {
        "period_start": "2016-01-01",
        "period_end": "2016-06-30",
        "due_on": "2016-08-31",
        "kind": "both",
    }
    assert client.post(url, good).status_code == 302
    assert client.post(url, good).status_code == 200  # the same period twice
    assert ReportingDeadline.objects.count() == 1
    listing = _client(world.secretariat).get(reverse("spending:deadline_list"))
    assert listing.status_code == 200
    assert ReportingDeadline.objects.overdue_on(datetime.date(2017, 1, 1)).count() == 1


def test_a_flat_rate_category_needs_its_rate_and_a_direct_base(world: World) -> None:
    client = _client(world.staff)
    url = reverse("spending:category_create", args=[world.project.programme_id])
    response = client.post(
        url, {"code": "F40", "name": "ESF-sats", "kind": "flat_rate", "order": "1"}
    )
    assert response.status_code == 200
    assert {"rate_percent", "base"} <= set(response.context["form"].errors)
    response = client.post(
        url,
        {
            "code": "F40",
            "name": "ESF-sats",
            "kind": "flat_rate",
            "rate_percent": "140",
            "base": world.salary.pk,
            "order": "1",
        },
    )
    assert "rate_percent" in response.context["form"].errors
    response = client.post(
        url,
        {
            "code": "F40",
            "name": "ESF-sats",
            "kind": "flat_rate",
            "rate_percent": "40,00",
            "base": world.salary.pk,
            "order": "1",
        },
    )
    assert response.status_code == 302
    assert CostCategory.objects.get(code="F40").history.latest().history_user == world.staff
    used = client.post(reverse("spending:category_delete", args=[world.salary.pk]), follow=True)
    assert 'class="alert alert-error' in used.text
    assert CostCategory.objects.filter(pk=world.salary.pk).exists()


def test_finance_settings_refuse_a_share_above_100(world: World) -> None:
    client = _client(world.staff)
    url = reverse("spending:finance_update", args=[world.project.programme_id])
    data = {
        "auditor_threshold": "500000",
        "final_share_percent": "101",
        "underspend_percent": "75",
        "overspend_tolerance_percent": "10",
        "payment_behind_percent": "25",
    }
    assert "final_share_percent" in client.post(url, data).context["form"].errors
    assert client.post(url, {**data, "final_share_percent": "5"}).status_code == 302
    world.finance.refresh_from_db()
    assert str(world.finance.final_share_percent) == "5.00"


def test_the_statement_is_sent_as_a_sandboxed_download_under_its_own_name(world: World) -> None:
    report = world.report()
    pdf = b"%PDF-1.4\n%%EOF\n"
    report_services.report_set_statement(
        report=report, upload=SimpleUploadedFile("Revisor 2017.pdf", pdf), by=world.secretariat
    )
    response = _client(world.staff).get(reverse("spending:statement_download", args=[report.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf  # type: ignore[attr-defined]
    assert "attachment" in response["Content-Disposition"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Type"] == "application/pdf"


def test_a_report_without_a_statement_has_no_download(world: World) -> None:
    report = world.report()
    url = reverse("spending:statement_download", args=[report.pk])
    assert _client(world.staff).get(url).status_code == 404


def test_the_deadline_list_marks_overdue_and_handed_in_deadlines(world: World) -> None:
    met = ReportingDeadline.objects.create(
        project=world.project,
        period_start=datetime.date(2017, 1, 1),
        period_end=datetime.date(2017, 6, 30),
        due_on=datetime.date(2017, 8, 31),
    )
    ReportingDeadline.objects.create(
        project=world.project,
        period_start=datetime.date(2017, 7, 1),
        period_end=datetime.date(2017, 12, 31),
        due_on=datetime.date(2018, 2, 28),
    )
    report = world.report(deadline=met)
    world.line(report)
    report_services.report_submit(report=report, by=world.secretariat)
    page = _client(world.secretariat).get(reverse("spending:deadline_list"))
    assert page.text.count("Afleveret") == 1
    assert page.text.count("Overskredet") == 1
