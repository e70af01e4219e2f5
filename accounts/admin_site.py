"""The admin site: administrators only, every page through the rules of `grants.rules`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest, HttpResponse
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts import guards


class RummeligAdminSite(admin.AdminSite):
    site_header = "Rummelig"
    site_title = "Rummelig"

    def has_permission(self, request: HttpRequest) -> bool:
        # Django's own test (an active staff account) and the administrator role.
        return super().has_permission(request) and guards.has_perm(request.user, "grants.use_admin")


class ScopedAdmin(ObjectPermissionsModelAdmin):
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
        # simple-history saves a revert after asking only whether the history may be seen: a
        # row the page may not change (an approved decision's part, say) is not reverted either.
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        response: HttpResponse = super().history_form_view(
            request, object_id, version_id, extra_context
        )
        return response
