"""Admin for the category lists, participants and onboarding courses.

The admin keeps the screens' rules: staff who are not superusers see only the participants and
courses of projects they work in, and special-category data needs its own permissions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest

from grants.models import Project
from participants.models import Category, OnboardingCourse, Participant

SPECIAL_FIELDS = ("foreign_background", "disability", "other_disadvantage")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["label", "label_en", "kind", "code", "order", "active"]
    list_editable = ["order", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["label", "label_en", "code", "regulation"]
    ordering = ["kind", "order", "pk"]


class ScopedToMembership(admin.ModelAdmin):
    """Rows of the projects the user works in; a superuser sees them all."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(project__in=Project.objects.member_of(request.user))

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.name == "project" and not request.user.is_superuser:
            kwargs["queryset"] = Project.objects.member_of(request.user)
        if db_field.name == "participant" and not request.user.is_superuser:
            kwargs["queryset"] = Participant.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Participant)
class ParticipantAdmin(ScopedToMembership):
    list_display = ["reference", "project", "birth_year", "gender", "municipality", "created_at"]
    list_filter = ["project", "gender", "municipality", "employment_status", "education"]
    search_fields = ["reference"]
    list_select_related = ["project", "municipality"]
    filter_horizontal = ["target_groups", "results_on_leaving", "results_six_months"]
    readonly_fields = ["created_at"]

    def get_exclude(self, request: HttpRequest, obj: Participant | None = None) -> Any:
        excluded = list(super().get_exclude(request, obj) or [])
        if not request.user.has_perm("participants.view_special_categories"):
            excluded.extend(SPECIAL_FIELDS)
        return excluded

    def get_readonly_fields(self, request: HttpRequest, obj: Participant | None = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("participants.change_special_categories"):
            readonly.extend(SPECIAL_FIELDS)
        return readonly

    def get_fields(self, request: HttpRequest, obj: Participant | None = None) -> Any:
        # Read-only fields are shown whatever `exclude` says: drop the hidden ones here too.
        fields = super().get_fields(request, obj)
        hidden = set(self.get_exclude(request, obj) or [])
        return [name for name in fields if name not in hidden]


@admin.register(OnboardingCourse)
class OnboardingCourseAdmin(ScopedToMembership):
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
    date_hierarchy = "start_date"
