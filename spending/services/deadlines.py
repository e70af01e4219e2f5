"""A project's reporting deadlines: the region sets them up."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core import audit
from spending.models import ReportingDeadline


def deadline_save(*, deadline: ReportingDeadline, by: AbstractBaseUser) -> ReportingDeadline:
    with transaction.atomic():
        return audit.save(deadline, by=by)


def deadline_delete(*, deadline: ReportingDeadline, by: AbstractBaseUser) -> None:
    """Delete a deadline no report has been written for."""
    with transaction.atomic():
        try:
            audit.delete(deadline, by=by)
        except ProtectedError as exc:
            raise ValidationError(
                _("A report has been written for this deadline: it cannot be deleted."),
                code="protected",
            ) from exc
