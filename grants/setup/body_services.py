"""Writes of the region's list of decision bodies (Vækstforum, Danmarks Erhvervsfremmebestyrelse,
...): the set-up pages and the admin both save and delete through here, each keyword-only and
atomic, naming `by` as the author in the audit history (`core.audit`)."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from core import audit, confirm, undo
from grants.models import DecisionBody


def body_save(*, body: DecisionBody, by: AbstractBaseUser) -> DecisionBody:
    """Add a decision body to the region's list (last in its order unless given a place), or
    change one: rename it, retire it or bring it back."""
    with transaction.atomic():
        body.name = body.name.strip()
        body.code = body.code.strip()
        others = DecisionBody.objects.exclude(pk=body.pk)
        if others.filter(name__iexact=body.name).exists():
            raise ValidationError(
                {
                    "name": _("The region already has a decision body called %(name)s.")
                    % {"name": body.name}
                },
                code="unique",
            )
        if body.code and others.filter(code__iexact=body.code).exists():
            raise ValidationError(
                {
                    "code": _("Another decision body has the short name %(code)s.")
                    % {"code": body.code}
                },
                code="unique",
            )
        if body.pk is None and not body.order:
            last = DecisionBody.objects.aggregate(last=models.Max("order"))["last"]
            body.order = (last or 0) + 1
        return audit.save(body, by=by)


def body_refusal(body: DecisionBody) -> list[str]:
    """Why `body` cannot be deleted (nothing when it can): the meetings and decisions that
    name it."""
    users = confirm.protected_by(body)
    if not users:
        return []
    return [
        _(
            "%(name)s is named by %(users)s and cannot be deleted. Retire it instead: it is "
            "then no longer offered for new meetings and decisions."
        )
        % {"name": body.name, "users": ", ".join(users)}
    ]


def body_delete(*, body: DecisionBody, by: AbstractBaseUser) -> None:
    """Delete a decision body that no meeting or decision names; one that is named is refused."""
    with transaction.atomic():
        refusal = body_refusal(body)
        if refusal:
            raise ValidationError(refusal[0], code="in_use")
        try:
            audit.delete(body, by=by)
        except ProtectedError:
            # Named meanwhile, between the check and the delete.
            raise ValidationError(body_refusal(body)[0], code="in_use") from None


def body_restore(*, body_id: int, by: AbstractBaseUser) -> DecisionBody:
    """Undo the deletion of decision body `body_id`, checked as a new one is (its name and
    short name still free)."""
    with transaction.atomic():
        record = undo.deletion(DecisionBody, body_id)
        if record is None:
            raise ValidationError(
                _("There is no deleted decision body to restore."), code="not_deleted"
            )
        body = undo.row_of(record, DecisionBody)
        if DecisionBody.objects.filter(pk=body_id).exists():
            raise ValidationError(_("The decision body is already back."), code="not_deleted")
        if DecisionBody.objects.filter(name__iexact=body.name).exists():
            raise ValidationError(
                _("Another decision body is called %(name)s meanwhile.") % {"name": body.name},
                code="name_taken",
            )
        if body.code and DecisionBody.objects.filter(code__iexact=body.code).exists():
            raise ValidationError(
                _("Another decision body has the short name %(code)s meanwhile.")
                % {"code": body.code},
                code="name_taken",
            )
        return audit.save(body, by=by, reason=_("deletion undone"))
