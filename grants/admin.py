from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from accounts import guards
from accounts.admin_site import AuditedAdmin, AuthoredAdmin, ScopedAdmin, ServiceAdmin
from accounts.roles import role_label

# Grant decisions and their parts have an admin module of their own; importing it registers them.
from grants import decision_admin  # noqa: F401
from grants.cases.services import attachment_remove
from grants.models import (
    Case,
    CaseAttachment,
    CaseReference,
    DecisionBody,
    EffortArea,
    FundingSource,
    Indicator,
    Organisation,
    Programme,
    ProgrammeIndicator,
    Project,
    ProjectLink,
    ProjectMembership,
    ProjectOrganisation,
    Target,
    TargetBreakdown,
    TargetChange,
)
from grants.setup import body_services, catalogue


@admin.register(Programme)
class ProgrammeAdmin(ScopedAdmin):
    list_display = ["name", "pool"]
    search_fields = ["name", "pool"]
    list_filter = ["pool"]


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    list_display = ["name", "cvr"]
    search_fields = ["name", "cvr"]
    list_filter = ["project_roles__role"]


@admin.register(FundingSource)
class FundingSourceAdmin(ServiceAdmin):
    """The region's funding sources, written through the services the set-up page uses."""

    list_display = ["name", "kind", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    list_filter = ["kind"]

    def save_model(self, request: HttpRequest, obj: FundingSource, form: Any, change: bool) -> None:
        catalogue.funding_source_save(source=obj, by=guards.author(request))

    def delete_model(self, request: HttpRequest, obj: FundingSource) -> None:
        catalogue.funding_source_delete(source=obj, by=guards.author(request))


@admin.register(DecisionBody)
class DecisionBodyAdmin(ServiceAdmin):
    """The region's decision bodies, written through the services the set-up page uses."""

    list_display = ["name", "code", "retired", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]
    list_filter = ["retired"]

    def save_model(self, request: HttpRequest, obj: DecisionBody, form: Any, change: bool) -> None:
        body_services.body_save(body=obj, by=guards.author(request))

    def delete_model(self, request: HttpRequest, obj: DecisionBody) -> None:
        body_services.body_delete(body=obj, by=guards.author(request))


class ProjectOrganisationInline(admin.TabularInline[ProjectOrganisation, Any]):
    model = ProjectOrganisation
    extra = 0
    autocomplete_fields = ["organisation", "on_behalf_of"]


class ProjectLinkInline(admin.TabularInline[ProjectLink, Any]):
    model = ProjectLink
    extra = 0
    formfield_overrides = ScopedAdmin.formfield_overrides


class EffortAreaInline(admin.TabularInline[EffortArea, Any]):
    model = EffortArea
    extra = 0


class ProjectMembershipInline(admin.TabularInline[ProjectMembership, Any]):
    """The project's secretariat: who sees and edits its participants, courses and companies."""

    model = ProjectMembership
    extra = 0
    autocomplete_fields = ["user"]
    verbose_name = _("secretariat member")
    verbose_name_plural = _("secretariat (project members)")


@admin.register(Project)
class ProjectAdmin(ScopedAdmin):
    list_display = ["name", "programme"]
    search_fields = ["name"]
    list_filter = ["programme"]
    inlines = [
        ProjectOrganisationInline,
        EffortAreaInline,
        ProjectLinkInline,
        ProjectMembershipInline,
    ]


@admin.register(ProjectMembership)
class ProjectMembershipAdmin(AuditedAdmin):
    """Memberships with their history: who was given access to which project, and by whom."""

    list_display = ["user", "project"]
    list_filter = ["project"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "project__name"]
    autocomplete_fields = ["user", "project"]
    list_select_related = ["user", "project"]


@admin.register(Case)
class CaseAdmin(AuditedAdmin):
    list_display = ["title", "project", "meeting_date", "case_number"]
    search_fields = ["title", "case_number"]
    list_filter = ["meeting_date", "project"]
    list_select_related = ["project"]


class TargetBreakdownInline(admin.TabularInline[TargetBreakdown, Any]):
    model = TargetBreakdown
    extra = 0
    fields = ("dimension", "industry", "category", "value")


class ProgrammeIndicatorInline(admin.TabularInline[ProgrammeIndicator, Any]):
    model = ProgrammeIndicator
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["code", "name_da", "name_en", "unit", "kind", "measurement", "measure"]
    list_filter = ["kind", "measurement", "measure"]
    search_fields = ["code", "name_da", "name_en"]
    inlines = [ProgrammeIndicatorInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Indicator | None = None) -> Any:
        # Targets count by how their indicator is measured: once set, that stays.
        if obj is not None and obj.targets.exists():
            return ["measurement", "measure"]
        return []


class TargetChangeInline(admin.TabularInline[TargetChange, Any]):
    """The history of the target's value: written only by the target change service."""

    model = TargetChange
    extra = 0
    can_delete = False
    fields = ("changed_at", "changed_by", "old_value", "new_value", "reason")
    readonly_fields = ("changed_at", "changed_by", "old_value", "new_value", "reason")
    ordering = ["-changed_at", "-pk"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Target)
class TargetAdmin(AuditedAdmin):
    list_display = ["decision", "indicator", "value"]
    list_filter = ["indicator", "decision__project__programme", "decision__project"]
    search_fields = ["decision__title", "decision__project__name", "indicator__code"]
    list_select_related = ["decision", "indicator"]
    autocomplete_fields = ["decision"]
    inlines = [TargetBreakdownInline, TargetChangeInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Target | None = None) -> Any:
        # Once set, a target changes only with a reason, on the project's progress page,
        # so that its history stays complete.
        if obj is not None:
            return ["value"]
        return []


@admin.register(CaseReference)
class CaseReferenceAdmin(AuditedAdmin):
    list_display = ["title", "case", "url", "order"]
    search_fields = ["title", "url", "case__title"]
    list_select_related = ["case"]
    raw_id_fields = ["case"]


@admin.register(CaseAttachment)
class CaseAttachmentAdmin(AuditedAdmin):
    """View and delete only: files come in through the upload page, which checks their content,
    and go out through the download view, which checks access."""

    list_display = ["title", "case", "filename", "content_type", "size", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["title", "filename", "case__title"]
    list_select_related = ["case"]
    # Not "file": the storage has no public address to link to.
    readonly_fields = fields = (
        "case",
        "title",
        "dated",
        "download",
        "content_type",
        "size",
        "uploaded_at",
        "uploaded_by",
        "order",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("file"))
    def download(self, obj: CaseAttachment) -> SafeString:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.filename)

    def delete_model(self, request: HttpRequest, obj: CaseAttachment) -> None:
        attachment_remove(attachment=obj, by=guards.author(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CaseAttachment]) -> None:
        for attachment in queryset:
            attachment_remove(attachment=attachment, by=guards.author(request))


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(AuthoredAdmin, GroupAdmin):
    """Roles are groups named by code; the admin shows each code's translated label.

    A role's rights are the rules in `grants.rules`, not the group's permission boxes, so
    those are not offered here.
    """

    list_display = ["name", "label", "member_count"]
    fields = ["name"]
    filter_horizontal = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Group]:
        groups: QuerySet[Group] = super().get_queryset(request)
        return groups.annotate(members=Count("user"))

    @admin.display(description=_("role"))
    def label(self, group: Group) -> str:
        return role_label(group.name)

    @admin.display(description=_("users"), ordering="members")
    def member_count(self, group: Group) -> int:
        return int(getattr(group, "members", 0))


@admin.register(TargetBreakdown)
class TargetBreakdownAdmin(AuditedAdmin):
    list_display = ["target", "industry", "value"]
    list_select_related = ["target", "industry"]
