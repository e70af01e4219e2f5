"""The generated demo data: realistic, reproducible, idempotent."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.dk import cvr

from companies.models import Company, Network
from demo.participants import COMPANIES, PARTICIPANTS, load_participant_demo
from demo.users import ensure_demo_users
from grants.models import Project, ProjectMembership
from participants.models import OnboardingCourse, Participant

pytestmark = pytest.mark.django_db


def _snapshot(project: Project) -> list[tuple[object, ...]]:
    return list(
        OnboardingCourse.objects.filter(project=project)
        .order_by("participant__reference", "start_date")
        .values_list(
            "participant__reference",
            "participant__birth_year",
            "company__cvr",
            "start_date",
            "end_date",
            "outcome",
        )
    )


def test_demo_is_the_same_every_time_it_is_loaded(seed: Project) -> None:
    first = load_participant_demo(seed)
    snapshot = _snapshot(seed)
    second = load_participant_demo(seed)

    assert first == second
    assert _snapshot(seed) == snapshot
    assert Participant.objects.count() == PARTICIPANTS
    assert Company.objects.count() == COMPANIES


def test_demo_has_the_real_projects_scale_and_valid_data(seed: Project) -> None:
    counts = load_participant_demo(seed)

    assert counts.participants == 900
    assert 900 <= counts.courses <= 1200
    assert all(cvr.is_valid(number) for number in Company.objects.values_list("cvr", flat=True))
    assert Network.objects.count() == 7
    assert Company.objects.filter(networks__isnull=False).distinct().count() == COMPANIES
    assert not OnboardingCourse.objects.filter(start_date__lt=date(2016, 1, 1)).exists()
    assert not OnboardingCourse.objects.filter(end_date__gt=date(2020, 12, 31)).exists()
    assert Participant.objects.values("municipality").distinct().count() == 11


def test_demo_progress_is_partial_in_both_grant_periods(seed: Project) -> None:
    load_participant_demo(seed)
    for first, last, flex_target in [(2016, 2018, 120), (2019, 2020, 60)]:
        flex = OnboardingCourse.objects.filter(
            project=seed,
            outcome=OnboardingCourse.Outcome.FLEX_JOB,
            outcome_date__range=(date(first, 1, 1), date(last, 12, 31)),
        ).count()
        assert 0 < flex < flex_target, (first, last, flex)


def test_demo_secretariat_user_works_in_the_demo_project(seed: Project) -> None:
    ensure_demo_users(seed)
    membership = ProjectMembership.objects.get(user__username="secretariat")
    assert membership.project == seed
    assert not ProjectMembership.objects.filter(user__username="regional").exists()
