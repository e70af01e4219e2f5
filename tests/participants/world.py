"""Two projects, each with its secretariat, a participant and a course; and the other roles."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Permission, User
from django.test import Client

from companies.models import Company
from grants.models import Project
from participants.models import OnboardingCourse, Participant
from tests.factories import (
    CompanyFactory,
    CourseFactory,
    MembershipFactory,
    ParticipantFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)

PASSWORD = "correct-horse-battery"


@dataclass
class World:
    project: Project
    other_project: Project
    secretary: User
    other_secretary: User
    staff: User
    nobody: User
    company: Company
    participant: Participant
    course: OnboardingCourse
    other_participant: Participant
    other_course: OnboardingCourse


def build_world() -> World:
    project = ProjectFactory.create(name="Rummelig test")
    other_project = ProjectFactory.create(name="Another project")
    secretary = SecretariatFactory.create(username="sekretaer")
    other_secretary = SecretariatFactory.create(username="anden")
    MembershipFactory.create(project=project, user=secretary)
    MembershipFactory.create(project=other_project, user=other_secretary)
    company = CompanyFactory.create(name="Tømrer Jensen ApS")
    company.projects.add(project)
    participant = ParticipantFactory.create(project=project, reference="RI-0001")
    course = CourseFactory.create(
        participant=participant, company=company, start_date=datetime.date(2019, 3, 1)
    )
    other_participant = ParticipantFactory.create(project=other_project, reference="AP-0001")
    other_course = CourseFactory.create(
        participant=other_participant, start_date=datetime.date(2019, 4, 1)
    )
    return World(
        project=project,
        other_project=other_project,
        secretary=secretary,
        other_secretary=other_secretary,
        staff=StaffFactory.create(username="region"),
        nobody=UserFactory.create(username="nobody"),
        company=company,
        participant=participant,
        course=course,
        other_participant=other_participant,
        other_course=other_course,
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def grant(user: User, *codenames: str) -> User:
    """Give `user` participant permissions by codename; returns a fresh copy (no perm cache)."""
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="participants", codename__in=codenames)
    )
    return User.objects.get(pk=user.pk)
