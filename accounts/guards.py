"""Guards for views: the one way a request is let through or refused.

Views use only `permission_required` (function views), `ObjectPermissionMixin` (class-based
views) and `get_object`: 403 when the role lacks the permission, 404 when the object lies outside
the user's scope (or does not exist), 403 when a rule refuses that one object. A function view
that guards through `get_object` declares so with `checks_object_permission`; the system check
`accounts.checks` refuses to start with a routed view that names no permission.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, PermissionsMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404

AnyUser = AbstractBaseUser | AnonymousUser
M = TypeVar("M", bound=models.Model)
ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])


def has_perm(user: AnyUser, perm: str, obj: Any = None) -> bool:
    """`user.has_perm(perm, obj)` for any user object, always a plain bool."""
    return bool(
        user.is_authenticated and isinstance(user, PermissionsMixin) and user.has_perm(perm, obj)
    )


def author(request: HttpRequest) -> AbstractBaseUser:
    """The signed-in user of `request`, who the audit history names for what the view writes.

    Every view that writes passes this to its service as `by`; the guards let no one else
    through, so an anonymous user here is refused rather than recorded as nobody.
    """
    user = request.user
    if not isinstance(user, AbstractBaseUser) or not user.is_authenticated:
        raise PermissionDenied
    return user


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

        wrapper.permission_required = perms  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def checks_object_permission(*perms: str) -> Callable[[ViewFunc], ViewFunc]:
    """Declare that a function view checks `perms` itself, through `get_object`.

    For views whose permission is asked of the object they look up (a 404 outside the user's
    scope comes first). Nothing is wrapped: the view keeps its own guard, and the declaration
    (`view.permission_required`) is what the startup check `accounts.checks` reads.
    """
    if not perms:
        raise TypeError("checks_object_permission needs at least one permission")

    def mark(view: ViewFunc) -> ViewFunc:
        view.permission_required = perms  # type: ignore[attr-defined]
        return view

    return mark


def visible(queryset: models.QuerySet[M], user: AnyUser) -> models.QuerySet[M]:
    """`queryset.visible_to(user)`; every model a view looks up must define it."""
    visible_to = getattr(queryset, "visible_to", None)
    if visible_to is None:
        raise TypeError(f"{queryset.model.__name__} has no visible_to(user) queryset method")
    result: models.QuerySet[M] = visible_to(user)
    return result


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
        response: HttpResponseBase = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return response

    def get_object(self, queryset: models.QuerySet[Any] | None = None) -> Any:
        obj = super().get_object(queryset)  # type: ignore[misc]
        require(self.request.user, self.permission_required, obj)
        return obj
