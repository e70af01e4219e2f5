"""Who hears of a project's events: its secretariat, the staff who follow it, the forum.

The rooms above grants tell their events (`notifications.services.notify`) to the people these
functions name; `notify` then leaves out anyone who may not see the event's object.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import QuerySet

from accounts.roles import FORUM_MEMBER, REGIONAL_STAFF
from grants.models import Project


def with_role(role: str) -> QuerySet[User]:
    return User.objects.filter(groups__name=role, is_active=True).distinct().order_by("pk")


def regional_staff() -> QuerySet[User]:
    return with_role(REGIONAL_STAFF)


def forum_members() -> QuerySet[User]:
    return with_role(FORUM_MEMBER)


def secretariat(project: Project | int) -> QuerySet[User]:
    """The users working in the project (its secretariat)."""
    project_id = project.pk if isinstance(project, Project) else project
    return User.objects.filter(project_memberships__project_id=project_id, is_active=True).order_by(
        "pk"
    )


def following(project: Project) -> list[User]:
    """The regional staff who follow `project`: its case officer, or all of them while it has
    none, so that nothing is told to nobody."""
    officer = project.case_officer
    if officer is not None and officer.is_active:
        return [officer]
    return list(regional_staff())
