"""What the spending room tells: reports submitted and reviewed, payments proposed, authorised
and paid — to whom, in which language, over a real SMTP server, and settled when done."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from grants.models import Project
from notifications import services
from notifications.models import Channel, MailSettings, Notification, Preference
from spending import notices
from spending.models import Payment, SpendingReport
from spending.services import payments, review
from spending.services import reports as report_services
from tests.factories import MembershipFactory, SecretariatFactory, StaffFactory
from tests.smtp import Server
from tests.spending.notify import Bystanders, bystanders_of, heard_nothing, only_mail_to, told
from tests.spending.world import World

pytestmark = pytest.mark.django_db

PERIOD = "01.01.2017–30.06.2017"
DAY = datetime.date(2017, 9, 1)


@pytest.fixture
def bystanders(world: World) -> Bystanders:
    return bystanders_of(world)


@pytest.fixture
def english_secretariat(world: World) -> Any:
    """A second member of the project's secretariat, who reads e-mail in English."""
    member = SecretariatFactory.create()
    MembershipFactory.create(project=world.project, user=member)
    MailSettings.objects.create(user=member, language="en")
    return member


def _draft(world: World) -> SpendingReport:
    report = world.report()
    world.line(report)
    return report


def _submit(world: World, capture: Any, report: SpendingReport | None = None) -> SpendingReport:
    draft = report or _draft(world)
    return told(capture, lambda: report_services.report_submit(report=draft, by=world.secretariat))


def _propose(world: World, capture: Any) -> Payment:
    return told(
        capture,
        lambda: payments.payment_propose(
            project=world.project,
            funding_source=world.source,
            kind="advance",
            amount=100_000,
            dated=DAY,
            by=world.staff,
        ),
    )


def test_a_submitted_report_is_mailed_to_the_staff_following_the_project(
    world: World, smtp: Server, django_capture_on_commit_callbacks: Any, bystanders: Bystanders
) -> None:
    MailSettings.objects.create(user=world.other_staff, language="en")
    report = _submit(world, django_capture_on_commit_callbacks)
    danish = only_mail_to(smtp, world.staff)
    assert f"{world.project.name}: regnskab for {PERIOD} indsendt" in danish
    english = only_mail_to(smtp, world.other_staff)
    assert f"{world.project.name}: spending report for {PERIOD} submitted" in english
    # No participant's or submitter's data in it.
    assert world.secretariat.username not in danish
    # The submitter, the administrators (not following) and the bystanders hear nothing.
    assert heard_nothing(smtp, world.secretariat, world.admin, *bystanders.all())
    notification = Notification.objects.get(recipient=world.staff)
    assert notification.url == report.get_absolute_url()
    assert notification.params == {"project": world.project.name, "period": PERIOD}


def test_a_project_with_a_case_officer_tells_only_them_of_its_reports(
    world: World, smtp: Server, django_capture_on_commit_callbacks: Any
) -> None:
    Project.objects.filter(pk=world.project.pk).update(case_officer=world.other_staff)
    _submit(world, django_capture_on_commit_callbacks)
    assert smtp.addresses() == [world.other_staff.email]


def test_a_returned_report_is_mailed_to_the_secretariat_and_settles_the_submission(
    world: World,
    smtp: Server,
    django_capture_on_commit_callbacks: Any,
    bystanders: Bystanders,
    english_secretariat: Any,
) -> None:
    report = _submit(world, django_capture_on_commit_callbacks)
    assert services.waiting_count(world.staff) == 1
    smtp.messages.clear()
    smtp.envelopes.clear()
    told(
        django_capture_on_commit_callbacks,
        lambda: review.report_return(report=report, by=world.staff, reason="Mangler bilag"),
    )
    danish = only_mail_to(smtp, world.secretariat)
    assert f"{world.project.name}: regnskab for {PERIOD} sendt retur til rettelse" in danish
    assert "Mangler bilag" not in danish
    english = only_mail_to(smtp, english_secretariat)
    assert f"spending report for {PERIOD} returned for changes" in english
    assert smtp.to(world.staff.email) == smtp.to(world.other_staff.email) == []
    assert heard_nothing(smtp, *bystanders.all())
    # The review is done: the submission leaves the staff's bell.
    assert services.waiting_count(world.staff) == 0
    assert services.waiting_count(world.other_staff) == 0
    # Handed in again: the return is done, and the staff hear of the new submission.
    assert services.waiting_count(world.secretariat) == 1
    _submit(world, django_capture_on_commit_callbacks, report)
    assert services.waiting_count(world.secretariat) == 0
    assert services.waiting_count(world.staff) == 1
    assert len(smtp.to(world.staff.email)) == 1


