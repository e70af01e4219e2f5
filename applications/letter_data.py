"""A grant letter's content read from the database, for any number of decisions at once.

`letter_contents(decisions)` reads what the letters state in a constant number of queries
(the figures, the funding sources, both conditions, the applicant organisations, the
deadlines, the disbursement schedules) and hands it to the pure `letter_content`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import QuerySet

from applications import letter_content as pure
from applications.models.letters import DecisionConditions, ProgrammeConditions
from grants.models import (
    Disbursement,
    FundingSource,
    GrantDecision,
    ProjectOrganisation,
    decision_figures,
)
from spending.models import ReportingDeadline

# What `letter_contents` reads of a decision besides its own row, joined in.
LETTER_RELATIONS = ("project", "deciding_body")


def body_name(decision: GrantDecision) -> str:
    """The name of the body that decided (from the list staff keep)."""
    return str(decision.deciding_body)


def with_letter_relations(decisions: QuerySet[GrantDecision]) -> QuerySet[GrantDecision]:
    """`decisions` with what `letter_contents` reads of each one joined in."""
    return decisions.select_related(*LETTER_RELATIONS)


def letter_contents(decisions: Sequence[GrantDecision]) -> dict[int, pure.LetterContent]:
    """The content of each decision's letter as it would be written now, by decision id.

    The decisions come with their project (`with_letter_relations`).
    """
    if not decisions:
        return {}
    ids = [d.pk for d in decisions]
    project_ids = {d.project_id for d in decisions}
    figures = {f.id: f for f in decision_figures(decisions)}
    source_ids = {s for f in figures.values() for s, _year in f.financing}
    source_ids |= {s for f in figures.values() for s in f.period_totals}
    disbursements: dict[int, list[pure.Disbursement]] = defaultdict(list)
    for decision_id, year, amount, source_id in Disbursement.objects.filter(
        decision_id__in=ids
    ).values_list("decision_id", "year", "amount", "funding_source_id"):
        disbursements[decision_id].append(pure.Disbursement(year, amount, source_id))
        if source_id is not None:
            source_ids.add(source_id)
    sources = [
        pure.Source(pk, name, order)
        for pk, name, order in FundingSource.objects.filter(pk__in=source_ids).values_list(
            "pk", "name", "order"
        )
    ]
    own = dict(
        DecisionConditions.objects.filter(decision_id__in=ids).values_list("decision_id", "text")
    )
    programme_ids = {d.project.programme_id for d in decisions}
    standard = dict(
        ProgrammeConditions.objects.filter(programme_id__in=programme_ids).values_list(
            "programme_id", "text"
        )
    )
    recipients: dict[int, tuple[str, str]] = {}
    for project_id, name, cvr in (
        ProjectOrganisation.objects.filter(
            project_id__in=project_ids, role=ProjectOrganisation.Role.APPLICANT
        )
        .order_by("organisation__name", "pk")
        .values_list("project_id", "organisation__name", "organisation__cvr")
    ):
        recipients.setdefault(project_id, (name, cvr))
    deadlines: dict[int, list[pure.Deadline]] = defaultdict(list)
    for project_id, start, end, due, kind, final in ReportingDeadline.objects.filter(
        project_id__in=project_ids
    ).values_list("project_id", "period_start", "period_end", "due_on", "kind", "final"):
        deadlines[project_id].append(pure.Deadline(start, end, due, kind, final))
    contents = {}
    for decision in decisions:
        figure = figures[decision.pk]
        recipient, cvr = recipients.get(decision.project_id, ("", ""))
        contents[decision.pk] = pure.letter_content(
            pure.LetterData(
                project=decision.project.name,
                title=decision.title,
                body=body_name(decision),
                recipient=recipient,
                recipient_cvr=cvr,
                first_year=decision.first_year,
                last_year=decision.last_year,
                split_by_year=decision.split_by_year,
                sources=sources,
                financing=figure.financing,
                period_totals=figure.period_totals,
                programme_conditions=standard.get(decision.project.programme_id, ""),
                decision_conditions=own.get(decision.pk, ""),
                deadlines=deadlines[decision.project_id],
                disbursements=disbursements[decision.pk],
                decided_on=decision.decided_on,
            )
        )
    return contents


def current_fingerprints(decisions: Iterable[GrantDecision]) -> dict[int, str]:
    """Each decision's letter fingerprint as it would be written now."""
    unique = list({d.pk: d for d in decisions}.values())
    return {pk: pure.fingerprint(content) for pk, content in letter_contents(unique).items()}
