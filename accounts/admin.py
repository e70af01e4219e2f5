"""Users in the admin, with the history of their roles and rights (who changed what, when)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse

from accounts.admin_site import HistoryAdmin, authored

admin.site.unregister(User)


@admin.register(User)
class UserAdmin(HistoryAdmin, DjangoUserAdmin[User]):
    """Django's user pages; every change (roles included) names the administrator who made it."""

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        with authored(request):
            response: HttpResponse = super().user_change_password(request, id, form_url)
        return response