def test_an_accepted_report_is_mailed_to_the_secretariat_and_settles_the_submission(
    world: World,
    smtp: Server,
    django_capture_on_commit_callbacks: Any,
    bystanders: Bystanders,
    english_secretariat: Any,
) -> None:
    report = _submit(world, django_capture_on_commit_callbacks)
    told(
        django_capture_on_commit_callbacks,
        lambda: review.report_accept(report=report, by=world.other_staff),
    )
    assert f"{world.project.name}: regnskab for {PERIOD} godkendt" in only_mail_to(
        smtp, world.secretariat
    )
    assert f"spending report for {PERIOD} accepted" in only_mail_to(smtp, english_secretariat)
    assert heard_nothing(smtp, *bystanders.all())
    assert services.waiting_count(world.staff) == 0
    # The one who accepted it is not told of the acceptance.
    assert not Notification.objects.filter(
        recipient=world.other_staff, event=notices.REPORT_ACCEPTED
    ).exists()


def test_a_proposed_payment_is_told_to_who_may_authorise_it_never_the_proposer(
    world: World, smtp: Server, django_capture_on_commit_callbacks: Any, bystanders: Bystanders
) -> None:
    MailSettings.objects.create(user=world.other_staff, language="en")
    third = StaffFactory.create()
    payment = _propose(world, django_capture_on_commit_callbacks)
    assert f"{world.project.name}: udbetaling på 100.000 kr. foreslået til anvisning" in (
        only_mail_to(smtp, third)
    )
    assert f"{world.project.name}: payment of 100,000 kr. proposed for authorisation" in (
        only_mail_to(smtp, world.other_staff)
    )
    # The administrators may authorise too: told in the app by default.
    admin_told = Notification.objects.get(recipient=world.admin)
    assert admin_told.channel == Channel.APP
    assert admin_told.url == payment.get_absolute_url()
    assert heard_nothing(smtp, world.staff, world.secretariat, *bystanders.all())


def test_an_authorised_payment_is_mailed_to_the_proposer_and_the_secretariat(
    world: World,
    smtp: Server,
    django_capture_on_commit_callbacks: Any,
    bystanders: Bystanders,
    english_secretariat: Any,
) -> None:
    payment = _propose(world, django_capture_on_commit_callbacks)
    assert services.waiting_count(world.other_staff) == 1
    smtp.messages.clear()
    smtp.envelopes.clear()
    told(
        django_capture_on_commit_callbacks,
        lambda: payments.payment_authorise(payment=payment, by=world.other_staff),
    )
    title = f"{world.project.name}: udbetaling på 100.000 kr. anvist"
    assert title in only_mail_to(smtp, world.staff)
    assert title in only_mail_to(smtp, world.secretariat)
    assert "payment of 100,000 kr. authorised" in only_mail_to(smtp, english_secretariat)
    # The one who authorised it is not told; the proposal left everyone's bell.
    assert smtp.to(world.other_staff.email) == []
    assert services.waiting_count(world.other_staff) == 0
    assert services.waiting_count(world.admin) == 0
    assert heard_nothing(smtp, *bystanders.all())


def test_a_paid_payment_is_mailed_to_the_proposer_and_the_secretariat(
    world: World,
    smtp: Server,
    django_capture_on_commit_callbacks: Any,
    bystanders: Bystanders,
    english_secretariat: Any,
) -> None:
    Preference.objects.create(user=world.staff, event=notices.PAYMENT_PAID, channel=Channel.EMAIL)
    payment = _propose(world, django_capture_on_commit_callbacks)
    told(
        django_capture_on_commit_callbacks,
        lambda: payments.payment_authorise(payment=payment, by=world.other_staff),
    )
    smtp.messages.clear()
    smtp.envelopes.clear()
    told(
        django_capture_on_commit_callbacks,
        lambda: payments.payment_mark_paid(
            payment=payment, by=world.other_staff, paid_on=datetime.date(2017, 9, 15)
        ),
    )
    title = f"{world.project.name}: 100.000 kr. udbetalt den 15.09.2017"
    assert title in only_mail_to(smtp, world.staff)
    assert title in only_mail_to(smtp, world.secretariat)
    assert "100,000 kr. paid out on" in only_mail_to(smtp, english_secretariat)
    assert smtp.to(world.other_staff.email) == []
    assert heard_nothing(smtp, *bystanders.all())


def test_a_withdrawn_proposal_leaves_the_bell(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    payment = _propose(world, django_capture_on_commit_callbacks)
    assert services.waiting_count(world.other_staff) == 1
    told(
        django_capture_on_commit_callbacks,
        lambda: payments.payment_withdraw(payment=payment, by=world.staff),
    )
    assert services.waiting_count(world.other_staff) == 0
    assert services.waiting_count(world.admin) == 0


def test_a_refused_submission_tells_nobody(
    world: World, smtp: Server, django_capture_on_commit_callbacks: Any
) -> None:
    empty = world.report()
    with pytest.raises(ValidationError):
        told(
            django_capture_on_commit_callbacks,
            lambda: report_services.report_submit(report=empty, by=world.secretariat),
        )
    assert not Notification.objects.exists()
    assert smtp.messages == []
