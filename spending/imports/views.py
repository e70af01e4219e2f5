"""Expenditure lines imported into a report: the template to fill in, and the upload page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from accounts import guards
from core import uploads
from core.filenames import attach, download_name
from core.xlsx import XLSX_CONTENT_TYPE
from grants.models import EffortArea
from spending.imports import reader
from spending.imports.services import ImportResult, lines_import
from spending.imports.template import template_workbook
from spending.models import CostCategory, ExpenditureImport, SpendingReport
from spending.views.common import bound, uploaded

ENTER = "spending.enter_reports"


# What a browser sends for a ticked checkbox that has no value of its own.
TICKED = "on"


class _PostedCheckbox(forms.CheckboxInput):
    """The posted text as it is: Django's checkbox reads any text but "false" and "0" as
    ticked, so that a hand-made request's `replace=no` would replace."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class TickBox(forms.BooleanField):
    """A checkbox left empty (false) or ticked (true); any other posted value is refused."""

    widget = _PostedCheckbox

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> bool:
        if value in (None, ""):
            return False
        if value == TICKED:
            return True
        raise ValidationError(_("Tick the box or leave it empty."), code="invalid")


class LineImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        error_messages={
            "required": gettext_lazy("Choose the file to import."),
            "empty": gettext_lazy("The file is empty."),
            "invalid": gettext_lazy("No file was received. Choose the file again."),
        },
        widget=forms.FileInput(
            attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}", "class": "form-input"}
        ),
    )
    replace = TickBox(
        label=gettext_lazy("Replace the earlier import of this file"),
        help_text=gettext_lazy(
            "Only if this very file was imported into the report before: the lines of that "
            "import are deleted, also those changed since, and the file's rows are added in "
            "their place. Left empty, the same file again is refused."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[reader.SheetRow] = []
        self.fingerprint = ""
        self.filename = ""

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        reader.check_size(upload.size)
        self.rows = reader.read_sheet(upload)
        self.fingerprint = reader.fingerprint(upload)
        self.filename = uploads.safe_filename(upload.name or "", uploads.XLSX)
        return upload


def _report(request: HttpRequest, pk: int) -> SpendingReport:
    return guards.get_object(request, SpendingReport.objects.with_relations(), pk, ENTER)


@require_safe
@guards.checks_object_permission(ENTER)
def line_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The XLSX template for this report: its project's areas, its programme's categories."""
    report = _report(request, pk)
    content = template_workbook(
        areas=list(EffortArea.objects.filter(project_id=report.project_id)),
        categories=list(CostCategory.objects.filter(programme_id=report.project.programme_id)),
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    name = download_name(_("expenditure import template"), report.project.name, ext="xlsx")
    return attach(response, name)


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(ENTER)
def line_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a filled-in template: every row is added, or none and every problem listed."""
    report = _report(request, pk)
    row_errors: list[reader.RowError] = []
    form = LineImportForm(bound(request), uploaded(request))
    if request.method == "POST" and form.is_valid():
        try:
            result = lines_import(
                report=report,
                rows=form.rows,
                fingerprint=form.fingerprint,
                filename=form.filename,
                by=guards.author(request),
                replace=form.cleaned_data["replace"],
            )
        except reader.LineRowsError as exc:
            row_errors = exc.row_errors
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _success_message(result))
            return HttpResponseRedirect(report.get_absolute_url())
    return render(
        request,
        "spending/line_import.html",
        {
            "report": report,
            "form": form,
            "imports": ExpenditureImport.objects.filter(report=report)
            .select_related("imported_by")
            .order_by("-imported_at", "-pk"),
            "row_errors": row_errors,
            "bad_rows": len({e.row for e in row_errors}),
            "max_rows": number_format(reader.MAX_ROWS, force_grouping=True),
            "max_megabytes": reader.MAX_UPLOAD_MEGABYTES,
        },
    )


def _success_message(result: ImportResult) -> str:
    imported = ngettext(
        "%(count)s expenditure line was imported.",
        "%(count)s expenditure lines were imported.",
        result.created,
    ) % {"count": number_format(result.created, force_grouping=True)}
    if not result.replaced:
        return imported
    deleted = ngettext(
        "The line of the earlier import of the file was deleted.",
        "The %(count)s lines of the earlier import of the file were deleted.",
        result.replaced,
    ) % {"count": number_format(result.replaced, force_grouping=True)}
    return f"{imported} {deleted}"
