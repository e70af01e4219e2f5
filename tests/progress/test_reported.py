"""Reported values: the project's secretariat reports per period with a note and evidence;
regional staff approve or return them; who and when are kept, and bad input saves nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from grants.models import Target
from progress.models import ReportedValue
from progress.services import reported_value_approve, reported_value_return, reported_value_submit
from tests.factories import (
    DecisionFactory,
    IndicatorFactory,
    MembershipFactory,
    SecretariatFactory,
    StaffFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def target(db: None) -> Target:
    decision = DecisionFactory.create(first_year=2021, last_year=2023, status="approved")
    indicator = IndicatorFactory.create(code="ERH02", name_da="Nye arbejdspladser")
    made: Target = TargetFactory.create(decision=decision, indicator=indicator, value=60)
    return made


@pytest.fixture
def member(target: Target) -> User:
    user: User = SecretariatFactory.create()
    MembershipFactory.create(user=user, project=target.decision.project)
    return user


@pytest.fixture
def member_client(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _submit(target: Target, by: User, **change: Any) -> ReportedValue:
    values: dict[str, Any] = {
        "period_start": date(2021, 1, 1),
        "period_end": date(2021, 12, 31),
        "value": 12,
        "note": "Lønsedler",
        "evidence": None,
        **change,
    }
    return reported_value_submit(target=target, by=by, **values)


def test_the_secretariat_reports_a_value_with_evidence(
    member_client: Client, member: User, target: Target
) -> None:
    url = reverse("progress:reported_create", args=[target.pk])
    response = member_client.post(
        url,
        {
            "period_start": "2021-01-01",
            "period_end": "2021-12-31",
            "value": "12",
            "note": "Lønsedler for 12 nyansatte",
            "evidence": SimpleUploadedFile("løn.pdf", PDF),
        },
    )

    assert response.status_code == 302
    reported = ReportedValue.objects.get()
    assert (reported.value, reported.status, reported.reported_by) == (12, "submitted", member)
    assert (reported.evidence_name, reported.evidence_type) == ("løn.pdf", "application/pdf")
    assert reported.history.get().history_user == member
    download = member_client.get(reverse("progress:reported_evidence", args=[reported.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"period_start": ""}, "period_start", "påkrævet"),
        ({"period_end": "31-12-2021"}, "period_end", "gyldig dato"),
        ({"period_end": "2020-12-31"}, "period_end", "Perioden kan ikke slutte"),
        ({"period_end": "2024-01-31"}, "period_start", "inden for bevillingens periode"),
        ({"value": "-1"}, "value", "større end eller lig 0"),
        ({"value": "tolv"}, "value", "heltal"),
        ({"note": "  "}, "note", "påkrævet"),
        ({"evidence": SimpleUploadedFile("x.pdf", b"<html><script>")}, "evidence", "kan ikke"),
        ({"evidence": SimpleUploadedFile("x.pdf", b"")}, "evidence", ""),
    ],
)
def test_a_bad_report_is_refused_with_its_message(
    member_client: Client, target: Target, change: dict[str, Any], field: str, message: str
) -> None:
    data = {
        "period_start": "2021-01-01",
        "period_end": "2021-12-31",
        "value": "12",
        "note": "Lønsedler",
        **change,
    }
    response = member_client.post(reverse("progress:reported_create", args=[target.pk]), data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not ReportedValue.objects.exists()


def test_a_period_is_reported_once_while_its_value_counts(member: User, target: Target) -> None:
    first = _submit(target, member)
    with pytest.raises(ValidationError) as refusal:
        _submit(target, member, period_start=date(2021, 7, 1), period_end=date(2022, 6, 30))
    assert refusal.value.error_dict["period_start"][0].code == "overlap"
    # Once returned, the period may be reported again.
    reported_value_return(reported=first, reason="Mangler bilag", by=StaffFactory.create())
    assert _submit(target, member, value=11).value == 11


def test_a_computed_indicator_takes_no_reported_values(member: User, target: Target) -> None:
    computed = TargetFactory.create(decision=target.decision, indicator="flex_jobs")
    with pytest.raises(ValidationError) as refusal:
        _submit(computed, member)
    assert refusal.value.code == "computed"
    client = Client()
    client.force_login(member)
    assert client.get(reverse("progress:reported_create", args=[computed.pk])).status_code == 404


def test_staff_approve_a_value_and_who_and_when_are_kept(
    staff_client: Client, member: User, target: Target
) -> None:
    reported = _submit(target, member)
    staff = staff_client.session["_auth_user_id"]

    response = staff_client.post(reverse("progress:reported_approve", args=[reported.pk]))

    assert response.status_code == 302
    reported.refresh_from_db()
    assert (reported.status, str(reported.decided_by_id)) == ("approved", staff)
    assert reported.decided_at is not None
    assert [r.status for r in reported.history.order_by("history_date")] == [
        "submitted",
        "approved",
    ]
    # Decided once only.
    with pytest.raises(ValidationError) as refusal:
        reported_value_return(reported=reported, reason="Alligevel ikke", by=StaffFactory.create())
    assert refusal.value.code == "decided"


def test_no_one_approves_their_own_report(target: Target) -> None:
    admin = StaffFactory.create()
    reported = _submit(target, admin)
    with pytest.raises(ValidationError) as refusal:
        reported_value_approve(reported=reported, by=admin)
    assert refusal.value.code == "own_report"
    reported.refresh_from_db()
    assert reported.status == "submitted"


def test_a_return_says_why(staff_client: Client, member: User, target: Target) -> None:
    reported = _submit(target, member)
    url = reverse("progress:reported_return", args=[reported.pk])

    response = staff_client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    reported.refresh_from_db()
    assert reported.status == "submitted"

    assert staff_client.post(url, {"reason": "Bilaget mangler"}).status_code == 302
    reported.refresh_from_db()
    assert (reported.status, reported.decision_note) == ("returned", "Bilaget mangler")


def test_the_reported_list_takes_the_same_queries_for_more_values(
    member_client: Client,
    member: User,
    target: Target,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    url = reverse("progress:reported_list", args=[target.decision.project_id])
    _submit(target, member, period_end=date(2021, 3, 31))
    member_client.get(url)
    with CaptureQueriesContext(connection) as few:
        member_client.get(url)
    for month in (6, 9, 12):
        _submit(
            target,
            member,
            period_start=date(2021, month - 2, 1),
            period_end=date(2021, month, 28),
        )
    other = TargetFactory.create(
        decision=target.decision, indicator=IndicatorFactory.create(code="ERH03"), value=40
    )
    _submit(other, member)
    with CaptureQueriesContext(connection) as many:
        html = member_client.get(url).content.decode()
    assert len(many) == len(few)
    assert html.count("data-reported=") == 5
