"""A project's reporting deadlines: the region sets them up."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core import audit, undo
from spending import reminders
from spending.models import ReportingDeadline


def deadline_save(*, deadline: ReportingDeadline, by: AbstractBaseUser) -> ReportingDeadline:
    """Save `deadline`; moved to another date, its reminders so far are settled (the new
    date's are told anew)."""
    with transaction.atomic():
        moved = (
            deadline.pk is not None
            and ReportingDeadline.objects.filter(pk=deadline.pk)
            .exclude(due_on=deadline.due_on)
            .exists()
        )
        saved = audit.save(deadline, by=by)
        if moved:
            reminders.settle_reminders(saved)
        return saved


def deadline_delete(*, deadline: ReportingDeadline, by: AbstractBaseUser) -> None:
    """Delete a deadline no report has been written for."""
    with transaction.atomic():
        try:
            reminders.settle_reminders(deadline)
            audit.delete(deadline, by=by)
        except ProtectedError as exc:
            raise ValidationError(
                _("A report has been written for this deadline: it cannot be deleted."),
                code="protected",
            ) from exc


def deadline_restore(*, deadline_id: int, by: AbstractBaseUser) -> ReportingDeadline:
    """Undo the deletion of deadline `deadline_id`, checked as a new deadline is (one per
    period, one final deadline per project)."""
    with transaction.atomic():
        record = undo.deletion(ReportingDeadline, deadline_id)
        if record is None:
            raise ValidationError(_("There is no deleted deadline to restore."), code="not_deleted")
        return audit.save(
            undo.row_of(record, ReportingDeadline), by=by, reason=_("deletion undone")
        )
