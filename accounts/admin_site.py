"""The admin site: administrators only, every page through the rules of `grants.rules`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import admin
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts import guards
from core import audit


class RummeligAdminSite(admin.AdminSite):
    site_header = "Rummelig"
    site_title = "Rummelig"

    def has_permission(self, request: HttpRequest) -> bool:
        # Django's own test (an active staff account) and the administrator role.
        return super().has_permission(request) and guards.has_perm(request.user, "grants.use_admin")


@contextmanager
def authored(request: HttpRequest) -> Iterator[None]:
    """Name the signed-in administrator as the author of what the admin page writes."""
    user = request.user
    if isinstance(user, AbstractBaseUser) and user.is_authenticated:
        with audit.authored_by(user):
            yield
    else:
        yield


class AuthoredAdmin(admin.ModelAdmin[Any]):
    """Every write made through the admin's pages names its author in the audit history.

    The change form (with its inlines), the list (actions, editable columns) and the delete
    page are the admin's writing views; each runs inside `core.audit.authored_by`.
    """

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        with authored(request):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        with authored(request):
            return super().changelist_view(request, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        with authored(request):
            return super().delete_view(request, object_id, extra_context)


class ScopedAdmin(AuthoredAdmin, ObjectPermissionsModelAdmin):
    """Rows and choices limited by `visible_to(user)`; object permissions asked with the object."""

    # Addresses typed without a scheme are https, as Django 6 will assume (and the app's forms do).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if hasattr(queryset, "visible_to"):
            return guards.visible(queryset, request.user)
        return queryset

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        related = db_field.related_model._default_manager.all()  # type: ignore[union-attr]
        if "queryset" not in kwargs and hasattr(related, "visible_to"):
            kwargs["queryset"] = guards.visible(related, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AuditedAdmin(SimpleHistoryAdmin, ScopedAdmin):  # type: ignore[misc]
    """A scoped admin page with the model's change history (who, when, old and new values)."""

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # Reverting to a historical version is a write like any other.
        with authored(request):
            response: HttpResponse = super().history_form_view(
                request, object_id, version_id, extra_context
            )
        return response
