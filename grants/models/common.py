"""Validators and constraints shared by the grants models."""

from __future__ import annotations

import re
from typing import Self, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr
from stdnum.exceptions import ValidationError as StdnumError

_M = TypeVar("_M", bound=models.Model)


class ScopedQuerySet(models.QuerySet[_M]):
    """A queryset whose `visible_to(user)` keeps the rows of the projects the user may see.

    `scope` names the scope in `grants.access`: "grants" (budgets, cases, targets) or "people"
    (participants and courses); `project_lookup` leads from a row to its project.
    """

    scope = "grants"
    project_lookup = "project_id"

    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> Self:
        from grants import access

        if self.scope == "people":
            return access.scoped(self, access.people_scope(user), self.project_lookup)
        return access.scoped(self, access.project_scope(user), self.project_lookup)


MIN_YEAR = 2000
MAX_YEAR = 2100


def validate_cvr(value: str) -> None:
    """A Danish CVR number: eight digits with a modulus-11 check digit."""
    try:
        cvr.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("%(value)s is not a valid CVR number (eight digits with a valid check digit)."),
            code="invalid_cvr",
            params={"value": value},
        ) from exc


def year_check(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": MIN_YEAR, f"{field}__lte": MAX_YEAR}), name=name
    )


# Six digits of a birth date and four more, with or without a dash or a space: a CPR number.
CPR_SHAPE = re.compile(r"(?<!\d)\d{6}[\s-]?\d{4}(?!\d)")


def validate_not_cpr(value: str) -> None:
    """Refuse anything shaped like a CPR number: the project never stores one."""
    if CPR_SHAPE.search(value):
        raise ValidationError(
            _("This looks like a CPR number. Use the project's own reference, never a CPR number."),
            code="cpr_number",
        )
