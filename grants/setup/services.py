"""Writes of the set-up pages: programmes, organisations, projects and a project's rows.

Each is keyword-only and atomic, validates with `full_clean` and names `by` as the author in
the audit history (`core.audit`). They raise `ValidationError` and save nothing when refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import audit, confirm, undo
from core.integrity import conflicts_refused
from grants.models import (
    BudgetLine,
    EffortArea,
    FinancingLine,
    FinancingTotal,
    FundingSource,
    Organisation,
    Programme,
    Project,
    ProjectFundingSource,
    ProjectLink,
    ProjectOrganisation,
    Recommendation,
)

M = TypeVar("M", bound=models.Model)
Ordered = TypeVar("Ordered", EffortArea, ProjectFundingSource)
Role = ProjectOrganisation.Role


def programme_save(*, programme: Programme, by: AbstractBaseUser) -> Programme:
    """Create or change a programme (name, pool, period, description)."""
    with transaction.atomic():
        return audit.save(programme, by=by)


def organisation_save(*, organisation: Organisation, by: AbstractBaseUser) -> Organisation:
    """Create or change an organisation; its name and CVR number are the region's only once."""
    with transaction.atomic():
        _cvr_free(organisation)
        organisation.full_clean()
        checks = (lambda: _cvr_free(organisation), organisation.validate_unique)
        with conflicts_refused(*checks):
            audit.save_checked(organisation, by=by)
    return organisation


def cvr_clash(*, cvr: str, exclude_pk: int | None = None) -> ValidationError | None:
    """The refusal of `cvr` when another organisation has it, naming that one; else None."""
    if not cvr:
        return None
    others = Organisation.objects.filter(cvr=cvr)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    clash = others.first()
    if clash is None:
        return None
    return ValidationError(
        _("The CVR number %(cvr)s is already registered for %(name)s."),
        code="unique",
        params={"cvr": cvr, "name": clash.name},
    )


def _cvr_free(organisation: Organisation) -> None:
    refusal = cvr_clash(cvr=organisation.cvr, exclude_pk=organisation.pk)
    if refusal is not None:
        raise ValidationError({"cvr": refusal})


