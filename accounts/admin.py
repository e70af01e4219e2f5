"""Users in the admin, with the history of their roles and rights (who changed what, when)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin_site import AuthoredAdmin, authored

admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AuthoredAdmin, SimpleHistoryAdmin, DjangoUserAdmin[User]):  # type: ignore[misc]
    """Django's user pages; every change (roles included) names the administrator who made it."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Not SimpleHistoryAdmin's, which names the author a second way (on the instance).
        DjangoUserAdmin.save_model(self, request, obj, form, change)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        with authored(request):
            response: HttpResponse = super().user_change_password(request, id, form_url)
        return response

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        with authored(request):
            response: HttpResponse = super().history_form_view(
                request, object_id, version_id, extra_context
            )
        return response
