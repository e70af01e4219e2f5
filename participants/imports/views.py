"""Onboarding courses imported from Excel: the template to fill in, and the upload page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from accounts import guards
from core.filenames import attach, download_name
from core.xlsx import XLSX_CONTENT_TYPE
from grants.models import Project
from participants.imports import reader as imports
from participants.imports.services import ImportResult, courses_import
from participants.imports.template import template_workbook

IMPORT_PERMISSIONS = ("participants.add_participant", "participants.add_onboardingcourse")


class CourseImportForm(forms.Form):
    """The project to import into (only the user's own) and the filled-in template."""

    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        label=gettext_lazy("Project"),
        error_messages={
            "required": gettext_lazy("Choose the project to import into."),
            "invalid_choice": gettext_lazy(
                "Choose one of your own projects: you can only import into the projects "
                "whose secretariat you belong to."
            ),
        },
    )
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        error_messages={
            "required": gettext_lazy("Choose the file to import."),
            "empty": gettext_lazy("The file is empty."),
            "invalid": gettext_lazy("No file was received. Choose the file again."),
        },
        widget=forms.FileInput(
            attrs={
                "accept": f".xlsx,{XLSX_CONTENT_TYPE}",
                "class": "form-input",
            }
        ),
    )

    def __init__(self, *args: Any, user: AbstractBaseUser | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        projects = Project.objects.working_with_people(user).order_by("name")
        field = self.fields["project"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = projects
        self.has_projects = len(projects) > 0
        if len(projects) == 1:
            field.empty_label = None
        self.fields["file"].help_text = _(
            "The filled-in template. At most %(size)s MB and %(rows)s rows."
        ) % {"size": imports.MAX_UPLOAD_MEGABYTES, "rows": _rows(imports.MAX_ROWS)}
        self.rows: list[imports.SheetRow] = []

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        imports.check_size(upload.size)
        self.rows = imports.read_sheet(upload)
        return upload


@require_safe
@guards.permission_required("participants.add_onboardingcourse")
def course_import_template(request: HttpRequest) -> HttpResponse:
    """The XLSX template: the column names to fill in under, and a help sheet."""
    response = HttpResponse(template_workbook(), content_type=XLSX_CONTENT_TYPE)
    return attach(response, download_name(_("course import template"), ext="xlsx"))


@require_http_methods(["GET", "HEAD", "POST"])
@guards.permission_required(*IMPORT_PERMISSIONS)
def course_import(request: HttpRequest) -> HttpResponse:
    """Upload a filled-in template: every row is imported, or none and every problem listed."""
    row_errors: list[imports.RowError] = []
    if request.method == "POST":
        form = CourseImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            project = form.cleaned_data["project"]
            try:
                result = courses_import(project=project, rows=form.rows, by=guards.author(request))
            except imports.ImportRowsError as exc:
                row_errors = exc.row_errors
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _success_message(project, result))
                return HttpResponseRedirect(reverse("participants:course_list"))
    else:
        form = CourseImportForm(user=request.user, initial={"project": request.GET.get("project")})
    return render(
        request,
        "participants/course_import.html",
        {
            "form": form,
            "has_projects": form.has_projects,
            "row_errors": row_errors,
            "bad_rows": len({e.row for e in row_errors}),
            "max_rows": _rows(imports.MAX_ROWS),
            "max_megabytes": imports.MAX_UPLOAD_MEGABYTES,
        },
    )


def _rows(count: int) -> str:
    return number_format(count, force_grouping=True)


def _success_message(project: Project, result: ImportResult) -> str:
    courses = ngettext(
        "%(count)s onboarding course was imported into %(project)s.",
        "%(count)s onboarding courses were imported into %(project)s.",
        result.courses_created,
    ) % {"count": result.courses_created, "project": project.name}
    participants = _("New participants: %(new)s. Already registered: %(known)s.") % {
        "new": result.participants_created,
        "known": result.participants_reused,
    }
    return f"{courses} {participants}"