def project_save(
    *,
    project: Project,
    applicant: Organisation,
    on_behalf_of: Organisation | None,
    operator: Organisation | None,
    partners: Iterable[Organisation],
    links: Sequence[tuple[str, str]],
    by: AbstractBaseUser,
) -> Project:
    """Create or change a project with its organisations and links, all or nothing.

    `links` are (title, address) in the order the project page lists them. The applicant may
    apply on behalf of another organisation; an organisation that applies or operates is not
    also listed as a partner.
    """
    partners = list(partners)
    errors: dict[str, str] = {}
    if on_behalf_of is not None and on_behalf_of.pk == applicant.pk:
        errors["on_behalf_of"] = _("An applicant does not apply on behalf of itself.")
    leading = {applicant.pk} | ({operator.pk} if operator is not None else set())
    if any(partner.pk in leading for partner in partners):
        errors["partners"] = _("The applicant and the operator are not also partners.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        audit.save(project, by=by)
        _sync_roles(
            project=project,
            wanted=[
                (Role.APPLICANT, applicant, on_behalf_of),
                *([(Role.OPERATOR, operator, None)] if operator is not None else []),
                *((Role.PARTNER, partner, None) for partner in partners),
            ],
            by=by,
        )
        _sync_links(project=project, links=links, by=by)
    return project


def _sync_roles(
    *,
    project: Project,
    wanted: list[tuple[str, Organisation, Organisation | None]],
    by: AbstractBaseUser,
) -> None:
    existing = {
        (po.role, po.organisation_id): po
        for po in ProjectOrganisation.objects.select_for_update().filter(project=project)
    }
    keep: set[int] = set()
    to_save: list[ProjectOrganisation] = []
    for role, organisation, on_behalf_of in wanted:
        po = existing.get((role, organisation.pk))
        if po is None:
            po = ProjectOrganisation(project=project, organisation=organisation, role=role)
        else:
            keep.add(po.pk)
        behalf_id = on_behalf_of.pk if on_behalf_of is not None else None
        if po.pk is None or po.on_behalf_of_id != behalf_id:
            po.on_behalf_of = on_behalf_of
            to_save.append(po)
    # Deleted first: a new applicant takes the place of the old one (one applicant a project).
    for po in existing.values():
        if po.pk not in keep:
            audit.delete(po, by=by)
    for po in to_save:
        audit.save(po, by=by)


def _sync_links(
    *, project: Project, links: Sequence[tuple[str, str]], by: AbstractBaseUser
) -> None:
    existing = list(ProjectLink.objects.select_for_update().filter(project=project))
    for order, (title, url) in enumerate(links, start=1):
        link = existing.pop(0) if existing else ProjectLink(project=project)
        if link.pk is None or (link.title, link.url, link.order) != (title, url, order):
            link.title, link.url, link.order = title, url, order
            audit.save(link, by=by)
    for link in existing:
        audit.delete(link, by=by)


# --- Effort areas ---------------------------------------------------------------------------


def effort_area_save(*, area: EffortArea, by: AbstractBaseUser) -> EffortArea:
    """Add an effort area to its project (last in its order), or rename or describe one."""
    with transaction.atomic():
        if area.pk is None:
            area.order = _next_order(EffortArea.objects.filter(project_id=area.project_id))
        return audit.save(area, by=by)


def effort_area_move(*, area: EffortArea, up: bool, by: AbstractBaseUser) -> None:
    """Move an effort area one place up or down in its project's order (the table's rows)."""
    with transaction.atomic():
        areas = list(EffortArea.objects.select_for_update().filter(project_id=area.project_id))
        _move(areas, area, up=up, by=by)


def effort_area_retire(*, area: EffortArea, retired: bool, by: AbstractBaseUser) -> EffortArea:
    """Retire an effort area (it keeps its amounts, but no decision is offered it for new ones),
    or take it into use again."""
    with transaction.atomic():
        area.retired = retired
        return audit.save(area, by=by, update_fields=["retired"])


def effort_area_refusal(area: EffortArea) -> list[str]:
    """Why `area` cannot be deleted (nothing when it can): amounts in decisions, or other rows
    that use it (a spending report's lines)."""
    decisions = BudgetLine.objects.filter(effort_area=area).values("decision_id").distinct().count()
    if decisions:
        return [
            ngettext(
                "%(name)s has amounts in %(count)s decision and cannot be deleted. "
                "Retire it instead: it keeps its amounts but is not offered for new ones.",
                "%(name)s has amounts in %(count)s decisions and cannot be deleted. "
                "Retire it instead: it keeps its amounts but is not offered for new ones.",
                decisions,
            )
            % {"name": area.name, "count": decisions}
        ]
    users = confirm.protected_by(area)
    if users:
        return [
            _(
                "%(name)s is used by %(users)s and cannot be deleted. Retire it instead: it is "
                "then not offered for new amounts."
            )
            % {"name": area.name, "users": ", ".join(users)}
        ]
    return []


def effort_area_delete(*, area: EffortArea, by: AbstractBaseUser) -> None:
    """Delete an effort area that no decision has amounts for; one that has is retired instead."""
    with transaction.atomic():
        refusal = effort_area_refusal(area)
        if refusal:
            raise ValidationError(refusal[0], code="has_lines")
        audit.delete(area, by=by)


def effort_area_restore(*, area_id: int, by: AbstractBaseUser) -> EffortArea:
    """Undo the deletion of effort area `area_id`: back in its project at its old place,
    checked as a new area is (its name still free in the project)."""
    with transaction.atomic():
        record = undo.deletion(EffortArea, area_id)
        if record is None:
            raise ValidationError(
                _("There is no deleted effort area to restore."), code="not_deleted"
            )
        area = undo.row_of(record, EffortArea)
        # The project's areas are locked as a move locks them; a second undo then finds it.
        list(EffortArea.objects.select_for_update().filter(project_id=area.project_id))
        if EffortArea.objects.filter(pk=area_id).exists():
            raise ValidationError(_("The effort area is already back."), code="not_deleted")
        return audit.save(area, by=by, reason=_("deletion undone"))


# --- A project's funding sources ------------------------------------------------------------


def project_source_add(
    *, project: Project, funding_source: FundingSource, by: AbstractBaseUser
) -> ProjectFundingSource:
    """Choose one of the region's funding sources for `project`, last in the project's order."""
    with transaction.atomic():
        chosen = ProjectFundingSource.objects.filter(project=project)
        if chosen.filter(funding_source=funding_source).exists():
            raise ValidationError(
                {
                    "funding_source": _("The project already has %(source)s.")
                    % {"source": funding_source.name}
                },
                code="already_chosen",
            )
        choice = ProjectFundingSource(
            project=project, funding_source=funding_source, order=_next_order(chosen)
        )
        return audit.save(choice, by=by)


def project_source_move(*, choice: ProjectFundingSource, up: bool, by: AbstractBaseUser) -> None:
    """Move a funding source one place up or down in its project's order."""
    with transaction.atomic():
        choices = list(
            ProjectFundingSource.objects.select_for_update().filter(project_id=choice.project_id)
        )
        _move(choices, choice, up=up, by=by)


def source_use_count(*, project_id: int, funding_source_id: int) -> int:
    """The number of the project's decisions with amounts or recommendations from the source."""
    decision_ids: set[int] = set()
    for model in (FinancingLine, FinancingTotal, Recommendation):
        decision_ids.update(
            model.objects.filter(
                decision__project_id=project_id, funding_source_id=funding_source_id
            ).values_list("decision_id", flat=True)
        )
    return len(decision_ids)


def project_source_refusal(choice: ProjectFundingSource) -> list[str]:
    """Why `choice` cannot be taken off its project (nothing when it can)."""
    count = source_use_count(
        project_id=choice.project_id, funding_source_id=choice.funding_source_id
    )
    if not count:
        return []
    return [
        ngettext(
            "%(source)s has amounts or recommendations in %(count)s decision of the "
            "project and cannot be removed.",
            "%(source)s has amounts or recommendations in %(count)s decisions of the "
            "project and cannot be removed.",
            count,
        )
        % {"source": choice.funding_source.name, "count": count}
    ]


def project_source_remove(*, choice: ProjectFundingSource, by: AbstractBaseUser) -> None:
    """Take a funding source off its project; refused while a decision of the project uses it."""
    with transaction.atomic():
        refusal = project_source_refusal(choice)
        if refusal:
            raise ValidationError(refusal[0], code="in_use")
        audit.delete(choice, by=by)


def project_source_restore(*, choice_id: int, by: AbstractBaseUser) -> ProjectFundingSource:
    """Undo taking a funding source off its project: back at its old place, checked as
    choosing it is (not chosen again meanwhile)."""
    with transaction.atomic():
        record = undo.deletion(ProjectFundingSource, choice_id)
        if record is None:
            raise ValidationError(
                _("There is no removed funding source to restore."), code="not_deleted"
            )
        choice = undo.row_of(record, ProjectFundingSource)
        list(ProjectFundingSource.objects.select_for_update().filter(project_id=choice.project_id))
        if ProjectFundingSource.objects.filter(pk=choice_id).exists():
            raise ValidationError(_("The funding source is already back."), code="not_deleted")
        if ProjectFundingSource.objects.filter(
            project_id=choice.project_id, funding_source_id=choice.funding_source_id
        ).exists():
            raise ValidationError(
                _("The project has chosen %(source)s again meanwhile.")
                % {"source": choice.funding_source.name},
                code="already_chosen",
            )
        return audit.save(choice, by=by, reason=_("removal undone"))


# --- Order ----------------------------------------------------------------------------------


def _next_order(rows: models.QuerySet[Ordered]) -> int:
    """The place after the last of `rows`."""
    last = rows.aggregate(last=models.Max("order"))["last"]
    return (last or 0) + 1


def _move(rows: list[Ordered], row: Ordered, *, up: bool, by: AbstractBaseUser) -> None:
    """Swap `row` with its neighbour in `rows` (in their order) and number them 1, 2, 3 …

    Numbering them all repairs rows that share a place (the default order is 0). At either
    end, nothing moves.
    """
    keys = [r.pk for r in rows]
    if row.pk not in keys:
        return
    index = keys.index(row.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(rows):
        return
    rows[index], rows[target] = rows[target], rows[index]
    for order, r in enumerate(rows, start=1):
        if r.order != order:
            r.order = order
            audit.save_checked(r, by=by, update_fields=["order"])
