"""Writes to companies that touch more than one table."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from companies.models import Company
from core import audit
from core.integrity import conflicts_refused
from grants.models import Project


def company_save(
    *,
    company: Company,
    projects: Iterable[Project],
    editable: QuerySet[Project],
    by: AbstractBaseUser,
) -> Company:
    """Save `company` and link it to exactly `projects` among the `editable` ones.

    Links to projects outside `editable` (projects the user does not work in, and so cannot
    see in the form) are kept as they are. Raises ValidationError and saves nothing when the
    company is invalid, a project lies outside `editable`, or the CVR number is taken. The
    company's history names `by`, with its projects as they are after each change.
    """
    chosen = list(projects)
    allowed = set(editable.values_list("pk", flat=True))
    outside = [project for project in chosen if project.pk not in allowed]
    if outside:
        raise ValidationError(
            {
                "projects": ValidationError(
                    _("You can only link the company to projects you work in."),
                    code="project_not_allowed",
                )
            }
        )
    with transaction.atomic(), audit.authored_by(by):
        # Checked inside the transaction: on SQLite it holds the write lock, so what it finds
        # free stays free; on PostgreSQL a save at the same time is caught on saving.
        _cvr_free(company)
        # Not the model's own uniqueness check: the CVR number, the one unique field, is
        # `_cvr_free`'s, whose message names the company. Checked again in between, a number
        # taken meanwhile on PostgreSQL would get the model's plainer message.
        company.full_clean(exclude=["projects"], validate_unique=False)
        with conflicts_refused(lambda: _cvr_free(company)):
            company.save()
        kept = company.projects.exclude(pk__in=allowed)
        company.projects.set([*kept, *chosen])
    return company


def cvr_clash(*, cvr: str, exclude_pk: int | None = None) -> ValidationError | None:
    """The form's refusal of `cvr` when another company has it, naming that company; else None."""
    others = Company.objects.filter(cvr=cvr)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    clash = others.first() if cvr else None
    if clash is None:
        return None
    return ValidationError(
        _("The CVR number %(cvr)s is already registered for %(name)s."),
        code="unique",
        params={"cvr": cvr, "name": clash.name},
    )


def _cvr_free(company: Company) -> None:
    refusal = cvr_clash(cvr=company.cvr, exclude_pk=company.pk)
    if refusal is not None:
        raise ValidationError({"cvr": refusal})
