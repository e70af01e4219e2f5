"""A programme's money settings and its cost categories: the region's set-up."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core import audit, undo
from grants.models import Programme
from spending.models import CostCategory, ProgrammeFinance


def finance_of(programme: Programme) -> ProgrammeFinance:
    """The programme's settings, or (unsaved) the defaults when none were set."""
    try:
        return programme.finance
    except ProgrammeFinance.DoesNotExist:
        return ProgrammeFinance(programme=programme)


def finance_save(*, finance: ProgrammeFinance, by: AbstractBaseUser) -> ProgrammeFinance:
    with transaction.atomic():
        return audit.save(finance, by=by)


def category_save(*, category: CostCategory, by: AbstractBaseUser) -> CostCategory:
    """Create or change a cost category; a flat rate names its percentage and direct base."""
    with transaction.atomic():
        return audit.save(category, by=by)


def category_delete(*, category: CostCategory, by: AbstractBaseUser) -> None:
    """Delete a category no line uses and no flat rate is computed from."""
    with transaction.atomic():
        try:
            audit.delete(category, by=by)
        except ProtectedError as exc:
            raise ValidationError(
                _("The category is in use by expenditure lines or flat rates: it cannot go."),
                code="protected",
            ) from exc


def category_restore(*, category_id: int, by: AbstractBaseUser) -> CostCategory:
    """Undo the deletion of category `category_id`, checked as a new category is (its code
    and name free in the programme; a flat rate's base still a direct category there)."""
    with transaction.atomic():
        record = undo.deletion(CostCategory, category_id)
        if record is None:
            raise ValidationError(
                _("There is no deleted cost category to restore."), code="not_deleted"
            )
        return audit.save(undo.row_of(record, CostCategory), by=by, reason=_("deletion undone"))
