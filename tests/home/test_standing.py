"""The region's standing on the staff's front page: computed in the background, read in one
query, said when it was computed, asked for again once it is old or of another day."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from grants.models import GrantDecision, Project
from home.models import RegionStanding
from home.standing import STANDING_PK, compute, region_standing
from tests.factories import (
    DecisionFactory,
    MembershipFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
    TargetFactory,
)
from tests.jobs.helpers import run_queued_jobs

pytestmark = pytest.mark.django_db

HOME = reverse("home:home")
TODAY = timezone.localdate()


def _behind(project: Project) -> GrantDecision:
    """A recommended decision from last year to next with 30 flex jobs and none yet: behind."""
    decision = DecisionFactory.create(
        project=project,
        status=GrantDecision.Status.RECOMMENDED,
        first_year=TODAY.year - 1,
        last_year=TODAY.year + 1,
    )
    TargetFactory.create(decision=decision, indicator="flex_jobs", value=30)
    assert isinstance(decision, GrantDecision)
    return decision


def _behind_section(user: User) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    match = re.search(
        r'<section[^>]*data-section="behind".*?</section>', response.content.decode(), re.S
    )
    assert match is not None
    return match.group(0)


def _queued() -> int:
    return DBTaskResult.objects.filter(task_path="home.standing.refresh_standing").count()


def _age(minutes: int) -> None:
    RegionStanding.objects.filter(pk=STANDING_PK).update(
        computed_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def test_the_first_request_computes_the_standing_and_says_when(settings: Any) -> None:
    settings.HOME_STANDING_MINUTES = 7
    project = ProjectFactory.create()
    _behind(project)
    section = _behind_section(StaffFactory.create())
    assert f'<tr data-project="{project.pk}">' in section
    assert "1 af 1" in section
    row = RegionStanding.objects.get()
    assert row.day == TODAY
    local = timezone.localtime(row.computed_at)
    assert f"beregnet {local.day}. " in section, section
    assert f"kl. {local:%H:%M}" in section
    assert "når de er over 7 minutter gamle" in section
    assert _queued() == 0


def test_a_fresh_standing_is_shown_as_computed_and_nothing_is_queued(
    django_capture_on_commit_callbacks: Any,
) -> None:
    staff = StaffFactory.create()
    _behind_section(staff)
    later = ProjectFactory.create()
    _behind(later)
    with django_capture_on_commit_callbacks(execute=True):
        section = _behind_section(staff)
    # Computed minutes ago: the project behind since then waits for the next computation.
    assert f'data-project="{later.pk}"' not in section
    assert _queued() == 0


def test_an_old_standing_is_shown_while_the_worker_computes_it_again(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.HOME_STANDING_MINUTES = 10
    staff = StaffFactory.create()
    _behind_section(staff)
    later = ProjectFactory.create()
    _behind(later)
    _age(11)
    with django_capture_on_commit_callbacks(execute=True):
        first = _behind_section(staff)
        second = _behind_section(StaffFactory.create())
    # Both requests answer at once with the old figures; only the first asks the worker.
    assert f'data-project="{later.pk}"' not in first
    assert f'data-project="{later.pk}"' not in second
    assert _queued() == 1
    run_queued_jobs()
    assert DBTaskResult.objects.get(task_path="home.standing.refresh_standing").status == (
        "SUCCESSFUL"
    )
    row = RegionStanding.objects.get()
    assert row.refresh_asked_at is None
    assert timezone.now() - row.computed_at < datetime.timedelta(minutes=1)
    assert f'<tr data-project="{later.pk}">' in _behind_section(staff)


def test_a_standing_of_another_day_is_computed_again_for_today(
    django_capture_on_commit_callbacks: Any,
) -> None:
    staff = StaffFactory.create()
    _behind_section(staff)
    RegionStanding.objects.update(day=TODAY - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        _behind_section(staff)
    assert _queued() == 1
    run_queued_jobs()
    assert RegionStanding.objects.get().day == TODAY


def test_a_request_asks_again_when_the_worker_has_not_answered_within_the_age(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.HOME_STANDING_MINUTES = 10
    compute(today=TODAY)
    _age(30)
    with django_capture_on_commit_callbacks(execute=True):
        region_standing(today=TODAY)
        region_standing(today=TODAY)
    assert _queued() == 1
    # No worker ran; ten minutes on, one more request asks once more.
    RegionStanding.objects.update(refresh_asked_at=timezone.now() - datetime.timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        region_standing(today=TODAY)
    assert _queued() == 2


def test_the_secretariat_sees_its_own_projects_counted_now() -> None:
    own, other = ProjectFactory.create(), ProjectFactory.create()
    member = SecretariatFactory.create()
    MembershipFactory.create(user=member, project=own)
    _behind(other)
    section = _behind_section(member)
    assert "data-standing-computed" not in section
    assert f'data-project="{other.pk}"' not in section
    _behind(own)
    # No standing is kept for a secretariat: what it logs shows on the next request.
    assert f'<tr data-project="{own.pk}">' in _behind_section(member)
    assert not RegionStanding.objects.exists()


def test_the_computation_costs_the_same_queries_however_many_projects(
    django_assert_num_queries: Any,
) -> None:
    _behind(ProjectFactory.create())
    compute(today=TODAY)
    with CaptureQueriesContext(connection) as small:
        compute(today=TODAY)
    for _ in range(4):
        _behind(ProjectFactory.create())
    with django_assert_num_queries(len(small)):
        standing = compute(today=TODAY)
    assert len(standing.behind) == 5
