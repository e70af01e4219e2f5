"""Helpers of the spending notification tests: the people who must hear nothing, and a run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.models import User

from notifications.models import Notification
from tests.factories import (
    ApplicantFactory,
    ForumMemberFactory,
    MembershipFactory,
    ProjectFactory,
    SecretariatFactory,
)
from tests.jobs.helpers import run_queued_jobs
from tests.smtp import Server, text_of
from tests.spending.world import World

T = TypeVar("T")


@dataclass
class Bystanders:
    """Those who may not hear of the world's project: another project's secretariat, the
    forum, and an applicant (even one tied to the project by mistake)."""

    other_secretariat: User
    forum_member: User
    applicant: User

    def all(self) -> list[User]:
        return [self.other_secretariat, self.forum_member, self.applicant]


def bystanders_of(world: World) -> Bystanders:
    other_secretariat = SecretariatFactory.create()
    MembershipFactory.create(project=ProjectFactory.create(), user=other_secretariat)
    applicant = ApplicantFactory.create()
    MembershipFactory.create(project=world.project, user=applicant)
    return Bystanders(
        other_secretariat=other_secretariat,
        forum_member=ForumMemberFactory.create(),
        applicant=applicant,
    )


def told(capture: Any, work: Callable[[], T]) -> T:
    """Do `work`, commit (its e-mails are queued), and run the queued tasks (they are sent)."""
    with capture(execute=True):
        result = work()
    run_queued_jobs()
    return result


def only_mail_to(smtp: Server, user: User) -> str:
    """The text of the one e-mail `user` got."""
    (message,) = smtp.to(user.email)
    return text_of(message)


def heard_nothing(smtp: Server, *users: User) -> bool:
    return not any(smtp.to(user.email) for user in users) and not (
        Notification.objects.filter(recipient__in=users).exists()
    )
