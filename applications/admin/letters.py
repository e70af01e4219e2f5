"""Admin pages of the letters part: the conditions, and the written letters to read."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from accounts.admin_site import AuditedAdmin
from applications.models.letters import DecisionConditions, GrantLetter, ProgrammeConditions


@admin.register(ProgrammeConditions)
class ProgrammeConditionsAdmin(AuditedAdmin):
    list_display = ["programme"]
    search_fields = ["programme__name", "text"]
    list_select_related = ["programme"]


@admin.register(DecisionConditions)
class DecisionConditionsAdmin(AuditedAdmin):
    list_display = ["decision"]
    search_fields = ["decision__title", "decision__project__name", "text"]
    list_select_related = ["decision"]
    raw_id_fields = ["decision"]


@admin.register(GrantLetter)
class GrantLetterAdmin(AuditedAdmin):
    """Read only: a letter is written by the letters page from its decision, never typed."""

    list_display = ["decision", "number", "written_at", "written_by"]
    search_fields = ["decision__title", "decision__project__name"]
    list_select_related = ["decision", "written_by"]
    readonly_fields = fields = (
        "decision",
        "number",
        "download",
        "fingerprint",
        "written_at",
        "written_by",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("file"))
    def download(self, obj: GrantLetter) -> SafeString:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.file.name)
