"""Writes to companies that touch more than one table."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from companies.models import Company
from grants.models import Project


def company_save(
    *, company: Company, projects: Iterable[Project], editable: QuerySet[Project]
) -> Company:
    """Save `company` and link it to exactly `projects` among the `editable` ones.

    Links to projects outside `editable` (projects the user does not work in, and so cannot
    see in the form) are kept as they are. Raises ValidationError and saves nothing when the
    company is invalid, a project lies outside `editable`, or the CVR number is taken.
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
    with transaction.atomic():
        company.full_clean(exclude=["projects"])
        try:
            # A savepoint, so that a clash found by the database leaves the outer transaction
            # usable for the caller.
            with transaction.atomic():
                company.save()
        except IntegrityError as exc:
            # Two saves of the same CVR number at once: full_clean saw none, the database did.
            if Company.objects.filter(cvr=company.cvr).exclude(pk=company.pk).exists():
                raise ValidationError(
                    {
                        "cvr": ValidationError(
                            _("A company with this CVR number is already registered."),
                            code="unique",
                        )
                    }
                ) from exc
            raise
        kept = company.projects.exclude(pk__in=allowed)
        company.projects.set([*kept, *chosen])
    return company
