"""Admin for the category lists, participants and onboarding courses.

The admin keeps the screens' rules: staff who are not superusers see only the participants and
courses of projects they work in, and special-category data needs its own permissions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin import helpers
from django.http import HttpRequest, HttpResponse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from accounts import guards
from accounts.admin_site import AuditedAdmin, ScopedAdmin
from participants.models import (
    Category,
    OnboardingCourse,
    Participant,
    ParticipantAccess,
    ParticipantErasure,
)
from participants.services import log_participant_access

SPECIAL_FIELDS = ("foreign_background", "disability", "other_disadvantage")


@admin.register(Category)
class CategoryAdmin(ScopedAdmin):
    list_display = ["label", "label_en", "kind", "code", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["label", "label_en", "code", "regulation"]
    ordering = ["kind", "order", "pk"]


@admin.register(Participant)
class ParticipantAdmin(AuditedAdmin):
    list_display = ["reference", "project", "birth_year", "gender", "municipality", "created_at"]
    list_filter = ["project", "gender", "municipality", "employment_status", "education"]
    search_fields = ["reference"]
    list_select_related = ["project", "municipality"]
    # Hundreds of thousands of rows: no second COUNT(*) of the whole table for every page.
    show_full_result_count = False
    filter_horizontal = ["target_groups", "results_on_leaving", "results_six_months"]
    readonly_fields = ["created_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Participant | None = None) -> bool:
        # A person is removed only by erasure (participants.services.participant_erase), which
        # also removes their audit history; a plain delete would leave it behind.
        return False

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        participant = self.get_object(request, object_id)
        if request.method == "GET" and participant is not None:
            log_participant_access(
                user=request.user, participant=participant, action=ParticipantAccess.Action.VIEWED
            )
        return response

    def get_exclude(self, request: HttpRequest, obj: Participant | None = None) -> Any:
        excluded = list(super().get_exclude(request, obj) or [])
        if not guards.has_perm(request.user, "participants.view_special_categories"):
            excluded.extend(SPECIAL_FIELDS)
        return excluded

    def get_readonly_fields(self, request: HttpRequest, obj: Participant | None = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if not guards.has_perm(request.user, "participants.change_special_categories"):
            readonly.extend(SPECIAL_FIELDS)
        return readonly

    def get_fields(self, request: HttpRequest, obj: Participant | None = None) -> Any:
        # Read-only fields are shown whatever `exclude` says: drop the hidden ones here too.
        fields = super().get_fields(request, obj)
        hidden = set(self.get_exclude(request, obj) or [])
        return [name for name in fields if name not in hidden]


@admin.register(OnboardingCourse)
class OnboardingCourseAdmin(AuditedAdmin):
    list_display = [
        "participant",
        "project",
        "company",
        "start_date",
        "end_date",
        "mentor",
        "outcome",
        "outcome_date",
    ]
    list_filter = ["project", "outcome", "mentor", "start_date", "company__industry"]
    search_fields = ["participant__reference", "company__name", "company__cvr"]
    list_select_related = ["participant", "project", "company"]
    autocomplete_fields = ["participant", "company"]
    # A quarter of a million rows: no second COUNT(*) of the whole table, and no date hierarchy
    # (its links are a GROUP BY over every row's date, on every page).
    show_full_result_count = False
    # Half Django's 100: every row costs its cells' formatting, and 50 fill a screen.
    list_per_page = 50

    def action_checkbox(self, obj: OnboardingCourse) -> SafeString:
        """The row's checkbox, as Django's own, written directly.

        Django renders a form widget's template for every row's checkbox: a third of the
        changelist's time for a page of 100 courses.
        """
        label = gettext("Select this object for an action - {}").format(obj)
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )

    def get_readonly_fields(self, request: HttpRequest, obj: OnboardingCourse | None = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.participant_id is None:
            # The person was erased: the course keeps its statistics and gets nobody back.
            readonly += ["participant", "erasure"]
        elif "erasure" not in readonly:
            readonly.append("erasure")
        return readonly


class ReadOnlyLog(ScopedAdmin):
    """Written by the application only: the admin reads it and changes nothing."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ParticipantAccess)
class ParticipantAccessAdmin(ReadOnlyLog):
    list_display = ["at", "username", "action", "participant", "erasure", "project"]
    list_filter = ["action", "project"]
    search_fields = ["username", "participant__reference"]
    list_select_related = ["participant", "erasure", "project"]
    # One row for every look at a person: as large as the course table, and growing.
    show_full_result_count = False


@admin.register(ParticipantErasure)
class ParticipantErasureAdmin(ReadOnlyLog):
    list_display = ["__str__", "erased_at", "erased_by_username", "project", "course_count"]
    list_filter = ["project"]
    list_select_related = ["project"]
    date_hierarchy = "erased_at"
