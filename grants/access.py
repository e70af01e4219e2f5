"""Who may see and do what: the one access mechanism of Rummelig.

Three layers, each in one place:

* **Roles** are groups with untranslated codes (`grants.roles`); a secretariat's projects are
  `ProjectMembership` rows. Both are data, managed in the admin.
* **Scope** (this module): which projects' grant data, and which projects' people, a user may
  read. `Model.objects.visible_to(user)` filters lists with it; the predicates below test single
  objects with it. One definition, so a list never shows what the detail page refuses.
* **Permissions** are django-rules predicates registered in `grants.rules`, role-wide
  (``user.has_perm("grants.change_case")``) and per object
  (``user.has_perm("grants.change_case", case)``). They return plain bools.

Views use only `permission_required` (no object), `get_object` and `ObjectPermissionMixin`:
403 when the role lacks the permission, 404 when the object is outside the user's scope (or does
not exist), 403 when a rule refuses that one object.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

import rules
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

from grants.roles import ADMINISTRATOR, FORUM_MEMBER, REGIONAL_STAFF, SECRETARIAT

AnyUser = AbstractBaseUser | AnonymousUser
M = TypeVar("M", bound=models.Model)
QS = TypeVar("QS", bound=models.QuerySet[Any])
ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])

# --- Roles -------------------------------------------------------------------------------


def _is_superuser(user: AnyUser) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


is_superuser = rules.Predicate(_is_superuser)


def _member_of_group(code: str) -> rules.Predicate:
    # rules caches the user's group names on the user object: one query per request.
    return cast(rules.Predicate, rules.is_active & rules.is_group_member(code))


is_regional_staff = _member_of_group(REGIONAL_STAFF)
is_secretariat = _member_of_group(SECRETARIAT)
is_forum_member = _member_of_group(FORUM_MEMBER)
is_administrator = _member_of_group(ADMINISTRATOR) | is_superuser

# Who reads every project's grants: budgets, decisions, progress.
reads_all_projects = is_regional_staff | is_forum_member | is_administrator
# Who sees the people (participants and their courses) of every project.
sees_all_people = is_administrator


# --- Scope -------------------------------------------------------------------------------

_MEMBER_CACHE = "_rummelig_member_project_ids"


def member_project_ids(user: AnyUser) -> frozenset[int]:
    """The projects whose secretariat `user` belongs to (cached on the user for the request)."""
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return frozenset()
    cached = getattr(user, _MEMBER_CACHE, None)
    if cached is None:
        from grants.models import ProjectMembership

        cached = frozenset(
            ProjectMembership.objects.filter(user_id=user.pk).values_list("project_id", flat=True)
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
    from grants.models import Project

    if isinstance(obj, Project):
        return obj.pk
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


def _sees_special_categories(user: AnyUser) -> bool:
    # Granted person by person, never by a role (answered by `AccountBackend`).
    return has_perm(user, "participants.view_special_categories")


sees_special_categories = rules.Predicate(_sees_special_categories)


# --- Enforcement in views ----------------------------------------------------------------


def has_perm(user: AnyUser, perm: str, obj: Any = None) -> bool:
    """`user.has_perm(perm, obj)` for any user object, always a plain bool."""
    return bool(
        user.is_authenticated and isinstance(user, PermissionsMixin) and user.has_perm(perm, obj)
    )


def require(user: AnyUser, perm: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless `user` has `perm` (on `obj`)."""
    if not has_perm(user, perm, obj):
        raise PermissionDenied


def permission_required(*perms: str) -> Callable[[ViewFunc], ViewFunc]:
    """Decorate a function view: 403 unless the user's role holds every one of `perms`."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            for perm in perms:
                require(request.user, perm)
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def get_object(
    request: HttpRequest,
    queryset: type[M] | models.QuerySet[M],
    pk: object,
    perm: str,
) -> M:
    """The object `pk` of `queryset`, if the user may `perm` it.

    403 when the user's role lacks `perm`; 404 when the object does not exist or lies outside
    what `visible_to(user)` shows; 403 when the rule refuses this object.
    """
    user = request.user
    require(user, perm)
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    obj = get_object_or_404(visible(queryset, user), pk=pk)
    require(user, perm, obj)
    return obj


def visible(queryset: models.QuerySet[M], user: AnyUser) -> models.QuerySet[M]:
    """`queryset.visible_to(user)`; every model a view looks up must define it."""
    visible_to = getattr(queryset, "visible_to", None)
    if visible_to is None:
        raise TypeError(f"{queryset.model.__name__} has no visible_to(user) queryset method")
    result: models.QuerySet[M] = visible_to(user)
    return result


class ObjectPermissionMixin:
    """For class-based views: `permission_required` checked for the role, then the object.

    `get_queryset()` must start from `Model.objects.visible_to(user)`; an object outside it is a
    404. Create views check the role only (there is no object yet).
    """

    permission_required: str = ""
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not self.permission_required:
            raise TypeError(f"{type(self).__name__} names no permission_required")
        require(request.user, self.permission_required)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_object(self, queryset: models.QuerySet[Any] | None = None) -> Any:
        obj = super().get_object(queryset)  # type: ignore[misc]
        require(self.request.user, self.permission_required, obj)
        return obj


class AccountBackend(ModelBackend):
    """Passwords, and the permissions granted person by person (special-category data).

    Every permission defined in `grants.rules` is answered by the rules alone: a permission
    ticked for a user or group in the admin cannot widen what the rules allow.
    """

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if rules.perm_exists(perm):
            return False
        return super().has_perm(user_obj, perm, obj)


__all__ = [
    "AccountBackend",
    "ObjectPermissionMixin",
    "get_object",
    "has_perm",
    "people_scope",
    "permission_required",
    "project_scope",
    "require",
    "scoped",
]
