"""The row lock every staff write on a request takes first, and the version it moves on."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from applications.models import Request
from applications.services.requests import _next_version


def lock_for_staff(request: Request, *allowed: str) -> Request:
    """The request's row, locked for a staff write; refused unless its status is `allowed`."""
    stored = Request.objects.select_for_update().get(pk=request.pk)
    if allowed and stored.status not in allowed:
        raise ValidationError(
            _("The request is %(status)s: this cannot be done now.")
            % {"status": stored.get_status_display()},
            code="wrong_status",
        )
    return stored


def next_version(request: Request, by: AbstractBaseUser, *changed: str) -> None:
    """Save `changed` with the next version: an applicant's page opened before is stale.
    The core's one place where a request's version moves on."""
    _next_version(request, by, *changed)
