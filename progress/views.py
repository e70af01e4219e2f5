"""Progress toward targets: a project's page, a programme's overview, their XLSX, target changes.

The pages and the workbooks render the same `progress.queries` results. They show
counts only, never a participant, so anyone who may view targets may see every project's.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from accounts import guards
from core.xlsx import XLSX_CONTENT_TYPE, safe_text
from grants.models import Programme, Project, Target, TargetChange
from grants.services import target_change
from progress.pace import MonthPoint, Progress
from progress.queries import IndicatorTotal, TargetProgress, programme_progress, project_progress

# Large enough for any count of citizens, jobs or companies; small enough to catch a typo.
MAX_TARGET = 1_000_000


def today() -> date:
    """The day progress is measured on (a function, so tests can fix it)."""
    return timezone.localdate()


# The same words as templates/progress/progress_status.html.
STATUS_LABELS = {
    Progress.Status.NOT_STARTED: gettext_lazy("Not started"),
    Progress.Status.ON_PACE: gettext_lazy("On pace"),
    Progress.Status.BEHIND: gettext_lazy("Behind pace"),
    Progress.Status.REACHED: gettext_lazy("Reached"),
    Progress.Status.MISSED: gettext_lazy("Not reached"),
}


def status_label(progress: Progress) -> str:
    return str(STATUS_LABELS[progress.status])


@dataclass(frozen=True)
class Chart:
    """A chart's data for `json_script` and the table that repeats its numbers."""

    element_id: str
    title: str
    target: int
    points: list[MonthPoint]

    @property
    def data(self) -> dict[str, Any]:
        return {
            "labels": [_month_label(p.month) for p in self.points],
            "achieved": [p.achieved for p in self.points],
            "expected": [p.expected for p in self.points],
            "target": self.target,
            "names": {
                "achieved": _("Achieved"),
                "expected": _("Expected at a steady pace"),
                "target": _("Target"),
            },
        }

    @property
    def rows(self) -> list[tuple[str, int | None, int]]:
        return [(_month_label(p.month), p.achieved, p.expected) for p in self.points]


