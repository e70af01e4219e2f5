"""Erasing a participant at their request: the person goes, the courses' statistics stay."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from accounts.roles import ADMINISTRATOR
from participants import services
from participants.models import (
    Category,
    OnboardingCourse,
    Participant,
    ParticipantAccess,
    ParticipantErasure,
    people_count,
)
from participants.services import log_participant_access, participant_erase
from progress.queries import project_progress
from tests.factories import (
    CourseFactory,
    DecisionFactory,
    ParticipantFactory,
    TargetFactory,
    UserFactory,
)
from tests.participants.world import World, build_world, client_for

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2020, 12, 31)
VIEWED = ParticipantAccess.Action.VIEWED
# What a course keeps when its participant is erased.
STATISTICAL_FIELDS = (
    "pk",
    "project",
    "company",
    "start_date",
    "end_date",
    "mentor",
    "outcome",
    "outcome_date",
)
HistoricalParticipant = Participant.history.model
HistoricalCourse = OnboardingCourse.history.model


@pytest.fixture
def world() -> World:
    world = build_world()
    p = world.participant
    p.target_groups.set(Category.objects.filter(kind=Category.Kind.TARGET_GROUP)[:2])
    p.disability = True
    p.save()
    world.course.end_date = datetime.date(2019, 9, 30)
    world.course.outcome = OnboardingCourse.Outcome.ORDINARY_JOB
    world.course.outcome_date = datetime.date(2019, 9, 30)
    world.course.save()
    CourseFactory.create(participant=p, start_date=datetime.date(2020, 2, 1))
    return world


def erase_url(participant: Participant) -> str:
    return reverse("participants:participant_erase", args=[participant.pk])


def statistics(world: World) -> list[tuple[Any, ...]]:
    """What the project's progress shows, target by target, month by month."""
    return [
        (
            item.target.indicator.measure,
            item.progress.achieved,
            [(point.month, point.achieved) for point in item.series],
        )
        for item in project_progress(world.project, today=TODAY)
    ]


def with_targets(world: World) -> None:
    decision = DecisionFactory.create(
        project=world.project, first_year=2019, last_year=2020, status="approved"
    )
    for indicator in ("citizens_in_courses", "ordinary_jobs", "flex_jobs"):
        TargetFactory.create(decision=decision, indicator=indicator, value=10)
    # Somebody else in the project, so the figures are not all about one person.
    other = ParticipantFactory.create(project=world.project)
    CourseFactory.create(
        participant=other,
        start_date=datetime.date(2019, 5, 1),
        end_date=datetime.date(2019, 11, 1),
        outcome=OnboardingCourse.Outcome.FLEX_JOB,
        outcome_date=datetime.date(2019, 11, 1),
    )


class TestErasePage:
    def test_the_page_says_what_goes_and_what_stays_and_changes_nothing(self, world: World) -> None:
        response = client_for(world.secretary).get(erase_url(world.participant))

        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-testid="erase-deleted"' in html
        assert html.count("Tømrer Jensen ApS") == 1  # the kept course, in the table
        assert response.context["courses"] == list(world.participant.courses.order_by("start_date"))
        assert response.context["ended_count"] == 1
        assert '<label class="form-label" for="id_reference">' in html
        assert Participant.objects.filter(pk=world.participant.pk).exists()
        assert not ParticipantErasure.objects.exists()

    @pytest.mark.parametrize("typed", ["", "RI-0002", "ri-0001", "AP-0001"])
    def test_a_wrong_confirmation_erases_nothing(self, world: World, typed: str) -> None:
        versions = HistoricalParticipant.objects.count()
        response = client_for(world.secretary).post(
            erase_url(world.participant), {"reference": typed}
        )

        assert response.status_code == 200
        assert response.context["form"].errors["reference"]
        assert 'class="form-error-message"' in response.content.decode()
        assert Participant.objects.filter(pk=world.participant.pk).exists()
        assert world.participant.courses.count() == 2
        assert HistoricalParticipant.objects.count() == versions
        assert not ParticipantErasure.objects.exists()

    def test_the_confirmation_erases_and_goes_to_the_course_list(self, world: World) -> None:
        client = client_for(world.secretary)
        response = client.post(erase_url(world.participant), {"reference": " RI-0001 "})

        assert response.status_code == 302
        assert response["Location"] == reverse("participants:course_list")
        assert not Participant.objects.filter(pk=world.participant.pk).exists()
        [message] = get_messages(response.wsgi_request)
        assert message.level_tag == "success"
        assert "RI-0001" not in str(message)


