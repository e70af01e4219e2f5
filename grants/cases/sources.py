"""What a case's documents are made from, as one fingerprint: the case PDF, the programme's ZIP
of case PDFs and the meetings' agenda pack all print the same presentation, so they are outdated
by the same changes.

The presentation (`grants.cases.presentation`) prints the case and its project, the case's
decisions with their status and date, their budget, financing, recommendations, disbursement
schedules and targets, the project's effort areas, the case's attachments and references, and
a draft stamp while a consistency finding is open (so the acknowledgements count). Each of
those tables is asked for its newest change and how many changes it has had, in one query:
every write to them leaves a historical row (a deletion too), and an acknowledgement is a row
of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Max, QuerySet, Value

from grants.models import (
    BudgetLine,
    Case,
    CaseAttachment,
    CaseReference,
    Disbursement,
    EffortArea,
    FinancingLine,
    FinancingTotal,
    FindingAcknowledgement,
    GrantDecision,
    Project,
    Recommendation,
    Target,
    TargetBreakdown,
)


def _newest(source: str, rows: QuerySet[Any], moment: str = "history_date") -> QuerySet[Any]:
    """One row (`source`, newest change, number of changes) of `rows`: no GROUP BY, so one row
    even when `rows` is empty."""
    newest: QuerySet[Any] = (
        rows.order_by()
        .annotate(source=Value(source))
        .values("source")
        .annotate(newest=Max(moment), changes=Count("pk"))
        .values_list("source", "newest", "changes")
    )
    return newest


def cases_fingerprint(case_ids: Iterable[int]) -> str:
    """A short digest of everything the presentations of `case_ids` print, as it is now.

    Two queries however many cases: the cases' own rows, and the newest change of each table
    their presentations read.
    """
    ids = sorted(set(case_ids))
    if not ids:
        return "no-cases"
    cases = Case.objects.filter(pk__in=ids)
    rows = list(cases.order_by("pk").values_list("pk", "project_id", "updated_at"))
    projects = cases.values("project_id")
    decided = {"decision__project_id__in": projects}
    parts = [
        _newest("case", Case.history.filter(id__in=ids)),
        _newest("project", Project.history.filter(id__in=projects)),
        _newest("decision", GrantDecision.history.filter(project_id__in=projects)),
        _newest("budget", BudgetLine.history.filter(**decided)),
        _newest("financing", FinancingLine.history.filter(**decided)),
        _newest("financing_total", FinancingTotal.history.filter(**decided)),
        _newest("recommendation", Recommendation.history.filter(**decided)),
        _newest("disbursement", Disbursement.history.filter(**decided)),
        _newest("target", Target.history.filter(**decided)),
        _newest(
            "breakdown",
            TargetBreakdown.history.filter(target__decision__project_id__in=projects),
        ),
        _newest("effort_area", EffortArea.history.filter(project_id__in=projects)),
        _newest("attachment", CaseAttachment.history.filter(case_id__in=ids)),
        _newest("reference", CaseReference.history.filter(case_id__in=ids)),
        _newest(
            "acknowledgement",
            FindingAcknowledgement.objects.filter(case_id__in=ids),
            moment="acknowledged_at",
        ),
    ]
    newest = sorted(parts[0].union(*parts[1:], all=True))
    return hashlib.sha256(repr((rows, newest)).encode()).hexdigest()[:40]
