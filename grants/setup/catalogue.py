"""Writes of the region's list of funding sources (the catalogue): the set-up pages and the
admin both save and delete through here, each keyword-only and atomic, naming `by` as the
author in the audit history (`core.audit`)."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core import audit, confirm, undo
from grants.models import FundingSource


def funding_source_save(*, source: FundingSource, by: AbstractBaseUser) -> FundingSource:
    """Add a funding source to the region's list (last in its order unless given a place), or
    change one. The set-up page and the admin both save through here."""
    with transaction.atomic():
        if source.pk is None and not source.order:
            last = FundingSource.objects.aggregate(last=models.Max("order"))["last"]
            source.order = (last or 0) + 1
        return audit.save(source, by=by)


def funding_source_refusal(source: FundingSource) -> list[str]:
    """Why `source` cannot be deleted (nothing when it can): the rows that use it, whichever
    project, decision, payment or claim they belong to."""
    users = confirm.protected_by(source)
    if not users:
        return []
    return [
        _(
            "%(name)s is used by %(users)s and cannot be deleted. Its name can still be "
            "changed, and projects need not choose it."
        )
        % {"name": source.name, "users": ", ".join(users)}
    ]


def funding_source_delete(*, source: FundingSource, by: AbstractBaseUser) -> None:
    """Delete a funding source that nothing uses; one that is used is refused, naming what."""
    with transaction.atomic():
        refusal = funding_source_refusal(source)
        if refusal:
            raise ValidationError(refusal[0], code="in_use")
        try:
            audit.delete(source, by=by)
        except ProtectedError:
            # Chosen or used meanwhile, between the check and the delete.
            raise ValidationError(funding_source_refusal(source)[0], code="in_use") from None


def funding_source_restore(*, source_id: int, by: AbstractBaseUser) -> FundingSource:
    """Undo the deletion of funding source `source_id`, checked as a new one is (its name
    still free)."""
    with transaction.atomic():
        record = undo.deletion(FundingSource, source_id)
        if record is None:
            raise ValidationError(
                _("There is no deleted funding source to restore."), code="not_deleted"
            )
        source = undo.row_of(record, FundingSource)
        if FundingSource.objects.filter(pk=source_id).exists():
            raise ValidationError(_("The funding source is already back."), code="not_deleted")
        if FundingSource.objects.filter(name=source.name).exists():
            raise ValidationError(
                _("Another funding source is called %(name)s meanwhile.") % {"name": source.name},
                code="name_taken",
            )
        return audit.save(source, by=by, reason=_("deletion undone"))