@pytest.mark.parametrize(
    ("who", "status"),
    [("other_secretary", 404), ("staff", 403), ("nobody", 403)],
)
def test_who_may_not_erase(world: World, who: str, status: int) -> None:
    client = client_for(getattr(world, who))
    assert client.get(erase_url(world.participant)).status_code == status
    assert client.post(erase_url(world.participant), {"reference": "RI-0001"}).status_code == status
    assert Participant.objects.filter(pk=world.participant.pk).exists()


def test_an_administrator_may_erase(world: World) -> None:
    admin = UserFactory.create(username="admin", role=ADMINISTRATOR)
    response = client_for(admin).post(erase_url(world.participant), {"reference": "RI-0001"})
    assert response.status_code == 302
    assert not Participant.objects.filter(reference="RI-0001").exists()


class TestErasure:
    def test_the_participant_and_their_history_are_gone(self, world: World) -> None:
        pk = world.participant.pk
        assert HistoricalParticipant.objects.filter(id=pk).exists()

        participant_erase(participant=world.participant, by=world.secretary)

        assert not Participant.objects.filter(pk=pk).exists()
        assert not HistoricalParticipant.objects.filter(id=pk).exists()
        assert not HistoricalParticipant.objects.filter(reference="RI-0001").exists()
        for name in ("target_groups", "results_on_leaving", "results_six_months"):
            m2m_history = getattr(HistoricalParticipant, name).model
            assert not m2m_history.objects.filter(participant_id=pk).exists(), name
        # The other project's participant keeps their history.
        assert HistoricalParticipant.objects.filter(id=world.other_participant.pk).exists()

    def test_the_courses_stay_without_the_person(self, world: World) -> None:
        before = list(world.participant.courses.order_by("pk").values(*STATISTICAL_FIELDS))

        erasure = participant_erase(participant=world.participant, by=world.secretary)

        courses = OnboardingCourse.objects.filter(erasure=erasure).order_by("pk")
        assert list(courses.values(*STATISTICAL_FIELDS)) == before
        assert all(course.participant_id is None for course in courses)
        assert "RI-0001" not in str(courses[0])

    def test_the_courses_history_no_longer_points_at_the_person(self, world: World) -> None:
        pk = world.participant.pk
        course_ids = list(world.participant.courses.values_list("pk", flat=True))

        erasure = participant_erase(participant=world.participant, by=world.secretary)

        assert not HistoricalCourse.objects.filter(participant_id=pk).exists()
        versions = HistoricalCourse.objects.filter(id__in=course_ids)
        assert versions.count() > len(course_ids)  # created, and changed by the erasure
        assert set(versions.values_list("erasure_id", flat=True)) == {erasure.pk}
        assert HistoricalCourse.objects.filter(participant_id=world.other_participant.pk).exists()

    def test_the_access_log_keeps_who_looked_but_not_at_whom(self, world: World) -> None:
        log_participant_access(user=world.secretary, participant=world.participant, action=VIEWED)
        log_participant_access(
            user=world.other_secretary, participant=world.other_participant, action=VIEWED
        )

        erasure = participant_erase(participant=world.participant, by=world.secretary)

        entry = ParticipantAccess.objects.get(user=world.secretary)
        assert entry.participant is None
        assert entry.erasure == erasure
        assert entry.project == world.project
        assert entry.username == "sekretaer"
        other = ParticipantAccess.objects.get(user=world.other_secretary)
        assert other.participant == world.other_participant

    def test_the_erasure_records_who_when_and_where_but_not_whom(self, world: World) -> None:
        erasure = participant_erase(participant=world.participant, by=world.secretary)

        assert erasure.project == world.project
        assert erasure.erased_by == world.secretary
        assert erasure.erased_by_username == "sekretaer"
        assert erasure.course_count == 2
        assert erasure.erased_at is not None
        values = [str(v) for v in ParticipantErasure.objects.values().get(pk=erasure.pk).values()]
        assert not any("RI-0001" in v for v in values)

    def test_the_admins_log_no_longer_names_the_person(self, world: World) -> None:
        for obj in (world.participant, world.course):
            LogEntry.objects.create(
                user=world.secretary,
                content_type=ContentType.objects.get_for_model(obj),
                object_id=str(obj.pk),
                object_repr=str(obj),
                action_flag=CHANGE,
            )
        assert LogEntry.objects.filter(object_repr__contains="RI-0001").count() == 2

        participant_erase(participant=world.participant, by=world.secretary)

        assert not LogEntry.objects.filter(object_repr__contains="RI-0001").exists()
        assert LogEntry.objects.count() == 2

    def test_the_projects_progress_is_the_same_after(self, world: World) -> None:
        with_targets(world)
        before = statistics(world)
        assert [figure[:2] for figure in before] == [
            ("citizens_in_courses", 2),
            ("ordinary_jobs", 1),
            ("flex_jobs", 1),
        ]

        participant_erase(participant=world.participant, by=world.secretary)

        assert statistics(world) == before

    def test_an_erased_participant_still_counts_as_one_person(self, world: World) -> None:
        ParticipantFactory.create(project=world.project)  # without courses: counts nowhere
        before = OnboardingCourse.objects.aggregate(people=people_count())["people"]
        assert before == 2

        participant_erase(participant=world.participant, by=world.secretary)

        assert OnboardingCourse.objects.aggregate(people=people_count())["people"] == before

    def test_an_anonymous_user_cannot_erase(self, world: World) -> None:
        with pytest.raises(ValidationError):
            # The type says a user; the service still refuses anyone not signed in.
            participant_erase(participant=world.participant, by=AnonymousUser())  # type: ignore[arg-type]
        assert Participant.objects.filter(pk=world.participant.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_failure_half_way_leaves_everything_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = build_world()
    log_participant_access(user=world.secretary, participant=world.participant, action=VIEWED)
    pk = world.participant.pk
    versions = HistoricalParticipant.objects.filter(id=pk).count()
    course_versions = HistoricalCourse.objects.filter(participant_id=pk).count()

    def fail(participant_id: int) -> None:
        # Called once the participant is deleted and the rest de-linked: as late as can be.
        assert not Participant.objects.filter(pk=participant_id).exists()
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_purge_history", fail)
    with pytest.raises(RuntimeError):
        participant_erase(participant=world.participant, by=world.secretary)

    assert Participant.objects.get(pk=pk).reference == "RI-0001"
    assert OnboardingCourse.objects.get(pk=world.course.pk).participant_id == pk
    assert HistoricalParticipant.objects.filter(id=pk).count() == versions
    assert HistoricalCourse.objects.filter(participant_id=pk).count() == course_versions
    assert ParticipantAccess.objects.get().participant_id == pk
    assert not ParticipantErasure.objects.exists()


def test_a_participant_with_courses_cannot_be_deleted_other_than_by_erasure(
    world: World,
) -> None:
    with pytest.raises(ProtectedError):
        world.participant.delete()


def test_a_course_belongs_to_a_participant_or_to_an_erasure(world: World) -> None:
    erasure = ParticipantErasure.objects.create(
        project=world.project, erased_by_username="x", course_count=0
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        OnboardingCourse.objects.filter(pk=world.course.pk).update(erasure=erasure)
    with pytest.raises(IntegrityError), transaction.atomic():
        OnboardingCourse.objects.filter(pk=world.course.pk).update(participant=None)
