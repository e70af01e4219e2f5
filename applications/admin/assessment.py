"""Admin pages of the assessment part: read-only, since the services write the answers and the
messages (with their author and the request's lock); an administrator may delete one made by
mistake, recorded like every admin write."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.admin_site import AuditedAdmin
from applications.models import ChecklistAnswer, RequestMessage


class ReadOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ChecklistAnswer)
class ChecklistAnswerAdmin(ReadOnlyAdmin):
    list_display = ["request", "question", "answer", "answered_by", "answered_at"]
    list_filter = ["answer"]
    search_fields = ["request__title", "question__text", "note"]
    list_select_related = ["request", "question", "answered_by"]


@admin.register(RequestMessage)
class RequestMessageAdmin(ReadOnlyAdmin):
    list_display = ["request", "kind", "author", "created_at"]
    list_filter = ["kind"]
    search_fields = ["request__title", "text"]
    list_select_related = ["request", "author"]
