"""A spending report as its secretariat writes it: the report, its lines, the submission.

The report and its lines change only while it is a draft or returned for changes; a
submitted report waits for review, an accepted one is frozen (a correction is a new report).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core import audit, undo
from grants.models import Project
from spending import notices, queries, rates
from spending.models import ExpenditureLine, ReportingDeadline, SpendingReport
from spending.services import files
from spending.services.finance import finance_of

# What the report form sets; the rest is the workflow's.
REPORT_FIELDS = ("period_start", "period_end", "deadline", "status_text", "forecast")
LINE_FIELDS = (
    "spent_on",
    "paid_on",
    "effort_area",
    "cost_category",
    "description",
    "invoice_number",
    "amount",
)


def locked_report(report: SpendingReport) -> SpendingReport:
    """`report` read again under a row lock, so two workflow steps never cross."""
    # NO KEY UPDATE: lockers still wait for each other, but a row that refers to the report
    # may be inserted meanwhile. PostgreSQL checks such a reference at commit (KEY SHARE on
    # the report); under FOR UPDATE that check would wait for a lock holder that may itself
    # wait for the inserting transaction (an import of the same file): a deadlock.
    return (
        SpendingReport.objects.select_for_update(of=("self",), no_key=True)
        .select_related("project")
        .get(pk=report.pk)
    )


def frozen_message(report: SpendingReport) -> list[str]:
    """Why `report` can no longer be changed (nothing when it can)."""
    if report.editable:
        return []
    return [
        _(
            "The report is %(status)s and can no longer be changed. A correction goes in "
            "a new report."
        )
        % {"status": report.get_status_display()}
    ]


def require_editable(report: SpendingReport) -> None:
    refusal = frozen_message(report)
    if refusal:
        raise ValidationError(refusal[0], code="frozen")


def report_create(
    *,
    project: Project,
    period_start: date,
    period_end: date,
    by: AbstractBaseUser,
    deadline: ReportingDeadline | None = None,
    status_text: str = "",
    forecast: int = 0,
) -> SpendingReport:
    """A new draft report of `project` for one period."""
    report = SpendingReport(
        project=project,
        period_start=period_start,
        period_end=period_end,
        deadline=deadline,
        status_text=status_text.strip(),
        forecast=forecast,
        created_by_id=by.pk,
    )
    with transaction.atomic():
        return audit.save(report, by=by)


def report_update(
    *, report: SpendingReport, by: AbstractBaseUser, fields: Mapping[str, Any]
) -> SpendingReport:
    """Change the report's period, deadline, status text or forecast while it is editable."""
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"Not a report field: {sorted(unknown)}")
    with transaction.atomic():
        current = locked_report(report)
        require_editable(current)
        for name, value in fields.items():
            setattr(current, name, value.strip() if isinstance(value, str) else value)
        if current.period_start and current.period_end:
            outside = current.lines.exclude(
                spent_on__range=(current.period_start, current.period_end)
            )
            if outside.exists():
                raise ValidationError(
                    {"period_start": _("Some of the report's lines lie outside that period.")},
                    code="lines_outside",
                )
        return audit.save(current, by=by)


def report_set_statement(
    *, report: SpendingReport, upload: UploadedFile, by: AbstractBaseUser
) -> SpendingReport:
    """Attach (or replace) the auditor's statement while the report is editable."""
    checked = files.check(upload)
    with transaction.atomic():
        current = locked_report(report)
        require_editable(current)
        old_name = current.auditor_statement.name or ""
        current.statement_token = checked.token
        current.statement_filename = checked.filename
        current.statement_content_type = checked.content_type
        with files.stored(current.auditor_statement, checked):
            audit.save(current, by=by, exclude=["auditor_statement"])
        files.remove_later(old_name, current.auditor_statement)
    return current


def report_delete(*, report: SpendingReport, by: AbstractBaseUser) -> None:
    """Delete a draft that was never submitted, with its lines."""
    with transaction.atomic():
        current = locked_report(report)
        if current.status != SpendingReport.Status.DRAFT or current.submitted_at is not None:
            raise ValidationError(
                _("Only a draft that was never submitted can be deleted."), code="frozen"
            )
        names = [current.auditor_statement.name or ""]
        lines = list(current.lines.all())
        names += [line.attachment.name or "" for line in lines]
        for line in lines:
            audit.delete(line, by=by)
        audit.delete(current, by=by)
        for name in names:
            files.remove_later(name, current.auditor_statement)


