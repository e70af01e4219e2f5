"""Which projects' grant data, and which projects' people, a user may read.

`Model.objects.visible_to(user)` filters lists with it (`ScopedQuerySet`); the predicates
`in_project_scope` and `in_people_scope` test single objects with it. One definition, so a list
never shows what the detail page refuses. A secretariat's projects are `ProjectMembership` rows
of the grants app, looked up through the app registry: access sits below the domain apps.
"""

from __future__ import annotations

from typing import Any, Self, TypeVar

import rules
from django.apps import apps
from django.db import models

from accounts.guards import AnyUser
from accounts.predicates import is_secretariat, reads_all_projects, sees_all_people

QS = TypeVar("QS", bound=models.QuerySet[Any])
_M = TypeVar("_M", bound=models.Model)

_MEMBER_CACHE = "_rummelig_member_project_ids"
MEMBERSHIP_MODEL = "grants.ProjectMembership"
PROJECT_MODEL = "grants.project"


def member_project_ids(user: AnyUser) -> frozenset[int]:
    """The projects whose secretariat `user` belongs to (cached on the user for the request)."""
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return frozenset()
    cached = getattr(user, _MEMBER_CACHE, None)
    if cached is None:
        membership = apps.get_model(MEMBERSHIP_MODEL)
        cached = frozenset(
            membership._default_manager.filter(user_id=user.pk).values_list("project_id", flat=True)
        )
        setattr(user, _MEMBER_CACHE, cached)
    return cached


def project_scope(user: AnyUser) -> frozenset[int] | None:
    """The projects whose grants `user` may read: None means every project."""
    if reads_all_projects.test(user):
        return None
    if is_secretariat.test(user):
        return member_project_ids(user)
    return frozenset()


def people_scope(user: AnyUser) -> frozenset[int] | None:
    """The projects whose participants and courses `user` may see: None means every project.

    Regional staff and the forum see people only as aggregates (progress), never one by one.
    """
    if sees_all_people.test(user):
        return None
    if is_secretariat.test(user):
        return member_project_ids(user)
    return frozenset()


def scoped(queryset: QS, scope: frozenset[int] | None, lookup: str = "project_id") -> QS:
    """`queryset` narrowed to the projects in `scope` through `lookup`."""
    if scope is None:
        return queryset
    if not scope:
        return queryset.none()
    return queryset.filter(**{f"{lookup}__in": sorted(scope)})


def project_id_of(obj: object) -> int | None:
    """The project a grant, case, line, target, participant or course belongs to."""
    meta = getattr(obj, "_meta", None)
    if meta is not None and meta.label_lower == PROJECT_MODEL:
        pk = getattr(obj, "pk", None)
        return pk if isinstance(pk, int) else None
    for parent in ("decision", "case", "target"):
        if hasattr(obj, f"{parent}_id"):
            return project_id_of(getattr(obj, parent))
    project_id = getattr(obj, "project_id", None)
    return project_id if isinstance(project_id, int) else None


def _in(scope: frozenset[int] | None, project_id: int | None) -> bool:
    return scope is None or (project_id is not None and project_id in scope)


@rules.predicate
def in_project_scope(user: AnyUser, obj: object | None) -> bool:
    """Without an object: yes (the role decides). With one: its project is in scope."""
    return obj is None or _in(project_scope(user), project_id_of(obj))


@rules.predicate
def in_people_scope(user: AnyUser, obj: object | None) -> bool:
    return obj is None or _in(people_scope(user), project_id_of(obj))


class ScopedQuerySet(models.QuerySet[_M]):
    """A queryset whose `visible_to(user)` keeps the rows of the projects the user may see.

    `scope` is "grants" (budgets, cases, targets) or "people" (participants and courses);
    `project_lookup` leads from a row to its project.
    """

    scope = "grants"
    project_lookup = "project_id"

    def visible_to(self, user: AnyUser) -> Self:
        if self.scope == "people":
            return scoped(self, people_scope(user), self.project_lookup)
        return scoped(self, project_scope(user), self.project_lookup)
