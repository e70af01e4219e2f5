"""Changing a target keeps its history: the old value, when, by whom and why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grants.models import Target, TargetChange
from grants.services import target_change
from tests.factories import AdministratorFactory, DecisionFactory, StaffFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def target() -> Target:
    decision = DecisionFactory.create(first_year=2019, last_year=2020, status="approved")
    return TargetFactory.create(decision=decision, indicator="flex_jobs", value=60)


@pytest.fixture
def staff() -> User:
    return StaffFactory.create(username="karen")


def test_a_change_records_old_and_new_value_who_when_and_why(target: Target, staff: User) -> None:
    before = timezone.now()
    change = target_change(target=target, value=45, reason="  Fewer flex jobs in 2020  ", by=staff)
    target.refresh_from_db()
    assert target.value == 45
    assert (change.old_value, change.new_value) == (60, 45)
    assert change.changed_by == staff
    assert change.reason == "Fewer flex jobs in 2020"
    assert before <= change.changed_at <= timezone.now() + timedelta(seconds=1)
    assert list(target.changes.all()) == [change]


def test_changes_pile_up_newest_first(target: Target, staff: User) -> None:
    target_change(target=target, value=45, reason="first", by=staff)
    target_change(target=target, value=50, reason="second", by=staff)
    assert [(c.old_value, c.new_value, c.reason) for c in target.changes.all()] == [
        (45, 50, "second"),
        (60, 45, "first"),
    ]


@pytest.mark.parametrize(
    ("value", "reason", "field"),
    [
        (45, "", "reason"),
        (45, "   \n ", "reason"),
        (-1, "A reason", "value"),
        (60, "Unchanged", "value"),
    ],
)
def test_a_change_without_reason_or_with_a_bad_value_is_refused_and_nothing_saved(
    target: Target, staff: User, value: int, reason: str, field: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        target_change(target=target, value=value, reason=reason, by=staff)
    assert field in exc.value.message_dict
    target.refresh_from_db()
    assert target.value == 60
    assert not TargetChange.objects.exists()


def test_the_history_survives_the_user_who_made_it(target: Target, staff: User) -> None:
    target_change(target=target, value=45, reason="Vækstforum", by=staff)
    staff.delete()
    change = TargetChange.objects.get()
    assert change.changed_by is None
    assert change.reason == "Vækstforum"


# The edit page.


def _url(target: Target) -> str:
    return reverse("progress:target_edit", args=[target.pk])


def test_staff_change_a_target_and_land_on_its_progress(
    client: Client, target: Target, staff: User
) -> None:
    client.force_login(staff)
    page = client.get(_url(target))
    assert page.status_code == 200
    assert page.context["form"].initial["value"] == 60
    assert b'for="id_reason"' in page.content
    assert b'for="id_value"' in page.content

    response = client.post(_url(target), {"value": "45", "reason": "Vækstforum 12. marts 2019"})
    progress_url = reverse("progress:project_progress", args=[target.decision.project_id])
    assert response.status_code == 302
    assert response["Location"] == f"{progress_url}#target-{target.pk}"
    change = TargetChange.objects.get()
    assert (change.old_value, change.new_value, change.changed_by) == (60, 45, staff)
    assert change.reason == "Vækstforum 12. marts 2019"
    assert b"V\xc3\xa6kstforum 12. marts 2019" in client.get(_url(target)).content


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"value": "45", "reason": ""}, "reason"),
        ({"value": "45", "reason": "   "}, "reason"),
        ({"value": "", "reason": "A reason"}, "value"),
        ({"value": "abc", "reason": "A reason"}, "value"),
        ({"value": "-5", "reason": "A reason"}, "value"),
        ({"value": "99999999999", "reason": "A reason"}, "value"),
        ({"value": "60", "reason": "Same value"}, "value"),
    ],
)
def test_bad_input_is_shown_at_its_field_and_nothing_is_saved(
    client: Client, target: Target, staff: User, data: dict[str, str], field: str
) -> None:
    client.force_login(staff)
    response = client.post(_url(target), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert b'class="form-error-message"' in response.content
    target.refresh_from_db()
    assert target.value == 60
    assert not TargetChange.objects.exists()


# The admin: the value of an existing target is changed only with a reason.


def test_the_admin_shows_targets_with_breakdown_and_read_only_history(
    client: Client, target: Target, staff: User
) -> None:
    client.force_login(AdministratorFactory.create())
    target_change(target=target, value=45, reason="Vækstforum", by=staff)
    page = client.get(reverse("admin:grants_target_change", args=[target.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="breakdown-TOTAL_FORMS"' in html
    assert "Vækstforum" in html
    assert 'name="value"' not in html  # read-only once set
    assert 'name="changes-0-reason"' not in html  # the history cannot be edited
    assert client.get(reverse("admin:grants_target_changelist")).status_code == 200
    assert client.get(reverse("admin:grants_target_add")).status_code == 200
