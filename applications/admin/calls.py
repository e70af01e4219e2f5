"""Admin pages of the calls part: calls with their indicators, and checklists with their
questions inline. Writes go through the services' checks; a checklist that has been used is
refused by its model (`ChecklistTemplate.save`, `ChecklistQuestion.save`), which the page
shows as its message."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from accounts import guards
from accounts.admin_site import ServiceAdmin, show_admin_refusal
from applications.models import Call, ChecklistQuestion, ChecklistTemplate
from applications.services import calls as services
from applications.services import checklists
from core import audit


@admin.register(Call)
class CallAdmin(ServiceAdmin):
    list_display = ["title", "programme", "opens_at", "closes_at", "published"]
    list_filter = ["published", "programme"]
    search_fields = ["title"]
    list_select_related = ["programme"]

    def save_model(self, request: HttpRequest, obj: Call, form: Any, change: bool) -> None:
        services.check_checklist(obj.programme, obj.checklist)
        audit.save_checked(obj, by=guards.author(request))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        call = form.instance
        # Inside the page's transaction: a refusal here saves nothing of the page.
        services.check_indicators(call.programme, list(call.indicators.all()))

    def delete_model(self, request: HttpRequest, obj: Call) -> None:
        services.call_delete(call=obj, by=guards.author(request))


class ChecklistQuestionInline(admin.TabularInline[ChecklistQuestion, Any]):
    model = ChecklistQuestion
    extra = 0
    fields = ("order", "text", "guidance")

    def _open(self, obj: Any) -> bool:
        return not (isinstance(obj, ChecklistTemplate) and obj.in_use())

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._open(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._open(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._open(obj) and super().has_delete_permission(request, obj)


@admin.register(ChecklistTemplate)
class ChecklistTemplateAdmin(ServiceAdmin):
    list_display = ["name", "programme", "for_change_requests"]
    list_filter = ["programme", "for_change_requests"]
    search_fields = ["name"]
    list_select_related = ["programme"]
    inlines = [ChecklistQuestionInline]

    def delete_model(self, request: HttpRequest, obj: ChecklistTemplate) -> None:
        checklists.checklist_delete(checklist=obj, by=guards.author(request))

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # Reverting a used checklist is a change like any other: refused by its model.
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except ValidationError as refusal:
            show_admin_refusal(self, request, refusal)
            return HttpResponseRedirect(request.get_full_path())
