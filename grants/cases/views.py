# mypy: disallow-subclassing-any=False
# (django-tables2 ships no types, as for the other apps' list views in pyproject.toml.)
"""The case's pages: editing its texts, references and attachments, the preview and the PDF,
acknowledging a consistency finding.

Every view reaches a case or an attachment through `accounts.guards`: outside the user's
projects there is nothing (404), so that a file's existence is not revealed.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import CreateView, DetailView, FormView, UpdateView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts import guards
from core import confirm, uploads
from core.downloads import stored_file
from core.filenames import attach, download_name
from core.paging import PagedTableMixin
from core.refusals import show_refusal
from grants import queries
from grants.cases.checks import finding_acknowledge as acknowledge
from grants.cases.forms import (
    AttachmentForm,
    CaseCreateForm,
    CaseDecisionsForm,
    CaseForm,
    ReferenceFormSet,
)
from grants.cases.pdf import case_pdf as render_case_pdf
from grants.cases.presentation import CasePresentation, case_presentation
from grants.cases.services import (
    attachment_add,
    attachment_remove,
    case_create,
    case_save,
    case_set_decisions,
)
from grants.cases.terms import case_terms
from grants.filters import CaseFilter
from grants.models import Case, CaseAttachment, Project
from grants.tables import CaseTable

logger = logging.getLogger(__name__)


class CaseEditView(guards.ObjectPermissionMixin, UpdateView[Case, Any]):
    """The case's texts and its references, saved together or not at all."""

    model = Case
    form_class = CaseForm
    permission_required = "grants.change_case"
    template_name = "grants/case_form.html"

    def get_queryset(self) -> QuerySet[Case]:
        return Case.objects.visible_to(self.request.user).select_related("project")

    def get_object(self, queryset: QuerySet[Case] | None = None) -> Case:
        case: Case = super().get_object(queryset)
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
                    case=form.instance,
                    references=references,
                    removed=formset.deleted_objects,
                    by=guards.author(self.request),
                )
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The case was saved."))
                return HttpResponseRedirect(self.object.get_absolute_url())
        messages.error(request, _("Nothing was saved: correct the marked fields."))
        return self.render_to_response(self.get_context_data(form=form, formset=formset))


case_edit = CaseEditView.as_view()


