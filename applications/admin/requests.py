"""Admin pages of the requests part.

Who applies for which organisation (applicant memberships) is kept here. Requests themselves
are read here only: their content is written by their owners through the pages (and their
services), and a submitted request's content never changes, so the admin shows a request with
its parts and changes, adds or deletes none of it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from accounts.admin_site import AuditedAdmin
from applications.models import (
    ApplicantMembership,
    Request,
    RequestArea,
    RequestAttachment,
    RequestBudgetLine,
    RequestFinancingLine,
    RequestOrganisation,
    RequestTarget,
    RequestVersion,
)


@admin.register(ApplicantMembership)
class ApplicantMembershipAdmin(AuditedAdmin):
    list_display = ["user", "organisation"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]


class ReadOnlyInline(admin.TabularInline[Any, Any]):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class OrganisationInline(ReadOnlyInline):
    model = RequestOrganisation
    fields = readonly_fields = ("name", "cvr", "role")


class AreaInline(ReadOnlyInline):
    model = RequestArea
    fields = readonly_fields = ("name", "effort_area")


class BudgetLineInline(ReadOnlyInline):
    model = RequestBudgetLine
    fields = readonly_fields = ("area", "year", "amount")


class FinancingLineInline(ReadOnlyInline):
    model = RequestFinancingLine
    fields = readonly_fields = ("funding_source", "year", "amount")


class TargetInline(ReadOnlyInline):
    model = RequestTarget
    fields = readonly_fields = ("indicator", "value")


class AttachmentInline(ReadOnlyInline):
    model = RequestAttachment
    fields = readonly_fields = ("title", "download", "size", "uploaded_at", "uploaded_by")

    @admin.display(description=_("file"))
    def download(self, obj: RequestAttachment) -> SafeString:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.filename)


class VersionInline(ReadOnlyInline):
    model = RequestVersion
    fields = readonly_fields = ("number", "submitted_at", "submitted_by")


@admin.register(Request)
class RequestAdmin(AuditedAdmin):
    """Read only: the owners write a request through its pages, staff assess it there. A draft
    (never submitted, nothing kept of it) may be deleted, with its parts."""

    list_display = ["title", "kind", "status", "organisation", "call", "project", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "organisation__name", "project__name"]
    list_select_related = ["organisation", "call", "project"]
    readonly_fields = fields = (
        "kind",
        "status",
        "title",
        "description",
        "call",
        "project",
        "organisation",
        "first_year",
        "last_year",
        "case_officer",
        "created_by",
        "created_at",
        "submitted_at",
        "rejection_reason",
        "decision",
        "case",
        "version",
    )
    inlines = [
        OrganisationInline,
        AreaInline,
        BudgetLineInline,
        FinancingLineInline,
        TargetInline,
        AttachmentInline,
        VersionInline,
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(obj is not None and obj.status == Request.Status.DRAFT)
