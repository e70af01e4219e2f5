"""The access mechanism: rules that answer plain bools, and lists that agree with them."""

from __future__ import annotations

import datetime

import pytest
import rules
from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from accounts import guards, scope
from grants.models import Case, GrantDecision, Project, Target
from participants.models import OnboardingCourse, Participant
from tests.factories import (
    AdministratorFactory,
    CaseFactory,
    CourseFactory,
    DecisionFactory,
    ForumMemberFactory,
    MembershipFactory,
    ParticipantFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _users() -> dict[str, User | AnonymousUser]:
    return {
        "anonymous": AnonymousUser(),
        "no role": UserFactory.create(),
        "regional": StaffFactory.create(),
        "secretariat": SecretariatFactory.create(),
        "forum": ForumMemberFactory.create(),
        "administrator": AdministratorFactory.create(),
        "superuser": UserFactory.create(is_superuser=True),
    }


def _objects() -> list[models.Model]:
    objects: list[models.Model] = []
    for _ in range(2):
        project = ProjectFactory.create()
        decision = DecisionFactory.create(project=project)
        participant = ParticipantFactory.create(project=project)
        objects += [
            project,
            decision,
            CaseFactory.create(project=project),
            TargetFactory.create(decision=decision),
            participant,
            CourseFactory.create(participant=participant, start_date=datetime.date(2019, 3, 1)),
        ]
    return objects


def test_every_rule_answers_a_plain_bool_for_every_role_and_object() -> None:
    """A truthy non-bool (say a `(False, reason)` tuple) would be a leak: each is a real bool."""
    users = _users()
    objects: list[object | None] = [None, *_objects()]
    for name in rules.permissions.permissions:
        for user in users.values():
            for obj in objects:
                assert type(rules.has_perm(name, user, obj)) is bool, name
                assert type(guards.has_perm(user, name, obj)) is bool, name


VIEW_PERMS: dict[type[models.Model], str] = {
    Project: "grants.view_project",
    GrantDecision: "grants.view_grantdecision",
    Case: "grants.view_case",
    Target: "grants.view_target",
    Participant: "participants.view_participant",
    OnboardingCourse: "participants.view_onboardingcourse",
}


def test_lists_show_exactly_the_objects_the_rules_let_each_user_see() -> None:
    objects = _objects()
    member = SecretariatFactory.create()
    MembershipFactory.create(user=member, project=objects[0])
    users = {**_users(), "member": member}
    for label, user in users.items():
        for obj in objects:
            model = type(obj)
            listed = model._default_manager.all().visible_to(user).filter(pk=obj.pk).exists()  # type: ignore[attr-defined]
            # Seen in a list ⇔ allowed to open it (a role that may not read the kind at all is
            # refused before any list, with 403).
            if guards.has_perm(user, VIEW_PERMS[model]):
                assert listed == guards.has_perm(user, VIEW_PERMS[model], obj), (label, obj)


def test_scope_of_each_role() -> None:
    project, other = ProjectFactory.create(), ProjectFactory.create()
    member = SecretariatFactory.create()
    MembershipFactory.create(user=member, project=project)
    assert scope.project_scope(member) == frozenset({project.pk})
    assert scope.people_scope(member) == frozenset({project.pk})
    regional = StaffFactory.create()
    assert scope.project_scope(regional) is None
    assert scope.people_scope(regional) == frozenset()  # people only as aggregates
    assert scope.people_scope(AdministratorFactory.create()) is None
    assert scope.project_scope(UserFactory.create()) == frozenset()
    assert scope.project_scope(AnonymousUser()) == frozenset()
    assert other.pk not in (scope.project_scope(member) or ())


def test_an_inactive_account_has_no_access_whatever_its_role() -> None:
    user = AdministratorFactory.create(is_active=False)
    assert not guards.has_perm(user, "grants.view_project")
    assert scope.member_project_ids(user) == frozenset()