class CaseCreateView(guards.ObjectPermissionMixin, CreateView[Case, CaseCreateForm]):
    """A new case of a project, presenting some of its decisions."""

    model = Case
    form_class = CaseCreateForm
    permission_required = "grants.add_case"
    template_name = "grants/case_create.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.project = guards.get_object(request, Project, kwargs["project_pk"], "grants.add_case")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "project": self.project}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "project": self.project}

    def form_valid(self, form: CaseCreateForm) -> HttpResponse:
        try:
            self.object = case_create(
                project=self.project,
                case=form.instance,
                decisions=form.cleaned_data["decisions"],
                by=guards.author(self.request),
            )
        except ValidationError as exc:
            show_refusal(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The case was created."))
        return HttpResponseRedirect(self.object.get_absolute_url())

    def form_invalid(self, form: CaseCreateForm) -> HttpResponse:
        messages.error(self.request, _("Nothing was saved: correct the marked fields."))
        return super().form_invalid(form)


class CaseDecisionsView(guards.ObjectPermissionMixin, FormView[CaseDecisionsForm]):
    """Choose the decisions a case presents, among its project's."""

    form_class = CaseDecisionsForm
    permission_required = "grants.change_case"
    template_name = "grants/case_decisions.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.case = guards.get_object(
            request, Case.objects.select_related("project"), kwargs["pk"], "grants.change_case"
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "case": self.case}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "case": self.case}

    def form_valid(self, form: CaseDecisionsForm) -> HttpResponse:
        try:
            case_set_decisions(
                case=self.case,
                decisions=form.cleaned_data["decisions"],
                by=guards.author(self.request),
            )
        except ValidationError as exc:
            show_refusal(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The case's decisions were saved."))
        return HttpResponseRedirect(self.case.get_absolute_url())

    def form_invalid(self, form: CaseDecisionsForm) -> HttpResponse:
        messages.error(self.request, _("Nothing was saved: correct the marked fields."))
        return super().form_invalid(form)


# The upload's size limit must be in place before anything reads the request body, and the
# CSRF check reads it: so this view is exempt and checks CSRF itself, once the limit is set.
@csrf_exempt
@guards.checks_object_permission("grants.add_caseattachment")
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    case = guards.get_object(
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
                by=guards.author(request),
            )
        except ValidationError as exc:
            show_refusal(form, exc)
        else:
            messages.success(request, _("The attachment was added."))
            return HttpResponseRedirect(case.get_absolute_url())
    messages.error(request, _("Nothing was saved: correct the marked fields."))
    return _render_upload(request, case, form)


def _render_upload(request: HttpRequest, case: Case, form: AttachmentForm) -> HttpResponse:
    return render(request, "grants/attachment_form.html", {"case": case, "form": form})


@guards.checks_object_permission("grants.view_caseattachment")
def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    attachment = guards.get_object(
        request, CaseAttachment.objects.select_related("case"), pk, "grants.view_caseattachment"
    )
    return stored_file(
        attachment.file, filename=attachment.filename, content_type=attachment.content_type
    )


@confirm.destroys
@guards.checks_object_permission("grants.delete_caseattachment")
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = guards.get_object(
        request, CaseAttachment.objects.select_related("case"), pk, "grants.delete_caseattachment"
    )
    case = attachment.case
    if request.method != "POST":
        case_url = case.get_absolute_url()
        return confirm.ask(
            request,
            confirm.Confirmation(
                title=_("Delete the attachment"),
                question=_("Delete the attachment “%(title)s” (%(file)s) of the case “%(case)s”?")
                % {"title": attachment.title, "file": attachment.filename, "case": case.title},
                consequences=[
                    _(
                        "The file is deleted with it: the case presentation, its PDF and the "
                        "agenda packs rendered from now on leave it out."
                    ),
                    _("The deletion cannot be undone: to keep the file, download it first."),
                ],
                button=_("Yes, delete the attachment"),
                cancel_url=case_url,
                trail=[(case_url, case.title)],
            ),
        )
    attachment_remove(attachment=attachment, by=guards.author(request))
    messages.success(request, _("The attachment “%(title)s” was deleted.") % {"title": attachment})
    return HttpResponseRedirect(case.get_absolute_url())


# ?variant= of the PDF download. Every PDF is PDF/A-3a and PDF/UA-1, so both name the same file;
# "pdfa" is kept for links to the archive variant that there was.
VARIANTS = frozenset({"", "pdf", "pdfa"})


def visible_case(request: HttpRequest, pk: int) -> Case:
    """The case `pk` if the user may read it (404 outside their projects, 403 without role)."""
    return guards.get_object(
        request, Case.objects.select_related("project"), pk, "grants.view_case"
    )


def pdf_filename(presentation: CasePresentation) -> str:
    """ "sag-1-30-76-45-17.pdf": the case number, or the id when the case has none."""
    number = presentation.case_number or presentation.case_id
    return download_name(_("case"), number, ext="pdf")


@require_safe
@guards.checks_object_permission("grants.view_case")
def case_preview(request: HttpRequest, pk: int) -> HttpResponse:
    presentation = case_presentation(visible_case(request, pk))
    return render(request, "grants/case_preview.html", {"doc": presentation})


@require_safe
@guards.checks_object_permission("grants.view_case")
def case_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case(request, pk)
    variant = request.GET.get("variant", "")
    if variant not in VARIANTS:
        return HttpResponseBadRequest(
            _("Unknown PDF variant %(variant)s: use “pdf” or “pdfa”.") % {"variant": variant[:20]},
            content_type="text/plain; charset=utf-8",
        )
    presentation = case_presentation(case)
    response = HttpResponse(render_case_pdf(presentation), content_type="application/pdf")
    return attach(response, pdf_filename(presentation))


@require_POST
@guards.checks_object_permission("grants.add_findingacknowledgement")
def finding_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """Record who acknowledged a finding (POST `key`, the `fingerprint` of the figures shown,
    optional `note`); back to the case."""
    case = guards.get_object(request, Case, pk, "grants.add_findingacknowledgement")
    try:
        acknowledge(
            case=case,
            key=request.POST.get("key", ""),
            by=guards.author(request),
            note=request.POST.get("note", ""),
            # Required here: the figures acknowledged are the ones the page showed.
            fingerprint=request.POST.get("fingerprint", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The finding was acknowledged."))
    return HttpResponseRedirect(case.get_absolute_url())


class CaseListView(guards.ObjectPermissionMixin, PagedTableMixin, SingleTableMixin, FilterView):
    model = Case
    permission_required = "grants.view_case"
    template_name = "grants/case_list.html"
    table_class = CaseTable
    filterset_class = CaseFilter

    def get_queryset(self) -> QuerySet[Case]:
        return queries.case_list(self.request.user)


class CaseDetailView(guards.ObjectPermissionMixin, DetailView[Case]):
    model = Case
    permission_required = "grants.view_case"
    template_name = "grants/case_detail.html"

    def get_queryset(self) -> QuerySet[Case]:
        return Case.objects.visible_to(self.request.user).select_related("project")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        page = queries.case_page(self.object)
        return {
            **super().get_context_data(**kwargs),
            "report": page.report,
            "table_kind": "case",
            "findings": page.findings,
            "terms": case_terms(page.report.decisions),
        }