def _month_label(month: date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


@dataclass(frozen=True)
class ShownTarget:
    item: TargetProgress
    chart: Chart
    changes: list[TargetChange]


def _shown(items: Iterable[TargetProgress]) -> list[ShownTarget]:
    return [
        ShownTarget(
            item=item,
            chart=Chart(
                element_id=f"progress-data-{item.target.pk}",
                title=str(item.target.get_indicator_display()),
                target=item.target.value,
                points=item.series,
            ),
            changes=list(item.target.changes.all()),
        )
        for item in items
    ]


def _totals_shown(totals: Iterable[IndicatorTotal]) -> list[tuple[IndicatorTotal, Chart]]:
    return [
        (
            total,
            Chart(
                element_id=f"progress-data-total-{total.indicator}",
                title=total.label,
                target=total.progress.target,
                points=total.series,
            ),
        )
        for total in totals
    ]


class ProjectProgressView(guards.ObjectPermissionMixin, DetailView):
    """A project's targets: achieved, the pace, a chart each, and how the targets changed."""

    model = Project
    permission_required = "grants.view_target"
    template_name = "progress/progress_project.html"

    def get_queryset(self) -> QuerySet[Project]:
        return Project.objects.visible_to(self.request.user).with_relations()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        day = today()
        context.update({"today": day, "targets": _shown(project_progress(self.object, today=day))})
        return context


class ProgrammeProgressView(guards.ObjectPermissionMixin, DetailView):
    """Every project of a programme: each target's progress and each indicator's total."""

    model = Programme
    permission_required = "grants.view_programme_progress"

    def get_queryset(self) -> QuerySet[Programme]:
        return Programme.objects.visible_to(self.request.user)

    template_name = "progress/progress_programme.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        day = today()
        overview = programme_progress(self.object, today=day)
        context.update(
            {
                "today": day,
                "overview": overview,
                "totals": _totals_shown(overview.totals),
            }
        )
        return context


def project_progress_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    project = guards.get_object(request, Project.objects.with_relations(), pk, "grants.view_target")
    day = today()
    items = project_progress(project, today=day)
    workbook = _workbook(_("Progress of %(name)s") % {"name": project.name}, day)
    _progress_sheet(workbook, items, with_project=False)
    _changes_sheet(workbook, items)
    return _download(workbook, f"progress-project-{project.pk}-{slugify(project.name)[:60]}")


def programme_progress_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    programme = guards.get_object(request, Programme, pk, "grants.view_programme_progress")
    day = today()
    overview = programme_progress(programme, today=day)
    workbook = _workbook(_("Progress of %(name)s") % {"name": programme.name}, day)
    items = [item for row in overview.projects for item in row.targets]
    _progress_sheet(workbook, items, with_project=True)
    _totals_sheet(workbook, overview.totals)
    return _download(workbook, f"progress-programme-{programme.pk}-{slugify(programme.name)[:60]}")


class TargetChangeForm(forms.Form):
    value = forms.IntegerField(
        label=gettext_lazy("New value"),
        min_value=0,
        max_value=MAX_TARGET,
        widget=forms.NumberInput(attrs={"class": "form-input input-width-xs", "min": "0"}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        help_text=gettext_lazy("E.g. the decision or the meeting that changed the target."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TargetEditView(guards.ObjectPermissionMixin, FormView):
    """Change a target's value; the old value, the time, the user and the reason are kept."""

    form_class = TargetChangeForm
    permission_required = "grants.change_target"
    template_name = "progress/target_form.html"

    @cached_property
    def target(self) -> Target:
        return guards.get_object(
            self.request,
            Target.objects.select_related("decision__project").prefetch_related(
                Prefetch(
                    "changes",
                    queryset=TargetChange.objects.select_related("changed_by").order_by(
                        "-changed_at", "-pk"
                    ),
                )
            ),
            self.kwargs["pk"],
            self.permission_required,
        )

    def get_initial(self) -> dict[str, Any]:
        return {"value": self.target.value}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "target": self.target,
            "project": self.target.decision.project,
            "changes": list(self.target.changes.all()),
        }

    def form_valid(self, form: TargetChangeForm) -> HttpResponse:
        try:
            target_change(
                target=self.target,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
                by=self.request.user,  # type: ignore[arg-type]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The target was changed."))
        url = reverse("progress:project_progress", args=[self.target.decision.project_id])
        return HttpResponseRedirect(f"{url}#target-{self.target.pk}")

    def form_invalid(self, form: TargetChangeForm) -> HttpResponse:
        messages.error(self.request, _("Nothing was saved: correct the marked fields."))
        return super().form_invalid(form)


# XLSX: numbers are numbers; every text is a string cell, never a formula.

_BOLD = Font(bold=True)


def _workbook(title: str, day: date) -> Workbook:
    workbook = Workbook()
    workbook.properties.title = title
    workbook.properties.creator = "Rummelig"
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Progress")[:31]
    sheet.append([safe_text(title)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([_("Measured on"), day])
    sheet["B2"].number_format = "yyyy-mm-dd"
    sheet.append([])
    return workbook


def _append(sheet: Worksheet, values: Sequence[object], *, bold: bool = False) -> None:
    sheet.append([safe_text(v) if isinstance(v, str) else v for v in values])
    for cell in sheet[sheet.max_row]:
        _format(cell, bold=bold)


def _format(cell: Cell | Any, *, bold: bool) -> None:
    if isinstance(cell.value, str):
        cell.data_type = "s"
    elif isinstance(cell.value, Decimal):
        cell.number_format = "0.0"
    elif isinstance(cell.value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(cell.value, date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(cell.value, int):
        cell.number_format = "#,##0"
    if bold:
        cell.font = _BOLD


def _progress_columns(with_project: bool) -> list[str]:
    return [
        *([_("Project")] if with_project else []),
        _("Decision"),
        _("First year"),
        _("Last year"),
        _("Indicator"),
        _("Industry"),
        _("Target"),
        _("Achieved"),
        _("Percent"),
        _("Expected by today"),
        _("Status"),
    ]


def _progress_sheet(
    workbook: Workbook, items: Sequence[TargetProgress], *, with_project: bool
) -> None:
    sheet = workbook.active
    assert sheet is not None
    columns = _progress_columns(with_project)
    _append(sheet, columns, bold=True)
    header_row = sheet.max_row
    for item in items:
        decision = item.target.decision
        lead = [
            *([item.project.name] if with_project else []),
            decision.title,
            decision.first_year,
            decision.last_year,
            str(item.target.get_indicator_display()),
        ]
        _append(sheet, [*lead, "", *_figures(item.progress)])
        for part in item.breakdown:
            _append(sheet, [*lead, part.breakdown.industry.name, *_figures(part.progress)])
    # Years are numbers, but not grouped like counts: 2019, not 2.019.
    first_year_column = 3 if with_project else 2
    for row in sheet.iter_rows(
        min_row=header_row + 1, min_col=first_year_column, max_col=first_year_column + 1
    ):
        for cell in row:
            cell.number_format = "0"
    _widths(sheet, len(columns))
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)


def _figures(progress: Progress) -> list[object]:
    return [
        progress.target,
        progress.achieved,
        progress.percent,
        progress.expected,
        status_label(progress),
    ]


def _changes_sheet(workbook: Workbook, items: Sequence[TargetProgress]) -> None:
    sheet = workbook.create_sheet(_("Target changes")[:31])
    columns = [
        _("Decision"),
        _("Indicator"),
        _("Changed at"),
        _("Changed by"),
        _("Old value"),
        _("New value"),
        _("Reason"),
    ]
    _append(sheet, columns, bold=True)
    for item in items:
        for change in item.target.changes.all():
            _append(
                sheet,
                [
                    item.target.decision.title,
                    str(item.target.get_indicator_display()),
                    timezone.localtime(change.changed_at).replace(tzinfo=None),
                    _user_name(change),
                    change.old_value,
                    change.new_value,
                    change.reason,
                ],
            )
    _widths(sheet, len(columns))


def _totals_sheet(workbook: Workbook, totals: Sequence[IndicatorTotal]) -> None:
    sheet = workbook.create_sheet(_("Totals")[:31])
    columns = [
        _("Indicator"),
        _("Target"),
        _("Achieved"),
        _("Percent"),
        _("Expected by today"),
        _("Status"),
    ]
    _append(sheet, columns, bold=True)
    for total in totals:
        _append(sheet, [total.label, *_figures(total.progress)])
    _widths(sheet, len(columns))


def _user_name(change: TargetChange) -> str:
    user = change.changed_by
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _widths(sheet: Worksheet, columns: int) -> None:
    for index in range(1, columns + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    sheet.column_dimensions["A"].width = 36


def _download(workbook: Workbook, name: str) -> HttpResponse:
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
