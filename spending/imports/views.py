"""Expenditure lines imported into a report: the template to fill in, and the upload page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from accounts import guards
from core.xlsx import XLSX_CONTENT_TYPE
from grants.models import EffortArea
from spending.imports import reader
from spending.imports.services import lines_import
from spending.imports.template import template_workbook
from spending.models import CostCategory, SpendingReport
from spending.views.common import bound, uploaded

ENTER = "spending.enter_reports"


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[reader.SheetRow] = []

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        reader.check_size(upload.size)
        self.rows = reader.read_sheet(upload)
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
    response["Content-Disposition"] = 'attachment; filename="rummelig-expenditure-import.xlsx"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@guards.checks_object_permission(ENTER)
def line_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a filled-in template: every row is added, or none and every problem listed."""
    report = _report(request, pk)
    row_errors: list[reader.RowError] = []
    form = LineImportForm(bound(request), uploaded(request))
    if request.method == "POST" and form.is_valid():
        try:
            created = lines_import(report=report, rows=form.rows, by=guards.author(request))
        except reader.LineRowsError as exc:
            row_errors = exc.row_errors
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s expenditure line was imported.",
                    "%(count)s expenditure lines were imported.",
                    len(created),
                )
                % {"count": len(created)},
            )
            return HttpResponseRedirect(report.get_absolute_url())
    return render(
        request,
        "spending/line_import.html",
        {
            "report": report,
            "form": form,
            "row_errors": row_errors,
            "bad_rows": len({e.row for e in row_errors}),
            "max_rows": number_format(reader.MAX_ROWS, force_grouping=True),
            "max_megabytes": reader.MAX_UPLOAD_MEGABYTES,
        },
    )
