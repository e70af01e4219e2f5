"""Editing a case's texts and references; its attachments: upload, download, delete.

Every view reaches a case or an attachment through `grants.access`: outside the user's projects
there is nothing (404), so that a file's existence is not revealed.
"""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST
from django.views.generic import UpdateView

from grants import access, uploads
from grants.case_forms import AttachmentForm, CaseForm, ReferenceFormSet
from grants.models import Case, CaseAttachment
from grants.services import attachment_add, attachment_remove, case_save

logger = logging.getLogger(__name__)


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's errors at the form's fields where it has them, above the form otherwise."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class CaseEditView(access.ObjectPermissionMixin, UpdateView):
    """The case's texts and its references, saved together or not at all."""

    model = Case
    form_class = CaseForm
    permission_required = "grants.change_case"
    template_name = "grants/case_form.html"

    def get_queryset(self) -> QuerySet[Case]:
        return Case.objects.visible_to(self.request.user).select_related("project")

    def get_object(self, queryset: QuerySet[Case] | None = None) -> Case:
        case = super().get_object(queryset)
        # The heading keeps the saved title while the form holds an unsaved one.
        self.saved_title = case.title
        return case

    def get_formset(self) -> Any:
        if self.request.method == "POST":
            return ReferenceFormSet(self.request.POST, instance=self.object, prefix="references")
        return ReferenceFormSet(instance=self.object, prefix="references")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if "formset" not in context:
            context["formset"] = self.get_formset()
        context["saved_title"] = self.saved_title
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        form = self.get_form()
        formset = self.get_formset()
        form_valid, formset_valid = form.is_valid(), formset.is_valid()
        if form_valid and formset_valid:
            references = formset.save(commit=False)
            try:
                case_save(
                    case=form.instance, references=references, removed=formset.deleted_objects
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("The case was saved."))
                return HttpResponseRedirect(self.object.get_absolute_url())
        messages.error(request, _("Nothing was saved: correct the marked fields."))
        return self.render_to_response(self.get_context_data(form=form, formset=formset))


case_edit = CaseEditView.as_view()


# The upload's size limit must be in place before anything reads the request body, and the
# CSRF check reads it: so this view is exempt and checks CSRF itself, once the limit is set.
@csrf_exempt
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_object(
        request, Case.objects.select_related("project"), pk, "grants.add_caseattachment"
    )
    if request.method == "POST" and uploads.request_too_large(request):
        # Refused unread: nothing is stored, nothing changes, so no CSRF check is needed.
        form = AttachmentForm()
        form.reject_unread(uploads.too_large_message())
        return _render_upload(request, case, form)
    limit = uploads.SizeLimitHandler(request)
    request.upload_handlers = [limit, *request.upload_handlers]
    return _attachment_upload(request, case, limit)


@csrf_protect
def _attachment_upload(
    request: HttpRequest, case: Case, limit: uploads.SizeLimitHandler
) -> HttpResponse:
    if request.method != "POST":
        return _render_upload(request, case, AttachmentForm())
    form = AttachmentForm(request.POST, request.FILES, file_too_large=limit.exceeded)
    if form.is_valid():
        try:
            attachment_add(
                case=case,
                title=form.cleaned_data["title"],
                dated=form.cleaned_data["dated"],
                upload=form.cleaned_data["file"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The attachment was added."))
            return HttpResponseRedirect(case.get_absolute_url())
    messages.error(request, _("Nothing was saved: correct the marked fields."))
    return _render_upload(request, case, form)


def _render_upload(request: HttpRequest, case: Case, form: AttachmentForm) -> HttpResponse:
    return render(request, "grants/attachment_form.html", {"case": case, "form": form})


def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    attachment = access.get_object(
        request, CaseAttachment.objects.select_related("case"), pk, "grants.view_caseattachment"
    )
    try:
        stored = attachment.file.open("rb")
    except FileNotFoundError:
        logger.error("Attachment %s has no stored file %s", attachment.pk, attachment.file.name)
        raise Http404 from None
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser show it anyway, it runs nothing and loads nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-cache"
    return response


@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = access.get_object(
        request, CaseAttachment.objects.select_related("case"), pk, "grants.delete_caseattachment"
    )
    case = attachment.case
    attachment_remove(attachment=attachment)
    messages.success(request, _("The attachment “%(title)s” was deleted.") % {"title": attachment})
    return HttpResponseRedirect(case.get_absolute_url())
