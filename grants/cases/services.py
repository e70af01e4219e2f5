"""Writes to a case and what belongs to it: each is atomic and validates first.

Each names `by` as the author in the audit history (`core.audit`).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core import audit, uploads
from core.integrity import conflicts_refused
from grants import approved
from grants.cases import terms
from grants.cases.finding_notices import watch_findings
from grants.models import (
    Case,
    CaseAttachment,
    CaseReference,
    DecisionCase,
    Disbursement,
    GrantDecision,
    Project,
    Recommendation,
)


def _set_decisions(case: Case, decisions: Iterable[GrantDecision], by: AbstractBaseUser) -> None:
    """Link `case` to exactly `decisions`: each link added or removed has its own history."""
    decisions = list(decisions)
    if any(decision.project_id != case.project_id for decision in decisions):
        raise ValidationError(
            {"decisions": _("A case presents decisions of its own project only.")},
            code="other_project",
        )
    wanted = {decision.pk for decision in decisions}
    links = {link.grantdecision_id: link for link in DecisionCase.objects.filter(case=case)}
    for decision_id, link in links.items():
        if decision_id not in wanted:
            audit.delete(link, by=by)
    for decision_id in sorted(wanted - links.keys()):
        audit.save(DecisionCase(case=case, grantdecision_id=decision_id), by=by)


def case_create(
    *, project: Project, case: Case, decisions: Iterable[GrantDecision], by: AbstractBaseUser
) -> Case:
    """Create `case` for `project`, presenting `decisions` (the project's own): all or none."""
    with transaction.atomic(), watch_findings(case, by=by):
        case.project = project
        case.full_clean()
        audit.save_checked(case, by=by)
        _set_decisions(case, decisions, by)
    return case


def case_set_decisions(
    *, case: Case, decisions: Iterable[GrantDecision], by: AbstractBaseUser
) -> Case:
    """Make `decisions` (the project's own) the ones `case` presents, instead of those before."""
    with transaction.atomic(), watch_findings(case, by=by):
        _set_decisions(case, decisions, by)
        # The case's own record moves on too: its pages and PDF show it changed.
        audit.save_checked(case, by=by, update_fields=["updated_at"])
    return case


def _lock(decision: GrantDecision) -> GrantDecision:
    """The decision's row, locked: writers of its lines take turns.

    An approved decision's recommendation and schedule are locked with its figures: a budget
    revision changes them, or an administrator reopens the decision (code "locked").
    """
    locked = GrantDecision.objects.select_for_update().get(pk=decision.pk)
    if locked.status == GrantDecision.Status.APPROVED:
        raise ValidationError(approved.LOCKED, code="locked")
    return locked


def _refuse_foreign(decision: GrantDecision, rows: Iterable[Recommendation | Disbursement]) -> None:
    if any(row.decision_id != decision.pk for row in rows if row.pk):
        raise ValidationError(_("A line of another decision cannot be changed here."))


def recommendations_save(
    *,
    decision: GrantDecision,
    changed: Iterable[Recommendation],
    removed: Iterable[Recommendation],
    by: AbstractBaseUser,
) -> None:
    """Save the new and changed recommendation lines of `decision` and delete `removed`.

    A new or changed line needs an amount above 0 and years within the decision's period; no
    two lines may say the same (source, period, recipient). All or nothing.
    """
    changed, removed = list(changed), list(removed)
    with transaction.atomic(), watch_findings(decision, by=by):
        decision = _lock(decision)
        _refuse_foreign(decision, [*changed, *removed])
        for line in removed:
            audit.delete(line, by=by)
        for line in changed:
            line.decision = decision
            errors = terms.recommendation_errors(
                decision,
                amount=line.amount,
                first_year=line.first_year,
                last_year=line.last_year,
            )
            if errors:
                raise ValidationError(errors)
            line.full_clean()
            audit.save_checked(line, by=by)
        terms.check_recommendations(decision)


def disbursements_save(
    *,
    decision: GrantDecision,
    changed: Iterable[Disbursement],
    removed: Iterable[Disbursement],
    by: AbstractBaseUser,
) -> None:
    """Save the new and changed disbursement rows of `decision` and delete `removed`.

    A new or changed row needs an amount above 0 and a year within the decision's period; a
    year has one row for the whole and one for each named source; a schedule names a source on
    every row or on none. All or nothing.
    """
    changed, removed = list(changed), list(removed)
    with transaction.atomic(), watch_findings(decision, by=by):
        decision = _lock(decision)
        _refuse_foreign(decision, [*changed, *removed])
        for row in removed:
            audit.delete(row, by=by)
        for row in changed:
            row.decision = decision
            errors = terms.disbursement_errors(decision, amount=row.amount, year=row.year)
            if errors:
                raise ValidationError(errors)
            row.full_clean()
            with conflicts_refused(row.validate_constraints):
                audit.save_checked(row, by=by)
        terms.check_schedule(decision)


def case_save(
    *,
    case: Case,
    references: Iterable[CaseReference],
    removed: Iterable[CaseReference],
    by: AbstractBaseUser,
) -> Case:
    """Save a case's texts together with its references (new, changed and removed): all or none."""
    with transaction.atomic():
        audit.save(case, by=by)
        gone = [reference.pk for reference in removed if reference.pk]
        for reference in CaseReference.objects.filter(case=case, pk__in=gone):
            audit.delete(reference, by=by)
        for reference in references:
            reference.case = case
            audit.save(reference, by=by)
    return case


def case_set_meeting_date(
    *, case: Case, meeting_date: date, by: AbstractBaseUser, reason: str = ""
) -> Case:
    """Date `case` by the meeting that decided it (its page, PDF and the agenda pack print it),
    with `reason` (the meeting and its item) as the history's change reason."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.meeting_date == meeting_date:
            return case
        case.meeting_date = meeting_date
        audit.save(case, by=by, update_fields=["meeting_date", "updated_at"], reason=reason)
    return case


def attachment_add(
    *,
    case: Case,
    title: str,
    dated: date | None,
    upload: UploadedFile,
    by: AbstractBaseUser,
) -> CaseAttachment:
    """Attach an uploaded file to `case` under a random stored name.

    The size and the type are checked here, by the file's content (`core.uploads`); the
    uploader's file name is kept, made safe, only as the name to show and offer on download.
    Nothing is kept when anything fails.
    """
    file_type = uploads.check_upload(upload)
    next_order = (case.attachments.aggregate(last=Max("order"))["last"] or 0) + 1
    attachment = CaseAttachment(
        case=case,
        title=title.strip(),
        dated=dated,
        token=secrets.token_urlsafe(24),
        filename=uploads.safe_filename(upload.name or "", file_type),
        content_type=file_type.content_type,
        size=upload.size or 0,
        uploaded_by_id=by.pk,
        order=next_order,
    )
    attachment.full_clean(exclude=["file"])
    with transaction.atomic():
        attachment.file.save(attachment.token, upload, save=False)
        try:
            audit.save_checked(attachment, by=by)
        except BaseException:
            attachment.file.delete(save=False)
            raise
    return attachment


def attachment_remove(*, attachment: CaseAttachment, by: AbstractBaseUser) -> None:
    """Delete an attachment and, once that is committed, its stored file."""
    storage, name = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        audit.delete(attachment, by=by)
        if name:
            transaction.on_commit(lambda: storage.delete(name))