def _line_values(line: ExpenditureLine, fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(LINE_FIELDS)
    if unknown:
        raise ValueError(f"Not a line field: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(line, name, value.strip() if isinstance(value, str) else value)


def line_add(
    *,
    report: SpendingReport,
    by: AbstractBaseUser,
    fields: Mapping[str, Any],
    attachment: UploadedFile | None = None,
) -> ExpenditureLine:
    """Add an expenditure line to an editable report."""
    checked = files.check(attachment) if attachment is not None else None
    with transaction.atomic():
        current = locked_report(report)
        require_editable(current)
        line = ExpenditureLine(report=current)
        _line_values(line, fields)
        if checked is None:
            return audit.save(line, by=by)
        line.attachment_token = checked.token
        line.attachment_filename = checked.filename
        line.attachment_content_type = checked.content_type
        with files.stored(line.attachment, checked):
            return audit.save(line, by=by, exclude=["attachment"])


def line_update(
    *,
    line: ExpenditureLine,
    by: AbstractBaseUser,
    fields: Mapping[str, Any],
    attachment: UploadedFile | None = None,
) -> ExpenditureLine:
    """Change a line of an editable report; a changed line loses its earlier review."""
    checked = files.check(attachment) if attachment is not None else None
    with transaction.atomic():
        locked_report(line.report)
        current = ExpenditureLine.objects.select_related("report__project").get(pk=line.pk)
        require_editable(current.report)
        _line_values(current, fields)
        current.outcome = ExpenditureLine.Outcome.PENDING
        current.accepted_amount = None
        current.review_reason = ""
        current.reviewed_by = None
        current.reviewed_at = None
        if checked is None:
            return audit.save(current, by=by)
        old_name = current.attachment.name or ""
        current.attachment_token = checked.token
        current.attachment_filename = checked.filename
        current.attachment_content_type = checked.content_type
        with files.stored(current.attachment, checked):
            audit.save(current, by=by, exclude=["attachment"])
        files.remove_later(old_name, current.attachment)
        return current


def line_delete(*, line: ExpenditureLine, by: AbstractBaseUser) -> None:
    """Remove a line of an editable report."""
    with transaction.atomic():
        report = locked_report(line.report)
        require_editable(report)
        name = line.attachment.name or ""
        audit.delete(line, by=by)
        files.remove_later(name, line.attachment)


def line_restore(*, line_id: int, by: AbstractBaseUser) -> ExpenditureLine:
    """Undo the deletion of line `line_id`: the line as it was, back in its report.

    Checked as adding a line is: the report is still editable, the line still fits it (its
    period, the project's effort areas, the programme's categories). A line that had an
    attachment is not restored: its file was deleted with it.
    """
    with transaction.atomic():
        record = undo.deletion(ExpenditureLine, line_id)
        if record is None:
            raise ValidationError(_("There is no deleted line to restore."), code="not_deleted")
        line = undo.row_of(record, ExpenditureLine)
        if line.attachment:
            raise ValidationError(
                _("The line's attachment was deleted with it: add the line again with its file."),
                code="file_gone",
            )
        # Under the report's lock, as every change of its lines: a second undo waits, then
        # finds the line back.
        line.report = locked_report(line.report)
        if ExpenditureLine.objects.filter(pk=line_id).exists():
            raise ValidationError(_("The line is already back."), code="not_deleted")
        require_editable(line.report)
        return audit.save(line, by=by, reason=_("deletion undone"))


def statement_needed(report: SpendingReport) -> bool:
    """The report's total (flat rates included) exceeds its programme's threshold."""
    threshold = finance_of(report.project.programme).auditor_threshold
    return rates.needs_auditor_statement(queries.report_totals(report).total, threshold)


def report_submit(*, report: SpendingReport, by: AbstractBaseUser) -> SpendingReport:
    """Hand the report in for review: draft or returned → submitted.

    Refused without lines or a status text, and without the auditor's statement when the
    total exceeds the programme's threshold. A final deadline makes it the final report.
    """
    with transaction.atomic():
        current = locked_report(report)
        require_editable(current)
        if not current.lines.exists() and not current.status_text.strip():
            raise ValidationError(
                _("Add the period's expenditure lines or a status text before submitting."),
                code="empty",
            )
        if statement_needed(current) and not current.auditor_statement:
            threshold = finance_of(current.project.programme).auditor_threshold
            raise ValidationError(
                _(
                    "The report totals more than %(threshold)s kr.: attach the auditor's "
                    "statement before submitting."
                )
                % {"threshold": number_format(threshold, force_grouping=True)},
                code="statement_required",
            )
        current.final = bool(current.deadline and current.deadline.final)
        current.status = SpendingReport.Status.SUBMITTED
        current.submitted_by_id = by.pk
        current.submitted_at = timezone.now()
        audit.save(current, by=by)
        notices.report_submitted(current, by=by)
        return current
