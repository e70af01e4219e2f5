"""The admin site: administrators only, every page through the rules of `grants.rules`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import ForeignKey, QuerySet
from django.forms import BaseForm, BaseFormSet, ModelChoiceField, MultiWidget, Widget
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, URLResolver, path, reverse_lazy
from django.utils.translation import gettext
from rules.contrib.admin import ObjectPermissionsModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts import guards
from core import audit


class RummeligAdminSite(admin.AdminSite):
    site_header = "Rummelig"
    site_title = "Rummelig"

    def has_permission(self, request: HttpRequest) -> bool:
        # Django's own test (an active staff account) and the administrator role.
        return super().has_permission(request) and guards.has_perm(request.user, "grants.use_admin")

    def get_urls(self) -> list[URLResolver | URLPattern]:
        view = self.admin_view(self.view_on_site)
        # As Django wraps its own admin views: an anonymous visitor goes to the admin's login.
        view.login_url = reverse_lazy("admin:login", current_app=self.name)  # type: ignore[attr-defined]
        return [
            path("r/<path:content_type_id>/<path:object_id>/", view, name="view_on_site")
            if getattr(pattern, "name", None) == "view_on_site"
            else pattern
            for pattern in super().get_urls()
        ]

    def view_on_site(
        self, request: HttpRequest, content_type_id: str, object_id: str
    ) -> HttpResponse:
        """Django's "view on site" shortcut, for the models this admin shows only; 404 else.

        Django's own looks up any content type: one whose model has no table (django-rq's
        dashboard, `/admin/r/1/1/`) answered 500, and one this admin does not show has no
        object the admin links to.
        """
        if not content_type_id.isdigit() or len(content_type_id) > 9:
            raise Http404
        try:
            content_type = ContentType.objects.get_for_id(int(content_type_id))
        except ContentType.DoesNotExist:
            raise Http404 from None
        model = content_type.model_class()
        if model is None or not self.is_registered(model):
            raise Http404
        if not hasattr(model, "get_absolute_url") or not object_id.isdigit():
            raise Http404
        response: HttpResponse = shortcut(request, content_type_id, object_id)
        return response


@contextmanager
def authored(request: HttpRequest) -> Iterator[None]:
    """Name the signed-in administrator as the author of what the admin page writes."""
    user = request.user
    if isinstance(user, AbstractBaseUser) and user.is_authenticated:
        with audit.authored_by(user):
            yield
    else:
        yield


def label_inputs(form: BaseForm, *, every_field: bool) -> None:
    """Name the form's inputs by their fields' labels (`aria-label`), where the page shows no
    label beside them: a tabular inline and a list's editable columns name a field once, in
    the column's head (`every_field`), and a date-and-time field's label names neither of its
    two inputs (Django's admin gives a label to no part of a multi-input widget)."""
    for field in form.fields.values():
        label = str(field.label or "")
        widget: Widget | None = getattr(field.widget, "widget", field.widget)  # in a wrapper
        if widget is None:
            continue
        if isinstance(widget, MultiWidget):
            parts = [gettext("Date"), gettext("Time")] if len(widget.widgets) == 2 else []
            for index, part in enumerate(widget.widgets):
                name = f"{label} ({parts[index].lower()})" if parts else label
                part.attrs.setdefault("aria-label", name)
        elif every_field and label:
            widget.attrs.setdefault("aria-label", label)


def labelled_formset(formset: type[BaseFormSet[Any]]) -> type[BaseFormSet[Any]]:
    """`formset`, with each form's inputs named by `label_inputs` (its added fields too)."""

    class LabelledFormSet(formset):  # type: ignore[valid-type,misc]
        def add_fields(self, form: BaseForm, index: int | None) -> None:
            super().add_fields(form, index)
            label_inputs(form, every_field=True)

    LabelledFormSet.__name__ = formset.__name__
    return LabelledFormSet


class AuthoredAdmin(admin.ModelAdmin[Any]):
    """Every write made through the admin's pages names its author in the audit history.

    The change form (with its inlines), the list (actions, editable columns) and the delete
    page are the admin's writing views; each runs inside `core.audit.authored_by`. Their
    inputs are named for screen readers where Django shows no label (`label_inputs`).
    """

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)

        class LabelledForm(form):  # type: ignore[valid-type,misc]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                label_inputs(self, every_field=False)

        LabelledForm.__name__ = form.__name__
        return LabelledForm

    def get_formsets_with_inlines(
        self, request: HttpRequest, obj: Any = None
    ) -> Iterator[tuple[Any, Any]]:
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            yield labelled_formset(formset), inline

    def get_changelist_formset(self, request: HttpRequest, **kwargs: Any) -> Any:
        return labelled_formset(super().get_changelist_formset(request, **kwargs))

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        with authored(request):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        with authored(request):
            return super().changelist_view(request, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        with authored(request):
            return super().delete_view(request, object_id, extra_context)


class ScopedAdmin(AuthoredAdmin, ObjectPermissionsModelAdmin):
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


class HistoryAdmin(SimpleHistoryAdmin, AuthoredAdmin):  # type: ignore[misc]
    """An admin page with the model's change history (who, when, old and new values), where
    reverting to an earlier version is a write like any other."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Not SimpleHistoryAdmin's, which names the author a second way (on the instance): the
        # page's `authored` block names them for this row and whatever else it writes.
        admin.ModelAdmin.save_model(self, request, obj, form, change)

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
        with authored(request):
            response: HttpResponse = super().history_form_view(
                request, object_id, version_id, extra_context
            )
        return response


class AuditedAdmin(HistoryAdmin, ScopedAdmin):
    """A scoped admin page with the model's change history."""


def show_admin_refusal(
    page: admin.ModelAdmin[Any], request: HttpRequest, refusal: ValidationError
) -> None:
    """A service's refusal on an admin page: one error message per reason."""
    for message in refusal.messages:
        page.message_user(request, message, messages.ERROR)


class ServiceAdmin(AuditedAdmin):
    """An audited admin page whose writes go through the services: a service's refusal is the
    page's message, and the page's transaction has saved nothing."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as refusal:
            show_admin_refusal(self, request, refusal)
            return HttpResponseRedirect(request.get_full_path())

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        # One by one through `delete_model`, that is through the service, not one DELETE.
        for obj in queryset:
            self.delete_model(request, obj)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as refusal:
            show_admin_refusal(self, request, refusal)
            return HttpResponseRedirect(request.get_full_path())
